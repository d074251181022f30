import Foundation
import GRPCCore
import NIOCore
import Testing

@testable import HadirWire

/// What one connection may hold on the server: calls at once, answers its client does not
/// read, request messages its calls have not taken yet.
@Suite("Resource bounds per connection", .timeLimit(.minutes(1)))
struct ResourceBoundsTests {
  @Test("the server's Hello states its limit; calls past it are refused RESOURCE_EXHAUSTED at once")
  func streamLimit() async throws {
    var configuration = WireConfiguration(agent: "test-server")
    configuration.maxConcurrentStreams = 5
    let probe = Probe()
    try await withEchoServer(configuration: configuration, probe: probe) { address, _ in
      let connection = try await RawConnection.open(address)
      var chunks = [try bytes(clientHello())]
      for id in UInt32(1)...8 {
        chunks.append(try bytes(requestHead(id, EchoService.hang)) + bytes(halfClose(id)))
      }
      // The five calls that run never end; collect until the three refusals are in.
      let frames = try await connection.collect(sending: chunks) { frames in
        frames.filter { if case .trailer = $0.body { true } else { false } }.count >= 3
      }
      let hello = frames.compactMap { if case .hello(let hello) = $0.body { hello } else { nil } }.first
      #expect(hello?.maxConcurrentStreams == 5)
      let refused = frames.compactMap { frame -> UInt32? in
        guard case .trailer(let trailer) = frame.body else { return nil }
        return trailer.code == UInt32(Status.Code.resourceExhausted.rawValue) ? frame.streamID : nil
      }
      #expect(refused == [6, 7, 8])
      // The refusals leave as the heads are read; the five calls' handlers start in tasks
      // of their own, meanwhile.
      let started = ContinuousClock.now
      while probe.count("entered") < 5 && ContinuousClock.now - started < .seconds(10) {
        try await Task.sleep(for: .milliseconds(10))
      }
      try await Task.sleep(for: .milliseconds(50))
      #expect(probe.count("entered") == 5)
    }
  }

  @Test("the Swift client waits for a free slot instead of being refused")
  func clientKeepsToTheLimit() async throws {
    var configuration = WireConfiguration(agent: "test-server")
    configuration.maxConcurrentStreams = 2
    try await withEchoServer(configuration: configuration) { address, _ in
      try await withEchoClient(address) { client in
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
          for index in 0..<20 {
            group.addTask { try await client.echo(EchoService.pause, "\(index % 3)") }
          }
          return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(answers.count == 20 && answers.allSatisfy { $0 == "slept" })
      }
    }
  }

  @Test("a call sent more messages than it has taken ends RESOURCE_EXHAUSTED; a call within the bound is whole")
  func queuedMessages() async throws {
    var configuration = WireConfiguration(agent: "test-server")
    configuration.maxQueuedMessagesPerStream = 4
    try await withEchoServer(configuration: configuration) { address, _ in
      let connection = try await RawConnection.open(address)
      var chunks = [try bytes(clientHello())]
      // Stream 1: three messages, within the bound. Stream 3: twenty, all at once.
      chunks.append(try bytes(requestHead(1, EchoService.slowCollect)))
      for _ in 0..<3 { chunks[1] += try bytes(message(1, "x")) }
      chunks[1] += try bytes(halfClose(1))
      var flood = try bytes(requestHead(3, EchoService.slowCollect))
      for _ in 0..<20 { flood += try bytes(message(3, "x")) }
      chunks.append(flood + (try bytes(halfClose(3))))
      let frames = try await connection.collect(sending: chunks) { frames in
        frames.filter { if case .trailer = $0.body { true } else { false } }.count >= 2
      }
      let trailers = Dictionary(
        uniqueKeysWithValues: frames.compactMap { frame -> (UInt32, UInt32)? in
          guard case .trailer(let trailer) = frame.body else { return nil }
          return (frame.streamID, trailer.code)
        })
      #expect(trailers[1] == 0)
      #expect(trailers[3] == UInt32(Status.Code.resourceExhausted.rawValue))
      let answer = frames.first { $0.streamID == 1 && { if case .message = $0.body { true } else { false } }($0) }
      guard case .message(let body) = answer?.body else {
        Issue.record("no answer on stream 1")
        return
      }
      #expect(String(decoding: body.data, as: UTF8.self) == "3")
    }
  }

