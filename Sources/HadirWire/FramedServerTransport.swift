import GRPCCore
import Logging
import Metrics
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A GRPCCore server transport that carries calls as length-prefixed protobuf frames over
/// TCP and Unix-domain sockets (see docs/PROTOCOL.md).
///
/// One transport may listen on several addresses at once, for example loopback TCP for
/// the desks and a Unix socket for local administration.
public final class FramedServerTransport: ServerTransport {
  public typealias Bytes = [UInt8]

  private struct State {
    var listeners: [any Channel] = []
    var boundAddresses: Result<[WireAddress], any Error>?
    var addressWaiters: [CheckedContinuation<[WireAddress], any Error>] = []
    var connections: [ObjectIdentifier: ServerConnection] = [:]
    var shuttingDown = false
  }

  private let addresses: [WireAddress]
  private let tls: ServerTLS?
  private let configuration: WireConfiguration
  private let logger: Logger
  private let group: MultiThreadedEventLoopGroup
  private let state = Mutex(State())

  /// - Parameters:
  ///   - tls: the certificate that TCP listeners prove the server with; nil for plain
  ///     frames. Unix sockets stay plain.
  public init(
    addresses: [WireAddress],
    tls: ServerTLS? = nil,
    configuration: WireConfiguration = WireConfiguration(agent: "hadird"),
    logger: Logger = Logger(label: "hadir.wire.server"),
    eventLoopGroup: MultiThreadedEventLoopGroup = .singleton
  ) {
    precondition(!addresses.isEmpty, "a server transport needs at least one address")
    self.addresses = addresses
    self.tls = tls
    self.configuration = configuration
    self.logger = logger
    self.group = eventLoopGroup
  }

  /// The addresses actually bound, once listening (a TCP port of 0 becomes the real port).
  /// Throws the bind error if listening failed.
  public func listeningAddresses() async throws -> [WireAddress] {
    try await withCheckedThrowingContinuation { continuation in
      let ready = self.state.withLock { state -> Result<[WireAddress], any Error>? in
        if let bound = state.boundAddresses { return bound }
        state.addressWaiters.append(continuation)
        return nil
      }
      if let ready { continuation.resume(with: ready) }
    }
  }

  public func listen(
    streamHandler: @escaping @Sendable (RPCStream<Inbound, Outbound>, ServerContext) async -> Void
  ) async throws {
    let listeners: [NIOAsyncChannel<ServerConnection, Never>]
    do {
      listeners = try await self.bindAll()
    } catch {
      self.publishAddresses(.failure(error))
      throw error
    }
    let stopAtOnce = self.state.withLock { state -> Bool in
      state.listeners = listeners.map(\.channel)
      return state.shuttingDown
    }
    self.publishAddresses(.success(listeners.map { Self.address(of: $0.channel) }))
    if stopAtOnce {
      for listener in listeners { listener.channel.close(promise: nil) }
    }
    for listener in listeners {
      self.logger.info("listening", metadata: ["address": "\(Self.address(of: listener.channel))"])
    }

    try await withThrowingDiscardingTaskGroup { group in
      for listener in listeners {
        group.addTask {
          try await listener.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { connections in
              for try await connection in inbound {
                connections.addTask {
                  await self.serve(connection, handler: streamHandler)
                }
              }
            }
          }
        }
      }
    }
  }

  /// Stops accepting connections and asks every connection to go away once its calls end.
  public func beginGracefulShutdown() {
    let (listeners, connections) = self.state.withLock { state in
      state.shuttingDown = true
      return (state.listeners, Array(state.connections.values))
    }
    for listener in listeners { listener.close(promise: nil) }
    for connection in connections { connection.beginGracefulShutdown() }
  }

  private func serve(
    _ connection: ServerConnection,
    handler: @escaping @Sendable (RPCStream<Inbound, Outbound>, ServerContext) async -> Void
  ) async {
    // For operators (hadird --metrics-listen): connections open now.
    let open = Meter(label: "hadir_open_connections")
    open.increment()
    defer { open.decrement() }
    let key = ObjectIdentifier(connection)
    let shuttingDown = self.state.withLock { state in
      state.connections[key] = connection
      return state.shuttingDown
    }
    if shuttingDown { connection.beginGracefulShutdown() }
    await connection.run(handler: handler)
    self.state.withLock { _ = $0.connections.removeValue(forKey: key) }
  }

  private func bindAll() async throws -> [NIOAsyncChannel<ServerConnection, Never>] {
    var bound: [NIOAsyncChannel<ServerConnection, Never>] = []
    do {
      for address in self.addresses {
        bound.append(try await self.bind(address))
      }
    } catch {
      for channel in bound { try? await channel.channel.close() }
      throw error
    }
    return bound
  }

  private func bind(_ address: WireAddress) async throws -> NIOAsyncChannel<ServerConnection, Never> {
    let configuration = self.configuration
    let logger = self.logger
    let bootstrap = ServerBootstrap(group: self.group)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .serverChannelOption(.backlog, value: 256)
    do {
      switch address {
      case .tcp(let host, let port):
        let tls = self.tls
        return try await bootstrap
          .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
          .bind(host: host, port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
              let pipeline = channel.pipeline.syncOperations
              try pipeline.addHandler(TLSDetector(expectsTLS: tls != nil, logger: logger))
              if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls.context)) }
              return try Self.configureConnection(channel, configuration: configuration, logger: logger)
            }
          }
      case .unix(let path):
        try SocketFile.clearIfStale(path)
        return try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false) { channel in
          channel.eventLoop.makeCompletedFuture {
            try Self.configureConnection(channel, configuration: configuration, logger: logger)
          }
        }
      }
    } catch {
      throw ListenFailure.from(error, binding: address) ?? error
    }
  }

  /// Adds the frame decoder and the connection that reads its frames; TLS, when used, is
  /// already in the pipeline.
  static func configureConnection(
    _ channel: any Channel, configuration: WireConfiguration, logger: Logger
  ) throws -> ServerConnection {
    let connection = ServerConnection(channel: channel, configuration: configuration, logger: logger)
    try channel.pipeline.syncOperations.addHandlers(
      ByteToMessageHandler(FrameDecoder(maxFrameSize: configuration.maxFrameSize)),
      FrameReadingHandler(receiver: connection, pausesWhileUnwritable: true))
    return connection
  }

  private func publishAddresses(_ result: Result<[WireAddress], any Error>) {
    let waiters = self.state.withLock { state in
      state.boundAddresses = result
      defer { state.addressWaiters.removeAll() }
      return state.addressWaiters
    }
    for waiter in waiters { waiter.resume(with: result) }
  }

  private static func address(of channel: any Channel) -> WireAddress {
    switch channel.localAddress {
    case .some(.unixDomainSocket(let socket)):
      return .unix(path: SocketAddress.unixDomainSocket(socket).pathname ?? "")
    case .some(let address):
      return .tcp(host: address.ipAddress ?? "?", port: address.port ?? 0)
    case .none:
      return .tcp(host: "?", port: 0)
    }
  }
}

