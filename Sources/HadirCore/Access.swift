/// What a token allows. Administrators run the server and issue tokens; organizers build
/// events; desk staff check people in.
public enum Role: String, CaseIterable, Sendable, Codable {
  case admin
  case organizer
  case desk
}

/// Who is calling: the token that was presented, resolved.
public struct Principal: Equatable, Sendable {
  public var tokenID: String
  /// The token's name, e.g. "desk 2": what check-ins and the audit log record.
  public var tokenName: String
  public var role: Role
  /// The only event this token may touch; nil for every event.
  public var eventCode: String?

  public init(tokenID: String, tokenName: String, role: Role, eventCode: String?) {
    self.tokenID = tokenID
    self.tokenName = tokenName
    self.role = role
    self.eventCode = eventCode
  }

  /// Who this is, for records.
  public var actor: Actor { Actor(tokenID: tokenID, name: tokenName) }

  /// Throws PERMISSION_DENIED unless the role is one of `roles`.
  public func require(_ roles: Set<Role>, to action: Action) throws(HadirError) {
    guard roles.contains(role) else {
      let allowed = Role.allCases.filter(roles.contains).map(\.rawValue)
      throw HadirError(
        .permissionDenied,
        Notice(.roleCannot, [.role: role.rawValue, .roles: Notice.list(allowed), .action: action.rawValue]))
    }
  }

  /// Throws PERMISSION_DENIED when the token is limited to another event.
  public func requireAccess(toEvent code: String) throws(HadirError) {
    if let eventCode, eventCode != code {
      throw HadirError(.permissionDenied, Notice(.tokenLimitedToEvent, [.event: eventCode, .otherEvent: code]))
    }
  }

  /// Throws PERMISSION_DENIED when the token is limited to one event: what `action` does
  /// reaches beyond any single event (creating events, managing tokens).
  public func requireServerWide(to action: Action) throws(HadirError) {
    if let eventCode {
      throw HadirError(.permissionDenied, Notice(.tokenLimitedCannot, [.event: eventCode, .action: action.rawValue]))
    }
  }

  /// May this token see the event?
  public func canSee(event code: String) -> Bool {
    eventCode == nil || eventCode == code
  }
}

/// The result of checking a request's credentials.
public enum Authentication: Sendable, Equatable {
  /// No token was sent.
  case anonymous
  /// A token was sent but is not valid; the message says why, for the caller.
  case rejected(Notice)
  case authenticated(Principal)

  /// The caller, or UNAUTHENTICATED with a message that says what to do.
  public func principal() throws(HadirError) -> Principal {
    switch self {
    case .authenticated(let principal):
      return principal
    case .anonymous:
      throw HadirError(.unauthenticated, Notice(.tokenMissing))
    case .rejected(let reason):
      throw HadirError(.unauthenticated, reason)
    }
  }
}
