import Foundation
import GRDB
import HadirCore
import Testing

@testable import HadirStore

/// A fresh directory for a database file, removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-store-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: directory) }
  return try await body(directory)
}

let now = Date(timeIntervalSince1970: 1_748_300_000)
let organizer = Actor(tokenID: "org1", name: "Banggai organizers")

func banggai(code: String = "ILP-BANGGAI-25") throws -> Event {
  try NewEvent(
    code: code, title: "Kick-off ILP Banggai", venue: "Luwuk", timeZone: "Asia/Makassar", firstDay: "2025-05-27",
    lastDay: "2025-05-28", capacity: 75
  ).event(at: now)
}

@Suite("Database file settings")
struct DatabaseSettingsTests {
  @Test("a file database runs in WAL mode with synchronous=FULL on the writer")
  func durability() async throws {
    try await withTemporaryDirectory { directory in
      let database = try AppDatabase.onFile(directory.appendingPathComponent("hadir.sqlite").path)
      #expect(try database.journalMode() == "wal")
      #expect(try database.writerSynchronousLevel() == 2)
      // Still FULL after writes, and foreign keys are enforced.
      _ = try await database.createEvent(try banggai(), by: organizer)
      #expect(try database.writerSynchronousLevel() == 2)
      #expect(try await database.writer.read { try Bool.fetchOne($0, sql: "PRAGMA foreign_keys") } == true)
    }
  }

  @Test("data written survives closing and reopening the file")
  func reopen() async throws {
    try await withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("hadir.sqlite").path
      do {
        let database = try AppDatabase.onFile(path)
        _ = try await database.createEvent(try banggai(), by: organizer)
      }
      let reopened = try AppDatabase.onFile(path)
      #expect(try await reopened.event(code: "ILP-BANGGAI-25").capacity == 75)
    }
  }
}

@Suite("Events in the store")
struct EventStoreTests {
  @Test("an event is stored and read back unchanged")
  func roundTrip() async throws {
    let database = try AppDatabase.inMemory()
    let event = try banggai()
    #expect(try await database.createEvent(event, by: organizer) == event)
    #expect(try await database.event(code: event.code) == event)
    #expect(try await database.events() == [event])
  }

  @Test("a second event with the same code is refused as already existing")
  func duplicateCode() async throws {
    let database = try AppDatabase.inMemory()
    _ = try await database.createEvent(try banggai(), by: organizer)
    await #expect(throws: HadirError(.alreadyExists, field: "code", Notice(.eventExists, [.event: "ILP-BANGGAI-25"]))) {
      try await database.createEvent(try banggai(), by: organizer)
    }
  }

  @Test("an unknown code is NOT_FOUND, as a fact naming the code")
  func unknown() async throws {
    let database = try AppDatabase.inMemory()
    do {
      _ = try await database.event(code: "NOPE")
      Issue.record("found an event that does not exist")
    } catch let error as HadirError {
      #expect(error.kind == .notFound)
      #expect(error.reason == Notice(.eventNotFound, [.event: "NOPE"]))
      #expect(error.text(in: .indonesian) == "Tidak ada kegiatan dengan kode NOPE.")
    }
  }

  @Test("events list by first day, then code, and can be limited to one")
  func ordering() async throws {
    let database = try AppDatabase.inMemory()
    var later = try banggai(code: "ILP-MOROWALI-25")
    later.firstDay = CalendarDay("2025-10-24")!
    later.lastDay = CalendarDay("2025-10-25")!
    _ = try await database.createEvent(later, by: organizer)
    _ = try await database.createEvent(try banggai(code: "B-EVENT"), by: organizer)
    _ = try await database.createEvent(try banggai(code: "A-EVENT"), by: organizer)
    #expect(try await database.events().map(\.code) == ["A-EVENT", "B-EVENT", "ILP-MOROWALI-25"])
    #expect(try await database.events(onlyCode: "B-EVENT").map(\.code) == ["B-EVENT"])
  }

  @Test("an update checks the rules against the stored event and changes nothing when refused")
  func update() async throws {
    let database = try AppDatabase.inMemory()
    _ = try await database.createEvent(try banggai(), by: organizer)
    let later = now.addingTimeInterval(3600)
    let updated = try await database.updateEvent(code: "ILP-BANGGAI-25", EventChanges(capacity: 80), by: organizer, at: later).event
    #expect(updated.capacity == 80 && updated.updatedAt == later)
    await #expect(throws: HadirError.self) {
      try await database.updateEvent(code: "ILP-BANGGAI-25", EventChanges(firstDay: "2025-06-01", capacity: 90), by: organizer, at: later)
    }
    #expect(try await database.event(code: "ILP-BANGGAI-25").capacity == 80)
  }

  @Test(
    "the schema itself refuses rows that break the rules",
    arguments: [
      "INSERT INTO event (code, title, venue, time_zone, first_day, last_day, capacity, created_at, updated_at) VALUES ('ILP', 'T', '', 'Asia/Makassar', '2025-05-27', '2025-05-27', 0, 0, 0)",
      "INSERT INTO event (code, title, venue, time_zone, first_day, last_day, capacity, created_at, updated_at) VALUES ('ilp', 'T', '', 'Asia/Makassar', '2025-05-27', '2025-05-27', 1, 0, 0)",
      "INSERT INTO event (code, title, venue, time_zone, first_day, last_day, capacity, created_at, updated_at) VALUES ('ILP', 'T', '', 'Asia/Makassar', '2025-05-28', '2025-05-27', 1, 0, 0)",
      "INSERT INTO event (code, title, venue, time_zone, first_day, last_day, capacity, created_at, updated_at) VALUES ('ILP', '', '', 'Asia/Makassar', '2025-05-27', '2025-05-27', 1, 0, 0)",
      "INSERT INTO event (code, title, venue, time_zone, first_day, last_day, capacity, created_at, updated_at) VALUES ('IL P', 'T', '', 'Asia/Makassar', '2025-05-27', '2025-05-27', 1, 0, 0)",
      "INSERT INTO event (code, title, venue, time_zone, first_day, last_day, capacity, created_at, updated_at) VALUES ('ILP', 'T', '', 'Asia/Makassar', '27-05-2025', '2025-05-27', 1, 0, 0)",
      "INSERT INTO access_token (id, name, role, secret_hash, created_at) VALUES ('t1', 'n', 'superuser', zeroblob(32), 0)",
      "INSERT INTO access_token (id, name, role, secret_hash, created_at) VALUES ('t1', 'n', 'desk', zeroblob(16), 0)",
      "INSERT INTO access_token (id, name, role, event_id, secret_hash, created_at) VALUES ('t1', 'n', 'desk', 999, zeroblob(32), 0)",
    ])
  func schemaChecks(_ sql: String) async throws {
    let database = try AppDatabase.inMemory()
    await #expect(throws: DatabaseError.self) {
      try await database.writer.write { try $0.execute(sql: sql) }
    }
  }
}

