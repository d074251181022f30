import Foundation
import GRPCCore
import NIOCore

/// The rules of one server connection, apart from its I/O: which frame may come when,
/// which calls are open, and when the connection must close for silence or for a client
/// that reads nothing.
///
/// Every input returns what the connection must do, and every input that depends on time
/// is given the time, so the rules are tested by passing instants instead of waiting.
struct ServerConnectionStateMachine {
  /// The limits the rules enforce, from the connection's configuration.
  struct Limits {
    var maxConcurrentStreams: Int
    var idleTimeout: Duration
    var helloTimeout: Duration
    var slowReaderTimeout: Duration

    init(_ configuration: WireConfiguration) {
      self.maxConcurrentStreams = configuration.maxConcurrentStreams
      self.idleTimeout = configuration.idleTimeout
      self.helloTimeout = configuration.helloTimeout
      self.slowReaderTimeout = configuration.slowReaderTimeout
    }
  }

  enum Phase: Equatable {
    /// Waiting for the client's Hello; nothing else is allowed yet.
    case awaitingHello
    /// Calls may open.
    case open
    /// Open calls finish; new ones are refused; the connection closes after the last one.
    case goingAway
    /// Going away with no call left: new calls are refused, and the connection closes once
    /// the frames being written have left.
    case closing
    /// Nothing more is accepted and no call may write; the connection is being closed. A
    /// GoAway and frames already on their way may still be written, and a client that reads
    /// none of them is still let go after the slow-reader timeout.
    case closed
  }

  /// What the connection does with a frame from the client.
  enum FrameAction: Equatable {
    case none
    /// Answer a Ping.
    case sendPong(payload: UInt64)
    /// Start the call's handler; `serial` tells it apart from a later call on its id.
    case startCall(streamID: UInt32, serial: UInt64, head: Hadir_V1_RequestHead, descriptor: MethodDescriptor)
    /// Answer the call with a trailer that refuses it; it never started.
    case refuseCall(streamID: UInt32, head: Hadir_V1_RequestHead, TransportRefusal)
    /// Hand a request message to the call.
    case deliverMessage(streamID: UInt32, Data)
    /// The call's requests are complete.
    case finishRequests(streamID: UInt32)
    /// The client cancelled the call: end its requests and stop its work.
    case cancelCall(streamID: UInt32)
    /// The client is leaving: go away gracefully, as on shutdown.
    case beginShutdown
    /// The client broke the protocol: send the GoAway and close.
    case close(ProtocolViolation)
  }

  /// What the connection does when asked to go away.
  enum ShutdownAction: Equatable {
    case none
    /// Send a GoAway; close at once when no call is open and nothing is being written.
    case sendGoAway(closeNow: Bool)
  }

  /// What the connection does when its timer fires.
  enum TimerAction: Equatable {
    case none
    /// Send the GoAway and close (no Hello in time, or idle).
    case close(ProtocolViolation)
    /// The client reads nothing while answers wait: send the GoAway without waiting for
    /// it to be written, since nothing the client does not read can be waited for, and close.
    case abandonSlowReader(ProtocolViolation)
  }

  private struct Stream {
    var serial: UInt64
    var halfClosed = false
    var cancelRequested = false
  }

  private let limits: Limits
  private(set) var phase: Phase = .awaitingHello
  private var streams: [UInt32: Stream] = [:]
  private var highestStreamID: UInt32 = 0
  private var nextSerial: UInt64 = 0
  private let openedAt: NIODeadline
  /// When the last frame arrived or the last call ended: idleness counts from here.
  private var lastActivity: NIODeadline
  private var pendingWrites = 0
  /// Since when writes have been waiting with none of them completing.
  private var writesStalledSince: NIODeadline?
  /// The connection is gone: no rule is waiting any more.
  private var gone = false
  /// The moment the connection's timer is set for, if it is set.
  private var timerSetFor: NIODeadline?

  init(limits: Limits, openedAt now: NIODeadline) {
    self.limits = limits
    self.openedAt = now
    self.lastActivity = now
  }

  /// Calls open now.
  var openCalls: Int { self.streams.count }

  // MARK: Frames

  /// Applies a frame from the client. Once the connection is closed, frames are ignored.
  mutating func received(_ frame: Hadir_V1_Frame, at now: NIODeadline) -> FrameAction {
    guard self.phase != .closed else { return .none }
    self.lastActivity = now
    let action = self.apply(frame)
    if case .close = action { self.phase = .closed }
    return action
  }

