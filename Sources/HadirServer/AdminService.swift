import Foundation
import GRPCCore
import HadirCore
import HadirMapping
import HadirProto
import HadirStore

/// Server information and access tokens.
struct AdminService: Hadir_V1_Admin.SimpleServiceProtocol {
  let database: AppDatabase
  let issuer: TokenIssuer
  let revocations: Revocations
  let startedAt: ContinuousClock.Instant
  /// How far the database's replica is, when the server has one.
  let replication: @Sendable () async -> Replication
  let now: @Sendable () -> Date

  func getServerInfo(request: Hadir_V1_GetServerInfoRequest, context: ServerContext) async throws -> Hadir_V1_ServerInfo {
    var info = Hadir_V1_ServerInfo()
    info.name = "hadird"
    info.version = HadirVersion.current
    info.protocolVersion = 1
    info.uptimeSeconds = UInt64((ContinuousClock.now - startedAt).components.seconds)
    switch RequestAuthentication.current {
    case .authenticated(let principal):
      info.callerRole = WireMapping.role(principal.role)
      info.callerEventCode = principal.eventCode ?? ""
      if principal.role == .admin {
        info.replication = WireMapping.replication(await replication(), in: CallLanguage.current)
      }
    case .anonymous:
      break
    case .rejected:
      // Tell the caller now that its token will not work, rather than at its next call.
      _ = try RequestAuthentication.principal()
    }
    return info
  }

  func createToken(request: Hadir_V1_CreateTokenRequest, context: ServerContext) async throws -> Hadir_V1_CreateTokenResponse {
    let principal = try RequestAuthentication.principal()
    try principal.require([.admin], to: .createTokens)
    try principal.requireServerWide(to: .createTokens)
    guard let role = WireMapping.role(request.role) else { throw HadirError.invalid("role", Notice(.roleMissing)) }
    let (token, secret) = try await issuer.issue(
      name: request.name, role: role, eventCode: request.eventCode.isEmpty ? nil : request.eventCode,
      by: principal.actor)
    var response = Hadir_V1_CreateTokenResponse()
    response.token = WireMapping.token(token)
    response.secret = secret
    return response
  }

  func listTokens(request: Hadir_V1_ListTokensRequest, context: ServerContext) async throws -> Hadir_V1_ListTokensResponse {
    let principal = try RequestAuthentication.principal()
    try principal.require([.admin], to: .listTokens)
    try principal.requireServerWide(to: .listTokens)
    var response = Hadir_V1_ListTokensResponse()
    response.tokens = try await database.tokens(includeRevoked: request.includeRevoked).map(WireMapping.token)
    return response
  }

  func revokeToken(request: Hadir_V1_RevokeTokenRequest, context: ServerContext) async throws -> Hadir_V1_Token {
    let principal = try RequestAuthentication.principal()
    try principal.require([.admin], to: .revokeTokens)
    try principal.requireServerWide(to: .revokeTokens)
    let id = request.id.trimmingCharacters(in: .whitespaces)
    if id.isEmpty { throw HadirError.invalid("id", Notice(.tokenIDMissing)) }
    let revoked = try await database.revokeToken(id: id, by: principal.actor, at: now())
    revocations.revoke(revoked.id)
    return WireMapping.token(revoked)
  }
}

/// The version of this build of Hadir.
public enum HadirVersion {
  public static let current = "0.1.0"
}
