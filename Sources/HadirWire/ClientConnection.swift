import Foundation
import GRPCCore
import Logging
import NIOCore
import Synchronization

/// One client connection to a Hadir server: sends the Hello, numbers new streams, routes
/// the server's frames to their calls, and fails every open call with UNAVAILABLE and a
/// clear reason when the connection is lost.
///
/// The server's frames are read on the event loop (`FrameReadingHandler`) and handed
/// straight to the call they belong to.
final class ClientConnection: FrameReceiver {
  typealias Responses = CallParts<RPCResponsePart<[UInt8]>>

  private struct State {
    /// The server's Hello arrived: calls may start.
    var helloReceived = false
    var nextStreamID: UInt32 = 1
    var streams: [UInt32: Responses] = [:]
    /// No new streams: the server said go away, or the transport is shutting down.
    var draining = false
    /// What the server said when it sent the connection away, or what it broke.
    var closeReason: String?
    /// Why the connection could not be used, when it never became ready for a known reason.
    var failure: TransportFailure?
    /// The most calls the server runs at once on this connection, from its Hello.
    var streamLimit: Int
    /// Calls waiting for one of the open ones to end, in the order they came.
    var waitingForSlot: [(id: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
    var nextWaiterID: UInt64 = 0
  }

  private let channel: any Channel
  /// Where this connection's calls write their frames.
  let writer: FrameWriter
  private let configuration: WireConfiguration
  private let address: WireAddress
  private let explainFailure: @Sendable () -> TransportFailure?
  private let onReady: @Sendable (ClientConnection) -> Void
  private let onDraining: @Sendable (ClientConnection) -> Void
  private let logger: Logger
  private let state: Mutex<State>

  /// - Parameters:
  ///   - explainFailure: why a connection that closed before it was ready failed, in terms
  ///     a person can act on (a refused TLS certificate), or nil.
  ///   - onReady: called once the Hellos are exchanged and calls may start.
  ///   - onDraining: called once the connection takes no new calls.
  init(
    channel: any Channel, configuration: WireConfiguration, address: WireAddress,
    explainFailure: @escaping @Sendable () -> TransportFailure?,
    onReady: @escaping @Sendable (ClientConnection) -> Void,
    onDraining: @escaping @Sendable (ClientConnection) -> Void,
    logger: Logger
  ) {
    self.channel = channel
    self.writer = FrameWriter(channel: channel)
    self.configuration = configuration
    self.address = address
    self.explainFailure = explainFailure
    self.onReady = onReady
    self.onDraining = onDraining
    self.logger = logger
    self.state = Mutex(State(streamLimit: max(1, configuration.maxConcurrentStreams)))
  }

  var remotePeer: String { self.address.description }

  /// Why the connection could not be used, if known.
  var failure: TransportFailure? { self.state.withLock { $0.failure } }
  var localPeer: String { self.channel.localAddress.map { "\($0)" } ?? "unknown" }

  /// Runs the connection until it closes. Cancelling the task closes the connection.
  func run() async {
    var reason = "The server closed the connection."
    self.channel.pipeline.fireUserInboundEventTriggered(FrameReadingHandler.ServeFrames())
    await withTaskCancellationHandler {
      try? await self.channel.closeFuture.get()
    } onCancel: {
      self.channel.close(promise: nil)
    }
    // A connection that ends before the server's Hello may have failed its TLS handshake:
    // say why, rather than that it closed.
    if !self.state.withLock({ $0.helloReceived }), let failure = self.explainFailure() {
      reason = failure.message
      self.state.withLock { state in if state.failure == nil { state.failure = failure } }
    }
    let (streams, waiters) = self.state.withLock { state in
      state.draining = true
      if let closeReason = state.closeReason { reason = closeReason }
      defer {
        state.streams.removeAll()
        state.waitingForSlot.removeAll()
      }
      return (Array(state.streams.values), state.waitingForSlot.map(\.continuation))
    }
    for waiter in waiters { waiter.resume() }
    self.onDraining(self)
    self.logger.debug("connection closed: \(reason)")
    let lost = TransportFailure(kind: .connectionLost, address: self.address, facts: [:], message: reason + " Try again.")
    for stream in streams {
      stream.finish(throwing: lost.rpcError)
    }
  }

  /// Stops taking new calls; closes once the open ones have ended.
  func beginGracefulShutdown() {
    let (closeNow, waiters) = self.state.withLock { state in
      state.draining = true
      defer { state.waitingForSlot.removeAll() }
      return (state.streams.isEmpty, state.waitingForSlot.map(\.continuation))
    }
    for waiter in waiters { waiter.resume() }
    if closeNow { self.channel.close(promise: nil) }
  }

  /// Registers a new call, or nil when this connection takes no new calls. While the
  /// server's limit of calls at once is reached, waits for one of them to end.
  func openStream() async -> (id: UInt32, responses: Responses)? {
    let responses = Responses(limit: max(1, self.configuration.maxWaitingAnswersPerCall))
    while true {
      enum Next { case opened(UInt32), closed, full }
      let next = self.state.withLock { state -> Next in
        guard !state.draining, state.helloReceived, state.nextStreamID < UInt32.max else { return .closed }
        guard state.streams.count < state.streamLimit else { return .full }
        let id = state.nextStreamID
        state.nextStreamID += 1
        state.streams[id] = responses
        return .opened(id)
      }
      switch next {
      case .opened(let id): return (id, responses)
      case .closed: return nil
      case .full:
        guard !Task.isCancelled else { return nil }
        await self.waitForSlot()
      }
    }
  }

  /// Returns when a call has ended (or the connection closes, or the task is cancelled).
  private func waitForSlot() async {
    let id = self.state.withLock { state in
      defer { state.nextWaiterID += 1 }
      return state.nextWaiterID
    }
    await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let resumeNow = self.state.withLock { state -> Bool in
          if state.draining || state.streams.count < state.streamLimit { return true }
          state.waitingForSlot.append((id, continuation))
          return false
        }
        if resumeNow { continuation.resume() }
      }
    } onCancel: {
      let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
        guard let index = state.waitingForSlot.firstIndex(where: { $0.id == id }) else { return nil }
        return state.waitingForSlot.remove(at: index).continuation
      }
      waiter?.resume()
    }
  }

  /// Lets the longest-waiting call open, now that a slot is free. Call with the lock held.
  private static func takeWaiter(_ state: inout State) -> CheckedContinuation<Void, Never>? {
    guard !state.waitingForSlot.isEmpty, state.streams.count < state.streamLimit else { return nil }
    return state.waitingForSlot.removeFirst().continuation
  }

  /// Ends the client's side of a call. A call the server knows of that had no trailer yet
  /// is cancelled, so the server stops working on it.
  func closeStream(_ id: UInt32, serverKnowsIt: Bool) async {
    let (wasOpen, closeNow, waiter) = self.state.withLock { state in
      let removed = state.streams.removeValue(forKey: id)
      removed?.finish()
      return (removed != nil, state.draining && state.streams.isEmpty, Self.takeWaiter(&state))
    }
    waiter?.resume()
    if wasOpen, serverKnowsIt {
      let writer = self.writer
      let frame = Hadir_V1_Frame.cancel(streamID: id, reason: "The client stopped waiting for this call.")
      // The caller's task is often the one being cancelled, and a cancelled task that has
      // to wait for room to write gives up; the Cancel frame goes out from a task of its own.
      await Task { try? await writer.write([frame]) }.value
    }
    if closeNow { self.channel.close(promise: nil) }
  }

  // MARK: Receiving, on the event loop

  func begin() {
    self.writer.writeNow([self.configuration.hello])
  }

  func violation(for tooLarge: FrameTooLargeError) -> ProtocolViolation {
    ProtocolViolation("The server sent a frame larger than this client accepts. \(tooLarge.description)")
  }

  func close(for violation: ProtocolViolation) {
    self.state.withLock { state in
      if state.closeReason == nil { state.closeReason = violation.description }
    }
    self.channel.close(promise: nil)
  }

  func failed(_ error: any Error) {
    self.state.withLock { state in
      if state.closeReason == nil { state.closeReason = "The connection to the server was lost (\(error))." }
    }
    self.channel.close(promise: nil)
  }

  func writabilityChanged(_ writable: Bool) {
    self.writer.writabilityChanged(writable)
  }

  /// Handles one frame from the server.
  func receive(_ payload: ByteBuffer) throws(ProtocolViolation) {
    let frame: Hadir_V1_Frame
    do {
      frame = try Hadir_V1_Frame(payload: payload)
    } catch {
      throw ProtocolViolation("The server sent a frame that is not a valid hadir.v1.Frame.")
    }
    let id = frame.streamID
    switch frame.body {
    case nil:
      throw ProtocolViolation("The server sent a frame with no body.")
    case .hello(let hello):
      guard hello.protocolVersion == WireConfiguration.protocolVersion else {
        throw ProtocolViolation(
          "The server speaks Hadir protocol version \(hello.protocolVersion); this client speaks version \(WireConfiguration.protocolVersion). Use a client that matches the server.")
      }
      let (first, waiters) = self.state.withLock { state in
        defer { state.helloReceived = true }
        if hello.maxConcurrentStreams > 0 { state.streamLimit = Int(hello.maxConcurrentStreams) }
        var waiters: [CheckedContinuation<Void, Never>] = []
        while let waiter = Self.takeWaiter(&state) { waiters.append(waiter) }
        return (!state.helloReceived, waiters)
      }
      guard first else { throw ProtocolViolation("The server sent a second Hello.") }
      for waiter in waiters { waiter.resume() }
      // Calls start once the server's Hello is in: it says how many may run at once.
      self.onReady(self)
    case .ping(let ping):
      var pong = Hadir_V1_Pong()
      pong.payload = ping.payload
      self.writer.writeNow([Hadir_V1_Frame(streamID: 0, body: .pong(pong))])
    case .pong:
      break
    case .goAway(let goAway):
      let address = self.address
      let closeNow = self.state.withLock { state in
        state.draining = true
        state.closeReason = goAway.message
        if goAway.code == .tlsRequired {
          state.failure = TransportFailure(kind: .tlsRequired, address: address, facts: [:], message: goAway.message)
        }
        return state.streams.isEmpty
      }
      self.onDraining(self)
      if goAway.code != .shutdown || closeNow {
        self.channel.close(promise: nil)
      }
    case .responseHead(let head):
      self.deliver(id, .metadata(try MetadataCoding.metadata(head.metadata)))
    case .message(let message):
      self.deliver(id, .message(Array(message.data)))
    case .trailer(let trailer):
      let code = Int(exactly: trailer.code).flatMap(Status.Code.init(rawValue:)) ?? .unknown
      let status = Status(code: code, message: trailer.message)
      self.deliver(id, .status(status, try MetadataCoding.metadata(trailer.metadata)), last: true)
    case .cancel(let cancel):
      let (stream, waiter) = self.state.withLock { state in
        (state.streams.removeValue(forKey: id), Self.takeWaiter(&state))
      }
      waiter?.resume()
      stream?.finish(throwing: RPCError(code: .cancelled, message: cancel.reason.isEmpty ? "The server cancelled the call." : cancel.reason))
    case .requestHead, .halfClose:
      throw ProtocolViolation("The server sent a \(frame.body!.kindName) frame, which only clients send.")
    }
  }

  /// Ends a call the server never heard of: its responses end with `error`.
  func abandon(_ id: UInt32, with error: RPCError) {
    let (stream, waiter) = self.state.withLock { state in
      (state.streams.removeValue(forKey: id), Self.takeWaiter(&state))
    }
    waiter?.resume()
    stream?.finish(throwing: error)
  }

  /// Hands a response part to its call; parts for calls already closed are dropped.
  private func deliver(_ id: UInt32, _ part: RPCResponsePart<[UInt8]>, last: Bool = false) {
    let (stream, closeNow, waiter) = self.state.withLock { state in
      let stream = last ? state.streams.removeValue(forKey: id) : state.streams[id]
      return (stream, last && state.draining && state.streams.isEmpty, last ? Self.takeWaiter(&state) : nil)
    }
    waiter?.resume()
    if let stream, case .dropped = stream.yield(part, last: last) {
      self.endUnread(id, stream)
      return
    }
    if last { stream?.finish() }
    if closeNow { self.channel.close(promise: nil) }
  }

  /// Ends a call whose caller has left more answers waiting than a call may hold: rather
  /// than hold them without bound (the client never stops reading its socket, which could
  /// deadlock with a server that is still sending), it is cancelled at the server and the
  /// caller gets, after the answers that wait, UNAVAILABLE saying so: a watch screen
  /// watches again, from fresh counters, as after a lost connection.
  private func endUnread(_ id: UInt32, _ stream: Responses) {
    // Only while the call is still open here: its caller may have closed it meanwhile,
    // freeing its slot and cancelling it already.
    let (wasOpen, closeNow, waiter) = self.state.withLock { state in
      let removed = state.streams.removeValue(forKey: id) != nil
      return (removed, state.draining && state.streams.isEmpty, removed ? Self.takeWaiter(&state) : nil)
    }
    guard wasOpen else { return }
    waiter?.resume()
    let limit = max(1, self.configuration.maxWaitingAnswersPerCall)
    let failure = TransportFailure(
      kind: .answersNotRead, address: self.address, facts: ["hadir-count": "\(limit)"],
      message: "More than \(limit) answers of this call were waiting to be read, so it was stopped. Try again.")
    stream.finish(throwing: failure.rpcError)
    self.writer.writeNow([
      Hadir_V1_Frame.cancel(
        streamID: id, reason: "The client has more than \(limit) answers of this call waiting to be read.")
    ])
    if closeNow { self.channel.close(promise: nil) }
  }
}

