import Foundation

/// An access token as the server keeps it: never the secret, only what it allows.
public struct AccessToken: Equatable, Sendable, Encodable {
  /// Short public identifier, used to revoke.
  public var id: String
  /// A label for people, e.g. "desk 2".
  public var name: String
  public var role: Role
  /// The only event the token may touch; nil for every event.
  public var eventCode: String?
  public var createdAt: Date
  public var revokedAt: Date?
  public var lastUsedAt: Date?

  public init(
    id: String, name: String, role: Role, eventCode: String?, createdAt: Date, revokedAt: Date? = nil,
    lastUsedAt: Date? = nil
  ) {
    self.id = id
    self.name = name
    self.role = role
    self.eventCode = eventCode
    self.createdAt = createdAt
    self.revokedAt = revokedAt
    self.lastUsedAt = lastUsedAt
  }

  public var principal: Principal { Principal(tokenID: id, tokenName: name, role: role, eventCode: eventCode) }

  /// Checks what a new token may be limited to. Administrators issue and revoke every token,
  /// so an administrator limited to one event could step out of it: admin tokens always
  /// serve the whole server, and a person who runs one event gets an organizer token for it.
  public static func validateScope(role: Role, eventCode: String?) throws(HadirError) {
    if role == .admin && eventCode != nil {
      throw .invalid("event_code", Notice(.adminTokenWholeServer))
    }
  }

  /// Checks a token's label: required, one line, at most 100 characters.
  public static func validateName(_ raw: String) throws(HadirError) -> String {
    let name = try TextRules.singleLine(raw, field: "name")
    if name.isEmpty { throw .invalid("name", Notice(.tokenNameMissing)) }
    if name.count > 100 { throw .invalid("name", Notice(.tooLong, [.field: "token_name", .limit: "100"])) }
    return name
  }
}