@Suite("Access tokens in the store")
struct TokenStoreTests {
  let hash = [UInt8](repeating: 7, count: 32)

  func token(_ id: String, role: Role = .desk, event: String? = nil) -> AccessToken {
    AccessToken(id: id, name: "desk 1", role: role, eventCode: event, createdAt: now)
  }

  @Test("a token is found by the hash of its secret until it is revoked")
  func lifecycle() async throws {
    let database = try AppDatabase.inMemory()
    _ = try await database.createEvent(try banggai(), by: organizer)
    _ = try await database.createToken(token("t1", event: "ILP-BANGGAI-25"), secretHash: hash, by: organizer)
    let found = try #require(try await database.activeToken(secretHash: hash))
    #expect(found.id == "t1" && found.eventCode == "ILP-BANGGAI-25")
    #expect(try await database.activeToken(secretHash: [UInt8](repeating: 8, count: 32)) == nil)

    let revoked = try await database.revokeToken(id: "t1", by: organizer, at: now.addingTimeInterval(10))
    #expect(revoked.revokedAt == now.addingTimeInterval(10))
    #expect(try await database.activeToken(secretHash: hash) == nil)
    #expect(try await database.tokens(includeRevoked: false).isEmpty)
    #expect(try await database.tokens(includeRevoked: true).map(\.id) == ["t1"])
    // Revoking again keeps the first time.
    #expect(try await database.revokeToken(id: "t1", by: organizer, at: now.addingTimeInterval(99)).revokedAt == now.addingTimeInterval(10))
  }

  @Test("use is recorded")
  func lastUsed() async throws {
    let database = try AppDatabase.inMemory()
    _ = try await database.createToken(token("t1"), secretHash: hash, by: organizer)
    #expect(try await database.tokens(includeRevoked: false).first?.lastUsedAt == nil)
    try await database.recordTokenUse(id: "t1", at: now.addingTimeInterval(61))
    #expect(try await database.tokens(includeRevoked: false).first?.lastUsedAt == now.addingTimeInterval(61))
  }

  @Test("the schema refuses an admin token limited to one event")
  func scopedAdminRefused() async throws {
    let database = try AppDatabase.inMemory()
    _ = try await database.createEvent(try banggai(), by: organizer)
    await #expect(throws: (any Error).self) {
      try await database.createToken(token("a1", role: .admin, event: "ILP-BANGGAI-25"), secretHash: hash, by: organizer)
    }
    #expect(try await database.tokens(includeRevoked: true).isEmpty)
  }

  @Test("a token for an unknown event, or revoking an unknown token, is NOT_FOUND")
  func unknowns() async throws {
    let database = try AppDatabase.inMemory()
    await #expect(throws: HadirError.self) { try await database.createToken(token("t1", event: "NOPE"), secretHash: hash, by: organizer) }
    await #expect(throws: HadirError.self) { try await database.revokeToken(id: "nope", by: organizer, at: now) }
  }

  @Test("a fresh database has no administrator token; revoking the last one returns to that")
  func adminPresence() async throws {
    let database = try AppDatabase.inMemory()
    #expect(try await !database.hasActiveAdminToken())
    _ = try await database.createToken(token("a1", role: .admin), secretHash: hash, by: organizer)
    #expect(try await database.hasActiveAdminToken())
    _ = try await database.revokeToken(id: "a1", by: organizer, at: now)
    #expect(try await !database.hasActiveAdminToken())
  }
}
