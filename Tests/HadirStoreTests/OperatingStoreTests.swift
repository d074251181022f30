import Foundation
import GRDB
import HadirCore
import Testing

@testable import HadirStore

@Suite("The store under real conditions")
struct OperatingStoreTests {
  @Test("an event's days cannot be changed to leave out a day on which people checked in")
  func attendedDaysStay() async throws {
    let database = try AppDatabase.inMemory()
    _ = try await database.createEvent(try banggai(), by: organizer)
    let andi = try await database.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Andi"), by: organizer, at: now)
    _ = try await database.checkIn(
      eventCode: "ILP-BANGGAI-25", code: andi.registration.code, day: nil, requestID: nil, by: organizer, at: now)
    let error = await #expect(throws: HadirError.self) {
      try await database.updateEvent(code: "ILP-BANGGAI-25", EventChanges(firstDay: "2025-05-28"), by: organizer, at: now)
    }
    #expect(error?.kind == .conflict)
    #expect(error?.message.contains("people checked in on 2025-05-27 (1 check-in)") == true)
    #expect(try await database.event(code: "ILP-BANGGAI-25").firstDay.description == "2025-05-27")
    // Adding a day keeps the attended one: allowed.
    let longer = try await database.updateEvent(code: "ILP-BANGGAI-25", EventChanges(lastDay: "2025-05-29"), by: organizer, at: now)
    #expect(longer.event.lastDay.description == "2025-05-29")
  }

  @Test("someone who came and cancelled later stays in the attendance report, and is no no-show")
  func attendanceOutlivesCancellation() async throws {
    let database = try AppDatabase.inMemory()
    _ = try await database.createEvent(try banggai(), by: organizer)
    let andi = try await database.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Andi"), by: organizer, at: now)
    let budi = try await database.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Budi"), by: organizer, at: now)
    _ = try await database.checkIn(
      eventCode: "ILP-BANGGAI-25", code: andi.registration.code, day: nil, requestID: nil, by: organizer, at: now)
    _ = try await database.cancelRegistration(code: andi.registration.code, limitedToEvent: nil, by: organizer, at: now)
    _ = try await database.cancelRegistration(code: budi.registration.code, limitedToEvent: nil, by: organizer, at: now)

    let report = try await database.attendance(eventCode: "ILP-BANGGAI-25")
    #expect(report.rows.map(\.registration.person.name) == ["Andi"])
    #expect(report.rows[0].registration.status == .cancelled)
    #expect(report.rows[0].checkIns.map(\.day.description) == ["2025-05-27"])
    #expect(report.noShows.isEmpty)
    #expect(report.organizations.map(\.confirmed) == [0])
    #expect(report.organizations.map(\.present) == [[1, 0]])
    // On the sheet of the day they came, not on the next day's.
    let event = try await database.event(code: "ILP-BANGGAI-25")
    let first = try AttendanceSheet(report: report, event: event, day: CalendarDay("2025-05-27")!, blank: false)
    #expect(first.rows.map(\.name) == ["Andi"] && first.present == 1)
    let second = try AttendanceSheet(report: report, event: event, day: CalendarDay("2025-05-28")!, blank: true)
    #expect(second.rows.isEmpty)
  }

  @Test("a database file deleted while open refuses to commit, and says why")
  func deletedFile() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let database = try AppDatabase.onFile(directory.appendingPathComponent("hadir.sqlite").path)
    _ = try await database.createEvent(try banggai(), by: organizer)
    try FileManager.default.removeItem(at: directory)
    let error = await #expect(throws: (any Error).self) {
      try await database.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Andi"), by: organizer, at: now)
    }
    #expect(error.flatMap(StorageFailure.init) == .fileGone(path: directory.appendingPathComponent("hadir.sqlite").path))
  }

  @Test("SQLite's full-disk answer is recognised as such")
  func diskFull() async throws {
    let database = try AppDatabase.inMemory()
    try await database.writer.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA max_page_count = \(try Int.fetchOne(db, sql: "PRAGMA page_count")!)")
    }
    let error = await #expect(throws: (any Error).self) {
      for index in 0..<500 {
        _ = try await database.createEvent(try banggai(code: "EVENT-\(index)"), by: organizer)
      }
    }
    #expect(error.flatMap(StorageFailure.init) == .diskFull)
    #expect(StorageFailure(HadirError(.conflict, "x")) == nil)
  }

  @Test("an admin token limited to one event, from before the rule, becomes that event's organizer")
  func scopedAdminMigrated() async throws {
    let queue = try DatabaseQueue()
    try AppDatabase.migrator.migrate(queue, upTo: "v3: agenda")
    try await queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO event (id, code, title, venue, time_zone, first_day, last_day, capacity, created_at, updated_at)
          VALUES (1, 'ILP-BANGGAI-25', 'Kick-off', '', 'Asia/Makassar', '2025-05-27', '2025-05-28', 75, 0, 0);
          INSERT INTO access_token (id, name, role, event_id, secret_hash, created_at)
          VALUES ('scoped', 'Banggai admin', 'admin', 1, zeroblob(32), 0),
                 ('global', 'Administrator', 'admin', NULL, randomblob(32), 0);
          """)
    }
    let database = try AppDatabase(queue)
    let roles = Dictionary(uniqueKeysWithValues: try await database.tokens(includeRevoked: true).map { ($0.id, $0.role) })
    #expect(roles == ["scoped": .organizer, "global": .admin])
    let audit = try await queue.read { try String.fetchAll($0, sql: "SELECT detail FROM audit_log WHERE action = 'limit token'") }
    #expect(audit == ["scoped: admin limited to one event became organizer"])
  }
}

@Suite("Searching names in their spellings")
struct SpellingSearchTests {
  @Test("the desk's search and the registration list find a name however it was spelled")
  func variants() async throws {
    let database = try AppDatabase.inMemory()
    _ = try await database.createEvent(try banggai(), by: organizer)
    for name in ["Hj. Siti Nurhaliza, S.Kep", "Moh. Rizal", "Muhlis Lamba", "Andi Wijaya"] {
      _ = try await database.register(eventCode: "ILP-BANGGAI-25", person: Person(name: name), by: organizer, at: now)
    }
    func found(_ query: String) async throws -> [String] {
      try await database.find(eventCode: "ILP-BANGGAI-25", query: query, day: nil, limit: 20, at: now)
        .people.map(\.registration.person.name)
    }
    #expect(try await found("sitti nurhalisa") == ["Hj. Siti Nurhaliza, S.Kep"])
    #expect(try await found("muhammad rizal") == ["Moh. Rizal"])
    #expect(try await found("muh") == ["Moh. Rizal", "Muhlis Lamba"])
    #expect(try await found("andy") == [])
    let listed = try await database.registrations(
      eventCode: "ILP-BANGGAI-25", filter: RegistrationFilter(search: "mohammad"), pageSize: 50, pageToken: nil)
    #expect(listed.registrations.map(\.person.name) == ["Moh. Rizal"])
  }

  @Test("a database from before the spellings gets its search keys rewritten")
  func migration() async throws {
    let queue = try DatabaseQueue()
    try AppDatabase.migrator.migrate(queue, upTo: "v7: attendance read by name, a page at a time")
    try await queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO event (code, title, venue, time_zone, first_day, last_day, capacity, created_at, updated_at)
          VALUES ('ILP-BANGGAI-25', 'Kick-off', '', 'Asia/Makassar', '2025-05-27', '2025-05-28', 75, '2025-05-01', '2025-05-01');
          INSERT INTO registration (event_id, code, name, organization, position, category, phone, email, external_id,
            search_key, status, registered_at)
          VALUES (1, 'K7M4PQX', 'Sitti Nurhalisa', 'Puskesmas Luwuk', '', '', '', '', '', 'sitti nurhalisa puskesmas luwuk',
            'confirmed', '2025-05-01');
          """)
    }
    let database = try AppDatabase(queue)
    let key = try await database.read { db in try String.fetchOne(db, sql: "SELECT search_key FROM registration") }
    #expect(key == "siti nurhalisa puskesmas luwuk")
    #expect(try await database.find(eventCode: "ILP-BANGGAI-25", query: "siti nurhaliza", day: nil, limit: 20, at: now).people.count == 1)
  }
}
