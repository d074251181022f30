import Foundation
import GRDB
import HadirCore

/// What applying an agenda changed.
public struct AgendaChanges: Equatable, Sendable {
  public var created: [String] = []
  public var updated: [String] = []
  public var deleted: [String] = []

  public init() {}

  /// The agenda's revision after the change.
  public var revision = 0

  public var isEmpty: Bool { created.isEmpty && updated.isEmpty && deleted.isEmpty }
}

extension AppDatabase {
  /// The agenda of an event, sessions by day, start and room, with its revision.
  public func agenda(eventCode: String) async throws -> (agenda: Agenda, revision: Int) {
    try await read { db in
      let event = try EventRow.require(code: eventCode, in: db)
      return (try Self.loadAgenda(eventID: event.id!, db: db), try Self.agendaRevision(eventID: event.id!, db: db))
    }
  }

  static func agendaRevision(eventID: Int64, db: Database) throws -> Int {
    try Int.fetchOne(db, sql: "SELECT agenda_revision FROM event WHERE id = ?", arguments: [eventID]) ?? 0
  }

  /// Makes the stored agenda equal to `agenda` in one transaction, changing only what
  /// differs, and refuses (changing nothing) if the result would break a rule: every
  /// conflict is named in the error.
  ///
  /// With `expectedRevision`, the change is refused (changing nothing) if the agenda has
  /// changed since that revision was read.
  public func applyAgenda(
    eventCode: String, _ agenda: Agenda, expectedRevision: Int? = nil, dryRun: Bool, by actor: Actor, at now: Date
  ) async throws -> AgendaChanges {
    try await writeAlone { db in
      var changes = AgendaChanges()
      try db.inTransaction {
        let eventRow = try EventRow.require(code: eventCode, in: db)
        let revision = try Self.agendaRevision(eventID: eventRow.id!, db: db)
        if let expectedRevision, expectedRevision != revision {
          throw HadirError(
            .conflict, field: "expected_revision",
            Notice(.agendaChangedMeanwhile, [.revision: "\(revision)", .expected: "\(expectedRevision)"]))
        }
        let conflicts = AgendaRules.check(agenda, event: try eventRow.event).filter { $0.kind == .conflict }
        if !conflicts.isEmpty {
          throw HadirError(
            .conflict, field: "agenda",
            Notice(.agendaNotSaved, [.items: Notice.list(conflicts.map { $0.notice?.json ?? $0.message })]))
        }
        let current = try Self.loadAgenda(eventID: eventRow.id!, db: db)
        changes = try Self.write(agenda, over: current, eventID: eventRow.id!, db: db)
        changes.revision = revision
        if !changes.isEmpty {
          changes.revision = revision + 1
          try db.execute(sql: "UPDATE event SET agenda_revision = ? WHERE id = ?", arguments: [revision + 1, eventRow.id])
          try audit(
            db, actor, "apply agenda", eventID: eventRow.id,
            detail: "created \(changes.created.count), updated \(changes.updated.count), deleted \(changes.deleted.count)",
            at: now)
        }
        return dryRun ? .rollback : .commit
      }
      return changes
    }
  }

