import Foundation
import GRPCCore
import Testing

@testable import HadirWire

@Suite("Framed transport over real sockets", .timeLimit(.minutes(1)))
struct TransportTests {
  @Test("a unary call round-trips over TCP with metadata both ways")
  func unaryOverTCP() async throws {
    try await withEchoServer { address, _ in
      try await withEchoClient(address) { client async throws in
        let (text, note, done) = try await client.unary(
          request: ClientRequest(message: Array("selamat pagi".utf8), metadata: ["x-note": "desk 2"]),
          descriptor: EchoService.get, serializer: BytesCoder(), deserializer: BytesCoder(), options: .defaults
        ) { response in
          (String(decoding: try response.message, as: UTF8.self),
           response.metadata[stringValues: "x-note"].first(where: { _ in true }),
           response.trailingMetadata[stringValues: "x-done"].first(where: { _ in true }))
        }
        #expect(text == "selamat pagi")
        #expect(note == "desk 2")
        #expect(done == "yes")
      }
    }
  }

  @Test("a unary call round-trips over a Unix-domain socket")
  func unaryOverUnixSocket() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-\(UUID().uuidString.prefix(8)).sock").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try await withEchoServer(addresses: [.unix(path: path)]) { address, _ in
      #expect(address == .unix(path: path))
      try await withEchoClient(address) { client async throws in
        #expect(try await client.echo(EchoService.get, "lewat soket") == "lewat soket")
      }
    }
  }

  @Test("many concurrent calls on one connection interleave and each gets its own answer")
  func concurrentStreams() async throws {
    try await withEchoServer { address, _ in
      try await withEchoClient(address) { client async throws in
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
          for index in 0..<200 {
            group.addTask { (index, try await client.echo(EchoService.get, "call \(index)")) }
          }
          var seen = Set<Int>()
          for try await (index, answer) in group {
            #expect(answer == "call \(index)")
            seen.insert(index)
          }
          #expect(seen.count == 200)
        }
      }
    }
  }

  @Test("server streaming delivers every message in order")
  func serverStreaming() async throws {
    try await withEchoServer { address, _ in
      try await withEchoClient(address) { client async throws in
        let received = try await client.serverStreaming(
          request: ClientRequest(message: Array("250".utf8)),
          descriptor: EchoService.expand, serializer: BytesCoder(), deserializer: BytesCoder(), options: .defaults
        ) { response in
          var texts: [String] = []
          for try await message in response.messages { texts.append(String(decoding: message, as: UTF8.self)) }
          return texts
        }
        #expect(received == (0..<250).map { "\($0)" })
      }
    }
  }

  @Test("client streaming delivers every message before the answer")
  func clientStreaming() async throws {
    try await withEchoServer { address, _ in
      try await withEchoClient(address) { client async throws in
        let joined = try await client.clientStreaming(
          request: StreamingClientRequest(of: [UInt8].self) { writer in
            for part in ["a", "b", "c", "d"] { try await writer.write(Array(part.utf8)) }
          },
          descriptor: EchoService.collect, serializer: BytesCoder(), deserializer: BytesCoder(), options: .defaults
        ) { response in String(decoding: try response.message, as: UTF8.self) }
        #expect(joined == "abcd")
      }
    }
  }

  @Test("a call past its deadline ends with DEADLINE_EXCEEDED and the server's work is cancelled")
  func deadline() async throws {
    let probe = Probe()
    try await withEchoServer(probe: probe) { address, _ in
      try await withEchoClient(address) { client async throws in
        let error = await #expect(throws: RPCError.self) {
          _ = try await client.echo(EchoService.hang, "", timeout: .milliseconds(200))
        }
        #expect(error?.code == .deadlineExceeded)
        // The handler's work was cancelled; on a busy machine the server may cancel the call
        // before its handler was even entered, which is as good.
        let cancelled = await probe.next("cancelled")
        #expect(cancelled || probe.count("entered") == 0)
        #expect(probe.count("entered") == probe.cancelled)
        // The connection is still good for the next call.
        #expect(try await client.echo(EchoService.get, "still here") == "still here")
      }
    }
  }

  @Test("a client that abandons a call cancels the server's work")
  func clientCancellation() async throws {
    let probe = Probe()
    try await withEchoServer(probe: probe) { address, _ in
      try await withEchoClient(address) { client async throws in
        let call = Task { try await client.echo(EchoService.hang, "") }
        #expect(await probe.next("started"))
        call.cancel()
        #expect(await probe.next("cancelled"))
        #expect(probe.cancelled == 1)
      }
    }
  }

  @Test("an unknown method answers UNIMPLEMENTED and the connection stays usable")
  func unknownMethod() async throws {
    try await withEchoServer { address, _ in
      try await withEchoClient(address) { client async throws in
        let missing = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "NoSuchMethod")
        let error = await #expect(throws: RPCError.self) { _ = try await client.echo(missing, "?") }
        #expect(error?.code == .unimplemented)
        #expect(error?.message.hasPrefix("This server has no method /test.Echo/NoSuchMethod.") == true)
        #expect(try await client.echo(EchoService.get, "ok") == "ok")
      }
    }
  }

  @Test("a request too large to send fails at once with RESOURCE_EXHAUSTED, and the connection stays usable")
  func requestTooLarge() async throws {
    try await withEchoServer { address, _ in
      let client = FramedClientTransport(
        address: address, configuration: WireConfiguration(maxFrameSize: 1024, agent: "small-client"))
      try await withGRPCClient(transport: client) { client async throws in
        // A call in progress on the same connection, which a protocol fault would end.
        async let other = client.echo(EchoService.pause, "1500")
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        let error = await #expect(throws: RPCError.self) {
          _ = try await client.echo(EchoService.get, String(repeating: "x", count: 4096), timeout: .seconds(20))
        }
        #expect(error?.code == .resourceExhausted)
        #expect(error?.message.contains("more than the frame limit of 1024 bytes") == true)
        // The server never heard of that call: nothing was waited for, and nothing sent about
        // it broke the connection.
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(try await other == "slept")
        #expect(try await client.echo(EchoService.get, "masih tersambung") == "masih tersambung")
      }
    }
  }

  @Test("a server that is not running gives UNAVAILABLE with the address and what to check")
  func unreachableServer() async throws {
    // Bind and release a port so nothing listens on it.
    let port = try await withEchoServer { address, _ in address }
    try await withEchoClient(port) { client async throws in
      let error = await #expect(throws: RPCError.self) { _ = try await client.echo(EchoService.get, "?") }
      #expect(error?.code == .unavailable)
      #expect(error?.message.contains("Cannot reach the Hadir server at \(port)") == true)
    }
  }

  @Test("graceful shutdown lets a call in progress finish and refuses new ones")
  func gracefulShutdown() async throws {
    let probe = Probe()
    try await withEchoServer(probe: probe) { address, transport in
      try await withEchoClient(address) { client async throws in
        async let slow = client.echo(EchoService.pause, "400")
        #expect(await probe.next("started"))
        transport.beginGracefulShutdown()
        #expect(try await slow == "slept")
        let error = await #expect(throws: RPCError.self) { _ = try await client.echo(EchoService.get, "late") }
        #expect(error?.code == .unavailable)
      }
    }
  }

  @Test("a client reconnects after the server closed an idle connection")
  func reconnectsAfterIdleClose() async throws {
    let configuration = WireConfiguration(idleTimeout: .milliseconds(200), agent: "test-server")
    try await withEchoServer(configuration: configuration) { address, _ in
      try await withEchoClient(address) { client async throws in
        #expect(try await client.echo(EchoService.get, "one") == "one")
        // Long after the server's idle GoAway, so that the client has seen it even on a busy
        // machine (a call that crosses the GoAway on the wire fails, as PROTOCOL.md says).
        try await Task.sleep(for: .seconds(2))
        #expect(try await client.echo(EchoService.get, "two") == "two")
      }
    }
  }
}
