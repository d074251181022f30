import Foundation

/// A time on the clock of the event's venue, e.g. 08:30.
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
  /// Minutes since midnight, 0..<1440.
  public let minutes: Int

  public init?(minutes: Int) {
    guard (0..<1440).contains(minutes) else { return nil }
    self.minutes = minutes
  }

  /// Parses "H:MM" or "HH:MM" (24-hour clock); also "HH.MM", as Indonesians often write it.
  public init?(_ text: String) {
    if let minutes = Self.plainMinutes(text) {
      self.minutes = minutes
      return
    }
    let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == ":" || $0 == "." })
    guard parts.count == 2, parts[1].count == 2, (1...2).contains(parts[0].count),
      let hours = Int(parts[0]), let minutes = Int(parts[1]), (0..<24).contains(hours), (0..<60).contains(minutes)
    else { return nil }
    self.minutes = hours * 60 + minutes
  }

  /// The minutes of "H:MM" or "HH:MM" (or with a dot) written in ASCII digits with nothing
  /// around them, as stored and sent; nil for anything else, which the general reading
  /// above decides.
  private static func plainMinutes(_ text: String) -> Int? {
    let utf8 = text.utf8
    guard utf8.count == 4 || utf8.count == 5 else { return nil }
    var hours = 0
    var minutes = 0
    var separator: Int?
    for (index, byte) in utf8.enumerated() {
      if byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".") {
        guard separator == nil, index == utf8.count - 3 else { return nil }
        separator = index
        continue
      }
      guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
      if separator == nil { hours = hours * 10 + Int(byte - UInt8(ascii: "0")) } else { minutes = minutes * 10 + Int(byte - UInt8(ascii: "0")) }
    }
    guard separator != nil, hours < 24, minutes < 60 else { return nil }
    return hours * 60 + minutes
  }

  /// "08:30". Written by hand: it is called for every session of every agenda read.
  public var description: String {
    let hours = minutes / 60
    let rest = minutes % 60
    return (hours < 10 ? "0" : "") + String(hours) + ":" + (rest < 10 ? "0" : "") + String(rest)
  }

  public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let time = TimeOfDay(text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a time: \(text)"))
    }
    self = time
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

/// A choice in the agenda that people may name in Indonesian or in English, in an agenda
/// file or on the command line. The raw value is the one stored and exported.
public protocol AgendaChoice: RawRepresentable<String>, CaseIterable, Sendable {
  /// Which choice this is, as the refusals' facts name it: "kind" or "role".
  static var choiceKey: String { get }
  /// The Indonesian words for this case.
  var indonesianWords: [String] { get }
}

extension AgendaChoice {
  /// The case `word` names, in either language and any case: "Paparan" is a presentation.
  public init?(word: String) {
    let word = collapseSpaces(word).lowercased()
    guard let choice = Self.allCases.first(where: { $0.rawValue == word || $0.indonesianWords.contains(word) }) else {
      return nil
    }
    self = choice
  }

  /// Every word accepted, for errors and help: "pembukaan, … (in English: opening, …)".
  public static var acceptedWords: String { Notice.acceptedWords(choiceKey, .english) }
}

/// What a session is, for the timetable and for calendars.
public enum SessionKind: String, AgendaChoice, Codable {
  case opening, presentation, discussion, panel
  case `break` = "break"
  case meal, closing, other

  public static let choiceKey = "kind"

  /// The words of Indonesian agendas; "coffee break" is one of them.
  public var indonesianWords: [String] {
    switch self {
    case .opening: ["pembukaan"]
    case .presentation: ["presentasi", "paparan", "materi"]
    case .discussion: ["diskusi", "tanya jawab"]
    case .panel: ["panel", "diskusi panel"]
    case .break: ["rehat", "istirahat", "coffee break", "rehat kopi"]
    case .meal: ["ishoma", "makan siang"]
    case .closing: ["penutupan"]
    case .other: ["lainnya"]
    }
  }
}

