import Foundation
import GRPCCore
import Logging
import NIOCore
import Synchronization

/// Serves one accepted connection: carries out what `ServerConnectionStateMachine` decides
/// for each frame, opening a GRPCCore stream for each call and routing the client's frames
/// to it and its answers back, with the connection's timer on the channel's event loop.
///
/// Frames are read on the event loop (`FrameReadingHandler`), and each call's handler runs in
/// a task of its own, started from there; the handlers' answers go out through the
/// connection's `FrameWriter`.
final class ServerConnection: FrameReceiver {
  typealias Inbound = RPCAsyncSequence<RPCRequestPart<[UInt8]>, any Error>
  typealias Outbound = RPCWriter<RPCResponsePart<[UInt8]>>.Closable
  typealias StreamHandler = @Sendable (RPCStream<Inbound, Outbound>, ServerContext) async -> Void

  /// What a running call holds that the rules do not need: where its requests go, and how
  /// to stop its handler. Kept by stream id while the rules say the call is open.
  private struct Call {
    var requests: CallParts<RPCRequestPart<[UInt8]>>
    var cancellation: ServerContext.RPCCancellationHandle?
    /// The handler's task, once started.
    var task: Task<Void, Never>?
    /// The call was cancelled (its deadline, a revoked token) before its task was recorded.
    var cancelledEarly = false

    /// Stops the handler: its context says cancelled, and its task is cancelled, so that
    /// work in progress stops.
    func cancel() {
      self.cancellation?.cancel()
      self.task?.cancel()
    }
  }

  private struct State {
    var rules: ServerConnectionStateMachine
    var calls: [UInt32: Call] = [:]
    /// What serves each call; set before frames are read.
    var streamHandler: StreamHandler?
    /// The Hello is written; a shutdown asked for before then waits for it.
    var helloWritten = false
    var shutdownRequested = false
    var timer: Scheduled<Void>?
    /// Tasks of calls whose handlers have not returned, and who waits for the last of them.
    var runningHandlers = 0
    var handlersEnded: CheckedContinuation<Void, Never>?
  }

  private let channel: any Channel
  private let writer: FrameWriter
  private let configuration: WireConfiguration
  private let logger: Logger
  private let remotePeer: String
  private let localPeer: String
  private let state: Mutex<State>

  init(channel: any Channel, configuration: WireConfiguration, logger: Logger) {
    self.channel = channel
    self.writer = FrameWriter(channel: channel)
    self.configuration = configuration
    self.remotePeer = Self.describe(channel.remoteAddress)
    self.localPeer = Self.describe(channel.localAddress)
    var logger = logger
    logger[metadataKey: "peer"] = "\(self.remotePeer)"
    self.logger = logger
    self.state = Mutex(
      State(rules: ServerConnectionStateMachine(limits: .init(configuration), openedAt: channel.eventLoop.now)))
  }

  /// The connection's clock: the event loop's, which a test's event loop drives.
  private var now: NIODeadline { self.channel.eventLoop.now }

  /// Tells the client to go away: open calls finish, new ones are refused, and the
  /// connection closes when the last call has ended.
  func beginGracefulShutdown() {
    let action = self.state.withLock { state -> ServerConnectionStateMachine.ShutdownAction? in
      // The client hears the server's Hello first, then its GoAway.
      guard state.helloWritten else {
        state.shutdownRequested = true
        return nil
      }
      return state.rules.beginGracefulShutdown()
    }
    if let action { self.perform(action) }
  }

  private func perform(_ action: ServerConnectionStateMachine.ShutdownAction) {
    guard case .sendGoAway(let closeNow) = action else { return }
    var goAway = Hadir_V1_GoAway()
    goAway.code = .shutdown
    goAway.message = "The server is shutting down. Calls in progress will finish; reconnect for new ones."
    self.writeNow([Hadir_V1_Frame(streamID: 0, body: .goAway(goAway))])
    if closeNow { self.closeWhenWritten() }
  }

  /// Writes a timer's last frame and closes the connection at once: the client is not
  /// waited for.
  private func sendAndClose(_ frame: Hadir_V1_Frame) {
    self.writer.writeNow([frame], last: true)
    self.channel.close(promise: nil)
  }

