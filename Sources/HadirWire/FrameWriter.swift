import NIOCore
import Synchronization

/// Writes whole frames to one connection, from its calls' tasks and from its event loop,
/// in the order they are given.
///
/// A task's frames are added to the bytes waiting for the event loop, which writes all that
/// waits in one go: a call's answer and its trailer, written one after the other, usually
/// leave in one write and one trip to the event loop. What waits is bounded: while more
/// than `maxWaitingBytes` wait, or the socket takes no more, a task's write waits its turn.
final class FrameWriter: Sendable {
  /// Bytes that may wait for the event loop before writing tasks wait too.
  static let maxWaitingBytes = 64 * 1024

  private struct State {
    var waiting: ByteBuffer?
    var promises: [EventLoopPromise<Void>] = []
    var flushScheduled = false
    var writable = true
    var closed = false
    var blocked: [UInt64: CheckedContinuation<Void, any Error>] = [:]
    var nextBlockedID: UInt64 = 0

    /// Whether a task's frames may be added now.
    var hasRoom: Bool { self.writable && (self.waiting?.readableBytes ?? 0) < FrameWriter.maxWaitingBytes }
  }

  private let channel: any Channel
  private let state = Mutex(State())

  init(channel: any Channel) {
    self.channel = channel
    channel.closeFuture.whenComplete { _ in self.channelClosed() }
  }

  /// Writes frames back to back, waiting while too much waits already or the socket takes
  /// no more. Throws when the connection is closed, or when the task is cancelled while it
  /// waits.
  func write(_ frames: [Hadir_V1_Frame]) async throws {
    guard !frames.isEmpty else { return }
    var bytes = self.channel.allocator.buffer(capacity: 0)
    for frame in frames { try frame.encode(into: &bytes) }
    while true {
      enum Next { case added(flush: Bool), closed, full }
      let next = self.state.withLock { state -> Next in
        if state.closed { return .closed }
        guard state.hasRoom else { return .full }
        return .added(flush: Self.add(&bytes, promise: nil, to: &state))
      }
      switch next {
      case .added(let flush):
        if flush { self.channel.eventLoop.execute { self.flush() } }
        return
      case .closed:
        throw ChannelError.ioOnClosedChannel
      case .full:
        try await self.waitForRoom()
      }
    }
  }

  /// Writes frames without waiting for room: for the connection's own frames (Hello, Pong,
  /// GoAway, refusals), whose number the connection bounds by reading no more while the
  /// socket takes no more. `promise` completes when they are written or failed. When they
  /// are the `last`, nothing written after them is sent.
  func writeNow(_ frames: [Hadir_V1_Frame], last: Bool = false, promise: EventLoopPromise<Void>? = nil) {
    var bytes = self.channel.allocator.buffer(capacity: 0)
    do {
      for frame in frames { try frame.encode(into: &bytes) }
    } catch {
      promise?.fail(error)
      return
    }
    let (flush, blocked) = self.state.withLock { state -> (Bool?, [CheckedContinuation<Void, any Error>]) in
      if state.closed { return (nil, []) }
      guard last else { return (Self.add(&bytes, promise: promise, to: &state), []) }
      // Tasks waiting for room will never get it.
      state.closed = true
      defer { state.blocked = [:] }
      return (Self.add(&bytes, promise: promise, to: &state), Array(state.blocked.values))
    }
    for waiter in blocked { waiter.resume(throwing: ChannelError.ioOnClosedChannel) }
    switch flush {
    case nil:
      promise?.fail(ChannelError.ioOnClosedChannel)
    case true?:
      if self.channel.eventLoop.inEventLoop {
        self.flush()
      } else {
        self.channel.eventLoop.execute { self.flush() }
      }
    case false?:
      // A flush is on its way; on the event loop, write at once all the same, so that
      // what the loop writes leaves before it reads again.
      if self.channel.eventLoop.inEventLoop { self.flush() }
    }
  }

  /// Adds bytes to what waits; true when a flush must be scheduled.
  private static func add(_ bytes: inout ByteBuffer, promise: EventLoopPromise<Void>?, to state: inout State) -> Bool {
    if state.waiting == nil {
      state.waiting = bytes
    } else {
      state.waiting!.writeBuffer(&bytes)
    }
    if let promise { state.promises.append(promise) }
    defer { state.flushScheduled = true }
    return !state.flushScheduled
  }

