import Foundation
import HadirCore
import HadirProto

/// Conversions from wire messages to domain values on the client side.
enum ClientMapping {
  /// The server sent something this client cannot read.
  struct Unreadable: Error, CustomStringConvertible {
    var description: String
  }

  static func date(_ text: String) throws -> Date? {
    guard !text.isEmpty else { return nil }
    do {
      return try Date(text, strategy: .iso8601)
    } catch {
      throw Unreadable(description: "The server sent a time this client cannot read: \(text)")
    }
  }

  static func day(_ text: String) throws -> CalendarDay {
    guard let day = CalendarDay(text) else { throw Unreadable(description: "The server sent a day this client cannot read: \(text)") }
    return day
  }

  static func event(_ message: Hadir_V1_Event) throws -> Event {
    Event(
      code: message.code, title: message.title, venue: message.venue, timeZone: message.timeZone,
      firstDay: try day(message.firstDay), lastDay: try day(message.lastDay), capacity: Int(message.capacity),
      createdAt: try date(message.createdAt) ?? Date(timeIntervalSince1970: 0),
      updatedAt: try date(message.updatedAt) ?? Date(timeIntervalSince1970: 0))
  }

  static func role(_ role: Hadir_V1_Role) -> Role? {
    switch role {
    case .admin: .admin
    case .organizer: .organizer
    case .desk: .desk
    case .unspecified, .UNRECOGNIZED: nil
    }
  }

  static func role(_ role: Role) -> Hadir_V1_Role {
    switch role {
    case .admin: .admin
    case .organizer: .organizer
    case .desk: .desk
    }
  }

  static func token(_ message: Hadir_V1_Token) throws -> AccessToken {
    guard let role = role(message.role) else { throw Unreadable(description: "The server sent a token without a role.") }
    return AccessToken(
      id: message.id, name: message.name, role: role,
      eventCode: message.eventCode.isEmpty ? nil : message.eventCode,
      createdAt: try date(message.createdAt) ?? Date(timeIntervalSince1970: 0),
      revokedAt: try date(message.revokedAt), lastUsedAt: try date(message.lastUsedAt))
  }
}
