import Foundation
import GRDB
import HadirCore

/// A row of the `event` table.
struct EventRow: Encodable, FetchableRecord, MutablePersistableRecord, StoresDates {
  static let databaseTableName = "event"

  var id: Int64?
  var code: String
  var title: String
  var venue: String
  var timeZone: String
  var firstDay: String
  var lastDay: String
  var capacity: Int
  var createdAt: Date
  var updatedAt: Date

  enum CodingKeys: String, CodingKey {
    case id, code, title, venue, capacity
    case timeZone = "time_zone"
    case firstDay = "first_day"
    case lastDay = "last_day"
    case createdAt = "created_at"
    case updatedAt = "updated_at"
  }

  init(_ event: Event, id: Int64? = nil) {
    self.id = id
    self.code = event.code
    self.title = event.title
    self.venue = event.venue
    self.timeZone = event.timeZone
    self.firstDay = event.firstDay.description
    self.lastDay = event.lastDay.description
    self.capacity = event.capacity
    self.createdAt = event.createdAt
    self.updatedAt = event.updatedAt
  }

  /// Read column by column: the event is read on every check-in, and this costs a fraction
  /// of decoding the row through `Decodable`. A value that cannot be read throws.
  init(row: Row) throws {
    id = try row.decode(forColumn: "id")
    code = try row.decode(forColumn: "code")
    title = try row.decode(forColumn: "title")
    venue = try row.decode(forColumn: "venue")
    timeZone = try row.decode(forColumn: "time_zone")
    firstDay = try row.decode(forColumn: "first_day")
    lastDay = try row.decode(forColumn: "last_day")
    capacity = try row.decode(forColumn: "capacity")
    createdAt = try row.decode(StoredDate.self, forColumn: "created_at").date
    updatedAt = try row.decode(StoredDate.self, forColumn: "updated_at").date
  }

  mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }

  var event: Event {
    get throws {
      guard let first = CalendarDay(firstDay), let last = CalendarDay(lastDay) else {
        throw DatabaseCorruption("event \(code) has an unreadable day")
      }
      return Event(
        code: code, title: title, venue: venue, timeZone: timeZone, firstDay: first, lastDay: last,
        capacity: capacity, createdAt: createdAt, updatedAt: updatedAt)
    }
  }

  static func fetch(code: String, in db: Database) throws -> EventRow? {
    try EventRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM event WHERE code = ?"), arguments: [code])
  }

  /// The row of event `code`, or NOT_FOUND naming it.
  static func require(code: String, in db: Database) throws -> EventRow {
    guard let row = try fetch(code: code, in: db) else {
      throw HadirError(.notFound, field: "event", Notice(.eventNotFound, [.event: code]))
    }
    return row
  }
}

/// The database holds something the schema should have prevented.
struct DatabaseCorruption: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

extension AppDatabase {
  /// Stores a new event; ALREADY_EXISTS when its code is taken.
  public func createEvent(_ event: Event, by actor: Actor) async throws -> Event {
    try await write { db in
      if try EventRow.fetch(code: event.code, in: db) != nil {
        throw HadirError(.alreadyExists, field: "code", Notice(.eventExists, [.event: event.code]))
      }
      var row = EventRow(event)
      try row.insert(db)
      try audit(db, actor, "create event", eventID: row.id, detail: event.code, at: event.createdAt)
      return try row.event
    }
  }

  /// The event with `code`, or NOT_FOUND.
  public func event(code: String) async throws -> Event {
    // The loader returns a value or throws (NOT_FOUND), so the result is never nil.
    try await events.value(for: code) {
      try await read { db in try EventRow.require(code: code, in: db).event }
    }!
  }

  /// Events ordered by first day, then code; only `onlyCode` when given.
  public func events(onlyCode: String? = nil) async throws -> [Event] {
    try await read { db in
      var request = EventRow.order(Column("first_day"), Column("code"))
      if let onlyCode { request = request.filter(Column("code") == onlyCode) }
      return try request.fetchAll(db).map { try $0.event }
    }
  }

