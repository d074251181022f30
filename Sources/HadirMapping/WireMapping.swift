import Foundation
import HadirCore
import HadirProto

/// The one conversion between each domain value and its wire message, both ways, used by
/// the server and by the clients: protobuf types stop here.
public enum WireMapping {
  /// A message from the other side that this side cannot read.
  public struct Unreadable: Error, CustomStringConvertible {
    public var description: String
  }

  // MARK: Times and days

  /// An instant as RFC 3339; "" for none.
  public static func timestamp(_ date: Date?) -> String {
    date?.rfc3339 ?? ""
  }

  public static func date(_ text: String) throws -> Date? {
    guard !text.isEmpty else { return nil }
    do {
      return try Date(text, strategy: .iso8601)
    } catch {
      throw Unreadable(description: "The server sent a time this client cannot read: \(text)")
    }
  }

  public static func day(_ text: String) throws -> CalendarDay {
    guard let day = CalendarDay(text) else { throw Unreadable(description: "The server sent a day this client cannot read: \(text)") }
    return day
  }

  /// A day a caller chose, or nil for "today at the venue"; a bad one is refused naming
  /// the field.
  public static func requestedDay(_ text: String) throws(HadirError) -> CalendarDay? {
    text.isEmpty ? nil : try parseDay(text, field: "day")
  }

  // MARK: Events and tokens

