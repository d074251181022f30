import NIOCore
import Synchronization

/// Writes whole frames to one connection. Safe to use from many streams' tasks at once:
/// each frame goes out whole, and the writer waits while the socket is not writable.
struct FrameWriter: Sendable {
  let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
  /// Since when writes have been waiting without any of them completing.
  let progress = WriteProgress()

  func write(_ frame: Hadir_V1_Frame) async throws {
    progress.started()
    defer { progress.finished() }
    try await self.outbound.write(frame.encoded())
  }

  /// Writes several frames of one stream back to back, in one flush.
  func write(_ frames: [Hadir_V1_Frame]) async throws {
    progress.started()
    defer { progress.finished() }
    try await self.outbound.write(contentsOf: frames.map { try $0.encoded() })
  }
}

/// Tells a peer that reads nothing from one that is merely slow: the time since writes
/// have been waiting with none completing.
final class WriteProgress: Sendable {
  private struct State {
    var pending = 0
    var stalledSince: ContinuousClock.Instant?
  }

  private let state = Mutex(State())

  func started() {
    state.withLock { state in
      if state.pending == 0 { state.stalledSince = .now }
      state.pending += 1
    }
  }

  func finished() {
    state.withLock { state in
      state.pending -= 1
      // A write went through: the peer is reading.
      state.stalledSince = state.pending == 0 ? nil : .now
    }
  }

  /// How long writes have waited with none completing; nil when none waits.
  var stalled: Duration? {
    state.withLock { state in state.stalledSince.map { ContinuousClock.now - $0 } }
  }
}
