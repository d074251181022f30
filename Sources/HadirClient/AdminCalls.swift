import Foundation
import GRPCCore
import HadirCore
import HadirMapping
import HadirProto

/// What `GetServerInfo` tells about the server and about the caller's token.
public struct ServerStatus: Sendable, Equatable {
  public var name: String
  public var version: String
  public var protocolVersion: Int
  public var uptimeSeconds: Int
  /// The role of the token sent, or nil when none was sent.
  public var callerRole: Role?
  public var callerEventCode: String?
  /// How far the database's replica is; sent to administrators only.
  public var replication: Replication?
}

extension HadirClient {

  public func serverStatus() async throws -> ServerStatus {
    try await call { grpc in
      let info = try await Hadir_V1_Admin.Client(wrapping: grpc).getServerInfo(
        Hadir_V1_GetServerInfoRequest(), metadata: metadata, options: options)
      return ServerStatus(
        name: info.name, version: info.version, protocolVersion: Int(info.protocolVersion),
        uptimeSeconds: Int(info.uptimeSeconds), callerRole: WireMapping.role(info.callerRole),
        callerEventCode: info.callerEventCode.isEmpty ? nil : info.callerEventCode,
        replication: info.hasReplication ? try WireMapping.replication(info.replication) : nil)
    }
  }

  /// Issues a token; the secret is shown only in this answer.
  public func createToken(name: String, role: Role, eventCode: String?) async throws -> (token: AccessToken, secret: String) {
    var request = Hadir_V1_CreateTokenRequest()
    request.name = name
    request.role = WireMapping.role(role)
    request.eventCode = eventCode ?? ""
    return try await call { grpc in
      let response = try await Hadir_V1_Admin.Client(wrapping: grpc).createToken(request, metadata: metadata, options: options)
      return (try WireMapping.token(response.token), response.secret)
    }
  }

  public func tokens(includeRevoked: Bool) async throws -> [AccessToken] {
    var request = Hadir_V1_ListTokensRequest()
    request.includeRevoked = includeRevoked
    return try await call { grpc in
      try await Hadir_V1_Admin.Client(wrapping: grpc).listTokens(request, metadata: metadata, options: options)
        .tokens.map(WireMapping.token)
    }
  }

  public func revokeToken(id: String) async throws -> AccessToken {
    var request = Hadir_V1_RevokeTokenRequest()
    request.id = id
    return try await call { grpc in
      try WireMapping.token(
        try await Hadir_V1_Admin.Client(wrapping: grpc).revokeToken(request, metadata: metadata, options: options))
    }
  }
}
