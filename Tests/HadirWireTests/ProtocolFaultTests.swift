import Foundation
import GRPCCore
import Testing

@testable import HadirWire

/// What a server does with a peer that breaks the protocol: it tells the peer why, closes
/// that connection, and goes on serving everyone else.
@Suite("Protocol faults", .timeLimit(.minutes(1)))
struct ProtocolFaultTests {
  /// Sends `chunks` on a raw connection, then checks that a well-behaved client still works.
  private func send(
    _ chunks: [[UInt8]],
    configuration: WireConfiguration = WireConfiguration(agent: "test-server"),
    pauseBetween: Duration = .zero,
    readyForNext: @escaping @Sendable ([Hadir_V1_Frame]) -> Bool = { _ in true }
  ) async throws -> [Hadir_V1_Frame] {
    try await withEchoServer(configuration: configuration) { address, _ in
      let frames = try await RawConnection.open(address).exchange(
        chunks, pauseBetween: pauseBetween, readyForNext: readyForNext)
      try await withEchoClient(address) { client async throws in
        #expect(try await client.echo(EchoService.get, "others unaffected") == "others unaffected")
      }
      return frames
    }
  }

  @Test("the server's first frame is its Hello")
  func serverHelloFirst() async throws {
    let frames = try await send([try bytes(clientHello()) + [0, 0, 0, 1, 0xFF]])
    guard case .hello(let hello) = frames.first?.body else {
      Issue.record("first frame was \(String(describing: frames.first))")
      return
    }
    #expect(hello.protocolVersion == 1)
    #expect(hello.maxFrameSize == UInt32(FrameLimits.defaultMaxFrameSize))
  }

  @Test("a frame over the maximum gets FRAME_TOO_LARGE and the connection is closed")
  func oversizedFrame() async throws {
    let configuration = WireConfiguration(maxFrameSize: 1024, agent: "test-server")
    // A length of 5 MB followed by only a few bytes: the server must not wait for the rest.
    let frames = try await send(
      [try bytes(clientHello()), [0x00, 0x4C, 0x4B, 0x40, 1, 2, 3]], configuration: configuration)
    #expect(frames.goAway?.code == .frameTooLarge)
    #expect(frames.goAway?.message == "A frame of 5000000 bytes arrived; the limit is 1024 bytes.")
  }

  @Test("bytes that are not a Frame get PROTOCOL_ERROR")
  func garbage() async throws {
    let frames = try await send([try bytes(clientHello()) + [0, 0, 0, 4, 0xFF, 0xFF, 0xFF, 0xFF]])
    #expect(frames.goAway?.code == .protocolError)
    #expect(frames.goAway?.message.contains("not a valid hadir.v1.Frame") == true)
  }

  @Test("a request before the Hello is refused")
  func noHello() async throws {
    let frames = try await send([try bytes(requestHead(1, EchoService.get))])
    #expect(frames.goAway?.code == .protocolError)
    #expect(frames.goAway?.message.contains("must be a Hello") == true)
  }

  @Test("an unsupported protocol version is named in the answer")
  func wrongVersion() async throws {
    let frames = try await send([try bytes(clientHello(version: 7))])
    #expect(frames.goAway?.code == .unsupportedVersion)
    #expect(frames.goAway?.message.contains("the client sent version 7") == true)
  }

  @Test("opening a stream id that is still open is a protocol error")
  func streamIDReused() async throws {
    let frames = try await send([
      try bytes(clientHello()) + bytes(requestHead(1, EchoService.hang)) + bytes(requestHead(1, EchoService.hang))
    ])
    #expect(frames.goAway?.code == .protocolError)
    #expect(frames.goAway?.message.contains("Stream id 1 is already open") == true)
  }

  @Test("a message before its request head is a protocol error")
  func messageBeforeHead() async throws {
    let frames = try await send([try bytes(clientHello()) + bytes(message(5, "too early"))])
    #expect(frames.goAway?.code == .protocolError)
    #expect(frames.goAway?.message.contains("before its RequestHead") == true)
  }

  @Test("a binary metadata value under a key without -bin is a protocol error")
  func binaryMetadataKey() async throws {
    var head = requestHead(1, EchoService.get)
    var entry = Hadir_V1_MetadataEntry()
    entry.key = "x-note"
    entry.binary = Data([1, 2, 3])
    head.requestHead.metadata = [entry]
    let frames = try await send([try bytes(clientHello()) + bytes(head)])
    #expect(frames.goAway?.code == .protocolError)
    #expect(frames.goAway?.message.contains("only keys ending in -bin") == true)
  }

