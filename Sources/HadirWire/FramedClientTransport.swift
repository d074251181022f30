import GRPCCore
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A GRPCCore client transport that speaks Hadir's framed protocol to one server over TCP or
/// a Unix-domain socket.
///
/// It connects on the first call and again after the connection is lost or the server asks
/// it to go away, so a desk on unreliable Wi-Fi keeps working without a restart. A call made
/// while the server cannot be reached fails at once with UNAVAILABLE and a message that says
/// what to check.
public final class FramedClientTransport: ClientTransport {
  public typealias Bytes = [UInt8]

  private enum Phase {
    case idle
    case connecting
    case ready(ClientConnection)
    case shutdown
  }

  private struct State {
    var phase: Phase = .idle
    var waiters: [UInt64: CheckedContinuation<ClientConnection, any Error>] = [:]
    var nextWaiterID: UInt64 = 0
    var tlsContext: NIOSSLContext?
  }

  public let retryThrottle: RetryThrottle? = nil
  private let address: WireAddress
  private let tls: ClientTLS?
  private let configuration: WireConfiguration
  private let connectTimeout: Duration
  private let logger: Logger
  private let group: MultiThreadedEventLoopGroup
  private let state = Mutex(State())
  private let dialRequests: AsyncStream<Void>
  private let dialContinuation: AsyncStream<Void>.Continuation

