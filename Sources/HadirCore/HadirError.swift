/// A failure a person can act on: what went wrong, in words for the person at the
/// keyboard, and which kind of failure it is so that each edge can report it its own way.
public struct HadirError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The kinds of failure, each of which a client handles differently.
  public enum Kind: String, Sendable {
    /// The input is wrong; `field` names the part to fix.
    case invalidInput
    /// The thing asked for does not exist.
    case notFound
    /// The thing to create exists already.
    case alreadyExists
    /// The request is valid, but the current state does not allow it.
    case conflict
    /// No valid access token was presented.
    case unauthenticated
    /// The token is valid but does not allow this.
    case permissionDenied
    /// A limit was reached (too many open screens, too many calls at once).
    case exhausted
    /// The server cannot do this now (it is shutting down); trying again later can work.
    case unavailable
  }

  public var kind: Kind
  /// The input field at fault, when there is one (e.g. "first_day").
  public var field: String?
  /// What went wrong, as a fact that each edge renders in its person's language; nil for
  /// the few refusals that exist in English only (the agenda file's and the invitee
  /// file's line-by-line problems).
  public var reason: Notice?
  /// What went wrong, in English.
  public var message: String

  public init(_ kind: Kind, field: String? = nil, _ reason: Notice) {
    self.kind = kind
    self.field = field
    self.reason = reason
    self.message = reason.text(in: .english)
  }

  public init(_ kind: Kind, field: String? = nil, _ message: String) {
    self.kind = kind
    self.field = field
    self.message = message
  }

  public var description: String { message }

  /// What went wrong, in `language`.
  public func text(in language: Language) -> String {
    reason?.text(in: language) ?? message
  }

  public static func invalid(_ field: String, _ reason: Notice) -> HadirError {
    HadirError(.invalidInput, field: field, reason)
  }

  public static func invalid(_ field: String, _ message: String) -> HadirError {
    HadirError(.invalidInput, field: field, message)
  }
}