  /// Closes the connection once all it has queued is written (or the slow-reader rule
  /// gives up on the client): a connection that goes away closes after its last frames,
  /// not before.
  private func closeWhenWritten() {
    self.writeNow([]) { self.channel.close(promise: nil) }
  }

  /// The trailer that refuses a call, worded by the server for the call's metadata.
  private func refusal(_ refusal: TransportRefusal, streamID: UInt32, metadata: Metadata) -> Hadir_V1_Frame {
    let (message, trailerMetadata) = self.describe(refusal, metadata: metadata)
    return Hadir_V1_Frame.trailer(streamID: streamID, status: Status(code: refusal.code, message: message), metadata: trailerMetadata)
  }

  func describe(_ refusal: TransportRefusal, metadata: Metadata) -> (message: String, metadata: Metadata) {
    self.configuration.describeRefusal(refusal, metadata)
  }

  /// Serves the connection until the client leaves, breaks the protocol, idles out, or the
  /// server shuts down; returns once every call's handler has returned. Cancelling the task
  /// closes the connection.
  func run(handler: @escaping StreamHandler) async {
    self.logger.debug("connection opened")
    self.state.withLock { $0.streamHandler = handler }
    self.channel.pipeline.fireUserInboundEventTriggered(FrameReadingHandler.ServeFrames())
    await withTaskCancellationHandler {
      try? await self.channel.closeFuture.get()
    } onCancel: {
      self.channel.close(promise: nil)
    }
    // Also when the Hello could not be written: the timer goes with the connection.
    self.abandonOpenCalls()
    await self.handlersReturned()
    self.logger.debug("connection closed")
  }

  /// Returns once no call's handler is running.
  private func handlersReturned() async {
    await withCheckedContinuation { continuation in
      let done = self.state.withLock { state -> Bool in
        guard state.runningHandlers > 0 else { return true }
        state.handlersEnded = continuation
        return false
      }
      if done { continuation.resume() }
    }
  }

  // MARK: Receiving, on the event loop

  func begin() {
    // The hello timeout runs from the connection's start; its timer is set before the
    // Hello goes out.
    self.armTimer()
    self.writeNow([self.configuration.hello])
    let shutdownRequested = self.state.withLock { state in
      state.helloWritten = true
      return state.shutdownRequested
    }
    if shutdownRequested { self.beginGracefulShutdown() }
  }

  func violation(for tooLarge: FrameTooLargeError) -> ProtocolViolation {
    ProtocolViolation(tooLarge.description, code: .frameTooLarge)
  }

  /// Sends the GoAway of a protocol fault, and closes the connection once it is written.
  /// The slow-reader rule still applies to it: a client that reads nothing is let go after
  /// the timeout.
  func close(for violation: ProtocolViolation) {
    self.logger.info("closing connection: \(violation.description)")
    self.state.withLock { $0.rules.close() }
    self.cancelOpenCalls()
    self.writeNow([violation.goAway], last: true) { self.channel.close(promise: nil) }
  }

  func failed(_ error: any Error) {
    self.logger.debug("connection failed: \(error)")
    self.channel.close(promise: nil)
  }

  /// A socket that takes no more of the answers counts as a write waiting for the client,
  /// under the slow-reader rule, until it takes them again.
  func writabilityChanged(_ writable: Bool) {
    self.writer.writabilityChanged(writable)
    let now = self.now
    if writable {
      if self.state.withLock({ $0.rules.writeFinished(at: now) }) { self.closeWhenWritten() }
    } else {
      self.state.withLock { $0.rules.writeStarted(at: now) }
      self.armTimer()
    }
  }

