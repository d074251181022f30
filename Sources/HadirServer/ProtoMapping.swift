import Foundation
import HadirCore
import HadirProto

/// Conversions between domain values and wire messages; protobuf types stop here.
enum ProtoMapping {
  static func replication(_ replication: Replication) -> Hadir_V1_Replication {
    var message = Hadir_V1_Replication()
    message.configured = replication.configured
    message.lastReplicatedAt = timestamp(replication.lastReplicatedAt)
    message.pendingTransactions = UInt64(replication.pendingTransactions ?? 0)
    message.problem = replication.problem ?? ""
    return message
  }

  static func timestamp(_ date: Date?) -> String {
    date.map { $0.formatted(.iso8601) } ?? ""
  }

  static func event(_ event: Event) -> Hadir_V1_Event {
    var message = Hadir_V1_Event()
    message.code = event.code
    message.title = event.title
    message.venue = event.venue
    message.timeZone = event.timeZone
    message.firstDay = event.firstDay.description
    message.lastDay = event.lastDay.description
    message.capacity = UInt32(event.capacity)
    message.createdAt = timestamp(event.createdAt)
    message.updatedAt = timestamp(event.updatedAt)
    return message
  }

  static func role(_ role: Role) -> Hadir_V1_Role {
    switch role {
    case .admin: .admin
    case .organizer: .organizer
    case .desk: .desk
    }
  }

  /// The domain role, or an error naming the field when it is missing or unknown.
  static func role(_ role: Hadir_V1_Role) throws(HadirError) -> Role {
    switch role {
    case .admin: return .admin
    case .organizer: return .organizer
    case .desk: return .desk
    case .unspecified, .UNRECOGNIZED:
      throw .invalid("role", "Choose a role for the token: admin, organizer or desk.")
    }
  }

  static func token(_ token: AccessToken) -> Hadir_V1_Token {
    var message = Hadir_V1_Token()
    message.id = token.id
    message.name = token.name
    message.role = role(token.role)
    message.eventCode = token.eventCode ?? ""
    message.createdAt = timestamp(token.createdAt)
    message.revokedAt = timestamp(token.revokedAt)
    message.lastUsedAt = timestamp(token.lastUsedAt)
    return message
  }
}