  static func loadAgenda(eventID: Int64, db: Database) throws -> Agenda {
    let rooms = try Row.fetchAll(db, sql: "SELECT id, name, seats FROM room WHERE event_id = ? ORDER BY id", arguments: [eventID])
    let roomNames = Dictionary(uniqueKeysWithValues: rooms.map { ($0["id"] as Int64, $0["name"] as String) })
    let speakerRows = try Row.fetchAll(
      db, sql: "SELECT * FROM speaker WHERE event_id = ? ORDER BY id", arguments: [eventID])
    let speakerKeys = Dictionary(uniqueKeysWithValues: speakerRows.map { ($0["id"] as Int64, $0["key"] as String) })
    var slots: [Int64: [SpeakerSlot]] = [:]
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT slot.* FROM slot JOIN session ON session.id = slot.session_id
        WHERE session.event_id = ? ORDER BY slot.session_id, slot.position
        """, arguments: [eventID])
    {
      let speaker: Int64? = row["speaker_id"]
      slots[row["session_id"], default: []].append(
        SpeakerSlot(
          role: SlotRole(rawValue: row["role"]) ?? .narasumber, speaker: speaker.flatMap { speakerKeys[$0] },
          note: row["note"]))
    }
    let sessions = try Row.fetchAll(
      db, sql: "SELECT * FROM session WHERE event_id = ? ORDER BY day, start_minute, id", arguments: [eventID]
    ).map { row in
      Session(
        key: row["key"], day: CalendarDay(row["day"] as String)!, start: TimeOfDay(minutes: row["start_minute"])!,
        end: TimeOfDay(minutes: row["end_minute"])!, room: roomNames[row["room_id"]] ?? "",
        kind: SessionKind(rawValue: row["kind"]) ?? .other, title: row["title"], description: row["description"],
        capacity: row["capacity"], slots: slots[row["id"]] ?? [])
    }
    return Agenda(
      rooms: rooms.map { Room(name: $0["name"], seats: $0["seats"]) },
      speakers: speakerRows.map {
        Speaker(key: $0["key"], name: $0["name"], affiliation: $0["affiliation"], title: $0["title"], contact: $0["contact"])
      },
      sessions: sessions)
  }

  /// Writes the differences between `current` and `agenda`.
  static func write(_ agenda: Agenda, over current: Agenda, eventID: Int64, db: Database) throws -> AgendaChanges {
    var changes = AgendaChanges()
    // Rooms and speakers first, so that sessions can point at them.
    for room in agenda.rooms {
      if let old = current.rooms.first(where: { $0.name == room.name }) {
        if old != room {
          try db.execute(
            sql: "UPDATE room SET seats = ? WHERE event_id = ? AND name = ?", arguments: [room.seats, eventID, room.name])
          changes.updated.append("room \(room.name)")
        }
      } else {
        try db.execute(
          sql: "INSERT INTO room (event_id, name, seats) VALUES (?, ?, ?)", arguments: [eventID, room.name, room.seats])
        changes.created.append("room \(room.name)")
      }
    }
    for speaker in agenda.speakers {
      if let old = current.speaker(speaker.key) {
        if old != speaker {
          try db.execute(
            sql: "UPDATE speaker SET name = ?, affiliation = ?, title = ?, contact = ? WHERE event_id = ? AND key = ?",
            arguments: [speaker.name, speaker.affiliation, speaker.title, speaker.contact, eventID, speaker.key])
          changes.updated.append("speaker \(speaker.key)")
        }
      } else {
        try db.execute(
          sql: "INSERT INTO speaker (event_id, key, name, affiliation, title, contact) VALUES (?, ?, ?, ?, ?, ?)",
          arguments: [eventID, speaker.key, speaker.name, speaker.affiliation, speaker.title, speaker.contact])
        changes.created.append("speaker \(speaker.key)")
      }
    }
    for session in agenda.sessions {
      let old = current.sessions.first { $0.key == session.key }
      if old == session { continue }
      let roomID = try Int64.fetchOne(
        db, sql: "SELECT id FROM room WHERE event_id = ? AND name = ?", arguments: [eventID, session.room])
      let values: [any DatabaseValueConvertible & Sendable] = [
        session.day.description, session.start.minutes, session.end.minutes, roomID, session.kind.rawValue,
        session.title, session.description,
      ]
      let sessionID: Int64
      if old != nil {
        sessionID = try Int64.fetchOne(
          db, sql: "SELECT id FROM session WHERE event_id = ? AND key = ?", arguments: [eventID, session.key])!
        try db.execute(
          sql: """
            UPDATE session SET day = ?, start_minute = ?, end_minute = ?, room_id = ?, kind = ?, title = ?,
              description = ?, capacity = ? WHERE id = ?
            """, arguments: StatementArguments(values + [session.capacity, sessionID]))
        try db.execute(sql: "DELETE FROM slot WHERE session_id = ?", arguments: [sessionID])
        changes.updated.append("session \(session.key)")
      } else {
        try db.execute(
          sql: """
            INSERT INTO session (day, start_minute, end_minute, room_id, kind, title, description, capacity, event_id, key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: StatementArguments(values + [session.capacity, eventID, session.key]))
        sessionID = db.lastInsertedRowID
        changes.created.append("session \(session.key)")
      }
      for (position, slot) in session.slots.enumerated() {
        let speakerID = try slot.speaker.flatMap { key in
          try Int64.fetchOne(db, sql: "SELECT id FROM speaker WHERE event_id = ? AND key = ?", arguments: [eventID, key])
        }
        try db.execute(
          sql: "INSERT INTO slot (session_id, position, role, speaker_id, note) VALUES (?, ?, ?, ?, ?)",
          arguments: [sessionID, position, slot.role.rawValue, speakerID, slot.note])
      }
    }
    // Then what is gone: sessions before the rooms and speakers they used.
    for session in current.sessions where !agenda.sessions.contains(where: { $0.key == session.key }) {
      try db.execute(sql: "DELETE FROM session WHERE event_id = ? AND key = ?", arguments: [eventID, session.key])
      changes.deleted.append("session \(session.key)")
    }
    for speaker in current.speakers where agenda.speaker(speaker.key) == nil {
      try db.execute(sql: "DELETE FROM speaker WHERE event_id = ? AND key = ?", arguments: [eventID, speaker.key])
      changes.deleted.append("speaker \(speaker.key)")
    }
    for room in current.rooms where !agenda.rooms.contains(where: { $0.name == room.name }) {
      try db.execute(sql: "DELETE FROM room WHERE event_id = ? AND name = ?", arguments: [eventID, room.name])
      changes.deleted.append("room \(room.name)")
    }
    return changes
  }
}
