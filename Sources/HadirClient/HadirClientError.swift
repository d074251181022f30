import GRPCCore

/// A call that did not succeed, with the server's message for people.
public struct HadirClientError: Error, CustomStringConvertible, Sendable {
  public enum Kind: Sendable, Equatable {
    case invalidInput, notFound, alreadyExists, conflict
    case unauthenticated, permissionDenied
    /// The server could not be reached, or the connection was lost.
    case unavailable
    /// The call took longer than its deadline.
    case timedOut
    /// The server failed; the message says so without details.
    case serverFault
  }

  public var kind: Kind
  public var message: String
  /// The request field the server named as the problem, if any.
  public var field: String?

  public init(kind: Kind, message: String, field: String? = nil) {
    self.kind = kind
    self.message = message
    self.field = field
  }

  init(_ error: RPCError) {
    self.message = error.message
    self.field = error.metadata[stringValues: "hadir-field"].first(where: { _ in true })
    switch error.code {
    case .invalidArgument, .outOfRange: self.kind = .invalidInput
    case .notFound: self.kind = .notFound
    case .alreadyExists: self.kind = .alreadyExists
    case .failedPrecondition, .aborted, .resourceExhausted: self.kind = .conflict
    case .unauthenticated: self.kind = .unauthenticated
    case .permissionDenied: self.kind = .permissionDenied
    case .unavailable: self.kind = .unavailable
    case .deadlineExceeded:
      self.kind = .timedOut
      self.message = "The server did not answer in time. The network may be slow; try again."
    case .cancelled:
      self.kind = .unavailable
      self.message = "The call was cancelled before the server answered."
    default:
      self.kind = .serverFault
      if error.message.isEmpty { self.message = "The server failed with status \(error.code)." }
    }
  }

  public var description: String { message }
}
