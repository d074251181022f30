import ArgumentParser
import Foundation
import GRPCCore
import GRPCInProcessTransport
import HadirProto
import SwiftProtobuf
import HadirWire
import Histogram
import NIOCore
import NIOPosix

/// The framed transport against its floor and its peer, in one run: a raw loopback round
/// trip of the same bytes (no protocol at all), GRPCCore's in-process transport (no socket),
/// and the framed transport, the last two serving the same trivial GetServerInfo.
struct WireComparison: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "wire",
    abstract: "GetServerInfo over the framed transport against a raw loopback round trip and the in-process transport.",
    discussion: """
      The service answers GetServerInfo with a fixed message and nothing else (no token, no \
      interceptor, no database), so that only the transports differ. The raw round trip \
      writes a request of the size of the framed GetServerInfo request and reads an answer of \
      the size of its response over a plain TCP connection on loopback.
      """)

  @Option(help: "Comma-separated numbers of concurrent callers, one run each.")
  var connections: String = "1,16"
  @Option(help: "Seconds to measure each run.") var duration: Double = 4
  @Option(help: "Seconds of calls before each run, not counted.") var warmup: Double = 1

  func run() async throws {
    let counts = try parseConnectionCounts(connections)
    print("GetServerInfo: framed transport, raw loopback round trip, in-process; \(duration) s per run after \(warmup) s")
    print("machine: \(machineDescription())")
    var results: [String: [Int: RunResult]] = [:]

    let (requestSize, responseSize) = try Self.frameSizes()
    try await RawEcho.withServer(responseSize: responseSize) { port in
      for count in counts {
        results["raw", default: [:]][count] = try await measureCallers(
          connections: count, warmup: warmup, duration: duration,
          open: { body in try await RawEcho.connect(port: port, requestSize: requestSize, responseSize: responseSize, body) },
          call: { connection in try await connection.roundTrip() })
      }
    }

    let inProcess = InProcessTransport()
    try await withGRPCServer(transport: inProcess.server, services: [FixedAdmin()]) { _ in
      try await withGRPCClient(transport: inProcess.client) { client in
        let admin = Hadir_V1_Admin.Client(wrapping: client)
        for count in counts {
          results["in-process", default: [:]][count] = try await measureCallers(
            connections: count, warmup: warmup, duration: duration, open: { body in try await body(admin) },
            call: { admin in _ = try await admin.getServerInfo(Hadir_V1_GetServerInfoRequest()) })
        }
      }
    }

    let framed = FramedServerTransport(addresses: [.tcp(host: "127.0.0.1", port: 0)])
    try await withGRPCServer(transport: framed, services: [FixedAdmin()]) { _ in
      let address = try await framed.listeningAddresses()[0]
      for count in counts {
        results["framed", default: [:]][count] = try await measureCallers(
          connections: count, warmup: warmup, duration: duration,
          open: { body in
            try await withGRPCClient(transport: FramedClientTransport(address: address)) { client in
              try await body(Hadir_V1_Admin.Client(wrapping: client))
            }
          },
          call: { admin in _ = try await admin.getServerInfo(Hadir_V1_GetServerInfoRequest()) })
      }
    }

    print("transport    " + RunResult.header)
    for name in ["raw", "in-process", "framed"] {
      for count in counts { if let result = results[name]?[count] { print(name.padding(toLength: 13, withPad: " ", startingAt: 0) + result.row) } }
    }
    for count in counts {
      guard let framed = results["framed"]?[count], let raw = results["raw"]?[count],
        let inProcess = results["in-process"]?[count]
      else { continue }
      let p50 = Double(framed.latencies.valueAtPercentile(50)) / Double(max(1, raw.latencies.valueAtPercentile(50)))
      print(
        String(
          format: "%d callers: framed p50 = %.1fx the raw round trip; framed rate = %.2fx in-process", count, p50,
          framed.rate / inProcess.rate))
    }
  }

  /// The bytes of a GetServerInfo call each way, as the framed transport sends them.
  static func frameSizes() throws -> (Int, Int) {
    let info: [UInt8] = try FixedAdmin.info.serializedBytes()
    let sizes = try FrameLimits.unaryCallBytes(
      method: "/hadir.v1.Admin/GetServerInfo", requestBytes: 0, responseBytes: info.count, timeoutMicros: 0)
    return (sizes.sent, sizes.received)
  }
}

