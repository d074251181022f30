import Dispatch
import NIOCore
import NIOEmbedded
import Testing

@testable import HadirWire

/// The one writer of a connection: frames leave whole and in order, gathered into one write
/// while the event loop has not run; a writer waits while the socket takes no more, and
/// fails once the connection is closed.
@Suite("Frame writer", .timeLimit(.minutes(1)))
struct FrameWriterTests {
  private func ping(_ payload: UInt64) -> Hadir_V1_Frame {
    var ping = Hadir_V1_Ping()
    ping.payload = payload
    return Hadir_V1_Frame(streamID: 0, body: .ping(ping))
  }

  /// Every frame in every write the channel was given, in order, and how many writes.
  private func written(_ channel: NIOAsyncTestingChannel) async throws -> (payloads: [UInt64], writes: Int) {
    var payloads: [UInt64] = []
    var writes = 0
    while var buffer = try await channel.readOutbound(as: ByteBuffer.self) {
      writes += 1
      while let length = buffer.readInteger(as: UInt32.self), let payload = buffer.readSlice(length: Int(length)) {
        let frame = try Hadir_V1_Frame(payload: payload)
        guard case .ping(let ping) = frame.body else { throw FrameError() }
        payloads.append(ping.payload)
      }
      #expect(buffer.readableBytes == 0, "a frame was cut")
    }
    return (payloads, writes)
  }

  private struct FrameError: Error {}

  /// A writer on a connected testing channel.
  private func connectedWriter() async throws -> (NIOAsyncTestingChannel, FrameWriter) {
    let channel = NIOAsyncTestingChannel()
    try await channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 4000))
    return (channel, FrameWriter(channel: channel))
  }

  @Test("frames written before the event loop runs leave in order, in one write")
  func gathered() async throws {
    let (channel, writer) = try await connectedWriter()
    // The event loop is busy until the frames are written.
    let busy = DispatchSemaphore(value: 0)
    channel.eventLoop.execute { busy.wait() }
    try await writer.write([ping(1)])
    try await writer.write([ping(2), ping(3)])
    writer.writeNow([ping(4)])
    busy.signal()
    await channel.testingEventLoop.run()
    let (payloads, writes) = try await written(channel)
    #expect(payloads == [1, 2, 3, 4])
    #expect(writes == 1)
  }

  @Test("while the socket takes no more a write waits, and goes out when it does")
  func waitsForRoom() async throws {
    let (channel, writer) = try await connectedWriter()
    writer.writabilityChanged(false)
    let waiting = Task { try await writer.write([ping(7)]) }
    try await Task.sleep(for: .milliseconds(50))
    await channel.testingEventLoop.run()
    #expect(try await written(channel).payloads.isEmpty, "written while the socket took no more")
    writer.writabilityChanged(true)
    try await waiting.value
    await channel.testingEventLoop.run()
    #expect(try await written(channel).payloads == [7])
  }

  @Test("a write waiting when the connection closes fails, and so does every later one")
  func closed() async throws {
    let (channel, writer) = try await connectedWriter()
    writer.writabilityChanged(false)
    let waiting = Task { try await writer.write([ping(1)]) }
    try await Task.sleep(for: .milliseconds(50))
    try await channel.close()
    await #expect(throws: ChannelError.self) { try await waiting.value }
    await #expect(throws: ChannelError.self) { try await writer.write([ping(2)]) }
  }

  @Test("after the last frames (a fatal GoAway) nothing more is written")
  func last() async throws {
    let (channel, writer) = try await connectedWriter()
    try await writer.write([ping(1)])
    writer.writeNow([ping(2)], last: true)
    await #expect(throws: ChannelError.self) { try await writer.write([ping(3)]) }
    writer.writeNow([ping(4)])
    await channel.testingEventLoop.run()
    #expect(try await written(channel).payloads == [1, 2])
  }

  @Test("a task cancelled while it waits for room stops waiting")
  func cancelledWhileWaiting() async throws {
    let (channel, writer) = try await connectedWriter()
    writer.writabilityChanged(false)
    let waiting = Task { try await writer.write([ping(1)]) }
    try await Task.sleep(for: .milliseconds(50))
    waiting.cancel()
    await #expect(throws: CancellationError.self) { try await waiting.value }
    writer.writabilityChanged(true)
    await channel.testingEventLoop.run()
    #expect(try await written(channel).payloads.isEmpty)
  }
}
