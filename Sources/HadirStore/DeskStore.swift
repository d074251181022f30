import Foundation
import GRDB
import HadirCore

extension AppDatabase {
  /// Checks a person in on `day` (nil: today at the venue). Every outcome is an answer, not
  /// an error. A request id seen before from the same token gets the first answer again.
  public func checkIn(
    eventCode: String, code: String, day: CalendarDay?, arrivalTime: String = "", requestID: String?, by actor: Actor,
    at now: Date
  ) async throws -> CheckInResult {
    try await write { db in
      if let answer = try Self.previousAnswer(requestID, actor: actor, db: db) { return answer }
      let event = try EventRow.require(code: eventCode, in: db)
      let arrival = try ArrivalRule.arrival(day: day, time: arrivalTime, event: try event.event, now: now)
      let result = try Self.checkIn(
        code: code, event: event, day: try day ?? event.event.day(at: now), arrival: arrival, by: actor, at: now, db: db)
      try Self.remember(result, requestID: requestID, actor: actor, at: now, db: db)
      return result
    }
  }

  static func checkIn(
    code: String, event: EventRow, day: CalendarDay, arrival: Date?, by actor: Actor, at now: Date, db: Database
  ) throws
    -> CheckInResult
  {
    // What the store knows of the code; the rule says what it means.
    let reading = RegistrationCode.read(code)
    var row: RegistrationRow?
    var registrationEventCode: String?
    var registration: Registration?
    var first: CheckInRecord?
    if case .valid(let stored) = reading, let found = try RegistrationRow.fetch(code: stored, in: db) {
      row = found
      if found.eventId == event.id {
        registrationEventCode = event.code
        registration = try found.registration(eventCode: event.code, in: db)
        first = try activeCheckIn(registrationID: found.id!, day: day, db: db)?.record
      } else {
        registrationEventCode = try String.fetchOne(
          db.cachedStatement(sql: "SELECT code FROM event WHERE id = ?"), arguments: [found.eventId]) ?? "?"
      }
    }
    if let outcome = DeskRules.scanOutcome(
      code: reading, registration: registration, eventCode: event.code, registrationEventCode: registrationEventCode,
      day: day, isEventDay: try event.event.isEventDay(day), firstCheckIn: first)
    {
      return CheckInResult(outcome: outcome, registration: registration, day: day)
    }
    guard let row, let registration else { return CheckInResult(outcome: .unknownCode, registration: nil, day: day) }
    try DirectStatement(
      "INSERT INTO check_in (registration_id, day, checked_in_at, arrived_at, desk, token_id) VALUES (?, ?, ?, ?, ?, ?)",
      db: db
    ).execute(.integer(row.id), .text(day.description), .date(now), .date(arrival), .text(actor.name), .text(actor.tokenID))
    try audit(db, actor, "check in", eventID: event.id, code: row.code, detail: day.description, at: now)
    return CheckInResult(
      outcome: .checkedIn(CheckInRecord(day: day, at: now, desk: actor.name, arrival: arrival)), registration: registration,
      day: day)
  }

  /// Undoes the check-in of `code` on `day`. Unless `mayUndoAny`, only the token that made
  /// it may undo it, and only within 15 minutes.
  public func undoCheckIn(
    eventCode: String, code: String, day: CalendarDay?, mayUndoAny: Bool, by actor: Actor, at now: Date
  ) async throws -> (registration: Registration, undone: CheckInRecord) {
    try await write { db in
      let event = try EventRow.require(code: eventCode, in: db)
      let day = try day ?? event.event.day(at: now)
      let row = try Self.requireRegistration(code: code, db: db)
      guard row.eventId == event.id else {
        throw HadirError(.notFound, field: "code", Notice(.codeNotInEvent, [.code: code, .event: event.code]))
      }
      guard let active = try Self.activeCheckIn(registrationID: row.id!, day: day, db: db) else {
        throw HadirError(.notFound, field: "code", Notice(.nothingToUndo, [.name: row.name, .day: day.description]))
      }
      try DeskRules.checkUndo(
        madeByToken: active.tokenID, desk: active.record.desk, recordedAt: active.record.at, by: actor,
        mayUndoAny: mayUndoAny, now: now)
      try db.execute(
        sql: "UPDATE check_in SET undone_at = ?, undone_by = ? WHERE id = ?", arguments: [now.stored, actor.name, active.id])
      try audit(db, actor, "undo check in", eventID: event.id, code: row.code, detail: day.description, at: now)
      return (try row.registration(eventCode: event.code, in: db), active.record)
    }
  }

