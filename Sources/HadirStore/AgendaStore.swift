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

/// An event's agenda as stored, with its revision.
struct StoredAgenda: Sendable {
  var agenda: Agenda
  var revision: Int
}

extension AppDatabase {
  /// The agenda of an event, sessions by day, start and room, with its revision.
  public func agenda(eventCode: String) async throws -> (agenda: Agenda, revision: Int) {
    let stored = try await agendas.value(for: eventCode) {
      try await read { db in
        let event = try EventRow.require(code: eventCode, in: db)
        return StoredAgenda(
          agenda: try Self.loadAgenda(eventID: event.id!, db: db), revision: try Self.agendaRevision(eventID: event.id!, db: db))
      }
    }
    return (stored!.agenda, stored!.revision)
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
    defer { agendas.invalidate { key, _ in key == eventCode } }
    return try await writeAlone { db in
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

  /// The stored agenda. Columns are read by position through cursors: this runs for every
  /// reading of the agenda, and looking columns up by name costs more than the rest.
  static func loadAgenda(eventID: Int64, db: Database) throws -> Agenda {
    var rooms: [Room] = []
    var roomNames: [Int64: String] = [:]
    let roomRows = try Row.fetchCursor(
      db, sql: "SELECT id, name, seats FROM room WHERE event_id = ? ORDER BY id", arguments: [eventID])
    while let row = try roomRows.next() {
      let name: String = row[1]
      roomNames[row[0]] = name
      rooms.append(Room(name: name, seats: row[2]))
    }
    var speakers: [Speaker] = []
    var speakerKeys: [Int64: String] = [:]
    let speakerRows = try Row.fetchCursor(
      db, sql: "SELECT id, key, name, affiliation, title, contact FROM speaker WHERE event_id = ? ORDER BY id",
      arguments: [eventID])
    while let row = try speakerRows.next() {
      let key: String = row[1]
      speakerKeys[row[0]] = key
      speakers.append(Speaker(key: key, name: row[2], affiliation: row[3], title: row[4], contact: row[5]))
    }
    var slots: [Int64: [SpeakerSlot]] = [:]
    let slotRows = try Row.fetchCursor(
      db,
      sql: """
        SELECT slot.session_id, slot.role, slot.speaker_id, slot.note FROM slot JOIN session ON session.id = slot.session_id
        WHERE session.event_id = ? ORDER BY slot.session_id, slot.position
        """, arguments: [eventID])
    while let row = try slotRows.next() {
      let speaker: Int64? = row[2]
      slots[row[0], default: []].append(
        SpeakerSlot(
          role: SlotRole(rawValue: row[1]) ?? .narasumber, speaker: speaker.flatMap { speakerKeys[$0] }, note: row[3]))
    }
    var sessions: [Session] = []
    let sessionRows = try Row.fetchCursor(
      db,
      sql: """
        SELECT id, key, day, start_minute, end_minute, room_id, kind, title, description, capacity FROM session
        WHERE event_id = ? ORDER BY day, start_minute, id
        """, arguments: [eventID])
    while let row = try sessionRows.next() {
      let roomID: Int64? = row[5]
      sessions.append(
        Session(
          key: row[1], day: CalendarDay(row[2] as String)!, start: TimeOfDay(minutes: row[3])!,
          end: TimeOfDay(minutes: row[4])!, room: roomID.flatMap { roomNames[$0] } ?? "",
          kind: SessionKind(rawValue: row[6]) ?? .other, title: row[7], description: row[8], capacity: row[9],
          slots: slots[row[0]] ?? []))
    }
    return Agenda(rooms: rooms, speakers: speakers, sessions: sessions)
  }

  /// Writes the differences between `current` and `agenda`: each record is looked up by its
  /// key in a dictionary and written with a prepared statement, so that the time grows with
  /// the agenda's size, not with its square.
  static func write(_ agenda: Agenda, over current: Agenda, eventID: Int64, db: Database) throws -> AgendaChanges {
    var changes = AgendaChanges()
    // Rooms and speakers first, so that sessions can point at them.
    let currentRooms = Dictionary(current.rooms.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    for room in agenda.rooms {
      if let old = currentRooms[room.name] {
        if old != room {
          try db.execute(
            sql: "UPDATE room SET seats = ? WHERE event_id = ? AND name = ?", arguments: [room.seats, eventID, room.name])
          changes.updated.append("room \(room.name)")
        }
      } else {
        try db.cachedStatement(sql: "INSERT INTO room (event_id, name, seats) VALUES (?, ?, ?)")
          .execute(arguments: [eventID, room.name, room.seats])
        changes.created.append("room \(room.name)")
      }
    }
    let currentSpeakers = current.speakersByKey
    for speaker in agenda.speakers {
      if let old = currentSpeakers[speaker.key] {
        if old != speaker {
          try db.execute(
            sql: "UPDATE speaker SET name = ?, affiliation = ?, title = ?, contact = ? WHERE event_id = ? AND key = ?",
            arguments: [speaker.name, speaker.affiliation, speaker.title, speaker.contact, eventID, speaker.key])
          changes.updated.append("speaker \(speaker.key)")
        }
      } else {
        try db.cachedStatement(
          sql: "INSERT INTO speaker (event_id, key, name, affiliation, title, contact) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [eventID, speaker.key, speaker.name, speaker.affiliation, speaker.title, speaker.contact])
        changes.created.append("speaker \(speaker.key)")
      }
    }
    let roomIDs = try ids(sql: "SELECT name, id FROM room WHERE event_id = ?", eventID: eventID, db: db)
    let speakerIDs = try ids(sql: "SELECT key, id FROM speaker WHERE event_id = ?", eventID: eventID, db: db)
    let sessionIDs = try ids(sql: "SELECT key, id FROM session WHERE event_id = ?", eventID: eventID, db: db)
    let currentSessions = Dictionary(current.sessions.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    let insertSession = try db.cachedStatement(
      sql: """
        INSERT INTO session (day, start_minute, end_minute, room_id, kind, title, description, capacity, event_id, key)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    let updateSession = try db.cachedStatement(
      sql: """
        UPDATE session SET day = ?, start_minute = ?, end_minute = ?, room_id = ?, kind = ?, title = ?,
          description = ?, capacity = ? WHERE id = ?
        """)
    let deleteSlots = try db.cachedStatement(sql: "DELETE FROM slot WHERE session_id = ?")
    let insertSlot = try db.cachedStatement(
      sql: "INSERT INTO slot (session_id, position, role, speaker_id, note) VALUES (?, ?, ?, ?, ?)")
    for session in agenda.sessions {
      let old = currentSessions[session.key]
      if old == session { continue }
      let values: StatementArguments = [
        session.day.description, session.start.minutes, session.end.minutes, roomIDs[session.room], session.kind.rawValue,
        session.title, session.description, session.capacity,
      ]
      let sessionID: Int64
      if old != nil, let id = sessionIDs[session.key] {
        sessionID = id
        try updateSession.execute(arguments: values + [sessionID])
        try deleteSlots.execute(arguments: [sessionID])
        changes.updated.append("session \(session.key)")
      } else {
        try insertSession.execute(arguments: values + [eventID, session.key])
        sessionID = db.lastInsertedRowID
        changes.created.append("session \(session.key)")
      }
      for (position, slot) in session.slots.enumerated() {
        try insertSlot.execute(
          arguments: [sessionID, position, slot.role.rawValue, slot.speaker.flatMap { speakerIDs[$0] }, slot.note])
      }
    }
    // Then what is gone: sessions before the rooms and speakers they used.
    let keptSessions = Set(agenda.sessions.map(\.key))
    let keptSpeakers = Set(agenda.speakers.map(\.key))
    let keptRooms = Set(agenda.rooms.map(\.name))
    for session in current.sessions where !keptSessions.contains(session.key) {
      try db.cachedStatement(sql: "DELETE FROM session WHERE event_id = ? AND key = ?").execute(arguments: [eventID, session.key])
      changes.deleted.append("session \(session.key)")
    }
    for speaker in current.speakers where !keptSpeakers.contains(speaker.key) {
      try db.cachedStatement(sql: "DELETE FROM speaker WHERE event_id = ? AND key = ?").execute(arguments: [eventID, speaker.key])
      changes.deleted.append("speaker \(speaker.key)")
    }
    for room in current.rooms where !keptRooms.contains(room.name) {
      try db.cachedStatement(sql: "DELETE FROM room WHERE event_id = ? AND name = ?").execute(arguments: [eventID, room.name])
      changes.deleted.append("room \(room.name)")
    }
    return changes
  }

  /// The ids of an event's rooms, speakers or sessions by name or key.
  private static func ids(sql: String, eventID: Int64, db: Database) throws -> [String: Int64] {
    var ids: [String: Int64] = [:]
    let rows = try Row.fetchCursor(db, sql: sql, arguments: [eventID])
    while let row = try rows.next() { ids[row[0]] = row[1] }
    return ids
  }
}