  func receive(_ payload: ByteBuffer) throws(ProtocolViolation) {
    let frame: Hadir_V1_Frame
    do {
      frame = try Hadir_V1_Frame(payload: payload)
    } catch {
      throw ProtocolViolation(
        "A frame of \(payload.readableBytes) bytes is not a valid hadir.v1.Frame message.")
    }
    let now = self.now
    // The call's resources are looked up under the same lock as the rule's decision, so a
    // call that ends meanwhile is never half seen.
    let (action, call) = self.state.withLock { state in
      let action = state.rules.received(frame, at: now)
      return (action, action.streamID.flatMap { state.calls[$0] })
    }

    switch action {
    case .none:
      break
    case .sendPong(let payload):
      var pong = Hadir_V1_Pong()
      pong.payload = payload
      self.writeNow([Hadir_V1_Frame(streamID: 0, body: .pong(pong))])
    case .beginShutdown:
      self.beginGracefulShutdown()
    case .close(let violation):
      throw violation
    case .startCall(let id, let serial, let head, let descriptor):
      try self.start(id, serial: serial, head: head, descriptor: descriptor)
    case .refuseCall(let id, let head, let refusal):
      // A client that does not read its refusals stops being read: the FrameReadingHandler
      // reads no more while the socket takes no more.
      let metadata = try MetadataCoding.metadata(head.metadata)
      self.writeNow([self.refusal(refusal, streamID: id, metadata: metadata)])
    case .deliverMessage(_, let data):
      if case .dropped = call?.requests.yield(.message(Array(data))) {
        // The client sends faster than the call takes its messages: the call's requests
        // end with RESOURCE_EXHAUSTED, and what follows is dropped, rather than held in an
        // unbounded queue.
        call?.requests.finish(
          throwing: RPCError(
            code: .resourceExhausted,
            message: "More than \(self.configuration.maxQueuedMessagesPerStream) messages waited for this call; send them more slowly."))
      }
    case .finishRequests:
      call?.requests.finish()
    case .cancelCall:
      call?.requests.finish(throwing: RPCError(code: .cancelled, message: "The client cancelled the call."))
      call?.cancel()
    }
  }

  private func start(
    _ id: UInt32,
    serial: UInt64,
    head: Hadir_V1_RequestHead,
    descriptor: MethodDescriptor
  ) throws(ProtocolViolation) {
    var metadata = try MetadataCoding.metadata(head.metadata)
    let requests = CallParts<RPCRequestPart<[UInt8]>>(limit: self.configuration.maxQueuedMessagesPerStream)
    let handler = self.state.withLock { state -> StreamHandler? in
      guard state.rules.isOpen(id, serial: serial), let handler = state.streamHandler else { return nil }
      state.calls[id] = Call(requests: requests)
      state.runningHandlers += 1
      return handler
    }
    guard let handler else { return }
    let outbound = Outbound(
      wrapping: ServerStreamWriter(
        streamID: id, serial: serial, connection: self,
        maxFrameSize: self.configuration.maxFrameSize,
        deadline: head.timeoutMicros > 0 ? .now + .microseconds(head.timeoutMicros) : nil, method: head.method,
        requestMetadata: metadata))
    if head.timeoutMicros > 0 {
      metadata.replaceOrAddString(MetadataCoding.timeoutText(micros: head.timeoutMicros), forKey: MetadataCoding.timeoutKey)
    }
    requests.yield(.metadata(metadata))
    let stream = RPCStream(descriptor: descriptor, inbound: Inbound(wrapping: CallRequests(parts: requests)), outbound: outbound)

    // The connection's `run` waits for this task: it is counted in `runningHandlers`. A
    // cancelled call (client cancel, lost connection) cancels the task.
    let task = Task {
      await withServerContextRPCCancellationHandle { handle in
        if self.attach(handle, toStream: id, serial: serial) { handle.cancel() }
        let context = ServerContext(
          descriptor: descriptor, remotePeer: self.remotePeer, localPeer: self.localPeer, cancellation: handle)
        // GRPCCore cancels the call's context when its deadline passes: that cancels the
        // task too.
        await withRPCCancellationHandler {
          await handler(stream, context)
        } onCancelRPC: {
          self.cancelHandler(ofStream: id, serial: serial)
        }
      }
      self.streamEnded(id, serial: serial)
      self.handlerReturned()
    }
    let over = self.state.withLock { state -> Bool in
      guard state.rules.isOpen(id, serial: serial), let call = state.calls[id] else { return true }
      state.calls[id]?.task = task
      return call.cancelledEarly || state.rules.isCancelled(id, serial: serial)
    }
    if over { task.cancel() }
  }

