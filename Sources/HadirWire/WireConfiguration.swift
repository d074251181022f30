/// Settings shared by both ends of a Hadir connection.
public struct WireConfiguration: Sendable {
  /// The protocol version this implementation speaks, sent in every Hello.
  public static let protocolVersion: UInt32 = 1

  /// Largest frame payload accepted from the peer, in bytes.
  public var maxFrameSize: Int
  /// A connection with no open streams that receives no frame for this long is closed.
  public var idleTimeout: Duration
  /// How long a new connection may take to send its Hello.
  public var helloTimeout: Duration
  /// Name of this program, sent in Hello for the peer's logs.
  public var agent: String

  public init(
    maxFrameSize: Int = FrameLimits.defaultMaxFrameSize,
    idleTimeout: Duration = .seconds(300),
    helloTimeout: Duration = .seconds(10),
    agent: String = "hadir"
  ) {
    self.maxFrameSize = maxFrameSize
    self.idleTimeout = idleTimeout
    self.helloTimeout = helloTimeout
    self.agent = agent
  }

  var hello: Hadir_V1_Frame {
    var hello = Hadir_V1_Hello()
    hello.protocolVersion = Self.protocolVersion
    hello.agent = agent
    hello.maxFrameSize = UInt32(clamping: maxFrameSize)
    return Hadir_V1_Frame(streamID: 0, body: .hello(hello))
  }
}

/// A peer broke the protocol; the connection is told why and closed.
struct ProtocolViolation: Error, CustomStringConvertible {
  var code: Hadir_V1_GoAwayCode
  var description: String

  init(_ description: String, code: Hadir_V1_GoAwayCode = .protocolError) {
    self.code = code
    self.description = description
  }

  var goAway: Hadir_V1_Frame {
    var goAway = Hadir_V1_GoAway()
    goAway.code = code
    goAway.message = description
    return Hadir_V1_Frame(streamID: 0, body: .goAway(goAway))
  }
}