  public static func event(_ event: Event) -> Hadir_V1_Event {
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

  public static func event(_ message: Hadir_V1_Event) throws -> Event {
    Event(
      code: message.code, title: message.title, venue: message.venue, timeZone: message.timeZone,
      firstDay: try day(message.firstDay), lastDay: try day(message.lastDay), capacity: Int(message.capacity),
      createdAt: try date(message.createdAt) ?? Date(timeIntervalSince1970: 0),
      updatedAt: try date(message.updatedAt) ?? Date(timeIntervalSince1970: 0))
  }

  public static func role(_ role: Role) -> Hadir_V1_Role {
    switch role {
    case .admin: .admin
    case .organizer: .organizer
    case .desk: .desk
    }
  }

  /// The role, or nil when none was sent.
  public static func role(_ role: Hadir_V1_Role) -> Role? {
    switch role {
    case .admin: .admin
    case .organizer: .organizer
    case .desk: .desk
    case .unspecified, .UNRECOGNIZED: nil
    }
  }

  public static func token(_ token: AccessToken) -> Hadir_V1_Token {
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

  public static func token(_ message: Hadir_V1_Token) throws -> AccessToken {
    guard let role = role(message.role) else { throw Unreadable(description: "The server sent a token without a role.") }
    return AccessToken(
      id: message.id, name: message.name, role: role,
      eventCode: message.eventCode.isEmpty ? nil : message.eventCode,
      createdAt: try date(message.createdAt) ?? Date(timeIntervalSince1970: 0),
      revokedAt: try date(message.revokedAt), lastUsedAt: try date(message.lastUsedAt))
  }

  /// The replica's state, its problem worded in `language`.
  public static func replication(_ replication: Replication, in language: Language) -> Hadir_V1_Replication {
    var message = Hadir_V1_Replication()
    message.configured = replication.configured
    message.lastReplicatedAt = timestamp(replication.lastReplicatedAt)
    message.pendingTransactions = UInt64(replication.pendingTransactions ?? 0)
    message.problem = replication.problem?.text(in: language) ?? ""
    return message
  }

  public static func replication(_ message: Hadir_V1_Replication) throws -> Replication {
    Replication(
      configured: message.configured, lastReplicatedAt: try date(message.lastReplicatedAt),
      pendingTransactions: message.configured ? Int(message.pendingTransactions) : nil,
      problem: message.problem.isEmpty ? nil : .worded(message.problem))
  }

  // MARK: People and registrations

  public static func person(_ person: Person) -> Hadir_V1_Person {
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

  public static func person(_ message: Hadir_V1_Person) -> Person {
    Person(
      name: message.name, organization: message.organization, position: message.position,
      category: message.category, phone: message.phone, email: message.email, externalID: message.externalID)
  }

  public static func status(_ status: RegistrationStatus) -> Hadir_V1_RegistrationStatus {
    switch status {
    case .confirmed: .confirmed
    case .waitlisted: .waitlisted
    case .cancelled: .cancelled
    }
  }

  /// The status, or nil when none was sent.
  public static func status(_ status: Hadir_V1_RegistrationStatus) -> RegistrationStatus? {
    switch status {
    case .confirmed: .confirmed
    case .waitlisted: .waitlisted
    case .cancelled: .cancelled
    case .unspecified, .UNRECOGNIZED: nil
    }
  }

  /// The registration as `role` may see it (see ``Registration/visible(to:)``).
  public static func registration(_ registration: Registration, shownTo role: Role) -> Hadir_V1_Registration {
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

  public static func registration(_ message: Hadir_V1_Registration) throws -> Registration {
    guard let status = status(message.status) else {
      throw Unreadable(description: "The server sent a registration without a status.")
    }
    guard case .valid(let code) = RegistrationCode.read(message.code) else {
      throw Unreadable(description: "The server sent a registration code this client cannot read: \(message.code)")
    }
    return Registration(
      code: code, eventCode: message.eventCode, person: person(message.person), status: status,
      waitlistPosition: Int(message.waitlistPosition),
      registeredAt: try date(message.registeredAt) ?? Date(timeIntervalSince1970: 0),
      cancelledAt: try date(message.cancelledAt))
  }

  // MARK: The desk

  /// A scan's answer, with `sentence`, the desk's sentence in the caller's language.
  public static func checkIn(_ result: CheckInResult, sentence: String, shownTo role: Role) -> Hadir_V1_CheckInResponse {
    var message = Hadir_V1_CheckInResponse()
    message.message = sentence
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

  public static func checkIn(_ message: Hadir_V1_CheckInResponse) throws -> CheckInResult {
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
    return CheckInResult(
      outcome: outcome, registration: message.hasRegistration ? try registration(message.registration) : nil, day: day)
  }

  public static func counters(_ counters: Counters) -> Hadir_V1_Counters {
    var message = Hadir_V1_Counters()
    message.capacity = UInt32(counters.capacity)
    message.confirmed = UInt32(counters.confirmed)
    message.waitlisted = UInt32(counters.waitlisted)
    message.checkedInToday = UInt32(counters.checkedInToday)
    message.day = counters.day.description
    return message
  }

  public static func counters(_ message: Hadir_V1_Counters) throws -> Counters {
    Counters(
      capacity: Int(message.capacity), confirmed: Int(message.confirmed), waitlisted: Int(message.waitlisted),
      checkedInToday: Int(message.checkedInToday), day: try day(message.day))
  }

  // MARK: The agenda

  /// A problem of an agenda, its sentence in `language` and its reason and facts.
  public static func problem(_ problem: AgendaProblem, in language: Language) -> Hadir_V1_AgendaProblem {
    var message = Hadir_V1_AgendaProblem()
    message.kind = problem.kind.rawValue
    message.message = problem.text(in: language)
    message.sessionKey = problem.session ?? ""
    if let notice = problem.notice {
      message.info.reason = notice.reason
      message.info.domain = "hadir"
      message.info.metadata = notice.wireFacts
    }
    return message
  }

  /// The problem as facts when this side knows its reason, else as the sentence sent.
  public static func problem(_ message: Hadir_V1_AgendaProblem) -> AgendaProblem {
    let kind = AgendaProblem.Kind(rawValue: message.kind) ?? .conflict
    let session = message.sessionKey.isEmpty ? nil : message.sessionKey
    if let notice = Notice(reason: message.info.reason, facts: message.info.metadata) {
      return AgendaProblem(kind: kind, notice: notice, session: session)
    }
    return AgendaProblem(kind: kind, sentence: message.message, session: session)
  }

  public static func agenda(_ agenda: Agenda, event: Event) -> Hadir_V1_AgendaView {
    var view = Hadir_V1_AgendaView()
    view.eventCode = event.code
    view.timeZone = event.timeZone
    view.rooms = agenda.rooms.map { room in
      var message = Hadir_V1_AgendaRoom()
      message.name = room.name
      message.seats = UInt32(room.seats ?? 0)
      return message
    }
    view.speakers = agenda.speakers.map { speaker in
      var message = Hadir_V1_AgendaSpeaker()
      message.key = speaker.key
      message.name = speaker.name
      message.affiliation = speaker.affiliation
      message.title = speaker.title
      message.contact = speaker.contact
      return message
    }
    view.sessions = agenda.sessions.map { session in
      var message = Hadir_V1_AgendaSession()
      message.key = session.key
      message.day = session.day.description
      message.start = session.start.description
      message.end = session.end.description
      message.room = session.room
      message.kind = session.kind.rawValue
      message.title = session.title
      message.description_p = session.description
      message.capacity = UInt32(session.capacity ?? 0)
      message.slots = session.slots.map { slot in
        var message = Hadir_V1_AgendaSlot()
        message.role = slot.role.rawValue
        message.speakerKey = slot.speaker ?? ""
        message.note = slot.note
        return message
      }
      return message
    }
    return view
  }

  public static func agenda(_ view: Hadir_V1_AgendaView) throws -> Agenda {
    Agenda(
      rooms: view.rooms.map { Room(name: $0.name, seats: $0.seats == 0 ? nil : Int($0.seats)) },
      speakers: view.speakers.map {
        Speaker(key: $0.key, name: $0.name, affiliation: $0.affiliation, title: $0.title, contact: $0.contact)
      },
      sessions: try view.sessions.map { session in
        guard let start = TimeOfDay(session.start), let end = TimeOfDay(session.end) else {
          throw Unreadable(description: "The server sent a session time this client cannot read.")
        }
        return Session(
          key: session.key, day: try day(session.day), start: start, end: end, room: session.room,
          kind: SessionKind(rawValue: session.kind) ?? .other, title: session.title, description: session.description_p,
          capacity: session.capacity == 0 ? nil : Int(session.capacity),
          slots: session.slots.map {
            SpeakerSlot(
              role: SlotRole(rawValue: $0.role) ?? .narasumber, speaker: $0.speakerKey.isEmpty ? nil : $0.speakerKey,
              note: $0.note)
          })
      })
  }
}
