import Foundation

/// Where a registration stands. At most `capacity` registrations of an event are confirmed;
/// the rest wait in the order they came and are promoted, oldest first, when a place frees.
public enum RegistrationStatus: String, Sendable, Codable, CaseIterable {
  case confirmed
  case waitlisted
  case cancelled
}

/// A person registered for one event.
public struct Registration: Equatable, Sendable, Codable {
  /// See ``RegistrationCode``; stored without the hyphen.
  public var code: String
  public var eventCode: String
  public var person: Person
  public var status: RegistrationStatus
  /// 1 for the next to be promoted; 0 unless waitlisted.
  public var waitlistPosition: Int
  public var registeredAt: Date
  public var cancelledAt: Date?

  public init(
    code: String, eventCode: String, person: Person, status: RegistrationStatus, waitlistPosition: Int = 0,
    registeredAt: Date, cancelledAt: Date? = nil
  ) {
    self.code = code
    self.eventCode = eventCode
    self.person = person
    self.status = status
    self.waitlistPosition = waitlistPosition
    self.registeredAt = registeredAt
    self.cancelledAt = cancelledAt
  }

  private enum CodingKeys: String, CodingKey {
    case code, eventCode, person, status, waitlistPosition, registeredAt, cancelledAt
  }

  /// Written with the code as people read it ("K7M-4PQX"), for scripts and for the answers
  /// the store remembers; read with or without the hyphen.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(RegistrationCode.display(code), forKey: .code)
    try container.encode(eventCode, forKey: .eventCode)
    try container.encode(person, forKey: .person)
    try container.encode(status, forKey: .status)
    try container.encode(waitlistPosition, forKey: .waitlistPosition)
    try container.encode(registeredAt, forKey: .registeredAt)
    try container.encodeIfPresent(cancelledAt, forKey: .cancelledAt)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      code: try container.decode(String.self, forKey: .code).replacingOccurrences(of: "-", with: ""),
      eventCode: try container.decode(String.self, forKey: .eventCode),
      person: try container.decode(Person.self, forKey: .person),
      status: try container.decode(RegistrationStatus.self, forKey: .status),
      waitlistPosition: try container.decode(Int.self, forKey: .waitlistPosition),
      registeredAt: try container.decode(Date.self, forKey: .registeredAt),
      cancelledAt: try container.decodeIfPresent(Date.self, forKey: .cancelledAt))
  }
}

extension Registration {
  /// The registration as `role` may see it. A desk needs to know who someone is and where
  /// they stand (name, organization, position, code, status), not how to reach them: phone,
  /// e-mail and external id (a NIP or NIK) are for organizers and administrators.
  public func visible(to role: Role) -> Registration {
    guard role == .desk else { return self }
    var shown = self
    shown.person.phone = ""
    shown.person.email = ""
    shown.person.externalID = ""
    return shown
  }
}

/// The answer to a registration: the registration, and whether it existed already.
public struct Registered: Equatable, Sendable {
  public var registration: Registration
  /// The person was registered before (same external id, e-mail or phone); nothing changed.
  public var alreadyRegistered: Bool

  public init(registration: Registration, alreadyRegistered: Bool) {
    self.registration = registration
    self.alreadyRegistered = alreadyRegistered
  }
}

/// How many places are taken and how many people are in, for the organizers' screen.
public struct Counters: Equatable, Sendable {
  public var capacity: Int
  public var confirmed: Int
  public var waitlisted: Int
  public var checkedInToday: Int
  public var day: CalendarDay

  public init(capacity: Int, confirmed: Int, waitlisted: Int, checkedInToday: Int, day: CalendarDay) {
    self.capacity = capacity
    self.confirmed = confirmed
    self.waitlisted = waitlisted
    self.checkedInToday = checkedInToday
    self.day = day
  }
}

/// Who did something, for the desk name on a check-in and for the audit log.
public struct Actor: Equatable, Sendable {
  public var tokenID: String
  /// The token's name, e.g. "desk 2".
  public var name: String

  public init(tokenID: String, name: String) {
    self.tokenID = tokenID
    self.name = name
  }

  /// The server itself, or its operator at the server's console (first token, recovery).
  public static let server = Actor(tokenID: "-", name: "hadird")
}

/// A page of registrations and how many match in all.
public struct RegistrationPage: Equatable, Sendable {
  public var registrations: [Registration]
  /// Where the next page starts; nil on the last page.
  public var nextPageToken: String?
  public var total: Int

  public init(registrations: [Registration], nextPageToken: String?, total: Int) {
    self.registrations = registrations
    self.nextPageToken = nextPageToken
    self.total = total
  }
}

/// A person found at the desk, and whether they are in today.
public struct FoundPerson: Equatable, Sendable {
  public var registration: Registration
  public var checkedInToday: Bool

  public init(registration: Registration, checkedInToday: Bool) {
    self.registration = registration
    self.checkedInToday = checkedInToday
  }
}