  private mutating func apply(_ frame: Hadir_V1_Frame) -> FrameAction {
    let id = frame.streamID
    guard let body = frame.body else {
      return .close(ProtocolViolation("A frame on stream \(id) has no body; every frame carries exactly one kind."))
    }
    if case .hello(let hello) = body {
      return self.receiveHello(hello, streamID: id)
    }
    guard self.phase != .awaitingHello else {
      return .close(ProtocolViolation("The first frame on a connection must be a Hello on stream 0; got \(body.kindName)."))
    }
    switch body {
    case .hello:
      return .none
    case .ping(let ping):
      if let wrongStream = Self.requireConnectionStream(id, body) { return wrongStream }
      return .sendPong(payload: ping.payload)
    case .pong:
      return Self.requireConnectionStream(id, body) ?? .none
    case .goAway:
      return Self.requireConnectionStream(id, body) ?? .beginShutdown
    case .requestHead(let head):
      return self.openStream(id, head: head)
    case .message(let message):
      return self.withOpenStream(id, body) { stream in
        guard !stream.halfClosed else {
          return .close(ProtocolViolation("Stream \(id) sent a message after its half-close."))
        }
        return .deliverMessage(streamID: id, message.data)
      }
    case .halfClose:
      return self.withOpenStream(id, body) { stream in
        stream.halfClosed = true
        return .finishRequests(streamID: id)
      }
    case .cancel:
      return self.withOpenStream(id, body) { stream in
        stream.cancelRequested = true
        return .cancelCall(streamID: id)
      }
    case .responseHead, .trailer:
      return .close(ProtocolViolation("A \(body.kindName) frame goes from server to client only."))
    }
  }

  private mutating func receiveHello(_ hello: Hadir_V1_Hello, streamID: UInt32) -> FrameAction {
    guard streamID == 0, self.phase == .awaitingHello else {
      return .close(ProtocolViolation("A Hello may be sent only once, as the first frame, on stream 0."))
    }
    let version = WireConfiguration.protocolVersion
    guard hello.protocolVersion == version else {
      return .close(
        ProtocolViolation(
          "This server speaks Hadir protocol version \(version); the client sent version \(hello.protocolVersion). Use a client made for protocol version \(version).",
          code: .unsupportedVersion))
    }
    self.phase = .open
    return .none
  }

  private static func requireConnectionStream(_ id: UInt32, _ body: Hadir_V1_Frame.OneOf_Body) -> FrameAction? {
    guard id != 0 else { return nil }
    return .close(ProtocolViolation("A \(body.kindName) frame belongs on stream 0, not stream \(id)."))
  }

  private mutating func openStream(_ id: UInt32, head: Hadir_V1_RequestHead) -> FrameAction {
    guard id != 0 else {
      return .close(ProtocolViolation("A RequestHead needs a stream id from 1 up; stream 0 is the connection itself."))
    }
    guard self.streams[id] == nil else {
      return .close(
        ProtocolViolation("Stream id \(id) is already open on this connection; each open call needs its own stream id."))
    }
    self.highestStreamID = max(self.highestStreamID, id)
    if self.phase == .goingAway || self.phase == .closing {
      return .refuseCall(streamID: id, head: head, .shuttingDown)
    }
    if self.streams.count >= self.limits.maxConcurrentStreams {
      return .refuseCall(streamID: id, head: head, .tooManyCalls(limit: self.limits.maxConcurrentStreams))
    }
    guard let descriptor = MethodDescriptor(path: head.method) else {
      return .refuseCall(streamID: id, head: head, .notAMethodName(head.method))
    }
    self.nextSerial += 1
    self.streams[id] = Stream(serial: self.nextSerial)
    return .startCall(streamID: id, serial: self.nextSerial, head: head, descriptor: descriptor)
  }

  /// Applies `change` to an open stream. A frame for a stream that has already ended is
  /// dropped (the server may finish a call before the client has stopped sending); a frame
  /// for a stream id above every id opened so far is a protocol violation.
  private mutating func withOpenStream(
    _ id: UInt32, _ body: Hadir_V1_Frame.OneOf_Body, _ change: (inout Stream) -> FrameAction
  ) -> FrameAction {
    guard id != 0 else {
      return .close(ProtocolViolation("A \(body.kindName) frame needs a call's stream id; stream 0 is the connection itself."))
    }
    guard var stream = self.streams[id] else {
      if id > self.highestStreamID {
        return .close(ProtocolViolation("A \(body.kindName) frame arrived on stream \(id) before its RequestHead."))
      }
      return .none
    }
    let action = change(&stream)
    self.streams[id] = stream
    return action
  }

  // MARK: Calls

  /// Whether the call is still open on a live connection. A call abandoned because the
  /// connection broke or was closed for a protocol error sends nothing more.
  func isOpen(_ id: UInt32, serial: UInt64) -> Bool {
    self.phase != .closed && self.streams[id]?.serial == serial
  }

  /// Whether the client has cancelled the call, or it is no longer open.
  func isCancelled(_ id: UInt32, serial: UInt64) -> Bool {
    guard let stream = self.streams[id], stream.serial == serial else { return true }
    return stream.cancelRequested
  }

