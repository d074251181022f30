import ArgumentParser
import Foundation
import HadirCore
import HadirServer
import HadirStore
import HadirWire
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// Runs the server until SIGTERM or SIGINT, then finishes the calls in progress.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Run the server (the default).")

  @OptionGroup var storage: DatabaseOptions

  @Option(name: .long, help: "TCP address to listen on, host:port. Use \"none\" to listen on the socket only.")
  var listen: String = environment("HADIR_LISTEN") ?? "127.0.0.1:7400"

  @Option(name: .long, help: "Also listen on this Unix-domain socket path.")
  var socket: String?

  private var socketPath: String? { socket ?? environment("HADIR_SOCKET") }

  @Option(name: .long, help: "Largest frame accepted from a client, in bytes.")
  var maxFrameSize: Int = environment("HADIR_MAX_FRAME_SIZE").flatMap(Int.init) ?? FrameLimits.defaultMaxFrameSize

  @Option(name: .long, help: "Largest invitee list accepted by an import, in bytes.")
  var maxImportSize: Int = environment("HADIR_MAX_IMPORT_SIZE").flatMap(Int.init) ?? HadirServer.defaultMaxImportBytes

  @Option(name: .long, help: "Seconds after which a connection with nothing to do is closed.")
  var idleTimeout: Int = environment("HADIR_IDLE_TIMEOUT").flatMap(Int.init) ?? 300

  @Option(name: .long, help: "Seconds that calls in progress get to finish after SIGTERM before the server stops anyway.")
  var shutdownGrace: Int = environment("HADIR_SHUTDOWN_GRACE").flatMap(Int.init) ?? 10

  @Option(
    name: .customLong("litestream-config"),
    help: ArgumentHelp(
      "The Litestream configuration that replicates this database, when hadird runs under `litestream replicate -exec`.",
      discussion: "hadir status then shows administrators how far the replica is.",
      valueName: "file"))
  var litestream: String?

  private var litestreamConfig: String? { litestream ?? environment("HADIR_LITESTREAM_CONFIG") }

  @Option(
    name: .customLong("metrics-listen"),
    help: ArgumentHelp(
      "Serve Prometheus metrics at http://HOST:PORT/metrics and a health check at /healthz.", valueName: "host:port"))
  var metricsListen: String?

  private var metricsAddress: String? { metricsListen ?? environment("HADIR_METRICS_LISTEN") }

  @Option(
    name: .customLong("tls"),
    help: ArgumentHelp(
      "auto: serve TCP over TLS with a self-signed certificate made on first start next to the database; desks pin its fingerprint, printed at start.",
      valueName: "auto"))
  var tlsMode: String?

  @Option(name: .customLong("tls-cert"), help: ArgumentHelp("Serve TCP over TLS with this PEM certificate (chain).", valueName: "file"))
  var tlsCertificate: String?

  @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "file"))
  var tlsKey: String?

  private var tlsSetting: String? { tlsMode ?? environment("HADIR_TLS") }
  private var certificatePath: String? { tlsCertificate ?? environment("HADIR_TLS_CERT") }
  private var keyPath: String? { tlsKey ?? environment("HADIR_TLS_KEY") }

  @Option(
    name: .customLong("grpc-listen"),
    help: ArgumentHelp(
      "Also serve the same services over standard gRPC (HTTP/2) here, for grpcurl and stock gRPC clients; TLS as above.",
      valueName: "host:port"))
  var grpcListen: String?

  private var grpcAddress: String? { grpcListen ?? environment("HADIR_GRPC_LISTEN") }

  @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical.")
  var logLevel: Logger.Level = environment("HADIR_LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .info

  func validate() throws {
    guard (1024...(256 << 20)).contains(maxFrameSize) else {
      throw ValidationError("--max-frame-size must be from 1024 to 268435456 bytes, not \(maxFrameSize).")
    }
    guard maxImportSize >= 1024 else { throw ValidationError("--max-import-size must be at least 1024 bytes.") }
    guard idleTimeout >= 1 else { throw ValidationError("--idle-timeout must be at least 1 second.") }
    guard (0...3600).contains(shutdownGrace) else {
      throw ValidationError("--shutdown-grace must be from 0 to 3600 seconds, not \(shutdownGrace).")
    }
    if let mode = tlsSetting, mode != "auto" {
      throw ValidationError("--tls takes auto (a certificate made by hadird), not \"\(mode)\"; for your own certificate give --tls-cert and --tls-key.")
    }
    if (certificatePath == nil) != (keyPath == nil) {
      throw ValidationError("Give --tls-cert and --tls-key together: the certificate and its private key.")
    }
    if certificatePath != nil && tlsSetting != nil {
      throw ValidationError("Give either --tls auto or --tls-cert and --tls-key, not both.")
    }
    if listen == "none" && socketPath == nil {
      throw ValidationError("With --listen none, give --socket PATH, or the server listens nowhere.")
    }
  }

  func run() async throws {
    var addresses: [WireAddress] = []
    do {
      if listen != "none" { addresses.append(try WireAddress(parsing: listen)) }
      if let socketPath { addresses.append(.unix(path: socketPath)) }
    } catch {
      throw ValidationError("\(error)")
    }
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = logLevel
      return handler
    }
    let logger = Logger(label: "hadird")
    createFilesPrivately()
    returnLargeBuffersToTheSystem()
    // Metrics are collected only when someone may read them.
    var metrics: (host: String, port: Int, registry: PrometheusCollectorRegistry)?
    if let metricsAddress {
      guard case .tcp(let host, let port) = try? WireAddress(parsing: metricsAddress) else {
        throw ValidationError("--metrics-listen takes HOST:PORT, e.g. 127.0.0.1:9400; not \"\(metricsAddress)\".")
      }
      let registry = PrometheusCollectorRegistry()
      MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
      metrics = (host, port, registry)
    }

    do {
      _ = try ServerLock(forDatabase: storage.database)
    } catch {
      logger.critical("\(error)")
      throw ExitCode(3)
    }

    let replica = litestreamConfig.map { config in
      LitestreamProbe(
        configPath: config, databasePath: URL(fileURLWithPath: storage.database).standardizedFileURL.path)
    }
    if let replica, let litestreamConfig {
      if replica.runsUnderLitestream {
        logger.notice("replicated by Litestream (configuration \(litestreamConfig)); Litestream does the WAL checkpoints")
      } else {
        logger.warning(
          "--litestream-config is set but hadird was not started by `litestream replicate -exec`; make sure Litestream runs, or changes are not replicated")
      }
    }

    let tls: ServerTLS?
    do {
      tls = try self.serverTLS(addresses: addresses, logger: logger)
    } catch {
      logger.critical("\(error)")
      throw ExitCode(3)
    }
    var grpcHostPort: (host: String, port: Int)?
    if let grpcAddress {
      guard case .tcp(let host, let port) = try? WireAddress(parsing: grpcAddress),
        let address = host == "localhost" ? "127.0.0.1" : (WireAddress.ipAddressBytes(host) != nil ? host : nil)
      else {
        throw ValidationError(
          "--grpc-listen takes an IP address and a port, e.g. 127.0.0.1:7401 or 0.0.0.0:7401; not \"\(grpcAddress)\".")
      }
      grpcHostPort = (address, port)
    }

    let database: AppDatabase
    do {
      database = try AppDatabase.onFile(
        storage.database, checkpoints: replica?.runsUnderLitestream == true ? .elsewhere : .inBackground)
    } catch {
      logger.critical("cannot open the database \(storage.database): \(error)")
      throw ExitCode(3)
    }
    try await FirstAdminToken.issueIfNeeded(database: database, databasePath: storage.database, logger: logger)

    let server = HadirServer(
      database: database,
      addresses: addresses,
      tls: tls,
      grpcAddress: grpcHostPort,
      wire: WireConfiguration(
        maxFrameSize: maxFrameSize, idleTimeout: .seconds(idleTimeout), agent: "hadird/\(HadirVersion.current)"),
      logger: logger,
      maxImportBytes: maxImportSize,
      replication: { await replica?.status() ?? .none })
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
      .init(service: ServerService(server: server, logger: logger))
    ]
    if let metrics {
      services.append(
        .init(
          service: MetricsEndpoint(
            host: metrics.host, port: metrics.port, registry: metrics.registry, database: database,
            databasePath: storage.database, logger: logger)))
    }
    var configuration = ServiceGroupConfiguration(
      services: services,
      gracefulShutdownSignals: [.sigterm, .sigint],
      logger: logger)
    // Calls still running after the grace period are cancelled, and the server exits.
    configuration.maximumGracefulShutdownDuration = .seconds(shutdownGrace)
    configuration.maximumCancellationDuration = .seconds(5)
    let group = ServiceGroup(configuration: configuration)
    do {
      try await group.run()
    } catch let failure as ListenFailure {
      logger.critical("\(Self.advice(for: failure, grpc: grpcHostPort.map { WireAddress.tcp(host: $0.host, port: $0.port) }))")
      throw ExitCode(3)
    }
  }

  /// The certificate TCP listeners use: the operator's own (--tls-cert, --tls-key), or with
  /// --tls auto one made next to the database. Its fingerprint is printed, for desks to pin.
  private func serverTLS(addresses: [WireAddress], logger: Logger) throws -> ServerTLS? {
    let tls: ServerTLS
    if let certificate = certificatePath, let key = keyPath {
      tls = try ServerTLS(certificateFile: certificate, keyFile: key)
    } else if tlsSetting == "auto" {
      let ipAddresses = addresses.compactMap { address -> String? in
        guard case .tcp(let host, _) = address, host != "0.0.0.0", host != "::" else { return nil }
        return host
      }
      let (automatic, created) = try ServerTLS.automatic(
        certificateFile: storage.database + "-tls-cert.pem", keyFile: storage.database + "-tls-key.pem",
        hostNames: [ProcessInfo.processInfo.hostName], ipAddresses: ipAddresses)
      if created {
        logger.notice("made a new self-signed TLS certificate \(automatic.certificateFile); desks pinned to an earlier one need the new fingerprint")
      }
      tls = automatic
    } else {
      return nil
    }
    logger.notice(
      "TLS certificate \(tls.certificateFile), valid until \(VenueClock.utc.day(at: tls.notValidAfter)), fingerprint \(tls.fingerprint)")
    // On standard output too, for the operator to hand to the desks: with the address they
    // use when it is a definite one.
    let server = addresses.lazy.compactMap { address -> String? in
      guard case .tcp(let host, let port) = address, port != 0, host != "0.0.0.0", host != "::" else { return nil }
      return address.description
    }.first ?? "HOST:PORT"
    FileHandle.standardOutput.write(
      Data("TLS fingerprint: \(tls.fingerprint)\nDesks connect with: hadir --server \(server) --tls-pin \(tls.fingerprint) …\n".utf8))
    return tls
  }

  /// What an operator should do when the server cannot listen.
  static func advice(for failure: ListenFailure, grpc: WireAddress? = nil) -> String {
    switch failure {
    case .addressInUse(let address) where address == grpc:
      "Cannot serve gRPC on \(address): the address is already in use. Pass --grpc-listen HOST:PORT with a free port (or set HADIR_GRPC_LISTEN)."
    case .addressInUse(let address):
      "Cannot listen on \(address): the address is already in use, perhaps by another hadird. Stop that server, or pass --listen HOST:PORT with a free port (or set HADIR_LISTEN)."
    case .socketInUse(let path):
      "Cannot listen on the socket \(path): a server already answers there, or the path is not a socket. Stop that server, or pass --socket with another path."
    case .permissionDenied(let address):
      "Cannot listen on \(address): this account is not allowed to. Use a port from 1024 up, or a socket in a folder this account can write."
    }
  }
}

/// The server as a ServiceLifecycle service: graceful shutdown lets calls in progress end.
struct ServerService: Service {
  let server: HadirServer
  let logger: Logger

  func run() async throws {
    try await withGracefulShutdownHandler {
      try await withThrowingDiscardingTaskGroup { group in
        group.addTask { try await server.serve() }
        let addresses = try await server.listeningAddresses()
        logger.notice("hadird \(HadirVersion.current) listening on \(addresses.map(\.description).joined(separator: " and "))")
        if let grpc = await server.grpcListeningAddress() {
          logger.notice("standard gRPC (HTTP/2) on \(grpc)")
        }
      }
    } onGracefulShutdown: {
      logger.notice("shutting down: finishing calls in progress")
      server.beginGracefulShutdown()
    }
  }
}