/// Turns one call's GRPCCore request parts into frames.
struct ClientStreamWriter: ClosableRPCWriterProtocol {
  typealias Element = RPCRequestPart<[UInt8]>

  let streamID: UInt32
  let method: MethodDescriptor
  let writer: FrameWriter
  let maxFrameSize: Int
  /// Ends the call's responses with an error, for a call that failed before the server
  /// heard of it.
  let abandon: @Sendable (RPCError) -> Void
  let heldHead = HeldHead()

  func write(_ element: Element) async throws {
    switch element {
    case .metadata(let metadata):
      var head = Hadir_V1_RequestHead()
      head.method = self.method.path
      head.metadata = MetadataCoding.entries(metadata)
      head.timeoutMicros = MetadataCoding.timeoutMicros(in: metadata)
      // The head leaves with the first message or the half-close, in one write.
      self.heldHead.hold(Hadir_V1_Frame(streamID: self.streamID, body: .requestHead(head)))
    case .message(let bytes):
      guard bytes.count + 16 <= self.maxFrameSize else {
        throw RPCError(
          code: .resourceExhausted,
          message: "The request is \(bytes.count) bytes, more than the frame limit of \(self.maxFrameSize) bytes. Send less at a time.")
      }
      var message = Hadir_V1_Message()
      message.data = Data(bytes)
      try await self.send(Hadir_V1_Frame(streamID: self.streamID, body: .message(message)))
    }
  }

  func write(contentsOf elements: some Sequence<Element>) async throws {
    for element in elements {
      try await self.write(element)
    }
  }

  func finish() async {
    // When this fails the connection is gone, and its loss ends the call's responses.
    try? await self.send(Hadir_V1_Frame(streamID: self.streamID, body: .halfClose(Hadir_V1_HalfClose())))
  }

  /// Writes `frame`, after the call's head if that is still held.
  private func send(_ frame: Hadir_V1_Frame) async throws {
    try await self.writer.write(self.heldHead.release(with: frame))
    self.heldHead.written()
  }

  func finish(throwing error: any Error) async {
    // A call whose head never left is unknown to the server, which will never answer it:
    // the call ends here, with the error, and nothing is sent.
    self.heldHead.discard()
    guard self.heldHead.wasWritten else {
      self.abandon(error as? RPCError ?? RPCError(code: .unknown, message: "The request could not be sent (\(error)). Try again."))
      return
    }
    try? await self.writer.write([Hadir_V1_Frame.cancel(streamID: self.streamID, reason: "The client abandoned the call.")])
  }
}