  private func cancelHandler(ofStream id: UInt32, serial: UInt64) {
    let task = self.state.withLock { state -> Task<Void, Never>? in
      guard state.rules.isOpen(id, serial: serial), state.calls[id] != nil else { return nil }
      if state.calls[id]?.task == nil { state.calls[id]?.cancelledEarly = true }
      return state.calls[id]?.task
    }
    task?.cancel()
  }

  private func handlerReturned() {
    let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
      state.runningHandlers -= 1
      guard state.runningHandlers == 0 else { return nil }
      defer { state.handlersEnded = nil }
      return state.handlersEnded
    }
    waiter?.resume()
  }

  /// Records the cancellation handle of a call; true if the call is already over for the
  /// client: it cancelled, or the connection was lost before the handler started.
  private func attach(_ handle: ServerContext.RPCCancellationHandle, toStream id: UInt32, serial: UInt64) -> Bool {
    self.state.withLock { state in
      guard state.rules.isOpen(id, serial: serial) else { return true }
      state.calls[id]?.cancellation = handle
      return state.rules.isCancelled(id, serial: serial)
    }
  }

  /// Forgets a stream once its trailer is written or its handler has returned, and closes
  /// the connection if it is going away, this was its last call and nothing is being
  /// written.
  func streamEnded(_ id: UInt32, serial: UInt64) {
    let now = self.now
    let (call, close) = self.state.withLock { state -> (Call?, Bool) in
      let (wasOpen, close) = state.rules.callEnded(id, serial: serial, at: now)
      guard wasOpen else { return (nil, false) }
      return (state.calls.removeValue(forKey: id), close)
    }
    call?.requests.finish()
    self.armTimer()
    if close { self.closeWhenWritten() }
  }

  /// Whether the call is still open on a live connection. A call abandoned because the
  /// connection broke or was closed for a protocol error sends nothing more.
  func isOpen(_ id: UInt32, serial: UInt64) -> Bool {
    self.state.withLock { $0.rules.isOpen(id, serial: serial) }
  }

  /// The connection is gone: no rule waits any more, and every call still open is cancelled.
  private func abandonOpenCalls() {
    let timer = self.state.withLock { state in
      state.rules.connectionClosed()
      defer { state.timer = nil }
      return state.timer
    }
    timer?.cancel()
    self.cancelOpenCalls()
  }

  /// Cancels every call still open: its requests end, its handler's task is cancelled.
  private func cancelOpenCalls() {
    let calls = self.state.withLock { state in
      defer { state.calls.removeAll() }
      return Array(state.calls.values)
    }
    for call in calls {
      call.requests.finish(throwing: RPCError(code: .cancelled, message: "The connection closed."))
      call.cancel()
    }
  }

  // MARK: Writing and time

  /// Writes frames in one write, waiting while the socket takes no more, and telling the
  /// rules how long the client leaves them waiting.
  func send(_ frames: [Hadir_V1_Frame]) async throws {
    let started = self.now
    self.state.withLock { $0.rules.writeStarted(at: started) }
    try await self.write(frames)
  }

  /// Writes a call's last frames (its trailer, after any head held back) and ends the call.
  /// The call stops counting against the connection's limit before its trailer leaves, so
  /// a client that opens the next call on seeing it is never refused; a connection going
  /// away closes after the trailer, not before. Nothing is written for a call that is no
  /// longer open.
  func sendLast(_ frames: [Hadir_V1_Frame], ofCall id: UInt32, serial: UInt64) async throws {
    let now = self.now
    let (wasOpen, call) = self.state.withLock { state -> (Bool, Call?) in
      guard state.rules.isOpen(id, serial: serial) else { return (false, nil) }
      state.rules.writeStarted(at: now)
      _ = state.rules.callEnded(id, serial: serial, at: now)
      return (true, state.calls.removeValue(forKey: id))
    }
    guard wasOpen else { return }
    call?.requests.finish()
    try await self.write(frames)
  }

  /// Writes frames already counted by `writeStarted`, and closes the connection once they
  /// are written if they were the last it owed while going away. A write that fails (the
  /// call was cancelled while it waited, the connection closed) is no sign that the client
  /// reads.
  private func write(_ frames: [Hadir_V1_Frame]) async throws {
    self.armTimer()
    do {
      try await self.writer.write(frames)
    } catch {
      let failed = self.now
      if self.state.withLock({ $0.rules.writeAbandoned(at: failed) }) { self.closeWhenWritten() }
      throw error
    }
    let finished = self.now
    if self.state.withLock({ $0.rules.writeFinished(at: finished) }) { self.closeWhenWritten() }
  }

  /// Writes frames from the event loop, without waiting, telling the rules how long the
  /// client leaves them waiting; `then` runs once they are written or the write failed.
  private func writeNow(_ frames: [Hadir_V1_Frame], last: Bool = false, then: (@Sendable () -> Void)? = nil) {
    let started = self.now
    self.state.withLock { $0.rules.writeStarted(at: started) }
    self.armTimer()
    let written = self.channel.eventLoop.makePromise(of: Void.self)
    written.futureResult.whenComplete { result in
      let finished = self.now
      let close = self.state.withLock { state in
        if case .success = result { state.rules.writeFinished(at: finished) } else { state.rules.writeAbandoned(at: finished) }
      }
      if close { self.closeWhenWritten() }
      then?()
    }
    self.writer.writeNow(frames, last: last, promise: written)
  }

  /// Sets the connection's timer on the event loop when the rules need it earlier than it
  /// is set.
  private func armTimer() {
    self.state.withLock { state in
      guard let deadline = state.rules.timerToSet() else { return }
      state.timer?.cancel()
      state.timer = self.channel.eventLoop.scheduleTask(deadline: deadline) { self.timerFired() }
    }
  }

  private func timerFired() {
    let now = self.now
    let action = self.state.withLock { $0.rules.timerFired(at: now) }
    switch action {
    case .none:
      self.armTimer()
    case .close(let violation):
      self.logger.debug("closing connection: \(violation.description)")
      self.sendAndClose(violation.goAway)
    case .abandonSlowReader(let violation):
      self.logger.info("closing connection: \(violation.description)")
      self.sendAndClose(violation.goAway)
    }
  }

  private static func describe(_ address: SocketAddress?) -> String {
    guard let address else { return "unknown" }
    switch address {
    case .v4, .v6:
      return "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
    case .unixDomainSocket:
      return "unix:\(address.pathname ?? "")"
    }
  }
}

