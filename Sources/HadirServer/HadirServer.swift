import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import HadirCore
import HadirStore
import HadirWire
import Logging

/// A Hadir server: the services over the framed transport, and optionally over standard
/// gRPC (HTTP/2), on one database.
public final class HadirServer: Sendable {
  /// 64 MiB: far above any real invitee list (100,000 people is about 10 MB).
  public static let defaultMaxImportBytes = 64 << 20

  private let server: GRPCServer<FramedServerTransport>
  private let transport: FramedServerTransport
  private let grpcServer: GRPCServer<HTTP2ServerTransport.Posix>?
  private let grpcAddress: WireAddress?
  private let feed: ChangeFeed

  /// - Parameters:
  ///   - addresses: where to listen; TCP port 0 picks a free port (see ``listeningAddresses()``).
  ///   - tls: the certificate TCP listeners (framed and gRPC) prove the server with; nil
  ///     for none. Unix sockets stay plain.
  ///   - grpcAddress: where to serve the same services over standard gRPC, for stock gRPC
  ///     clients and tools (TCP only; see ``grpcListeningAddress()``); nil for nowhere.
  ///   - maxImportBytes: the largest invitee list accepted by an import.
  ///   - failedAuthentications: how wrong tokens are slowed down (see ``FailedAuthentications``).
  ///   - replication: how far the database's replica is (see ``LitestreamProbe``); shown
  ///     to administrators.
  ///   - now: the clock; tests set it to check day boundaries.
  public init(
    database: AppDatabase,
    addresses: [WireAddress],
    tls: ServerTLS? = nil,
    grpcAddress: (host: String, port: Int)? = nil,
    wire: WireConfiguration = WireConfiguration(agent: "hadird/\(HadirVersion.current)"),
    logger: Logger = Logger(label: "hadir.server"),
    maxImportBytes: Int = HadirServer.defaultMaxImportBytes,
    failedAuthentications: FailedAuthentications.Settings = .init(),
    replication: @escaping @Sendable () async -> Replication = { .none },
    now: @escaping @Sendable () -> Date = Date.init
  ) {
    let clock = now
    // Times to the millisecond, as the database keeps them: a time given in an answer is
    // the time read back later.
    let now: @Sendable () -> Date = { clock().toTheMillisecond }
    let issuer = TokenIssuer(database: database, logger: logger)
    let feed = ChangeFeed(database: database, now: now)
    let revocations = Revocations()
    self.feed = feed
    let services: [any RegistrableRPCService] = [
      AdminService(database: database, issuer: issuer, revocations: revocations, startedAt: .now,
        replication: replication, now: now),
      EventsService(database: database, feed: feed, now: now),
      RegistrationsService(
        database: database, feed: feed, now: now,
        importer: InviteeImporter(
          database: database, feed: feed, now: now, maxBytes: maxImportBytes, logger: logger)),
      DeskService(database: database, feed: feed, now: now),
      AgendaService(database: database, now: now),
    ]
    // One interceptor for both transports: a wrong token slows down its sender on either.
    let interceptors = [CallInterceptor(
      issuer: issuer, revocations: revocations, logger: logger, failedAuthentications: failedAuthentications)]
    var wire = wire
    wire.describeRefusal = TransportRefusal.inCallerLanguage
    self.transport = FramedServerTransport(addresses: addresses, tls: tls, configuration: wire, logger: logger)
    self.server = GRPCServer(transport: transport, services: services, interceptors: interceptors)
    self.grpcAddress = grpcAddress.map { .tcp(host: $0.host, port: $0.port) }
    self.grpcServer = grpcAddress.map { address in
      GRPCServer(
        transport: HTTP2ServerTransport.Posix(
          address: address.host.contains(":")
            ? .ipv6(host: address.host, port: address.port) : .ipv4(host: address.host, port: address.port),
          transportSecurity: tls.map { tls in
            .tls(
              certificateChain: [.file(path: tls.certificateFile, format: .pem)],
              privateKey: .file(path: tls.keyFile, format: .pem))
          } ?? .plaintext,
          config: .defaults { $0.rpc.maxRequestPayloadSize = wire.maxFrameSize }),
        services: services, interceptors: interceptors)
    }
  }

  /// Serves until ``beginGracefulShutdown()`` is called and every open call has finished.
  public func serve() async throws {
    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await self.server.serve() }
      if let grpcServer = self.grpcServer, let address = self.grpcAddress {
        group.addTask {
          do {
            try await grpcServer.serve()
          } catch {
            // A port in use or not allowed is said as for the framed listeners.
            throw ListenFailure.from(Self.rootCause(error), binding: address) ?? error
          }
        }
      }
    }
  }

  private static func rootCause(_ error: any Error) -> any Error {
    if let runtime = error as? RuntimeError, let cause = runtime.cause { return rootCause(cause) }
    return error
  }

  /// Stops accepting connections and calls, tells clients to go away, and lets the calls
  /// in progress finish.
  public func beginGracefulShutdown() {
    server.beginGracefulShutdown()
    grpcServer?.beginGracefulShutdown()
    // Live screens never end by themselves: end them, so that the server can stop.
    feed.shutDown()
  }

  /// The addresses the server listens on, once it does (with real port numbers).
  public func listeningAddresses() async throws -> [WireAddress] {
    try await transport.listeningAddresses()
  }

  /// Where standard gRPC is served, once it is (with the real port); nil when it is not.
  public func grpcListeningAddress() async -> WireAddress? {
    guard let grpcServer else { return nil }
    // When binding failed, ``serve()`` reports why; here there is just no address.
    guard let address = try? await grpcServer.listeningAddress else { return nil }
    if let ipv4 = address.ipv4 { return .tcp(host: ipv4.host, port: ipv4.port) }
    if let ipv6 = address.ipv6 { return .tcp(host: ipv6.host, port: ipv6.port) }
    return nil
  }
}