/// GetServerInfo with a fixed answer; the other methods are not served.
struct FixedAdmin: Hadir_V1_Admin.SimpleServiceProtocol {
  static let info: Hadir_V1_ServerInfo = {
    var info = Hadir_V1_ServerInfo()
    info.name = "hadird"
    info.version = "0.1.0"
    info.protocolVersion = 1
    info.uptimeSeconds = 42
    return info
  }()

  func getServerInfo(request: Hadir_V1_GetServerInfoRequest, context: ServerContext) async throws -> Hadir_V1_ServerInfo {
    Self.info
  }
  func createToken(request: Hadir_V1_CreateTokenRequest, context: ServerContext) async throws -> Hadir_V1_CreateTokenResponse {
    throw RPCError(code: .unimplemented, message: "not served")
  }
  func listTokens(request: Hadir_V1_ListTokensRequest, context: ServerContext) async throws -> Hadir_V1_ListTokensResponse {
    throw RPCError(code: .unimplemented, message: "not served")
  }
  func revokeToken(request: Hadir_V1_RevokeTokenRequest, context: ServerContext) async throws -> Hadir_V1_Token {
    throw RPCError(code: .unimplemented, message: "not served")
  }
}

/// A loopback server that answers every `requestSize` bytes with `responseSize` bytes: the
/// floor under any protocol on this machine.
enum RawEcho {
  static func withServer<T: Sendable>(responseSize: Int, _ body: (Int) async throws -> T) async throws -> T {
    let server = try await ServerBootstrap(group: .singletonMultiThreadedEventLoopGroup)
      .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
      .bind(host: "127.0.0.1", port: 0) { channel in
        channel.eventLoop.makeCompletedFuture {
          try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
      }
    let port = server.channel.localAddress?.port ?? 0
    return try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        try await server.executeThenClose { connections in
          try await withThrowingDiscardingTaskGroup { handlers in
            for try await connection in connections {
              handlers.addTask {
                try? await connection.executeThenClose { inbound, outbound in
                  let answer = ByteBuffer(repeating: 7, count: responseSize)
                  for try await _ in inbound { try await outbound.write(answer) }
                }
              }
            }
          }
        }
      }
      defer { group.cancelAll() }
      return try await body(port)
    }
  }

  /// One client connection, handed to `body`.
  static func connect(
    port: Int, requestSize: Int, responseSize: Int, _ body: (Connection) async throws -> Histogram<UInt64>
  ) async throws -> Histogram<UInt64> {
    let channel = try await ClientBootstrap(group: .singletonMultiThreadedEventLoopGroup)
      .channelOption(.tcpOption(.tcp_nodelay), value: 1)
      .connect(host: "127.0.0.1", port: port) { channel in
        channel.eventLoop.makeCompletedFuture {
          try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
      }
    return try await channel.executeThenClose { inbound, outbound in
      var iterator = inbound.makeAsyncIterator()
      let connection = Connection(
        send: { try await outbound.write(ByteBuffer(repeating: 1, count: requestSize)) },
        receive: {
          var received = 0
          while received < responseSize {
            guard let buffer = try await iterator.next() else { throw CancellationError() }
            received += buffer.readableBytes
          }
        })
      return try await body(connection)
    }
  }

  /// Writes one request and reads one whole answer.
  struct Connection {
    let send: () async throws -> Void
    let receive: () async throws -> Void

    func roundTrip() async throws {
      try await send()
      try await receive()
    }
  }
}