  /// - Parameters:
  ///   - tls: how to trust the server on TCP; nil for plain frames. Ignored for Unix sockets.
  public init(
    address: WireAddress,
    tls: ClientTLS? = nil,
    configuration: WireConfiguration = WireConfiguration(agent: "hadir-swift-client"),
    connectTimeout: Duration = .seconds(5),
    logger: Logger = Logger(label: "hadir.wire.client"),
    eventLoopGroup: MultiThreadedEventLoopGroup = .singleton
  ) {
    self.address = address
    self.tls = tls
    self.configuration = configuration
    self.connectTimeout = connectTimeout
    self.logger = logger
    self.group = eventLoopGroup
    (self.dialRequests, self.dialContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
  }

  public func connect() async throws {
    await withDiscardingTaskGroup { group in
      for await _ in self.dialRequests {
        do {
          let connection = try await self.dial()
          group.addTask { await connection.run() }
        } catch {
          self.dialFailed(error)
        }
      }
      group.cancelAll()
    }
    self.failWaiters(RPCError(code: .unavailable, message: "The client is shutting down."))
  }

  public func beginGracefulShutdown() {
    let current = self.state.withLock { state -> ClientConnection? in
      defer { state.phase = .shutdown }
      if case .ready(let connection) = state.phase { return connection }
      return nil
    }
    self.dialContinuation.finish()
    current?.beginGracefulShutdown()
    self.failWaiters(RPCError(code: .unavailable, message: "The client is shutting down."))
  }

  public func withStream<T: Sendable>(
    descriptor: MethodDescriptor,
    options: CallOptions,
    _ closure: (RPCStream<Inbound, Outbound>, ClientContext) async throws -> T
  ) async throws -> T {
    let connection = try await self.readyConnection()
    guard let (id, responses) = await connection.openStream() else {
      throw TransportFailure(
        kind: .connectionLost, address: self.address, facts: [:],
        message: "The connection to the server is closing. Try again."
      ).rpcError
    }
    let requests = ClientStreamWriter(
      streamID: id, method: descriptor, writer: connection.writer, maxFrameSize: self.configuration.maxFrameSize,
      abandon: { error in connection.abandon(id, with: error) })
    let stream = RPCStream(
      descriptor: descriptor, inbound: Inbound(wrapping: CallResponses(parts: responses)), outbound: Outbound(wrapping: requests))
    let context = ClientContext(
      descriptor: descriptor, remotePeer: connection.remotePeer, localPeer: connection.localPeer)
    let result: Result<T, any Error>
    do {
      result = .success(try await closure(stream, context))
    } catch {
      result = .failure(error)
    }
    // Only a call whose head was written can be cancelled at the server.
    requests.heldHead.discard()
    await connection.closeStream(id, serverKnowsIt: requests.heldHead.wasWritten)
    return try result.get()
  }

  public func config(forMethod descriptor: MethodDescriptor) -> MethodConfig? {
    nil
  }

  // MARK: Connection management

  private enum Next {
    case use(ClientConnection)
    case fail(RPCError)
    case wait(dial: Bool)
  }

  private func readyConnection() async throws -> ClientConnection {
    // Usually the connection is there: no waiting to set up.
    let (ready, waiterID) = self.state.withLock { state -> (ClientConnection?, UInt64) in
      if case .ready(let connection) = state.phase { return (connection, 0) }
      defer { state.nextWaiterID += 1 }
      return (nil, state.nextWaiterID)
    }
    if let ready { return ready }
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        let next = self.state.withLock { state -> Next in
          switch state.phase {
          case .ready(let connection):
            return .use(connection)
          case .shutdown:
            return .fail(RPCError(code: .unavailable, message: "The client is shutting down."))
          case .idle:
            state.phase = .connecting
            state.waiters[waiterID] = continuation
            return .wait(dial: true)
          case .connecting:
            state.waiters[waiterID] = continuation
            return .wait(dial: false)
          }
        }
        switch next {
        case .use(let connection): continuation.resume(returning: connection)
        case .fail(let error): continuation.resume(throwing: error)
        case .wait(let dial): if dial { self.dialContinuation.yield() }
        }
      }
    } onCancel: {
      let waiter = self.state.withLock { $0.waiters.removeValue(forKey: waiterID) }
      waiter?.resume(throwing: CancellationError())
    }
  }

  /// Connects, and returns the connection, its pipeline in place.
  private func dial() async throws -> ClientConnection {
    let bootstrap = ClientBootstrap(group: self.group)
      .connectTimeout(.nanoseconds(Int64(self.connectTimeout.components.seconds) * 1_000_000_000
        + self.connectTimeout.components.attoseconds / 1_000_000_000))
    switch self.address {
    case .tcp(let host, let port):
      guard let tls = self.tls else {
        return try await bootstrap
          .channelOption(.tcpOption(.tcp_nodelay), value: 1)
          .connect(host: host, port: port) { channel in
            channel.eventLoop.makeCompletedFuture { try self.configureConnection(channel, explainFailure: { nil }) }
          }
      }
      let context = try self.tlsContext(tls)
      let observation = TLSHandshakeObservation()
      let address = self.address
      return try await bootstrap
        .channelOption(.tcpOption(.tcp_nodelay), value: 1)
        .connect(host: host, port: port) { channel in
          channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandlers(
              tls.makeHandler(context: context, host: host, observation: observation),
              TLSHandshakeRecorder(observation: observation))
            return try self.configureConnection(channel, explainFailure: { tls.explain(observation, address: address) })
          }
        }
    case .unix(let path):
      // A Unix socket never leaves the machine: it stays plain.
      return try await bootstrap.connect(unixDomainSocketPath: path) { channel in
        channel.eventLoop.makeCompletedFuture { try self.configureConnection(channel, explainFailure: { nil }) }
      }
    }
  }

  /// Adds the frame decoder and the connection that reads its frames; TLS, when used, is
  /// already in the pipeline.
  private func configureConnection(
    _ channel: any Channel, explainFailure: @escaping @Sendable () -> TransportFailure?
  ) throws -> ClientConnection {
    let connection = ClientConnection(
      channel: channel, configuration: self.configuration, address: self.address, explainFailure: explainFailure,
      onReady: { self.connectionReady($0) }, onDraining: { self.connectionDraining($0) }, logger: self.logger)
    try channel.pipeline.syncOperations.addHandlers(
      ByteToMessageHandler(FrameDecoder(maxFrameSize: self.configuration.maxFrameSize)),
      FrameReadingHandler(receiver: connection, pausesWhileUnwritable: false))
    return connection
  }

  /// The TLS context, made on the first connection and shared by the later ones.
  private func tlsContext(_ tls: ClientTLS) throws -> NIOSSLContext {
    if let context = self.state.withLock({ $0.tlsContext }) { return context }
    let context = try tls.makeContext(for: self.address)
    self.state.withLock { $0.tlsContext = context }
    return context
  }

  private func connectionReady(_ connection: ClientConnection) {
    let (waiters, unwanted) = self.state.withLock { state -> ([CheckedContinuation<ClientConnection, any Error>], Bool) in
      switch state.phase {
      case .connecting:
        state.phase = .ready(connection)
        defer { state.waiters.removeAll() }
        return (Array(state.waiters.values), false)
      case .shutdown, .idle, .ready:
        return ([], true)
      }
    }
    if unwanted { connection.beginGracefulShutdown() }
    for waiter in waiters { waiter.resume(returning: connection) }
  }

  /// Called when a connection stops taking calls. If it never became ready, the calls
  /// waiting for it fail now instead of waiting forever.
  private func connectionDraining(_ connection: ClientConnection) {
    let neverReady = self.state.withLock { state -> Bool in
      switch state.phase {
      case .ready(let current) where current === connection:
        state.phase = .idle
        return false
      case .connecting:
        state.phase = .idle
        return true
      default:
        return false
      }
    }
    if neverReady {
      let failure = connection.failure ?? TransportFailure(
        kind: .closedBeforeReady, address: self.address, facts: [:],
        message: "The connection to the Hadir server at \(self.address) closed before it was ready. Try again.")
      self.failWaiters(failure.rpcError)
    }
  }

  private func dialFailed(_ error: any Error) {
    self.logger.debug("connect failed: \(error)")
    self.state.withLock { state in
      if case .connecting = state.phase { state.phase = .idle }
    }
    if let failure = error as? TransportFailure {
      self.failWaiters(failure.rpcError)
      return
    }
    let cause = Self.explain(error)
    self.failWaiters(
      TransportFailure(
        kind: .unreachable, address: self.address, facts: ["hadir-cause": cause],
        message: "Cannot reach the Hadir server at \(self.address) (\(cause)). Check the address, that hadird is running there, and the network."
      ).rpcError)
  }

  private func failWaiters(_ error: RPCError) {
    let waiters = self.state.withLock { state in
      defer { state.waiters.removeAll() }
      return Array(state.waiters.values)
    }
    for waiter in waiters { waiter.resume(throwing: error) }
  }

  private static func explain(_ error: any Error) -> String {
    if let connectionError = error as? NIOConnectionError {
      if let first = connectionError.connectionErrors.first { return explain(first.error) }
      if connectionError.dnsAAAAError != nil || connectionError.dnsAError != nil { return "unknown host name" }
    }
    if let ioError = error as? IOError {
      switch ioError.errnoCode {
      case ECONNREFUSED: return "connection refused"
      case ENOENT: return "no such socket file"
      case EACCES: return "permission denied"
      case ETIMEDOUT: return "timed out"
      default: return "\(ioError)"
      }
    }
    if error is ChannelError { return "timed out" }
    return "\(error)"
  }
}
