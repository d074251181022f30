import Foundation

/// One workshop or meeting, possibly over several days, with a limit on participants.
public struct Event: Equatable, Sendable, Encodable {
  /// Short code people type, e.g. "ILP-BANGGAI-25"; see ``EventCode``.
  public var code: String
  public var title: String
  public var venue: String
  /// IANA time zone of the venue, e.g. "Asia/Makassar". Decides which day "today" is.
  public var timeZone: String
  public var firstDay: CalendarDay
  public var lastDay: CalendarDay
  /// How many participants may be confirmed.
  public var capacity: Int
  public var createdAt: Date
  public var updatedAt: Date

  public init(
    code: String, title: String, venue: String, timeZone: String, firstDay: CalendarDay,
    lastDay: CalendarDay, capacity: Int, createdAt: Date, updatedAt: Date
  ) {
    self.code = code
    self.title = title
    self.venue = venue
    self.timeZone = timeZone
    self.firstDay = firstDay
    self.lastDay = lastDay
    self.capacity = capacity
    self.createdAt = createdAt
    self.updatedAt = updatedAt
  }

  /// Number of calendar days the event runs, first and last included.
  public var dayCount: Int { firstDay.days(to: lastDay) + 1 }

  /// The years an event may fall in: a typo such as 0025 or 2205 is refused rather than
  /// stored as a real day.
  public static let years = 2000...2100

  /// Checks the rules every event obeys; throws naming the first field that breaks one.
  public func validate() throws(HadirError) {
    if title.isEmpty { throw .invalid("title", Notice(.eventTitleMissing)) }
    if title.count > 200 { throw .invalid("title", Notice(.tooLong, [.field: "title", .limit: "200"])) }
    if venue.count > 200 { throw .invalid("venue", Notice(.tooLong, [.field: "venue", .limit: "200"])) }
    guard TimeZoneName.isKnown(timeZone) else {
      throw .invalid("time_zone", Notice(.timeZoneUnknown, [.value: timeZone]))
    }
    for (field, day) in [("first_day", firstDay), ("last_day", lastDay)] where !Self.years.contains(day.year) {
      throw .invalid(
        field,
        Notice(
          .implausibleYear,
          [.day: day.description, .first: "\(Self.years.lowerBound)", .last: "\(Self.years.upperBound)"]))
    }
    if lastDay < firstDay {
      throw .invalid("last_day", Notice(.lastDayBeforeFirst, [.first: firstDay.description, .last: lastDay.description]))
    }
    if dayCount > 31 {
      throw .invalid(
        "last_day",
        Notice(.eventTooLong, [.first: firstDay.description, .last: lastDay.description, .count: "\(dayCount)"]))
    }
    guard (1...100_000).contains(capacity) else {
      throw .invalid("capacity", Notice(.capacityOutOfRange, [.value: "\(capacity)"]))
    }
  }
}

/// The rules for event codes: what people type at the desk and in commands.
public enum EventCode {
  /// The code in its stored form (upper case, trimmed), or an error that says what a code
  /// may contain.
  public static func normalize(_ raw: String) throws(HadirError) -> String {
    let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
    if code.isEmpty { throw .invalid("code", Notice(.eventCodeMissing)) }
    let allowed = code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    guard allowed, (3...32).contains(code.count), code.first != "-", code.last != "-" else {
      throw .invalid("code", Notice(.eventCodeInvalid, [.value: raw]))
    }
    return code
  }
}

/// Parses a day field, naming the field when the text is not a "YYYY-MM-DD" date.
public func parseDay(_ text: String, field: String) throws(HadirError) -> CalendarDay {
  guard let day = CalendarDay(text.trimmingCharacters(in: .whitespaces)) else {
    throw .invalid(field, Notice(.notADate, [.value: text]))
  }
  return day
}

/// What a request to create an event carries, before it is checked.
public struct NewEvent: Sendable {
  public var code: String
  public var title: String
  public var venue: String
  public var timeZone: String
  public var firstDay: String
  public var lastDay: String
  public var capacity: Int

  public init(code: String, title: String, venue: String, timeZone: String, firstDay: String, lastDay: String, capacity: Int) {
    self.code = code
    self.title = title
    self.venue = venue
    self.timeZone = timeZone
    self.firstDay = firstDay
    self.lastDay = lastDay
    self.capacity = capacity
  }

  /// The event this creates at `now`, or an error naming the field at fault.
  public func event(at now: Date) throws(HadirError) -> Event {
    let event = Event(
      code: try EventCode.normalize(code),
      title: try TextRules.singleLine(title, field: "title"),
      venue: try TextRules.singleLine(venue, field: "venue"),
      timeZone: TimeZoneName.normalize(timeZone),
      firstDay: try parseDay(firstDay, field: "first_day"),
      lastDay: try parseDay(lastDay.isEmpty ? firstDay : lastDay, field: "last_day"),
      capacity: capacity,
      createdAt: now,
      updatedAt: now)
    try event.validate()
    return event
  }
}

/// Changes to an event; nil fields stay as they are.
public struct EventChanges: Sendable {
  public var title: String?
  public var venue: String?
  public var timeZone: String?
  public var firstDay: String?
  public var lastDay: String?
  public var capacity: Int?

  public init(
    title: String? = nil, venue: String? = nil, timeZone: String? = nil, firstDay: String? = nil,
    lastDay: String? = nil, capacity: Int? = nil
  ) {
    self.title = title
    self.venue = venue
    self.timeZone = timeZone
    self.firstDay = firstDay
    self.lastDay = lastDay
    self.capacity = capacity
  }

  public var isEmpty: Bool {
    title == nil && venue == nil && timeZone == nil && firstDay == nil && lastDay == nil && capacity == nil
  }

  /// `event` with these changes, checked against every event rule.
  public func applied(to event: Event, at now: Date) throws(HadirError) -> Event {
    var changed = event
    if let title { changed.title = try TextRules.singleLine(title, field: "title") }
    if let venue { changed.venue = try TextRules.singleLine(venue, field: "venue") }
    if let timeZone { changed.timeZone = TimeZoneName.normalize(timeZone) }
    if let firstDay { changed.firstDay = try parseDay(firstDay, field: "first_day") }
    if let lastDay { changed.lastDay = try parseDay(lastDay, field: "last_day") }
    if let capacity { changed.capacity = capacity }
    try changed.validate()
    if changed != event { changed.updatedAt = now }
    return changed
  }
}

/// Trims the text and turns every run of white space into one space.
public func collapseSpaces(_ text: String) -> String {
  // Most values are clean already: single ASCII spaces between words.
  var clean = true
  var previousWasSpace = true
  for byte in text.utf8 {
    let isSpace = byte == 0x20
    if (isSpace && previousWasSpace) || byte < 0x20 || byte == 0x7F || byte >= 0x80 {
      clean = false
      break
    }
    previousWasSpace = isSpace
  }
  if clean && !previousWasSpace { return text }
  return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}
