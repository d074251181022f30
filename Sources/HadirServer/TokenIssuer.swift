import Crypto
import Foundation
import HadirCore
import HadirStore
import Logging

/// Creates access tokens: a random secret for the holder, its SHA-256 hash for the database.
public struct TokenIssuer: Sendable {
  /// Unambiguous lower-case letters and digits (no 0/o, 1/l/i), easy to copy by hand.
  private static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
  /// Every secret starts with this, so that one pasted in the wrong place is recognisable.
  static let secretPrefix = "hadir_"

  let database: AppDatabase
  let logger: Logger

  public init(database: AppDatabase, logger: Logger = Logger(label: "hadir.tokens")) {
    self.database = database
    self.logger = logger
  }

  /// Issues a token; the secret is returned here and never stored.
  public func issue(name: String, role: Role, eventCode: String?, by actor: Actor = .server, at now: Date = Date().toTheMillisecond) async throws -> (
    token: AccessToken, secret: String
  ) {
    let name = try AccessToken.validateName(name)
    let eventCode = try eventCode.map { try EventCode.normalize($0) }
    try AccessToken.validateScope(role: role, eventCode: eventCode)
    let secret = Self.secretPrefix + Self.randomText(count: 40)
    let token = AccessToken(id: Self.randomText(count: 8), name: name, role: role, eventCode: eventCode, createdAt: now)
    let stored = try await database.createToken(token, secretHash: Self.hash(secret), by: actor)
    return (stored, secret)
  }

  /// Issues the first administrator token of a server that has none; nil when one exists.
  public func issueFirstAdminTokenIfNeeded() async throws -> String? {
    guard try await !database.hasActiveAdminToken() else { return nil }
    return try await issue(name: "first administrator", role: .admin, eventCode: nil).secret
  }

  /// Who holds `secret`, or why it is refused.
  public func authenticate(secret: String, at now: Date = Date().toTheMillisecond) async throws -> Authentication {
    guard secret.hasPrefix(Self.secretPrefix) else {
      return .rejected(Notice(.tokenNotHadir, [.prefix: Self.secretPrefix]))
    }
    guard let token = try await database.activeToken(secretHash: Self.hash(secret)) else {
      return .rejected(Notice(.tokenUnknown))
    }
    // "Last used" is kept to the minute, so that checking a token rarely costs a write. It
    // is a convenience for administrators: when it cannot be written (a full disk), the
    // call goes on.
    if token.lastUsedAt.map({ now.timeIntervalSince($0) >= 60 }) ?? true {
      do {
        try await database.recordTokenUse(id: token.id, at: now)
      } catch {
        logger.warning("could not record that token \(token.id) was used: \(error)")
      }
    }
    return .authenticated(token.principal)
  }

  static func hash(_ secret: String) -> [UInt8] {
    Array(SHA256.hash(data: Data(secret.utf8)))
  }

  /// `count` characters from the alphabet, from the system's secure random source.
  private static func randomText(count: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    return String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
  }
}