  /// A call ended (its trailer is about to leave, or its handler returned). Returns
  /// whether it was open, and whether the connection should close now: it is going away,
  /// this was its last call, and nothing is being written. A trailer about to leave is
  /// counted as being written first (`writeStarted`), so the connection closes after it.
  mutating func callEnded(_ id: UInt32, serial: UInt64, at now: NIODeadline) -> (wasOpen: Bool, closeConnection: Bool) {
    guard self.isOpen(id, serial: serial) else { return (false, false) }
    self.streams.removeValue(forKey: id)
    // The idle timeout counts from the end of the last call, not from its request.
    self.lastActivity = now
    if self.phase == .goingAway && self.streams.isEmpty { self.phase = .closing }
    return (true, self.closeIfDone())
  }

  /// Closed once going away has nothing left to do; true when that happens now.
  private mutating func closeIfDone() -> Bool {
    guard self.phase == .closing, self.pendingWrites == 0 else { return false }
    self.phase = .closed
    return true
  }

  // MARK: Shutdown and loss

  /// The server is shutting down, or the client asked to leave.
  mutating func beginGracefulShutdown() -> ShutdownAction {
    guard self.phase == .open || self.phase == .awaitingHello else { return .none }
    self.phase = self.streams.isEmpty ? .closing : .goingAway
    return .sendGoAway(closeNow: self.closeIfDone())
  }

  /// The connection is closing for a fault found outside these rules (a frame too large,
  /// unreadable metadata): nothing more is accepted and no call may write.
  mutating func close() {
    self.phase = .closed
  }

  /// The connection is gone: every call still open is to be cancelled, and no rule waits.
  mutating func connectionClosed() {
    self.phase = .closed
    self.gone = true
    self.streams.removeAll()
  }

  // MARK: Writes and time

  /// A frame started on its way to the client.
  mutating func writeStarted(at now: NIODeadline) {
    if self.pendingWrites == 0 { self.writesStalledSince = now }
    self.pendingWrites += 1
  }

  /// A frame was written, or taken for writing while the socket takes more: the client is
  /// reading. Returns whether the connection should close now: it was going away and this
  /// was the last frame it owed.
  mutating func writeFinished(at now: NIODeadline) -> Bool {
    self.pendingWrites -= 1
    self.writesStalledSince = self.pendingWrites == 0 ? nil : now
    return self.closeIfDone()
  }

  /// A frame was not written after all (its call was cancelled while it waited, or the
  /// connection closed): no sign that the client reads, so the slow-reader clock runs on.
  mutating func writeAbandoned(at now: NIODeadline) -> Bool {
    self.pendingWrites -= 1
    if self.pendingWrites == 0 { self.writesStalledSince = nil }
    return self.closeIfDone()
  }

  /// The next moment a rule may end the connection, if any rule is waiting.
  var nextDeadline: NIODeadline? {
    guard !self.gone else { return nil }
    var next: NIODeadline?
    func consider(_ deadline: NIODeadline) {
      if next.map({ deadline < $0 }) ?? true { next = deadline }
    }
    if self.phase == .awaitingHello {
      consider(self.openedAt + TimeAmount(self.limits.helloTimeout))
    }
    if self.mayIdle {
      consider(self.lastActivity + TimeAmount(self.limits.idleTimeout))
    }
    if let stalled = self.writesStalledSince {
      consider(stalled + TimeAmount(self.limits.slowReaderTimeout))
    }
    return next
  }

  /// When to set the connection's timer: the next deadline, if no timer is set for it or
  /// earlier. The timer is set lazily: a deadline that moves later (a frame arrived) leaves
  /// the earlier timer in place, and that timer finds nothing due and sets the next one.
  mutating func timerToSet() -> NIODeadline? {
    guard let next = self.nextDeadline else { return nil }
    if let set = self.timerSetFor, set <= next { return nil }
    self.timerSetFor = next
    return next
  }

  /// Whether the idle timeout applies: no call is open on a connection in use.
  private var mayIdle: Bool {
    (self.phase == .open || self.phase == .awaitingHello) && self.streams.isEmpty
  }

  /// The connection's timer fired.
  mutating func timerFired(at now: NIODeadline) -> TimerAction {
    self.timerSetFor = nil
    guard !self.gone else { return .none }
    // The slow-reader rule holds in every phase: a connection that is closing still owes
    // frames, and a client that reads none of them must not keep it forever.
    if let stalled = self.writesStalledSince, now - stalled >= TimeAmount(self.limits.slowReaderTimeout) {
      self.phase = .closed
      self.gone = true
      return .abandonSlowReader(
        ProtocolViolation("The client read no answers for \(self.limits.slowReaderTimeout); the connection is closed."))
    }
    if self.phase == .awaitingHello, now - self.openedAt >= TimeAmount(self.limits.helloTimeout) {
      self.phase = .closed
      return .close(ProtocolViolation("No Hello arrived within \(self.limits.helloTimeout)."))
    }
    if self.mayIdle, now - self.lastActivity >= TimeAmount(self.limits.idleTimeout) {
      self.phase = .closed
      return .close(
        ProtocolViolation(
          "The connection was idle for \(self.limits.idleTimeout) and is closed; reconnect to continue.", code: .idle))
    }
    return .none
  }
}