  @Test("a caller that leaves more answers unread than a call may hold has the call stopped at the server and is told why; the connection goes on")
  func unreadAnswers() async throws {
    let probe = Probe()
    try await withEchoServer(probe: probe) { address, _ in
      var configuration = WireConfiguration(agent: "test-client")
      configuration.maxWaitingAnswersPerCall = 50
      let transport = FramedClientTransport(address: address, configuration: configuration)
      try await withGRPCClient(transport: transport) { client async throws in
        /// Asks for `count` answers and takes none until the server has `done` what it does.
        func expand(_ count: Int, after done: String) async throws -> (read: Int, error: RPCError?) {
          try await client.serverStreaming(
            request: ClientRequest(message: Array("\(count)".utf8)),
            descriptor: EchoService.expand, serializer: BytesCoder(), deserializer: BytesCoder(), options: .defaults
          ) { response in
            #expect(await probe.next(done))
            var read = 0
            do {
              for try await _ in response.messages { read += 1 }
              return (read, nil)
            } catch let error as RPCError {
              return (read, error)
            }
          }
        }
        // A million answers, none taken: the server is stopped by the client's Cancel,
        // having sent the 51st, and the client held 50 (the head is taken before the
        // caller's code runs).
        let stopped = try await expand(1_000_000, after: "expand stopped")
        #expect(stopped.read == 50)
        #expect(stopped.error?.code == .unavailable)
        let metadata = stopped.error?.metadata
        #expect(metadata?[stringValues: "hadir-transport-failure"].first(where: { _ in true }) == "answers-not-read")
        #expect(metadata?[stringValues: "hadir-count"].first(where: { _ in true }) == "50")
        #expect(metadata?[stringValues: "hadir-address"].first(where: { _ in true }) == "\(address)")
        // The connection goes on: a call of as many answers as a call may hold is whole.
        // (Whether they all wait at once depends on when the caller starts reading; that a
        // trailer is kept past the limit is CallPartsTests' to show.)
        let whole = try await expand(50, after: "expand done")
        #expect(whole.read == 50 && whole.error == nil)
      }
    }
  }

  @Test("a cancelled call's handler can send no more answers, even one that pays no heed to cancellation")
  func cancelledHandlerWritesNothing() async throws {
    let probe = Probe()
    try await withEchoServer(probe: probe) { address, _ in
      try await withEchoClient(address) { client in
        let call = Task {
          try await client.serverStreaming(
            request: ClientRequest(message: []), descriptor: EchoService.answerLate, serializer: BytesCoder(),
            deserializer: BytesCoder(), options: .defaults
          ) { response in
            for try await _ in response.messages {}
          }
        }
        #expect(await probe.next("started"))
        call.cancel()
        _ = try? await call.value
        #expect(await probe.next("late answer refused"))
        #expect(probe.count("late answer written") == 0)
      }
    }
  }

  @Test("a client that reads no answers is disconnected after the slow-reader timeout")
  func slowReader() async throws {
    var configuration = WireConfiguration(agent: "test-server")
    configuration.slowReaderTimeout = .milliseconds(500)
    try await withEchoServer(configuration: configuration) { address, _ in
      guard case .tcp(_, let port) = address else { return }
      let socket = try BlockingSocket(port: port)
      // Ask for far more answers than the sockets' buffers hold (20 echoes of 1 MiB), and
      // read none of them. Once its answers back up the server may read no more of this
      // client, so a send may stop, blocked or refused.
      try socket.send(try bytes(clientHello()))
      let big = String(repeating: "x", count: 1 << 20)
      for id in UInt32(1)...20 {
        do {
          try socket.send(try bytes(requestHead(id, EchoService.get)) + bytes(message(id, big)) + bytes(halfClose(id)))
        } catch {
          break
        }
      }
      try await Task.sleep(for: .seconds(2))
      // The server gave up on this client: reading what is left ends with end of file.
      #expect(try socket.readUntilClosed(timeout: 20))
    }
  }
}

extension RawConnection {
  /// Sends the chunks, then collects frames until `enough` holds for them (or 10 s pass).
  func collect(sending chunks: [[UInt8]], until enough: @escaping @Sendable ([Hadir_V1_Frame]) -> Bool) async throws
    -> [Hadir_V1_Frame]
  {
    let received = FrameLog()
    try await self.channel.executeThenClose { inbound, outbound in
      for chunk in chunks { try await outbound.write(ByteBuffer(bytes: chunk)) }
      let processor = NIOSingleStepByteToMessageProcessor(FrameDecoder(maxFrameSize: 1 << 24))
      let deadline = ContinuousClock.now + .seconds(10)
      for try await buffer in inbound {
        try processor.process(buffer: buffer) { payload in received.append(try Hadir_V1_Frame(payload: payload)) }
        if enough(received.frames) || ContinuousClock.now > deadline { break }
      }
    }
    return received.frames
  }
}

/// A plain blocking TCP socket, for a client that misbehaves on purpose.
final class BlockingSocket {
  let descriptor: Int32

  init(port: Int) throws {
    descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    // A small receive buffer, so that the server's answers back up quickly.
    var small: Int32 = 4096
    setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    // A send the server does not take gives up after two seconds.
    var patience = timeval(tv_sec: 2, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &patience, socklen_t(MemoryLayout<timeval>.size))
  }

  func send(_ bytes: [UInt8]) throws {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes.withUnsafeBytes {
        Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
      }
      guard sent > 0 else { throw POSIXError(.EIO) }
      offset += sent
    }
  }

  /// Reads until the peer closes (true) or `timeout` seconds pass without it (false).
  func readUntilClosed(timeout: Int) throws -> Bool {
    var limit = timeval(tv_sec: timeout, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    var buffer = [UInt8](repeating: 0, count: 65536)
    let started = Date()
    while Date().timeIntervalSince(started) < Double(timeout) {
      let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
      if count == 0 { return true }
      if count < 0 { return errno == ECONNRESET }
    }
    return false
  }

  deinit { close(descriptor) }
}
