import Foundation

/// One person's arrival on one event day.
public struct CheckInRecord: Equatable, Sendable, Codable {
  public var day: CalendarDay
  /// When the check-in was recorded.
  public var at: Date
  /// The name of the desk's token, e.g. "desk 2".
  public var desk: String
  /// When the person arrived: the same as `at` at the desk; for a day recorded afterwards,
  /// the time the organizer gave, or nil when nobody knows it.
  public var arrival: Date?

  public init(day: CalendarDay, at: Date, desk: String, arrival: Date?) {
    self.day = day
    self.at = at
    self.desk = desk
    self.arrival = arrival
  }

  /// A check-in made at the desk: the person arrived when it was recorded.
  public init(day: CalendarDay, at: Date, desk: String) {
    self.init(day: day, at: at, desk: desk, arrival: at)
  }

  /// Recorded afterwards rather than at the desk as the person arrived.
  public var isBackFilled: Bool { arrival != at }
}

/// When a person arrived, for a check-in recorded now.
public enum ArrivalRule {
  /// At the desk (`day` nil: today) the arrival is now. For another day, recorded
  /// afterwards, it is the `time` given on that day at the venue, or unknown: never the
  /// time of typing, which would be a false fact on the signed list.
  public static func arrival(day: CalendarDay?, time: String, event: Event, now: Date) throws(HadirError) -> Date? {
    let trimmed = time.trimmingCharacters(in: .whitespaces)
    guard let day else {
      if !trimmed.isEmpty {
        throw .invalid("arrival_time", Notice(.arrivalTimeWithoutDay))
      }
      return now
    }
    if trimmed.isEmpty { return nil }
    guard let time = TimeOfDay(trimmed) else {
      throw .invalid("arrival_time", Notice(.arrivalTimeInvalid, [.value: time]))
    }
    let instant = VenueClock(timeZone: event.timeZone).instant(day, minute: time.minutes)
    if instant > now {
      throw .invalid("arrival_time", Notice(.arrivalTimeInFuture, [.day: day.description, .time: time.description]))
    }
    return instant
  }
}

/// Every way a scan at the desk can end. None of them is an error: each is an answer the
/// desk shows in its own colour.
public enum CheckInOutcome: Equatable, Sendable, Codable {
  case checkedIn(CheckInRecord)
  /// In already today; the record is the first check-in of the day.
  case alreadyCheckedIn(CheckInRecord)
  case unknownCode
  case badCheckCharacter
  case waitlisted
  case cancelled
  /// The code belongs to the event with this code.
  case otherEvent(String)
  /// The day is not one of the event's days.
  case notEventDay(CalendarDay)
}

extension CheckInOutcome {
  /// The outcome's stable name, for scripts: "checked-in", "already-checked-in", …
  public var name: String {
    switch self {
    case .checkedIn: "checked-in"
    case .alreadyCheckedIn: "already-checked-in"
    case .unknownCode: "unknown-code"
    case .badCheckCharacter: "bad-check-character"
    case .waitlisted: "waitlisted"
    case .cancelled: "cancelled"
    case .otherEvent: "other-event"
    case .notEventDay: "not-event-day"
    }
  }

  /// The check-in recorded, or for a second scan the day's first one.
  public var record: CheckInRecord? {
    switch self {
    case .checkedIn(let record), .alreadyCheckedIn(let record): record
    default: nil
    }
  }
}

/// The desk's answer to one scan.
public struct CheckInResult: Equatable, Sendable, Codable {
  public var outcome: CheckInOutcome
  /// The registration, when the code was found in this event.
  public var registration: Registration?
  /// The event day the scan was for.
  public var day: CalendarDay

  public init(outcome: CheckInOutcome, registration: Registration?, day: CalendarDay) {
    self.outcome = outcome
    self.registration = registration
    self.day = day
  }

  /// What to tell the desk clerk, with times in the event's zone.
  public func message(timeZone: String) -> Notice {
    var facts: [Fact: String] = [:]
    if let person = registration?.person {
      facts[.who] = person.organization.isEmpty ? person.name : "\(person.name) (\(person.organization))"
    }
    switch outcome {
    case .checkedIn:
      return Notice(.checkedIn, facts)
    case .alreadyCheckedIn(let first):
      facts[.time] = localTime(first.arrival ?? first.at, timeZone: timeZone)
      facts[.desk] = first.desk
      return Notice(.alreadyCheckedIn, facts)
    case .unknownCode:
      return Notice(.unknownCode)
    case .badCheckCharacter:
      return Notice(.badCheckCharacter)
    case .waitlisted:
      return Notice(.waitlisted, facts)
    case .cancelled:
      return Notice(.cancelled, facts)
    case .otherEvent(let event):
      return Notice(.otherEvent, [.otherEvent: event])
    case .notEventDay(let day):
      return Notice(.notEventDay, [.day: day.description])
    }
  }
}

/// "HH:mm" of `date` in the zone `timeZone`.
public func localTime(_ date: Date, timeZone: String) -> String {
  let minute = VenueClock(timeZone: timeZone).secondOfDay(at: date) / 60
  return String(format: "%02d:%02d", minute / 60, minute % 60)
}

extension Event {
  /// The calendar day `date` falls on at the venue.
  public func day(at date: Date) -> CalendarDay {
    VenueClock(timeZone: timeZone).day(at: date)
  }

  /// The instant `day` begins at the venue.
  public func start(of day: CalendarDay) -> Date {
    VenueClock(timeZone: timeZone).instant(day)
  }

  /// Whether `day` is one of the event's days.
  public func isEventDay(_ day: CalendarDay) -> Bool {
    firstDay <= day && day <= lastDay
  }

  /// Every day of the event, in order.
  public var days: [CalendarDay] {
    let first = firstDay.daysSince1970
    return (0..<dayCount).map { CalendarDay(daysSince1970: first + $0)! }
  }
}

extension CalendarDay: Codable {
  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let day = CalendarDay(text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a day: \(text)"))
    }
    self = day
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
