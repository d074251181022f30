import GRPCCore
import NIOCore

/// The bytes a client sends, frame by frame, for tools that play a client the server must
/// survive: one that sends calls and never reads the answers (`hadir-bench non-reader`).
public enum RawClientFrames {
  /// The client's Hello.
  public static func hello() throws -> [UInt8] {
    var hello = Hadir_V1_Hello()
    hello.protocolVersion = WireConfiguration.protocolVersion
    hello.agent = "raw-client"
    hello.maxFrameSize = UInt32(FrameLimits.defaultMaxFrameSize)
    return Array(try Hadir_V1_Frame(streamID: 0, body: .hello(hello)).encoded().readableBytesView)
  }

  /// A whole unary call on stream `streamID`: its head with `metadata`, the request
  /// message, and the half-close.
  public static func unaryCall(streamID: UInt32, method: String, request: [UInt8], metadata: Metadata) throws -> [UInt8] {
    var head = Hadir_V1_RequestHead()
    head.method = method
    head.metadata = MetadataCoding.entries(metadata)
    var message = Hadir_V1_Message()
    message.data = .init(request)
    var bytes: [UInt8] = []
    for frame in [
      Hadir_V1_Frame(streamID: streamID, body: .requestHead(head)), Hadir_V1_Frame(streamID: streamID, body: .message(message)),
      Hadir_V1_Frame(streamID: streamID, body: .halfClose(Hadir_V1_HalfClose())),
    ] {
      bytes += try frame.encoded().readableBytesView
    }
    return bytes
  }
}
