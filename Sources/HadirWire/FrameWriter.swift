import NIOCore
import Synchronization

/// Writes whole frames to one connection. Safe to use from many streams' tasks at once:
/// each frame goes out whole, and the writer waits while the socket is not writable.
struct FrameWriter: Sendable {
  let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

  func write(_ frame: Hadir_V1_Frame) async throws {
    try await self.outbound.write(frame.encoded())
  }

  /// Writes frames back to back in one write: one trip to the event loop and one system
  /// call, where separate writes would cost one each.
  func write(_ frames: [Hadir_V1_Frame]) async throws {
    var buffer = ByteBuffer()
    for frame in frames { try frame.encode(into: &buffer) }
    try await self.outbound.write(buffer)
  }
}

/// A call's head held back until its first message, its end, or its trailer, so that the
/// head and what follows leave in one write. A call's parts are written one after another,
/// never at once, so the lock is never contended.
final class HeldHead: Sendable {
  private let frame = Mutex<Hadir_V1_Frame?>(nil)

  func hold(_ head: Hadir_V1_Frame) {
    self.frame.withLock { $0 = head }
  }

  /// The held head, if any, followed by `frame`.
  func release(with frame: Hadir_V1_Frame) -> [Hadir_V1_Frame] {
    guard let head = self.frame.withLock({ held in defer { held = nil }; return held }) else { return [frame] }
    return [head, frame]
  }

  /// Forgets the held head; true if there was one, so nothing of the call has left yet.
  func discard() -> Bool {
    self.frame.withLock { held in defer { held = nil }; return held != nil }
  }
}