extension ServerConnectionStateMachine.FrameAction {
  /// The call the action concerns, if it concerns an open one.
  fileprivate var streamID: UInt32? {
    switch self {
    case .deliverMessage(let id, _), .finishRequests(let id), .cancelCall(let id): id
    default: nil
    }
  }
}

/// Turns one stream's GRPCCore response parts into frames.
struct ServerStreamWriter: ClosableRPCWriterProtocol {
  typealias Element = RPCResponsePart<[UInt8]>

  let streamID: UInt32
  let serial: UInt64
  let connection: ServerConnection
  let maxFrameSize: Int
  /// When the client stops waiting; a call that fails after it reports DEADLINE_EXCEEDED.
  let deadline: ContinuousClock.Instant?
  /// The method called, as the client named it.
  let method: String
  /// The call's metadata: the language a refusal is worded in.
  let requestMetadata: Metadata
  let heldHead = HeldHead()

  /// `status` as the client should read it, with `metadata` for its trailer:
  /// DEADLINE_EXCEEDED when the call failed because its time ran out, and a method the
  /// server does not have named, with what to check.
  private func reported(_ status: Status, metadata: Metadata = [:]) -> (Status, Metadata) {
    if status.code == .unimplemented && !status.message.contains(method) {
      let (message, reason) = self.connection.describe(.noSuchMethod(method), metadata: requestMetadata)
      return (Status(code: .unimplemented, message: message), reason)
    }
    guard status.code != .ok, let deadline, ContinuousClock.now >= deadline else { return (status, metadata) }
    return (Status(code: .deadlineExceeded, message: "The call did not finish within the time the client allowed."), [:])
  }