  /// Registers and checks in a person in one transaction, if a place remains; someone
  /// already registered is just checked in.
  public func walkIn(
    eventCode: String, person: Person, requestID: String?, by actor: Actor, at now: Date
  ) async throws -> CheckInResult {
    try await write { db in
      if let answer = try Self.previousAnswer(requestID, actor: actor, db: db) { return answer }
      let eventRow = try EventRow.require(code: eventCode, in: db)
      let event = try eventRow.event
      let day = event.day(at: now)
      let isNew = try Self.existingRegistration(of: person, eventID: eventRow.id!, db: db) == nil
      let counts = try Counts.of(eventID: eventRow.id!, db: db)
      try DeskRules.checkWalkIn(
        event: event, day: day, isNew: isNew, confirmed: counts.confirmed, waiting: counts.waitlisted)
      let registered = try Self.register(person, in: eventRow, by: actor, at: now, db: db)
      let result = try Self.checkIn(
        code: registered.registration.code, event: eventRow, day: day, arrival: now, by: actor, at: now, db: db)
      try Self.remember(result, requestID: requestID, actor: actor, at: now, db: db)
      return result
    }
  }

  /// People whose name or organization matches `query`, by name, with whether they are in on `day`.
  public func find(eventCode: String, query: String, day: CalendarDay?, limit: Int, at now: Date) async throws -> (
    people: [FoundPerson], day: CalendarDay
  ) {
    let words = NameSearch.words(query)
    guard !words.isEmpty else {
      throw HadirError.invalid("query", Notice(.searchEmpty))
    }
    return try await read { db in
      let event = try EventRow.require(code: eventCode, in: db)
      let day = try day ?? event.event.day(at: now)
      var request = RegistrationRow.filter(Column("event_id") == event.id!)
      request = Self.filter(request, searchingFor: query)
      let rows = try request.order(Column("name"), Column("id")).fetchAll(db)
        .filter { NameSearch.matches(query: query, key: $0.searchKey) }
        .prefix(limit)
      return (
        try rows.map { row in
          FoundPerson(
            registration: try row.registration(eventCode: event.code, in: db),
            checkedInToday: try Self.activeCheckIn(registrationID: row.id!, day: day, db: db) != nil)
        }, day
      )
    }
  }

  /// Places taken, people waiting, and people in on `day` (nil: today at the venue).
  public func counters(eventCode: String, day: CalendarDay?, at now: Date) async throws -> Counters {
    try await read { db in
      let event = try EventRow.require(code: eventCode, in: db)
      let day = try day ?? event.event.day(at: now)
      let checkedIn = try Int.fetchOne(
        db.cachedStatement(sql: "SELECT present FROM check_in_count WHERE event_id = ? AND day = ?"),
        arguments: [event.id, day.description]) ?? 0
      return Counters(
        capacity: event.capacity, confirmed: try Self.confirmedCount(eventID: event.id!, db: db),
        waitlisted: try Self.waitlistedCount(eventID: event.id!, db: db), checkedInToday: checkedIn, day: day)
    }
  }

  /// Every confirmed person with their check-ins, by name.
  /// Every confirmed person, and everyone who came and cancelled later, with their check-ins.
  public func attendance(eventCode: String) async throws -> AttendanceReport {
    try await attendance(eventCode: eventCode, after: nil, limit: Int.max).report
  }