  @Test("a deadline in metadata instead of timeout_micros is refused")
  func timeoutInMetadata() async throws {
    var head = requestHead(1, EchoService.get)
    var entry = Hadir_V1_MetadataEntry()
    entry.key = "grpc-timeout"
    entry.text = "1S"
    head.requestHead.metadata = [entry]
    let frames = try await send([try bytes(clientHello()) + bytes(head)])
    #expect(frames.goAway?.code == .protocolError)
    #expect(frames.goAway?.message.contains("timeout_micros") == true)
  }

  @Test("a call past its deadline gets a DEADLINE_EXCEEDED trailer from the server")
  func deadlineTrailer() async throws {
    var head = requestHead(4, EchoService.hang)
    head.requestHead.timeoutMicros = 100_000
    let frames = try await send([
      try bytes(clientHello()) + bytes(head) + bytes(halfClose(4)),
      [0, 0, 0, 1, 0xFF],
    ], readyForNext: { frames in frames.contains { $0.streamID == 4 && $0.body.isTrailer } })
    let trailer = frames.first { $0.streamID == 4 && $0.trailer.code != 0 }
    #expect(trailer?.trailer.code == UInt32(RPCError.Code.deadlineExceeded.rawValue))
  }

  @Test("calls open when a connection is closed for a protocol error get no trailer after the GoAway")
  func noTrailerAfterFatalGoAway() async throws {
    var ping = Hadir_V1_Ping()
    ping.payload = 1
    let frames = try await send([
      try bytes(clientHello()) + bytes(requestHead(3, EchoService.hang)) + bytes(halfClose(3)),
      try bytes(Hadir_V1_Frame(streamID: 5, body: .ping(ping))),
    ], pauseBetween: .milliseconds(200))
    let goAwayIndex = try #require(frames.firstIndex { if case .goAway = $0.body { true } else { false } })
    #expect(frames[goAwayIndex].goAway.code == .protocolError)
    #expect(frames[(goAwayIndex + 1)...].isEmpty, "frames after the GoAway: \(frames[(goAwayIndex + 1)...])")
  }

  @Test("a client that sends half a frame and stalls is closed after the idle timeout")
  func halfFrameStall() async throws {
    let configuration = WireConfiguration(idleTimeout: .seconds(1), agent: "test-server")
    let hello = try bytes(clientHello())
    let frames = try await send([hello, [0, 0, 0, 50, 1, 2]], configuration: configuration)
    #expect(frames.goAway?.code == .idle)
  }

  @Test("a ping is answered with a pong carrying the same payload")
  func ping() async throws {
    var ping = Hadir_V1_Ping()
    ping.payload = 0xC0FFEE
    let frames = try await send([
      try bytes(clientHello()) + bytes(Hadir_V1_Frame(streamID: 0, body: .ping(ping))) + [0, 0, 0, 1, 0xFF]
    ])
    let pongs = frames.compactMap { frame -> UInt64? in
      if case .pong(let pong) = frame.body { return pong.payload }
      return nil
    }
    #expect(pongs == [0xC0FFEE])
  }

  @Test("a well-formed raw unary call gets head, message and an OK trailer on its stream")
  func rawUnaryCall() async throws {
    let frames = try await send([
      try bytes(clientHello()) + bytes(requestHead(9, EchoService.get)) + bytes(message(9, "mentah"))
        + bytes(halfClose(9)),
      [0, 0, 0, 1, 0xFF],  // then garbage, so the server closes and the exchange ends
    ], readyForNext: { frames in frames.contains { $0.streamID == 9 && $0.body.isTrailer } })
    let onStream = frames.filter { $0.streamID == 9 }
    #expect(onStream.count == 3)
    guard onStream.count == 3 else { return }
    #expect(onStream[0].responseHead.metadata.isEmpty)
    #expect(onStream[1].message.data == Data("mentah".utf8))
    #expect(onStream[2].trailer.code == 0)
  }
}

extension Optional where Wrapped == Hadir_V1_Frame.OneOf_Body {
  var isTrailer: Bool {
    if case .trailer = self { return true }
    return false
  }
}
