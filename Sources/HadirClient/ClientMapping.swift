import Foundation
import HadirCore
import HadirProto

/// Conversions from wire messages to domain values on the client side.
enum ClientMapping {
  /// The server sent something this client cannot read.
  struct Unreadable: Error, CustomStringConvertible {
    var description: String
  }

  static func replication(_ message: Hadir_V1_Replication) throws -> Replication {
    Replication(
      configured: message.configured, lastReplicatedAt: try date(message.lastReplicatedAt),
      pendingTransactions: message.configured ? Int(message.pendingTransactions) : nil,
      problem: message.problem.isEmpty ? nil : message.problem)
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

  static func person(_ person: Person) -> Hadir_V1_Person {
    var message = Hadir_V1_Person()
    message.name = person.name
    message.organization = person.organization
    message.position = person.position
    message.category = person.category
    message.phone = person.phone
    message.email = person.email
    message.externalID = person.externalID
    return message
  }

  static func status(_ status: RegistrationStatus) -> Hadir_V1_RegistrationStatus {
    switch status {
    case .confirmed: .confirmed
    case .waitlisted: .waitlisted
    case .cancelled: .cancelled
    }
  }

  static func registration(_ message: Hadir_V1_Registration) throws -> Registration {
    let status: RegistrationStatus
    switch message.status {
    case .confirmed: status = .confirmed
    case .waitlisted: status = .waitlisted
    case .cancelled: status = .cancelled
    case .unspecified, .UNRECOGNIZED: throw Unreadable(description: "The server sent a registration without a status.")
    }
    guard case .valid(let code) = RegistrationCode.read(message.code) else {
      throw Unreadable(description: "The server sent a registration code this client cannot read: \(message.code)")
    }
    let person = message.person
    return Registration(
      code: code, eventCode: message.eventCode,
      person: Person(
        name: person.name, organization: person.organization, position: person.position, category: person.category,
        phone: person.phone, email: person.email, externalID: person.externalID),
      status: status, waitlistPosition: Int(message.waitlistPosition),
      registeredAt: try date(message.registeredAt) ?? Date(timeIntervalSince1970: 0),
      cancelledAt: try date(message.cancelledAt))
  }

  static func answer(_ message: Hadir_V1_CheckInResponse) throws -> DeskAnswer {
    let day = try day(message.day)
    let outcome: CheckInOutcome
    switch message.status {
    case .checkedIn:
      outcome = .checkedIn(CheckInRecord(day: day, at: try date(message.checkedInAt) ?? Date(), desk: message.desk))
    case .alreadyCheckedIn:
      outcome = .alreadyCheckedIn(
        CheckInRecord(day: day, at: try date(message.firstCheckedInAt) ?? Date(), desk: message.firstDesk))
    case .unknownCode: outcome = .unknownCode
    case .badCheckCharacter: outcome = .badCheckCharacter
    case .waitlisted: outcome = .waitlisted
    case .cancelled: outcome = .cancelled
    case .otherEvent: outcome = .otherEvent(message.otherEventCode)
    case .notEventDay: outcome = .notEventDay(day)
    case .unspecified, .UNRECOGNIZED: throw Unreadable(description: "The server sent a check-in answer this client does not know.")
    }
    return DeskAnswer(
      outcome: outcome, message: message.message,
      registration: message.hasRegistration ? try registration(message.registration) : nil, day: day)
  }

  static func counters(_ message: Hadir_V1_Counters) throws -> Counters {
    Counters(
      capacity: Int(message.capacity), confirmed: Int(message.confirmed), waitlisted: Int(message.waitlisted),
      checkedInToday: Int(message.checkedInToday), day: try day(message.day))
  }
}
