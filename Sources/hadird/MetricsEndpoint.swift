import Foundation
import HadirStore
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import ServiceLifecycle

/// What operators watch, over plain HTTP (`hadird --metrics-listen HOST:PORT`): `/metrics`
/// in Prometheus's text format, and `/healthz`, which answers 200 only while the database
/// can be written.
struct MetricsEndpoint: Service {
  let host: String
  let port: Int
  let registry: PrometheusCollectorRegistry
  let database: AppDatabase
  let databasePath: String
  let logger: Logger

  private typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

  func run() async throws {
    let server = try await ServerBootstrap(group: .singletonMultiThreadedEventLoopGroup)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .bind(host: host, port: port) { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.configureHTTPServerPipeline()
          return try Connection(wrappingChannelSynchronously: channel)
        }
      }
    let bound = server.channel.localAddress?.port ?? port
    logger.notice("metrics at http://\(host):\(bound)/metrics, health at http://\(host):\(bound)/healthz")
    try await withGracefulShutdownHandler {
      try await server.executeThenClose { connections in
        try await withThrowingDiscardingTaskGroup { group in
          for try await connection in connections {
            group.addTask { await self.serve(connection) }
          }
        }
      }
    } onGracefulShutdown: {
      server.channel.close(promise: nil)
    }
  }

  /// Answers one request and closes the connection, so that no idle connection holds the
  /// server up when it stops.
  private func serve(_ connection: Connection) async {
    try? await connection.executeThenClose { inbound, outbound in
      var path = ""
      for try await part in inbound {
        switch part {
        case .head(let head): path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
        case .body: break
        case .end:
          let (status, body) = await answer(path)
          var headers = HTTPHeaders()
          headers.add(name: "Content-Type", value: path == "/metrics" ? "text/plain; version=0.0.4" : "text/plain")
          headers.add(name: "Content-Length", value: "\(body.utf8.count)")
          headers.add(name: "Connection", value: "close")
          try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
          try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
          try await outbound.write(.end(nil))
          return
        }
      }
    }
  }

  private func answer(_ path: String) async -> (HTTPResponseStatus, String) {
    switch path {
    case "/metrics":
      Gauge(label: "hadir_database_bytes").record(Self.size(of: databasePath) + Self.size(of: databasePath + "-wal"))
      return (.ok, registry.emitToString())
    case "/healthz":
      do {
        try await database.checkWritable()
        return (.ok, "ok\n")
      } catch {
        return (.serviceUnavailable, "the database cannot be written: \(StorageFailure(error).map { "\($0)" } ?? "\(error)")\n")
      }
    default:
      return (.notFound, "Try /metrics or /healthz.\n")
    }
  }

  private static func size(of path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
  }
}