  /// Applies `changes` to event `code` in one transaction, checking every rule against
  /// the event as it is at that moment.
  ///
  /// Raising the capacity confirms waitlisted people, oldest first; lowering it below the
  /// number already confirmed is refused with the numbers.
  public func updateEvent(code: String, _ changes: EventChanges, by actor: Actor, at now: Date) async throws -> EventUpdate {
    defer { events.invalidate { key, _ in key == code } }
    return try await write { db in
      let row = try EventRow.require(code: code, in: db)
      let updated = try changes.applied(to: try row.event, at: now)
      let confirmed = try Self.confirmedCount(eventID: row.id!, db: db)
      try CapacityRules.checkCapacity(updated.capacity, confirmed: confirmed)
      let outside = try String.fetchAll(
        db,
        sql: "SELECT title || ' (' || day || ')' FROM session WHERE event_id = ? AND (day < ? OR day > ?) ORDER BY day, start_minute",
        arguments: [row.id, updated.firstDay.description, updated.lastDay.description])
      if !outside.isEmpty {
        throw HadirError(
          .conflict, field: "days",
          Notice(
            .sessionsOutsideDays,
            [.first: updated.firstDay.description, .last: updated.lastDay.description, .items: Notice.list(outside)]))
      }
      // Attendance is a fact: a day on which people checked in stays an event day.
      let attended = try Row.fetchAll(
        db,
        sql: """
          SELECT check_in.day, COUNT(*) FROM check_in JOIN registration ON registration.id = check_in.registration_id
          WHERE registration.event_id = ? AND check_in.undone_at IS NULL AND (check_in.day < ? OR check_in.day > ?)
          GROUP BY check_in.day ORDER BY check_in.day
          """,
        arguments: [row.id, updated.firstDay.description, updated.lastDay.description])
      if !attended.isEmpty {
        let days = attended.map { row -> String in
          let count: Int = row[1]
          return "\(row[0] as String)=\(count)"
        }
        throw HadirError(
          .conflict, field: "days",
          Notice(
            .attendedDaysDropped,
            [.first: updated.firstDay.description, .last: updated.lastDay.description, .items: Notice.list(days)]))
      }
      let newRow = EventRow(updated, id: row.id)
      try newRow.update(db)
      if updated != (try row.event) {
        try audit(db, actor, "update event", eventID: row.id, detail: Self.describeChanges(changes), at: now)
      }
      let promoted = updated.capacity > row.capacity ? try Self.promoteWaitlisted(event: newRow, by: actor, at: now, db: db) : []
      return EventUpdate(event: updated, promoted: promoted)
    }
  }

  static func describeChanges(_ changes: EventChanges) -> String {
    var parts: [String] = []
    if let title = changes.title { parts.append("title: \(title)") }
    if let venue = changes.venue { parts.append("venue: \(venue)") }
    if let zone = changes.timeZone { parts.append("time zone: \(zone)") }
    if let day = changes.firstDay { parts.append("first day: \(day)") }
    if let day = changes.lastDay { parts.append("last day: \(day)") }
    if let capacity = changes.capacity { parts.append("capacity: \(capacity)") }
    return parts.joined(separator: "; ")
  }
}

/// An event after a change, and the people a raised capacity confirmed from the waitlist.
public struct EventUpdate: Sendable {
  public var event: Event
  /// Oldest first.
  public var promoted: [Registration]
}

/// One line of the audit log.
public struct AuditEntry: Sendable, Equatable {
  public var at: Date
  public var actor: String
  public var action: String
  /// The registration concerned, without its hyphen; nil when none.
  public var code: String?
  public var detail: String
}

extension AppDatabase {
  /// The audit log of event `eventCode`, oldest first: at most the newest `limit` entries,
  /// only those about registration `code` when given, only those from `since` on when given.
  /// Also how many older entries were left out.
  public func auditLog(eventCode: String, code: String?, since: Date?, limit: Int) async throws
    -> (entries: [AuditEntry], omitted: Int)
  {
    try await read { db in
      let event = try EventRow.require(code: eventCode, in: db)
      var conditions = ["event_id = ?"]
      var arguments: [(any DatabaseValueConvertible)?] = [event.id]
      if let code {
        conditions.append("registration_code = ?")
        arguments.append(code)
      }
      if let since {
        conditions.append("at >= ?")
        arguments.append(since.stored)
      }
      let filter = conditions.joined(separator: " AND ")
      let total = try Int.fetchOne(
        db, sql: "SELECT COUNT(*) FROM audit_log WHERE \(filter)", arguments: StatementArguments(arguments)) ?? 0
      let rows = try Row.fetchAll(
        db,
        sql: "SELECT at, actor, action, registration_code, detail FROM audit_log WHERE \(filter) ORDER BY id DESC LIMIT ?",
        arguments: StatementArguments(arguments + [limit]))
      let entries = rows.reversed().map { row in
        AuditEntry(at: (row[0] as StoredDate).date, actor: row[1], action: row[2], code: row[3], detail: row[4])
      }
      return (entries, max(0, total - limit))
    }
  }
}