  /// Writes all that waits. On the event loop.
  private func flush() {
    let (bytes, promises) = self.state.withLock { state in
      defer {
        state.waiting = nil
        state.promises = []
        state.flushScheduled = false
      }
      return (state.waiting, state.promises)
    }
    guard let bytes else { return }
    let written: EventLoopPromise<Void>? = promises.isEmpty ? nil : self.channel.eventLoop.makePromise()
    if let written {
      for promise in promises { written.futureResult.cascade(to: promise) }
    }
    self.channel.writeAndFlush(bytes, promise: written)
    self.releaseBlocked()
  }

  /// The socket stopped taking writes (false) or takes them again (true). On the event loop.
  func writabilityChanged(_ writable: Bool) {
    self.state.withLock { $0.writable = writable }
    if writable { self.releaseBlocked() }
  }

  private func channelClosed() {
    let (blocked, promises) = self.state.withLock { state in
      state.closed = true
      defer {
        state.blocked = [:]
        state.promises = []
        state.waiting = nil
      }
      return (Array(state.blocked.values), state.promises)
    }
    for waiter in blocked { waiter.resume(throwing: ChannelError.ioOnClosedChannel) }
    for promise in promises { promise.fail(ChannelError.ioOnClosedChannel) }
  }

  /// Lets waiting tasks try again, if there is room now.
  private func releaseBlocked() {
    let blocked = self.state.withLock { state -> [CheckedContinuation<Void, any Error>] in
      guard !state.blocked.isEmpty, state.hasRoom else { return [] }
      defer { state.blocked = [:] }
      return Array(state.blocked.values)
    }
    for waiter in blocked { waiter.resume() }
  }

  private func waitForRoom() async throws {
    let id = self.state.withLock { state in
      defer { state.nextBlockedID += 1 }
      return state.nextBlockedID
    }
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        enum Now { case wait, retry, closed, cancelled }
        let now = self.state.withLock { state -> Now in
          if state.closed { return .closed }
          if Task.isCancelled { return .cancelled }
          if state.hasRoom { return .retry }
          state.blocked[id] = continuation
          return .wait
        }
        switch now {
        case .wait: break
        case .retry: continuation.resume()
        case .closed: continuation.resume(throwing: ChannelError.ioOnClosedChannel)
        case .cancelled: continuation.resume(throwing: CancellationError())
        }
      }
    } onCancel: {
      let waiter = self.state.withLock { $0.blocked.removeValue(forKey: id) }
      waiter?.resume(throwing: CancellationError())
    }
  }
}

/// A call's head held back until its first message, its end, or its trailer, so that the
/// head and what follows leave in one write; and whether it has left, so that nothing is
/// sent about a call the peer never heard of.
final class HeldHead: Sendable {
  private enum State {
    case none
    case held(Hadir_V1_Frame)
    /// Handed to a write that has not finished, or that failed.
    case leaving
    case written
    case discarded
  }

  private let state = Mutex(State.none)

  func hold(_ head: Hadir_V1_Frame) {
    self.state.withLock { $0 = .held(head) }
  }

  /// What to write for `frame`: the held head first, if it has not left yet; nothing for a
  /// call whose head was discarded, which the peer must never hear of. Call `written()`
  /// once that write went through.
  func release(with frame: Hadir_V1_Frame) -> [Hadir_V1_Frame] {
    self.state.withLock { state in
      switch state {
      case .held(let head):
        state = .leaving
        return [head, frame]
      case .discarded:
        return []
      case .none, .leaving, .written:
        return [frame]
      }
    }
  }

  /// The frames `release` gave were taken for writing.
  func written() {
    self.state.withLock { state in
      if case .leaving = state { state = .written }
    }
  }

  /// Forgets a head that is still held: nothing of the call will leave.
  func discard() {
    self.state.withLock { state in
      if case .held = state { state = .discarded }
    }
  }

  /// Whether the head was written: the peer knows of the call.
  var wasWritten: Bool {
    self.state.withLock { state in
      if case .written = state { return true }
      return false
    }
  }
}
