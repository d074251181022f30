import Foundation
import GRDB
import HadirCore

/// A row of the `access_token` table.
struct AccessTokenRow: Codable, FetchableRecord, PersistableRecord, StoresDates {
  static let databaseTableName = "access_token"

  var id: String
  var name: String
  var role: String
  var eventId: Int64?
  var secretHash: Data
  var createdAt: Date
  var revokedAt: Date?
  var lastUsedAt: Date?

  enum CodingKeys: String, CodingKey {
    case id, name, role
    case eventId = "event_id"
    case secretHash = "secret_hash"
    case createdAt = "created_at"
    case revokedAt = "revoked_at"
    case lastUsedAt = "last_used_at"
  }

  func token(eventCode: String?) throws -> AccessToken {
    guard let role = Role(rawValue: role) else { throw DatabaseCorruption("token \(id) has role \(self.role)") }
    return AccessToken(
      id: id, name: name, role: role, eventCode: eventCode, createdAt: createdAt, revokedAt: revokedAt,
      lastUsedAt: lastUsedAt)
  }
}

extension AppDatabase {
  /// Stores a new token, of which only the hash of the secret is kept.
  public func createToken(_ token: AccessToken, secretHash: [UInt8], by actor: Actor) async throws -> AccessToken {
    try await write { db in
      var eventID: Int64?
      if let code = token.eventCode {
        eventID = try EventRow.require(code: code, in: db).id
      }
      let row = AccessTokenRow(
        id: token.id, name: token.name, role: token.role.rawValue, eventId: eventID,
        secretHash: Data(secretHash), createdAt: token.createdAt)
      try row.insert(db)
      try audit(
        db, actor, "create token", eventID: eventID, detail: "\(token.id) \(token.role.rawValue) \"\(token.name)\"",
        at: token.createdAt)
      return try row.token(eventCode: token.eventCode)
    }
  }

  /// Tokens by creation time, without the revoked ones unless asked.
  public func tokens(includeRevoked: Bool) async throws -> [AccessToken] {
    try await read { db in
      let sql = """
        SELECT access_token.*, event.code AS event_code FROM access_token
        LEFT JOIN event ON event.id = access_token.event_id
        \(includeRevoked ? "" : "WHERE revoked_at IS NULL")
        ORDER BY access_token.created_at, access_token.id
        """
      return try Row.fetchAll(db, sql: sql).map { row in
        try AccessTokenRow(row: row).token(eventCode: row["event_code"])
      }
    }
  }

  /// Revokes token `id` at `now`; revoking twice keeps the first time. NOT_FOUND if no such token.
  public func revokeToken(id: String, by actor: Actor, at now: Date) async throws -> AccessToken {
    defer { activeTokens.invalidate { $1.id == id } }
    return try await write { db in
      try db.execute(
        sql: "UPDATE access_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [now.stored, id])
      if db.changesCount > 0 { try audit(db, actor, "revoke token", eventID: nil, detail: id, at: now) }
      let sql = """
        SELECT access_token.*, event.code AS event_code FROM access_token
        LEFT JOIN event ON event.id = access_token.event_id WHERE access_token.id = ?
        """
      guard let row = try Row.fetchOne(db, sql: sql, arguments: [id]) else {
        throw HadirError(.notFound, field: "id", Notice(.tokenNotFound, [.id: id]))
      }
      return try AccessTokenRow(row: row).token(eventCode: row["event_code"])
    }
  }

  /// The live token whose secret hashes to `secretHash`, or nil.
  public func activeToken(secretHash: [UInt8]) async throws -> AccessToken? {
    try await activeTokens.value(for: secretHash) {
      try await read { db in
        let sql = """
          SELECT access_token.*, event.code AS event_code FROM access_token
          LEFT JOIN event ON event.id = access_token.event_id
          WHERE secret_hash = ? AND revoked_at IS NULL
          """
        guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [Data(secretHash)]) else { return nil }
        return try AccessTokenRow(row: row).token(eventCode: row["event_code"])
      }
    }
  }

  /// Records that token `id` was used at `now`.
  public func recordTokenUse(id: String, at now: Date) async throws {
    try await write { db in
      try db.execute(sql: "UPDATE access_token SET last_used_at = ? WHERE id = ?", arguments: [now.stored, id])
    }
    activeTokens.invalidate { $1.id == id }
  }

  /// Whether any administrator token is still valid: a fresh server has none.
  public func hasActiveAdminToken() async throws -> Bool {
    try await read { db in
      try Bool.fetchOne(
        db, sql: "SELECT EXISTS (SELECT 1 FROM access_token WHERE role = 'admin' AND revoked_at IS NULL)") ?? false
    }
  }
}
