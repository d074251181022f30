import NIOCore
import Synchronization

/// Writes whole frames to one connection. Safe to use from many streams' tasks at once:
/// each frame goes out whole, and the writer waits while the socket is not writable.
struct FrameWriter: Sendable {
  let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

  func write(_ frame: Hadir_V1_Frame) async throws {
    try await self.write([frame])
  }

  /// Writes frames back to back in one write: one trip to the event loop and one system
  /// call, where separate writes would cost one each.
  func write(_ frames: [Hadir_V1_Frame]) async throws {
    guard !frames.isEmpty else { return }
    var buffer = ByteBuffer()
    for frame in frames { try frame.encode(into: &buffer) }
    try await self.outbound.write(buffer)
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

  /// The frames `release` gave went through.
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
