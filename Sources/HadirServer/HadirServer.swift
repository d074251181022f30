import Foundation
import GRPCCore
import HadirCore
import HadirStore
import HadirWire
import Logging

/// A Hadir server: the services over the framed transport, on one database.
public final class HadirServer: Sendable {
  /// 64 MiB: far above any real invitee list (100,000 people is about 10 MB).
  public static let defaultMaxImportBytes = 64 << 20

  private let server: GRPCServer<FramedServerTransport>
  private let transport: FramedServerTransport
  private let feed: ChangeFeed

  /// - Parameters:
  ///   - addresses: where to listen; TCP port 0 picks a free port (see ``listeningAddresses()``).
  ///   - maxImportBytes: the largest invitee list accepted by an import.
  ///   - failedAuthentications: how wrong tokens are slowed down (see ``FailedAuthentications``).
  ///   - replication: how far the database's replica is (see ``LitestreamProbe``); shown
  ///     to administrators.
  ///   - now: the clock; tests set it to check day boundaries.
  public init(
    database: AppDatabase,
    addresses: [WireAddress],
    wire: WireConfiguration = WireConfiguration(agent: "hadird/\(HadirVersion.current)"),
    logger: Logger = Logger(label: "hadir.server"),
    maxImportBytes: Int = HadirServer.defaultMaxImportBytes,
    failedAuthentications: FailedAuthentications.Settings = .init(),
    replication: @escaping @Sendable () async -> Replication = { .none },
    now: @escaping @Sendable () -> Date = Date.init
  ) {
    let issuer = TokenIssuer(database: database, logger: logger)
    let feed = ChangeFeed(database: database, now: now)
    let revocations = Revocations()
    self.feed = feed
    self.transport = FramedServerTransport(addresses: addresses, configuration: wire, logger: logger)
    self.server = GRPCServer(
      transport: transport,
      services: [
        AdminService(database: database, issuer: issuer, revocations: revocations, startedAt: .now,
          replication: replication),
        EventsService(database: database, feed: feed),
        RegistrationsService(
          database: database, feed: feed, now: now,
          importer: InviteeImporter(
            database: database, feed: feed, now: now, maxBytes: maxImportBytes, logger: logger)),
        DeskService(database: database, feed: feed, now: now),
        AgendaService(database: database, now: now),
      ],
      interceptors: [CallInterceptor(
          issuer: issuer, revocations: revocations, logger: logger, failedAuthentications: failedAuthentications)])
  }

  /// Serves until ``beginGracefulShutdown()`` is called and every open call has finished.
  public func serve() async throws {
    try await server.serve()
  }

  /// Stops accepting connections and calls, tells clients to go away, and lets the calls
  /// in progress finish.
  public func beginGracefulShutdown() {
    server.beginGracefulShutdown()
    // Live screens never end by themselves: end them, so that the server can stop.
    feed.shutDown()
  }

  /// The addresses the server listens on, once it does (with real port numbers).
  public func listeningAddresses() async throws -> [WireAddress] {
    try await transport.listeningAddresses()
  }
}
