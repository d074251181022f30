import NIOCore

/// What reads a connection's frames on its event loop: the server's or the client's side
/// of one connection. Every method is called on the channel's event loop.
protocol FrameReceiver: AnyObject, Sendable {
  /// The connection is served from now on: write the Hello. Called once, before any frame.
  func begin()
  /// Handles one frame's payload as it arrives.
  func receive(_ payload: ByteBuffer) throws(ProtocolViolation)
  /// The fault of a frame larger than this side accepts, in this side's words.
  func violation(for tooLarge: FrameTooLargeError) -> ProtocolViolation
  /// Ends the connection for a fault in what the peer sent; no frame follows.
  func close(for violation: ProtocolViolation)
  /// The socket stopped taking this side's writes (false), or takes them again (true).
  func writabilityChanged(_ writable: Bool)
  /// The connection failed: the socket broke, or the bytes ended in the middle of a frame.
  func failed(_ error: any Error)
}

/// Hands each frame to its connection on the event loop, as the frame arrives: a call
/// starts, or an answer reaches its caller, without first passing through a task of the
/// connection's own.
///
/// Reading waits until the connection is served (`ServeFrames` is fired) and stops after a
/// fault. On the server it also pauses while the socket takes no more of the server's
/// writes: a client that does not read its answers stops being read itself, so what it
/// sends cannot pile up answers in memory. (A client that paused too could deadlock with
/// a server that is still sending.)
final class FrameReadingHandler: ChannelDuplexHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundIn = ByteBuffer

  /// Fired through the pipeline when the connection's `run` begins: frames may be handled.
  struct ServeFrames: Sendable {}

  private let receiver: any FrameReceiver
  private let pausesWhileUnwritable: Bool
  private var serving = false
  /// A fault ended the connection: later frames are dropped.
  private var faulted = false
  /// Frames that arrived before the connection was served, and a fault after them.
  private var early: [ByteBuffer] = []
  private var earlyFault: ProtocolViolation?
  private var readHeld = false
  private var writable = true

  /// - Parameter pausesWhileUnwritable: whether to stop reading while the socket takes no
  ///   more of this side's writes (the server's side).
  init(receiver: any FrameReceiver, pausesWhileUnwritable: Bool) {
    self.receiver = receiver
    self.pausesWhileUnwritable = pausesWhileUnwritable
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let payload = Self.unwrapInboundIn(data)
    guard self.serving else {
      self.early.append(payload)
      return
    }
    self.handle(payload)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    if let tooLarge = error as? FrameTooLargeError {
      let violation = self.receiver.violation(for: tooLarge)
      if self.serving {
        self.fault(violation)
      } else if self.earlyFault == nil {
        self.earlyFault = violation
      }
    } else {
      self.receiver.failed(error)
    }
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    guard event is ServeFrames else {
      context.fireUserInboundEventTriggered(event)
      return
    }
    guard !self.serving else { return }
    self.serving = true
    self.receiver.begin()
    let early = self.early
    self.early = []
    for payload in early { self.handle(payload) }
    if let earlyFault = self.earlyFault { self.fault(earlyFault) }
    self.releaseRead(context)
  }

  func read(context: ChannelHandlerContext) {
    if self.mayRead(context) {
      context.read()
    } else {
      self.readHeld = true
    }
  }

  private func mayRead(_ context: ChannelHandlerContext) -> Bool {
    self.serving && !self.faulted && (!self.pausesWhileUnwritable || context.channel.isWritable)
  }

  func channelWritabilityChanged(context: ChannelHandlerContext) {
    if context.channel.isWritable != self.writable {
      self.writable.toggle()
      self.receiver.writabilityChanged(self.writable)
    }
    self.releaseRead(context)
    context.fireChannelWritabilityChanged()
  }

  private func releaseRead(_ context: ChannelHandlerContext) {
    guard self.readHeld, self.mayRead(context) else { return }
    self.readHeld = false
    context.read()
  }

  private func handle(_ payload: ByteBuffer) {
    guard !self.faulted else { return }
    do {
      try self.receiver.receive(payload)
    } catch {
      self.fault(error)
    }
  }

  private func fault(_ violation: ProtocolViolation) {
    guard !self.faulted else { return }
    self.faulted = true
    self.receiver.close(for: violation)
  }
}
