import NIOCore

/// Writes whole frames to one connection. Safe to use from many streams' tasks at once:
/// each frame goes out whole, and the writer waits while the socket is not writable.
struct FrameWriter: Sendable {
  let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

  func write(_ frame: Hadir_V1_Frame) async throws {
    try await self.outbound.write(frame.encoded())
  }
}
