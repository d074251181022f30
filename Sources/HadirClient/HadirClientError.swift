import GRPCCore
import HadirCore
import HadirProto
import SwiftProtobuf

/// A call that did not succeed, with a message for people in the client's language.
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
  /// What went wrong as a fact, when the server (or the transport) said it as one.
  public var reason: Notice?

  public init(kind: Kind, message: String, field: String? = nil) {
    self.kind = kind
    self.message = message
    self.field = field
  }

  /// The error from a failed call, rendered in `language` from the reason the trailer
  /// carries; a reason this client does not know keeps the server's own message (which the
  /// server wrote in the language the call asked for).
  init(_ error: RPCError, language: Language) {
    self.field = error.metadata[stringValues: "hadir-field"].first(where: { _ in true })
    self.reason = Self.reason(in: error.metadata)
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
      if reason == nil { reason = Notice(.callTimedOut) }
    case .cancelled:
      self.kind = .unavailable
      if reason == nil { reason = Notice(.callCancelled) }
    default:
      self.kind = .serverFault
      if reason == nil && error.message.isEmpty { reason = Notice(.serverFailed, [.value: "\(error.code)"]) }
    }
    self.message = reason?.text(in: language) ?? error.message
  }

  /// The reason in a trailer ("hadir-error-info-bin"), or the transport's own facts about
  /// a connection that failed.
  private static func reason(in metadata: Metadata) -> Notice? {
    if let bytes = metadata[binaryValues: "hadir-error-info-bin"].first(where: { _ in true }),
      let info = try? Hadir_V1_ErrorInfo(serializedBytes: bytes)
    {
      return Notice(reason: info.reason, facts: info.metadata)
    }
    let value = { (key: String) in metadata[stringValues: key].first(where: { _ in true }) ?? "" }
    switch value("hadir-transport-failure") {
    case "unreachable": return Notice(.serverUnreachable, [.address: value("hadir-address"), .cause: value("hadir-cause")])
    case "closed-before-ready": return Notice(.closedBeforeReady, [.address: value("hadir-address")])
    case "connection-lost": return Notice(.connectionLost, [.address: value("hadir-address")])
    case "answers-not-read": return Notice(.answersNotRead, [.address: value("hadir-address"), .count: value("hadir-count")])
    case "tls-required": return Notice(.tlsRequired, [.address: value("hadir-address")])
    case "tls-not-offered": return Notice(.tlsNotOffered, [.address: value("hadir-address")])
    case "tls-untrusted": return Notice(.tlsUntrusted, [.address: value("hadir-address")])
    case "tls-setup":
      return Notice(
        .tlsSetup, [.address: value("hadir-address"), .value: value("hadir-tls-file"), .cause: value("hadir-cause")])
    case "tls-pin-mismatch":
      return Notice(
        .tlsPinMismatch,
        [.address: value("hadir-address"), .expected: value("hadir-tls-expected"), .value: value("hadir-tls-presented")])
    case "tls-certificate-expired":
      return Notice(.tlsCertificateExpired, [.address: value("hadir-address"), .day: value("hadir-tls-expired-on")])
    default: return nil
    }
  }

  public var description: String { message }
}