/// The part a speaker plays in a session.
public enum SlotRole: String, AgendaChoice, Codable {
  case narasumber, moderator, keynote, panelist

  public static let choiceKey = "role"

  public var indonesianWords: [String] {
    switch self {
    case .narasumber: ["narasumber", "pemateri"]
    case .moderator: ["moderator"]
    case .keynote: ["pembicara utama"]
    case .panelist: ["panelis"]
    }
  }
}

/// A room of the venue.
public struct Room: Equatable, Sendable, Codable {
  public var name: String
  /// Seats, when known.
  public var seats: Int?

  public init(name: String, seats: Int? = nil) {
    self.name = name
    self.seats = seats
  }
}

/// Someone who speaks at the event.
public struct Speaker: Equatable, Sendable, Codable {
  /// A short, stable name for the speaker in the agenda file, e.g. "ppni-ketua".
  public var key: String
  public var name: String
  public var affiliation: String
  public var title: String
  public var contact: String

  public init(key: String, name: String, affiliation: String = "", title: String = "", contact: String = "") {
    self.key = key
    self.name = name
    self.affiliation = affiliation
    self.title = title
    self.contact = contact
  }
}

/// A place for a speaker in a session: open ("narasumber from PPNI, to be named") until a
/// speaker holds it.
public struct SpeakerSlot: Equatable, Sendable, Codable {
  public var role: SlotRole
  /// The speaker's key, or nil while the slot is open.
  public var speaker: String?
  /// Who is expected, while open; e.g. "from PPNI, to be named".
  public var note: String

  public init(role: SlotRole, speaker: String? = nil, note: String = "") {
    self.role = role
    self.speaker = speaker
    self.note = note
  }
}

/// One item of the timetable, on one day, in one room.
public struct Session: Equatable, Sendable, Codable {
  /// A short, stable name for the session, e.g. "d1-opening": the calendar UID is made
  /// from it, so that a calendar re-importing the agenda updates rather than duplicates.
  public var key: String
  public var day: CalendarDay
  public var start: TimeOfDay
  public var end: TimeOfDay
  public var room: String
  public var kind: SessionKind
  public var title: String
  public var description: String
  /// Places, when the session has its own limit.
  public var capacity: Int?
  /// In order of appearance.
  public var slots: [SpeakerSlot]

  public init(
    key: String, day: CalendarDay, start: TimeOfDay, end: TimeOfDay, room: String, kind: SessionKind, title: String,
    description: String = "", capacity: Int? = nil, slots: [SpeakerSlot] = []
  ) {
    self.key = key
    self.day = day
    self.start = start
    self.end = end
    self.room = room
    self.kind = kind
    self.title = title
    self.description = description
    self.capacity = capacity
    self.slots = slots
  }

  /// "08:00–09:00".
  public var hours: String { "\(start)–\(end)" }

  /// Whether the two sessions share some minutes on the same day.
  public func overlaps(_ other: Session) -> Bool {
    day == other.day && start < other.end && other.start < end
  }
}

/// The whole agenda of an event: rooms, speakers and sessions.
public struct Agenda: Equatable, Sendable, Codable {
  public var rooms: [Room]
  public var speakers: [Speaker]
  /// Ordered by day, start, room.
  public var sessions: [Session]

  public init(rooms: [Room] = [], speakers: [Speaker] = [], sessions: [Session] = []) {
    self.rooms = rooms
    self.speakers = speakers
    self.sessions = sessions.sorted { ($0.day, $0.start.minutes, $0.room) < ($1.day, $1.start.minutes, $1.room) }
  }

  public func speaker(_ key: String) -> Speaker? { speakers.first { $0.key == key } }

  /// The speakers by key, the first of any key given twice winning, as ``speaker(_:)`` does.
  public var speakersByKey: [String: Speaker] {
    Dictionary(speakers.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
  }
}
