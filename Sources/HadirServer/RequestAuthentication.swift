import GRPCCore
import HadirCore
import HadirStore
import Logging

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
  ) throws -> (principal: Principal, event: Event) {
    let principal = try principal()
    try principal.require(roles, to: action)
    let eventCode = try EventCode.normalize(code)
    try principal.requireAccess(toEvent: eventCode)
    return (principal, try database.event(code: eventCode))
  }
}

/// Runs around every call: resolves the bearer token, logs the call (method, status and
/// time, never personal data), and turns an unexpected error into INTERNAL without
/// leaking its details to the client.
struct CallInterceptor: ServerInterceptor {
  let issuer: TokenIssuer
  let logger: Logger

  func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    let method = context.descriptor.fullyQualifiedMethod
    let started = ContinuousClock.now
    let authentication = try self.authenticate(request.metadata)
    do {
      var response = try await RequestAuthentication.$current.withValue(authentication) {
        try await next(request, context)
      }
      // A streaming response is produced after `next` returns: it needs the same
      // credentials and the same error handling.
      if case .success(var contents) = response.accepted {
        let producer = contents.producer
        contents.producer = { writer in
          do {
            let trailers = try await RequestAuthentication.$current.withValue(authentication) {
              try await producer(writer)
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

  private func authenticate(_ metadata: Metadata) throws -> Authentication {
    guard let header = metadata[stringValues: "authorization"].first(where: { _ in true }) else { return .anonymous }
    let parts = header.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer" else {
      return .rejected("The authorization header must be \"Bearer <token>\".")
    }
    return try issuer.authenticate(secret: String(parts[1]).trimmingCharacters(in: .whitespaces))
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
      self.logger.error("unexpected error in \(method): \(String(reflecting: error))")
      return RPCError(
        code: .internalError,
        message: "The server hit an unexpected problem and did not complete this request. It has been logged; try again, and tell your administrator if it persists.")
    }
  }

  private func log(_ method: String, _ started: ContinuousClock.Instant, _ code: RPCError.Code?) {
    let elapsed = ContinuousClock.now - started
    let millis = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
    self.logger.debug(
      "call", metadata: ["method": "\(method)", "status": "\(code.map { "\($0)" } ?? "ok")", "ms": "\(millis)"])
  }
}
