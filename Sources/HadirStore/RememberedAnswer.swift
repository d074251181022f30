import Foundation
import HadirCore
import SwiftProtobuf

/// How a desk's answer is kept for a retry of the same request: as the protobuf message
/// `hadir.store.RememberedCheckIn` (proto/hadir/store/remembered_answer.proto), every date
/// exact, so that the answer given again is the first one. Written inside each check-in's
/// transaction, so it must be cheap: Foundation's `JSONEncoder`, used before, was the
/// largest single step of a check-in on the writer.
enum RememberedAnswer {
  /// A stored answer that cannot be read back: the database was changed by hand or is damaged.
  struct Unreadable: Error, CustomStringConvertible {
    var description: String
  }

  static func encode(_ result: CheckInResult) throws -> Data {
    var message = Hadir_Store_RememberedCheckIn()
    message.day = result.day.description
    switch result.outcome {
    case .checkedIn(let record):
      message.outcome = .checkedIn
      message.record = self.record(record)
    case .alreadyCheckedIn(let first):
      message.outcome = .alreadyCheckedIn
      message.record = self.record(first)
    case .unknownCode: message.outcome = .unknownCode
    case .badCheckCharacter: message.outcome = .badCheckCharacter
    case .waitlisted: message.outcome = .waitlisted
    case .cancelled: message.outcome = .cancelled
    case .otherEvent(let code):
      message.outcome = .otherEvent
      message.otherEventCode = code
    case .notEventDay(let day):
      message.outcome = .notEventDay
      message.notEventDay = day.description
    }
    if let registration = result.registration { message.registration = self.registration(registration) }
    return try message.serializedData()
  }

  static func decode(_ data: Data) throws -> CheckInResult {
    let message = try Hadir_Store_RememberedCheckIn(serializedBytes: data)
    let day = try self.day(message.day)
    let outcome: CheckInOutcome
    switch message.outcome {
    case .checkedIn: outcome = .checkedIn(try record(message.record))
    case .alreadyCheckedIn: outcome = .alreadyCheckedIn(try record(message.record))
    case .unknownCode: outcome = .unknownCode
    case .badCheckCharacter: outcome = .badCheckCharacter
    case .waitlisted: outcome = .waitlisted
    case .cancelled: outcome = .cancelled
    case .otherEvent: outcome = .otherEvent(message.otherEventCode)
    case .notEventDay: outcome = .notEventDay(try self.day(message.notEventDay))
    case .unspecified, .UNRECOGNIZED:
      throw Unreadable(description: "a remembered desk answer has no outcome this server knows")
    }
    return CheckInResult(
      outcome: outcome, registration: message.hasRegistration ? try registration(message.registration) : nil, day: day)
  }

  /// An answer kept as JSON by servers before the protobuf format, for the migration that
  /// converts them.
  static func fromJSON(_ text: String) throws -> CheckInResult {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .secondsSince1970
    return try decoder.decode(CheckInResult.self, from: Data(text.utf8))
  }

  // MARK: Parts

  private static func record(_ record: CheckInRecord) -> Hadir_Store_Record {
    var message = Hadir_Store_Record()
    message.day = record.day.description
    message.at = record.at.timeIntervalSinceReferenceDate
    message.desk = record.desk
    if let arrival = record.arrival { message.arrival = arrival.timeIntervalSinceReferenceDate }
    return message
  }

  private static func record(_ message: Hadir_Store_Record) throws -> CheckInRecord {
    CheckInRecord(
      day: try day(message.day), at: Date(timeIntervalSinceReferenceDate: message.at), desk: message.desk,
      arrival: message.hasArrival ? Date(timeIntervalSinceReferenceDate: message.arrival) : nil)
  }

  private static func registration(_ registration: Registration) -> Hadir_Store_Registration {
    var message = Hadir_Store_Registration()
    message.code = registration.code
    message.eventCode = registration.eventCode
    message.person.name = registration.person.name
    message.person.organization = registration.person.organization
    message.person.position = registration.person.position
    message.person.category = registration.person.category
    message.person.phone = registration.person.phone
    message.person.email = registration.person.email
    message.person.externalID = registration.person.externalID
    message.status = registration.status.rawValue
    message.waitlistPosition = Int64(registration.waitlistPosition)
    message.registeredAt = registration.registeredAt.timeIntervalSinceReferenceDate
    if let cancelledAt = registration.cancelledAt { message.cancelledAt = cancelledAt.timeIntervalSinceReferenceDate }
    return message
  }

  private static func registration(_ message: Hadir_Store_Registration) throws -> Registration {
    guard let status = RegistrationStatus(rawValue: message.status) else {
      throw Unreadable(description: "a remembered desk answer has a registration status this server does not know")
    }
    let person = Person(
      name: message.person.name, organization: message.person.organization, position: message.person.position,
      category: message.person.category, phone: message.person.phone, email: message.person.email,
      externalID: message.person.externalID)
    return Registration(
      code: message.code, eventCode: message.eventCode, person: person, status: status,
      waitlistPosition: Int(message.waitlistPosition),
      registeredAt: Date(timeIntervalSinceReferenceDate: message.registeredAt),
      cancelledAt: message.hasCancelledAt ? Date(timeIntervalSinceReferenceDate: message.cancelledAt) : nil)
  }

  private static func day(_ text: String) throws -> CalendarDay {
    guard let day = CalendarDay(text) else {
      throw Unreadable(description: "a remembered desk answer has a day that is not a date: \(text)")
    }
    return day
  }
}