  /// One page of the attendance report, by name: at most `limit` people after the person
  /// `after` (name and id, from the previous page's `next`), so that an event of any size is
  /// read in answers that fit a frame. `next` is nil on the last page.
  public func attendance(eventCode: String, after: AttendancePosition?, limit: Int) async throws
    -> (report: AttendanceReport, next: AttendancePosition?)
  {
    try await read { db in
      let eventRow = try EventRow.require(code: eventCode, in: db)
      let event = try eventRow.event
      // Attendance is a fact: someone who came and cancelled later stays in the report.
      let rows = try RegistrationRow.fetchAll(
        db,
        sql: """
          SELECT * FROM registration WHERE event_id = ? AND (status = 'confirmed' OR EXISTS (
            SELECT 1 FROM check_in WHERE check_in.registration_id = registration.id AND check_in.undone_at IS NULL))
            AND (name, id) > (?, ?)
          ORDER BY name, id LIMIT ?
          """, arguments: [eventRow.id, after?.name ?? "", after?.id ?? 0, limit == Int.max ? -1 : limit + 1])
      let page = Array(rows.prefix(limit))
      var checkIns: [Int64: [CheckInRecord]] = [:]
      let ids = page.compactMap(\.id)
      for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
        let sql = """
          SELECT registration_id, day, checked_in_at, desk, arrived_at FROM check_in
          WHERE registration_id IN (\(chunk.map { _ in "?" }.joined(separator: ","))) AND undone_at IS NULL ORDER BY day
          """
        for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(chunk)) {
          guard let day = CalendarDay(row[1] as String) else { continue }
          checkIns[row[0], default: []].append(CheckInRecord(day: day, at: (row[2] as StoredDate).date, desk: row[3], arrival: (row[4] as StoredDate?)?.date))
        }
      }
      let report = AttendanceReport(
        eventCode: event.code, days: event.days,
        rows: try page.map { row in
          AttendanceReport.Row(
            registration: try row.registration(eventCode: event.code, in: db), checkIns: checkIns[row.id!] ?? [])
        })
      let next = rows.count > limit ? page.last.map { AttendancePosition(name: $0.name, id: $0.id!) } : nil
      return (report, next)
    }
  }


  // MARK: Helpers

  struct ActiveCheckIn {
    var id: Int64
    var tokenID: String
    var record: CheckInRecord
  }

  static func activeCheckIn(registrationID: Int64, day: CalendarDay, db: Database) throws -> ActiveCheckIn? {
    let select = try DirectStatement(
      "SELECT id, token_id, checked_in_at, desk, arrived_at FROM check_in WHERE registration_id = ? AND day = ? AND undone_at IS NULL",
      db: db)
    return try select.fetchFirst(.integer(registrationID), .text(day.description)) {
      guard let at = select.date(2) else {
        throw DatabaseCorruption("check-in \(select.int64(0)) has an unreadable time")
      }
      return ActiveCheckIn(
        id: select.int64(0), tokenID: select.text(1),
        record: CheckInRecord(day: day, at: at, desk: select.text(3), arrival: select.date(4)))
    }
  }

  static func previousAnswer(_ requestID: String?, actor: Actor, db: Database) throws -> CheckInResult? {
    guard let requestID, !requestID.isEmpty else { return nil }
    let select = try DirectStatement("SELECT answer FROM desk_request WHERE token_id = ? AND request_id = ?", db: db)
    guard let answer = try select.fetchFirst(.text(actor.tokenID), .text(requestID), read: { select.blob(0) }) ?? nil
    else { return nil }
    return try RememberedAnswer.decode(answer)
  }

  static func remember(_ result: CheckInResult, requestID: String?, actor: Actor, at now: Date, db: Database) throws {
    guard let requestID, !requestID.isEmpty else { return }
    let answer = try RememberedAnswer.encode(result)
    try DirectStatement("INSERT INTO desk_request (token_id, request_id, answer, created_at) VALUES (?, ?, ?, ?)", db: db)
      .execute(.text(actor.tokenID), .text(requestID), .blob(answer), .date(now))
    // Answers past their retention can no longer be asked for again: forget them.
    try DirectStatement("DELETE FROM desk_request WHERE created_at < ?", db: db)
      .execute(.date(now.addingTimeInterval(-RequestID.retention)))
  }
}

/// Where a page of the attendance report ends: the last person's name and row id.
public struct AttendancePosition: Sendable, Equatable {
  public var name: String
  public var id: Int64

  public init(name: String, id: Int64) {
    self.name = name
    self.id = id
  }
}
