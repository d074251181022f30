import GRPCCore
import Logging
import NIOCore
import NIOEmbedded
import Synchronization
import Testing

@testable import HadirWire

/// A whole server connection on a channel whose event loop's clock the test moves: the
/// timeouts fire when the test says so, without waiting for them.
@Suite("Server connection on a test clock", .timeLimit(.minutes(1)))
struct ServerConnectionClockTests {
  /// Serves one connection on a testing channel and hands `body` the channel.
  private func withConnection(
    _ configuration: WireConfiguration, shutDownFirst: Bool = false,
    handler: @escaping ServerConnection.StreamHandler = { _, _ in },
    before: HeldSocket? = nil,
    _ body: (NIOAsyncTestingChannel, ServerConnection) async throws -> Void
  ) async throws {
    let channel = NIOAsyncTestingChannel()
    if let before { try await channel.pipeline.addHandler(before) }
    try await channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 4000))
    let connection = try await channel.testingEventLoop.executeInContext {
      try FramedServerTransport.configureConnection(channel, configuration: configuration, logger: Logger(label: "test"))
    }
    if shutDownFirst { connection.beginGracefulShutdown() }
    let served = Task {
      await connection.run(handler: handler)
    }
    try await body(channel, connection)
    try? await channel.close()
    await served.value
  }

  private func nextFrame(_ channel: NIOAsyncTestingChannel) async throws -> Hadir_V1_Frame {
    var buffer = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
    let length = buffer.readInteger(as: UInt32.self)
    let payload = buffer.readSlice(length: Int(length ?? 0))
    return try Hadir_V1_Frame(payload: try #require(payload))
  }

  /// Reads the server's first frame, which must be its Hello.
  private func readHello(_ channel: NIOAsyncTestingChannel) async throws {
    let isHello = if case .hello = try await nextFrame(channel).body { true } else { false }
    try #require(isHello, "the server did not start with its Hello")
  }

  private func send(_ frame: Hadir_V1_Frame, to channel: NIOAsyncTestingChannel) async throws {
    try await channel.writeInbound(try frame.encoded())
  }

  @Test("an idle connection is closed when its clock reaches the idle timeout, not a second before")
  func idleTimeout() async throws {
    try await withConnection(WireConfiguration(idleTimeout: .seconds(300), agent: "test-server")) { channel, _ in
      try await readHello(channel)
      var ping = Hadir_V1_Ping()
      ping.payload = 7
      try await send(clientHello(), to: channel)
      try await send(Hadir_V1_Frame(streamID: 0, body: .ping(ping)), to: channel)
      #expect(try await nextFrame(channel).body == .pong(Hadir_V1_Pong.with { $0.payload = 7 }))

      await channel.testingEventLoop.advanceTime(by: .seconds(299))
      #expect(try await channel.readOutbound(as: ByteBuffer.self) == nil, "nothing is sent before the timeout")
      #expect(channel.isActive)

      await channel.testingEventLoop.advanceTime(by: .seconds(1))
      let goAway = try await nextFrame(channel)
      guard case .goAway(let body) = goAway.body else {
        Issue.record("expected a GoAway, got \(goAway)")
        return
      }
      #expect(body.code == .idle)
      #expect(body.message == "The connection was idle for 300.0 seconds and is closed; reconnect to continue.")
      try await channel.closeFuture.get()
    }
  }

  @Test("a shutdown asked for before the server's Hello is written follows the Hello")
  func shutdownBeforeHello() async throws {
    try await withConnection(WireConfiguration(agent: "test-server"), shutDownFirst: true) { channel, _ in
      try await readHello(channel)
      guard case .goAway(let goAway) = try await nextFrame(channel).body else {
        Issue.record("no GoAway after the Hello")
        return
      }
      #expect(goAway.code == .shutdown)
      try await channel.closeFuture.get()
    }
  }

  @Test("a client that takes none of its answers is let go when the clock reaches the slow-reader timeout")
  func slowReader() async throws {
    var configuration = WireConfiguration(agent: "test-server")
    configuration.slowReaderTimeout = .seconds(30)
    // Every call is answered with one message.
    let answer: ServerConnection.StreamHandler = { stream, _ in
      try? await stream.outbound.write(.metadata([:]))
      try? await stream.outbound.write(.message([1]))
      try? await stream.outbound.write(.status(Status(code: .ok, message: ""), [:]))
    }
    try await withConnection(configuration, handler: answer) { channel, _ in
      _ = try await nextFrame(channel)
      try await send(clientHello(), to: channel)
      // The client stops reading: the socket takes nothing more, so the call's answer waits.
      channel.isWritable = false
      channel.pipeline.fireChannelWritabilityChanged()
      try await send(requestHead(1, EchoService.get), to: channel)
      try await send(message(1, "x"), to: channel)
      try await send(halfClose(1), to: channel)
      // The call is answered in its own time: move the clock a second at a time, for as
      // long as a busy machine may take to get there.
      var advanced = 0
      var closed = false
      while advanced < 1_000 && !closed {
        await channel.testingEventLoop.advanceTime(by: .seconds(1))
        advanced += 1
        try await Task.sleep(for: .milliseconds(2))
        closed = !channel.isActive
      }
      #expect(closed, "the connection was still open after \(advanced) s")
      #expect(advanced >= 30, "let go after \(advanced) s, before the timeout")
      var frames: [Hadir_V1_Frame] = []
      while var buffer = try await channel.readOutbound(as: ByteBuffer.self) {
        while let length = buffer.readInteger(as: UInt32.self), let payload = buffer.readSlice(length: Int(length)) {
          frames.append(try Hadir_V1_Frame(payload: payload))
        }
      }
      #expect(frames.contains { frame in
        if case .goAway(let goAway) = frame.body { return goAway.message.contains("read no answers for 30.0 seconds") }
        return false
      })
    }
  }

  @Test("a client that reads nothing after a protocol fault is let go at the slow-reader timeout")
  func faultThenSlowReader() async throws {
    var configuration = WireConfiguration(agent: "test-server")
    configuration.slowReaderTimeout = .seconds(30)
    let socket = HeldSocket()
    try await withConnection(configuration, before: socket) { channel, _ in
      try await readHello(channel)
      try await send(clientHello(), to: channel)
      // The socket takes no more: the GoAway of the fault below is never written.
      socket.hold()
      try await channel.writeInbound(ByteBuffer(bytes: [0, 0, 0, 1, 0xFF]))
      var advanced = 0
      while advanced < 1_000 && channel.isActive {
        await channel.testingEventLoop.advanceTime(by: .seconds(1))
        advanced += 1
        try await Task.sleep(for: .milliseconds(2))
      }
      #expect(!channel.isActive, "the connection was still open after \(advanced) s")
      #expect(advanced >= 30, "let go after \(advanced) s, before the timeout")
    }
  }

  @Test("a connection going away closes once its last answer is written, not before")
  func closesAfterLastAnswer() async throws {
    let answer: ServerConnection.StreamHandler = { stream, _ in
      try? await stream.outbound.write(.metadata([:]))
      try? await stream.outbound.write(.message(Array(repeating: 7, count: 1000)))
      try? await stream.outbound.write(.status(Status(code: .ok, message: ""), [:]))
    }
    let socket = HeldSocket()
    try await withConnection(WireConfiguration(agent: "test-server"), handler: answer, before: socket) { channel, connection in
      try await readHello(channel)
      try await send(clientHello(), to: channel)
      // The socket takes no more: the call's answer and trailer wait to be written.
      socket.hold()
      try await send(requestHead(1, EchoService.get), to: channel)
      try await send(message(1, "x"), to: channel)
      try await send(halfClose(1), to: channel)
      try await Task.sleep(for: .milliseconds(200))
      await channel.testingEventLoop.run()
      #expect(channel.isActive)
      // The server goes away: the call has ended, but what it wrote is still waiting.
      connection.beginGracefulShutdown()
      await channel.testingEventLoop.run()
      try await Task.sleep(for: .milliseconds(100))
      #expect(channel.isActive, "closed before the last answer was written")
      try await channel.testingEventLoop.executeInContext { socket.release() }
      try await channel.closeFuture.get()
      var kinds: [String] = []
      while var buffer = try await channel.readOutbound(as: ByteBuffer.self) {
        while let length = buffer.readInteger(as: UInt32.self), let payload = buffer.readSlice(length: Int(length)) {
          kinds.append(try Hadir_V1_Frame(payload: payload).body?.kindName ?? "?")
        }
      }
      #expect(kinds == ["ResponseHead", "Message", "Trailer", "GoAway"])
    }
  }

  @Test("a client that sends no Hello is closed at the hello timeout")
  func helloTimeout() async throws {
    try await withConnection(WireConfiguration(helloTimeout: .seconds(10), agent: "test-server")) { channel, _ in
      try await readHello(channel)
      // The timer is set before the Hello goes out, so it is set by now.
      await channel.testingEventLoop.advanceTime(by: .seconds(9))
      #expect(try await channel.readOutbound(as: ByteBuffer.self) == nil)
      await channel.testingEventLoop.advanceTime(by: .seconds(1))
      let goAway = try await nextFrame(channel)
      #expect(goAway.body == .goAway(Hadir_V1_GoAway.with {
        $0.code = .protocolError
        $0.message = "No Hello arrived within 10.0 seconds."
      }))
      try await channel.closeFuture.get()
    }
  }
}

/// Stands for a socket that, while held, takes no more bytes: writes wait here, neither
/// passed on nor completed, until `release()` (on the event loop) lets them through.
final class HeldSocket: ChannelOutboundHandler, @unchecked Sendable {
  typealias OutboundIn = ByteBuffer
  // Touched on the event loop only, but for `hold()`.
  private let held = Mutex(false)
  private var waiting: [(NIOAny, EventLoopPromise<Void>?)] = []
  private var context: ChannelHandlerContext?

  func hold() { self.held.withLock { $0 = true } }

  func handlerAdded(context: ChannelHandlerContext) { self.context = context }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    if self.held.withLock({ $0 }) {
      self.waiting.append((data, promise))
    } else {
      context.write(data, promise: promise)
    }
  }

  func flush(context: ChannelHandlerContext) {
    if !self.held.withLock({ $0 }) { context.flush() }
  }

  /// Lets what waits through, and what comes after.
  func release() {
    self.held.withLock { $0 = false }
    guard let context else { return }
    let waiting = self.waiting
    self.waiting = []
    for (data, promise) in waiting { context.write(data, promise: promise) }
    context.flush()
  }
}
