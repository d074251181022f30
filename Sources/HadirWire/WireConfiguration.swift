import GRPCCore

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
  /// Most calls a server runs at once on one connection, announced in its Hello; a call
  /// past it is answered RESOURCE_EXHAUSTED at once.
  public var maxConcurrentStreams: Int
  /// How long a server waits for a client that reads nothing while answers wait for it,
  /// before it closes the connection.
  public var slowReaderTimeout: Duration
  /// Request messages that may wait on one call for its handler; a client that sends more,
  /// faster than the server takes them, has that call ended RESOURCE_EXHAUSTED.
  public var maxQueuedMessagesPerStream: Int
  /// Answers (heads and messages) that may wait on one call for a client's caller, besides
  /// its trailer. A client always reads its socket, so this bounds what it holds: past it,
  /// the call is cancelled and the caller told so (UNAVAILABLE, `answers-not-read`). A
  /// watch screen whose terminal is paused through a workshop's morning queue stays within
  /// it. At least 1.
  public var maxWaitingAnswersPerCall: Int
  /// How a server words a call its transport refuses, given the call's metadata: the
  /// message, and metadata for the trailer (such as a reason a client can render).
  public var describeRefusal: @Sendable (TransportRefusal, Metadata) -> (message: String, metadata: Metadata)

  public init(
    maxFrameSize: Int = FrameLimits.defaultMaxFrameSize,
    idleTimeout: Duration = .seconds(300),
    helloTimeout: Duration = .seconds(10),
    agent: String = "hadir",
    maxConcurrentStreams: Int = 100,
    slowReaderTimeout: Duration = .seconds(30),
    maxQueuedMessagesPerStream: Int = 64,
    maxWaitingAnswersPerCall: Int = 1_000,
    describeRefusal: @escaping @Sendable (TransportRefusal, Metadata) -> (message: String, metadata: Metadata) =
      TransportRefusal.inEnglish
  ) {
    self.maxFrameSize = maxFrameSize
    self.idleTimeout = idleTimeout
    self.helloTimeout = helloTimeout
    self.agent = agent
    self.maxConcurrentStreams = maxConcurrentStreams
    self.slowReaderTimeout = slowReaderTimeout
    self.maxQueuedMessagesPerStream = maxQueuedMessagesPerStream
    self.maxWaitingAnswersPerCall = maxWaitingAnswersPerCall
    self.describeRefusal = describeRefusal
  }

  var hello: Hadir_V1_Frame {
    var hello = Hadir_V1_Hello()
    hello.protocolVersion = Self.protocolVersion
    hello.agent = agent
    hello.maxFrameSize = UInt32(clamping: maxFrameSize)
    hello.maxConcurrentStreams = UInt32(clamping: maxConcurrentStreams)
    return Hadir_V1_Frame(streamID: 0, body: .hello(hello))
  }
}

/// A peer broke the protocol; the connection is told why and closed.
struct ProtocolViolation: Error, CustomStringConvertible, Equatable {
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
