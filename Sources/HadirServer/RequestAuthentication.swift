import GRPCCore
import HadirCore
import HadirStore
import Logging
import Metrics
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
    forEvent code: String, roles: Set<Role> = [.admin, .organizer, .desk], to action: Action, in database: AppDatabase
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
    let language = CallLanguage.of(request.metadata)
    do {
      let authentication = try await self.authenticate(request.metadata, peer: context.remotePeer)
      var response = try await self.run(authentication, context) {
        try await RequestAuthentication.$current.withValue(authentication) {
          try await CallLanguage.$current.withValue(language) {
            try await next(request, context)
          }
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
                try await CallLanguage.$current.withValue(language) {
                  try await producer(writer)
                }
              }
            }
            self.log(method, started, nil)
            return trailers
          } catch {
            throw self.reported(error, method: method, language: language, started: started)
          }
        }
        response.accepted = .success(contents)
      } else {
        self.log(method, started, nil)
      }
      return response
    } catch {
      throw self.reported(error, method: method, language: language, started: started)
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
      throw HadirError(.unauthenticated, Notice(.tooManyWrongTokens))
    }
    let parts = header.split(separator: " ", maxSplits: 1)
    let authentication: Authentication
    if parts.count == 2, parts[0].lowercased() == "bearer" {
      authentication = try await issuer.authenticate(secret: String(parts[1]).trimmingCharacters(in: .whitespaces))
    } else {
      authentication = .rejected(Notice(.authorizationMalformed))
    }
    guard case .rejected(let reason) = authentication else { return authentication }
    let elapsed = Self.epoch.duration(to: .now)
    let now = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let (delay, count) = failures.withLock { $0.failed(peer, at: now) }
    logger.warning(
      "authentication failed", metadata: ["peer": "\(peer)", "failures": "\(count)", "reason": "\(reason.reason)"])
    defer { failures.withLock { $0.answered(peer) } }
    try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
    return authentication
  }

  private static let epoch = ContinuousClock.now

  /// The address without its port: every connection from one machine counts together.
  /// The address a peer calls from, without its port, the same on both transports: the
  /// framed one names a peer "10.0.0.5:1234", standard gRPC "ipv4:10.0.0.5:1234" or
  /// "ipv6:[::1]:1234", so that wrong tokens slow their sender down on either.
  static func host(of peer: String) -> String {
    if peer.hasPrefix("ipv6:["), let close = peer.firstIndex(of: "]") {
      return String(peer[peer.index(peer.startIndex, offsetBy: 6)..<close])
    }
    let address = peer.hasPrefix("ipv4:") ? String(peer.dropFirst(5)) : peer
    guard !address.hasPrefix("unix:"), let colon = address.lastIndex(of: ":") else { return address }
    return String(address[..<colon])
  }

  /// The error as the client should see it, logged once.
  private func reported(
    _ error: any Error, method: String, language: Language, started: ContinuousClock.Instant
  ) -> any Error {
    switch error {
    case let error as HadirError:
      let answer = error.rpcError(in: language)
      self.log(method, started, answer.code)
      return answer
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
        let refusal = answer.error.rpcError(in: language)
        self.log(method, started, refusal.code)
        return refusal
      }
      self.logger.error("unexpected error in \(method): \(String(reflecting: error))")
      var problem = HadirError(.unavailable, Notice(.unexpectedProblem)).rpcError(in: language)
      problem.code = .internalError
      return problem
    }
  }

  /// What the client is told, and what the log says, when the database cannot do its part.
  private static func answer(to failure: StorageFailure) -> (error: HadirError, log: String) {
    switch failure {
    case .diskFull:
      return (HadirError(.exhausted, Notice(.diskFull)), "the disk holding the database is full")
    case .busy:
      return (
        HadirError(.unavailable, Notice(.databaseBusy)), "the database stayed locked by another connection or program"
      )
    case .fileGone(let path):
      return (
        HadirError(.unavailable, Notice(.databaseGone)),
        "the database file \(path) was deleted or replaced while the server was running; restart hadird on the right file"
      )
    case .unwritable:
      return (HadirError(.unavailable, Notice(.databaseUnwritable)), "the database cannot be written")
    }
  }
  private func log(_ method: String, _ started: ContinuousClock.Instant, _ code: RPCError.Code?) {
    let elapsed = ContinuousClock.now - started
    // For operators (hadird --metrics-listen): calls by method and status, and their time.
    Counter(label: "hadir_calls_total", dimensions: [("method", method), ("code", code.map { "\($0)" } ?? "ok")]).increment()
    Metrics.Timer(label: "hadir_call_duration_seconds", dimensions: [("method", method)])
      .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    let millis = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
    self.logger.debug(
      "call", metadata: ["method": "\(method)", "status": "\(code.map { "\($0)" } ?? "ok")", "ms": "\(millis)"])
  }
}
