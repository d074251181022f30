import Foundation
import HadirCore
import HadirProto

/// Conversions for registrations and the desk; protobuf types stop here.
extension ProtoMapping {
  static func person(_ message: Hadir_V1_Person) -> Person {
    Person(
      name: message.name, organization: message.organization, position: message.position,
      category: message.category, phone: message.phone, email: message.email, externalID: message.externalID)
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

  static func status(_ status: Hadir_V1_RegistrationStatus) -> RegistrationStatus? {
    switch status {
    case .confirmed: .confirmed
    case .waitlisted: .waitlisted
    case .cancelled: .cancelled
    case .unspecified, .UNRECOGNIZED: nil
    }
  }

  /// The registration as the caller's role may see it (see ``Registration/visible(to:)``).
  static func registration(_ registration: Registration, shownTo role: Role) -> Hadir_V1_Registration {
    let registration = registration.visible(to: role)
    var message = Hadir_V1_Registration()
    message.code = RegistrationCode.display(registration.code)
    message.eventCode = registration.eventCode
    message.person = person(registration.person)
    message.status = status(registration.status)
    message.waitlistPosition = UInt32(registration.waitlistPosition)
    message.registeredAt = timestamp(registration.registeredAt)
    message.cancelledAt = timestamp(registration.cancelledAt)
    return message
  }

  static func checkIn(_ result: CheckInResult, timeZone: String, shownTo role: Role) -> Hadir_V1_CheckInResponse {
    var message = Hadir_V1_CheckInResponse()
    message.message = result.message(timeZone: timeZone).text(in: CallLanguage.current)
    message.day = result.day.description
    if let registration = result.registration { message.registration = self.registration(registration, shownTo: role) }
    switch result.outcome {
    case .checkedIn(let record):
      message.status = .checkedIn
      message.checkedInAt = timestamp(record.at)
      message.desk = record.desk
    case .alreadyCheckedIn(let first):
      message.status = .alreadyCheckedIn
      message.firstCheckedInAt = timestamp(first.at)
      message.firstDesk = first.desk
    case .unknownCode: message.status = .unknownCode
    case .badCheckCharacter: message.status = .badCheckCharacter
    case .waitlisted: message.status = .waitlisted
    case .cancelled: message.status = .cancelled
    case .otherEvent(let code):
      message.status = .otherEvent
      message.otherEventCode = code
    case .notEventDay: message.status = .notEventDay
    }
    return message
  }

  static func counters(_ counters: Counters) -> Hadir_V1_Counters {
    var message = Hadir_V1_Counters()
    message.capacity = UInt32(counters.capacity)
    message.confirmed = UInt32(counters.confirmed)
    message.waitlisted = UInt32(counters.waitlisted)
    message.checkedInToday = UInt32(counters.checkedInToday)
    message.day = counters.day.description
    return message
  }

  /// A day the caller chose, or nil for "today at the venue".
  static func day(_ text: String) throws(HadirError) -> CalendarDay? {
    text.isEmpty ? nil : try parseDay(text, field: "day")
  }
}
