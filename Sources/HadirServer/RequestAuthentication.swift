import GRPCCore
import HadirCore
import HadirStore
import Logging
import Synchronization

/// The credentials of the call being served, set by ``CallInterceptor`` for the handler.
enum RequestAuthentication {
  @TaskLocal static var current: Authentication = .anonymous

  /// The caller, or UNAUTHENTICATED.
  static func principal() throws(HadirError) -> Principal {
    try current.principal()
  }

  /// The caller, with one of `roles` and allowed to touch event `code`, and that event;
  /// or the error that says which of these is missing.
  static func caller(
    forEvent code: String, roles: Set<Role> = [.admin, .organizer, .desk], to action: String, in database: AppDatabase
  ) async throws -> (principal: Principal, event: Event) {
    let principal = try principal()
    try principal.require(roles, to: action)
    let eventCode = try EventCode.normalize(code)
    try principal.requireAccess(toEvent: eventCode)
    return (principal, try await database.event(code: eventCode))
  }
}

/// Runs around every call: resolves the bearer token (holding back the answer to wrong ones,
/// see ``FailedAuthentications``), ends the call if its token is revoked meanwhile, logs the
/// call (method, status and time, never personal data), and turns an unexpected error into
/// INTERNAL without leaking its details to the client.
final class CallInterceptor: ServerInterceptor {
  let issuer: TokenIssuer
  let revocations: Revocations
  let failures: Mutex<FailedAuthentications>
  let logger: Logger

  init(issuer: TokenIssuer, revocations: Revocations, logger: Logger, failedAuthentications: FailedAuthentications.Settings = .init()) {
    self.issuer = issuer
    self.revocations = revocations
    self.failures = Mutex(FailedAuthentications(settings: failedAuthentications))
    self.logger = logger
  }

  func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    let method = context.descriptor.fullyQualifiedMethod
    let started = ContinuousClock.now
    do {
      let authentication = try await self.authenticate(request.metadata, peer: context.remotePeer)
      var response = try await self.run(authentication, context) {
        try await RequestAuthentication.$current.withValue(authentication) {
          try await next(request, context)
        }
      }
      // A streaming response is produced after `next` returns: it needs the same
      // credentials and the same error handling.
      if case .success(var contents) = response.accepted {
        let producer = contents.producer
        contents.producer = { writer in
          do {
            let trailers = try await self.run(authentication, context) {
              try await RequestAuthentication.$current.withValue(authentication) {
                try await producer(writer)
              }
            }
            self.log(method, started, nil)
            return trailers
          } catch {
            throw self.reported(error, method: method, started: started)
          }
        }
        response.accepted = .success(contents)
      } else {
        self.log(method, started, nil)
      }
      return response
    } catch {
      throw self.reported(error, method: method, started: started)
    }
  }

  /// Runs `body`, ended at once if the caller's token is revoked meanwhile.
  private func run<T>(
    _ authentication: Authentication, _ context: ServerContext, _ body: () async throws -> T
  ) async throws -> T {
    guard case .authenticated(let principal) = authentication else { return try await body() }
    return try await revocations.run(forToken: principal.tokenID, handle: context.cancellation, body)
  }

  private func authenticate(_ metadata: Metadata, peer: String) async throws -> Authentication {
    guard let header = metadata[stringValues: "authorization"].first(where: { _ in true }) else { return .anonymous }
    let peer = Self.host(of: peer)
    guard failures.withLock({ $0.admits(peer) }) else {
      throw HadirError(
        .unauthenticated,
        "Too many wrong access tokens came from this address; wait a few seconds, then try again with the right token.")
    }
    let parts = header.split(separator: " ", maxSplits: 1)
    let authentication: Authentication
    if parts.count == 2, parts[0].lowercased() == "bearer" {
      authentication = try await issuer.authenticate(secret: String(parts[1]).trimmingCharacters(in: .whitespaces))
    } else {
      authentication = .rejected("The authorization header must be \"Bearer <token>\".")
    }
    guard case .rejected(let reason) = authentication else { return authentication }
    let elapsed = Self.epoch.duration(to: .now)
    let now = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let (delay, count) = failures.withLock { $0.failed(peer, at: now) }
    logger.warning(
      "authentication failed", metadata: ["peer": "\(peer)", "failures": "\(count)", "reason": "\(reason)"])
    defer { failures.withLock { $0.answered(peer) } }
    try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
    return authentication
  }

  private static let epoch = ContinuousClock.now

  /// The address without its port: every connection from one machine counts together.
  static func host(of peer: String) -> String {
    guard !peer.hasPrefix("unix:"), let colon = peer.lastIndex(of: ":") else { return peer }
    return String(peer[..<colon])
  }

  /// The error as the client should see it, logged once.
  private func reported(_ error: any Error, method: String, started: ContinuousClock.Instant) -> any Error {
    switch error {
    case let error as HadirError:
      self.log(method, started, RPCError(error).code)
      return error
    case let error as RPCError:
      self.log(method, started, error.code)
      return error
    case is CancellationError:
      self.log(method, started, .cancelled)
      return error
    default:
      if let failure = StorageFailure(error) {
        let answer = Self.answer(to: failure)
        self.logger.error("\(method) failed: \(answer.log) (\(error))")
        self.log(method, started, answer.error.code)
        return answer.error
      }
      self.logger.error("unexpected error in \(method): \(String(reflecting: error))")
      return RPCError(
        code: .internalError,
        message: "The server hit an unexpected problem and did not complete this request. It has been logged; try again, and tell your administrator if it persists.")
    }
  }

  /// What the client is told, and what the log says, when the database cannot do its part.
  private static func answer(to failure: StorageFailure) -> (error: RPCError, log: String) {
    switch failure {
    case .diskFull:
      return (
        RPCError(
          code: .resourceExhausted,
          message: "The server's disk is full, so this change was not saved. Tell your Hadir administrator to free space on the server; everything saved before is safe."),
        "the disk holding the database is full"
      )
    case .busy:
      return (
        RPCError(code: .unavailable, message: "The database is busy; try again in a moment."),
        "the database stayed locked by another connection or program"
      )
    case .fileGone(let path):
      return (
        RPCError(
          code: .unavailable,
          message: "The server's database file is gone, so nothing can be saved. Tell your Hadir administrator: the server must be restarted on its database file."),
        "the database file \(path) was deleted or replaced while the server was running; restart hadird on the right file"
      )
    case .unwritable:
      return (
        RPCError(
          code: .unavailable,
          message: "The server cannot write its database right now, so this change was not saved. Tell your Hadir administrator; the server's log says why."),
        "the database cannot be written"
      )
    }
  }
  private func log(_ method: String, _ started: ContinuousClock.Instant, _ code: RPCError.Code?) {
    let elapsed = ContinuousClock.now - started
    let millis = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
    self.logger.debug(
      "call", metadata: ["method": "\(method)", "status": "\(code.map { "\($0)" } ?? "ok")", "ms": "\(millis)"])
  }
}
