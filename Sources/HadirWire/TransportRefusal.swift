import GRPCCore

/// A call the server's transport refuses before any service sees it. The server words it
/// for the caller, in the caller's language and with a reason a client can render, through
/// ``WireConfiguration/describeRefusal``.
public enum TransportRefusal: Sendable, Hashable {
  /// The server is shutting down and takes no new calls.
  case shuttingDown
  /// The connection already has the most calls open that the server allows.
  case tooManyCalls(limit: Int)
  /// The RequestHead's method is not of the form /package.Service/Method.
  case notAMethodName(String)
  /// The server has no such method.
  case noSuchMethod(String)

  var code: Status.Code {
    switch self {
    case .shuttingDown: .unavailable
    case .tooManyCalls: .resourceExhausted
    case .notAMethodName, .noSuchMethod: .unimplemented
    }
  }

  /// The refusal in English, with no reason attached: what a transport says on its own.
  public static let inEnglish: @Sendable (TransportRefusal, Metadata) -> (message: String, metadata: Metadata) = {
    refusal, _ in (refusal.englishMessage, [:])
  }

  var englishMessage: String {
    switch self {
    case .shuttingDown:
      "The server is shutting down. Reconnect and try again."
    case .tooManyCalls(let limit):
      "This connection already has \(limit) calls open, the most the server allows (see its Hello). Wait for one to finish."
    case .notAMethodName(let method):
      "'\(method)' is not a method name; expected /package.Service/Method."
    case .noSuchMethod(let method):
      "This server has no method \(method). The client may be newer than the server; compare their versions."
    }
  }
}