  func write(_ element: Element) async throws {
    switch element {
    case .metadata(let metadata):
      var head = Hadir_V1_ResponseHead()
      head.metadata = MetadataCoding.entries(metadata)
      // The head leaves with the first message or the trailer, in one write.
      self.heldHead.hold(Hadir_V1_Frame(streamID: self.streamID, body: .responseHead(head)))
    case .message(let bytes):
      // The frame adds a few bytes of its own around the message.
      guard bytes.count + 16 <= self.maxFrameSize else {
        throw RPCError(
          code: .resourceExhausted,
          message: "The answer is \(bytes.count) bytes, more than the frame limit of \(self.maxFrameSize) bytes. Ask for less at a time.")
      }
      // A call abandoned with its connection sends nothing more.
      guard self.connection.isOpen(self.streamID, serial: self.serial) else {
        throw RPCError(code: .cancelled, message: "The connection closed.")
      }
      // Nor does a call cancelled (by its client, its deadline, a revoked token): its
      // handler stops at its next answer, even one that never looks at cancellation and
      // would otherwise go on writing answers nobody reads while the socket has room.
      guard !Task.isCancelled else {
        throw RPCError(code: .cancelled, message: "The call was cancelled.")
      }
      var message = Hadir_V1_Message()
      message.data = Data(bytes)
      try await self.connection.send(
        self.heldHead.release(with: Hadir_V1_Frame(streamID: self.streamID, body: .message(message))))
    case .status(let status, let metadata):
      let (reportedStatus, reportedMetadata) = self.reported(status, metadata: metadata)
      let frames = self.heldHead.release(
        with: Hadir_V1_Frame.trailer(streamID: self.streamID, status: reportedStatus, metadata: reportedMetadata))
      if Task.isCancelled {
        // A call ended by its deadline or by a cancel still owes the client its trailer,
        // and a cancelled task that has to wait for room to write gives up: the trailer
        // goes out from a task of its own.
        try await Task {
          try await self.connection.sendLast(frames, ofCall: self.streamID, serial: self.serial)
        }.value
      } else {
        try await self.connection.sendLast(frames, ofCall: self.streamID, serial: self.serial)
      }
    }
  }

  func write(contentsOf elements: some Sequence<Element>) async throws {
    for element in elements {
      try await self.write(element)
    }
  }

  func finish() async {
    self.connection.streamEnded(self.streamID, serial: self.serial)
  }

  func finish(throwing error: any Error) async {
    let status = (error as? RPCError).map { Status(code: Status.Code($0.code), message: $0.message) }
      ?? Status(code: .unknown, message: "The server ended the call without an answer.")
    let (reportedStatus, reportedMetadata) = self.reported(status)
    try? await self.connection.sendLast(
      self.heldHead.release(
        with: Hadir_V1_Frame.trailer(streamID: self.streamID, status: reportedStatus, metadata: reportedMetadata)),
      ofCall: self.streamID, serial: self.serial)
  }
}

extension Hadir_V1_Frame {
  static func trailer(streamID: UInt32, status: Status, metadata: Metadata = [:]) -> Hadir_V1_Frame {
    var trailer = Hadir_V1_Trailer()
    trailer.code = UInt32(status.code.rawValue)
    trailer.message = status.message
    trailer.metadata = MetadataCoding.entries(metadata)
    return Hadir_V1_Frame(streamID: streamID, body: .trailer(trailer))
  }

  /// A `Cancel` of call `streamID`; `reason` is for the other side's logs.
  static func cancel(streamID: UInt32, reason: String) -> Hadir_V1_Frame {
    var cancel = Hadir_V1_Cancel()
    cancel.reason = reason
    return Hadir_V1_Frame(streamID: streamID, body: .cancel(cancel))
  }
}

extension Hadir_V1_Frame.OneOf_Body {
  /// The kind's name as in docs/PROTOCOL.md, for error messages.
  var kindName: String {
    switch self {
    case .hello: "Hello"
    case .requestHead: "RequestHead"
    case .message: "Message"
    case .halfClose: "HalfClose"
    case .responseHead: "ResponseHead"
    case .trailer: "Trailer"
    case .cancel: "Cancel"
    case .ping: "Ping"
    case .pong: "Pong"
    case .goAway: "GoAway"
    }
  }
}
