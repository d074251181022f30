import Foundation
import GRDB
import HadirCore
import Testing

@testable import HadirStore

@Suite("Answers remembered for a desk's retry")
struct RememberedAnswerTests {
  static let day = CalendarDay("2025-05-27")!
  /// Times with fractions of a second that decimal text would not keep exactly.
  static let recorded = Date(timeIntervalSinceReferenceDate: 770_000_000.123_456_789)
  static let registration = Registration(
    code: "K7M4PQX", eventCode: "ILP-BANGGAI-25",
    person: Person(
      name: "Hj. Sitti Nurhalisa, S.Kep", organization: "Puskesmas Luwuk", position: "Bidan", category: "peserta",
      phone: "+6281234567890", email: "sitti@example.id", externalID: "197805122005012003"),
    status: .cancelled, waitlistPosition: 0, registeredAt: Date(timeIntervalSinceReferenceDate: 769_000_000.987_654_321),
    cancelledAt: Date(timeIntervalSinceReferenceDate: 769_500_000.5))
  static let waiting = Registration(
    code: "P3QX7MK", eventCode: "ILP-BANGGAI-25", person: Person(name: "Andi Wijaya"), status: .waitlisted,
    waitlistPosition: 3, registeredAt: Date(timeIntervalSinceReferenceDate: 769_100_000.25))

  static let everyAnswer: [CheckInResult] = [
    CheckInResult(
      outcome: .checkedIn(CheckInRecord(day: day, at: recorded, desk: "Meja 1")), registration: registration, day: day),
    CheckInResult(
      outcome: .checkedIn(CheckInRecord(day: day, at: recorded, desk: "Meja 1", arrival: nil)), registration: registration,
      day: day),
    CheckInResult(
      outcome: .alreadyCheckedIn(
        CheckInRecord(day: day, at: recorded, desk: "Meja 2", arrival: recorded.addingTimeInterval(-3_600.25))),
      registration: registration, day: day),
    CheckInResult(outcome: .unknownCode, registration: nil, day: day),
    CheckInResult(outcome: .badCheckCharacter, registration: nil, day: day),
    CheckInResult(outcome: .waitlisted, registration: waiting, day: day),
    CheckInResult(outcome: .cancelled, registration: registration, day: day),
    CheckInResult(outcome: .otherEvent("ILP-POSO-25"), registration: nil, day: day),
    CheckInResult(outcome: .notEventDay(CalendarDay("2025-06-01")!), registration: nil, day: CalendarDay("2025-06-01")!),
  ]

  @Test("every outcome is read back exactly as it was written, to the last bit of each time")
  func roundTrip() throws {
    for answer in Self.everyAnswer {
      #expect(try RememberedAnswer.decode(try RememberedAnswer.encode(answer)) == answer)
    }
  }

  @Test("bytes that are not a remembered answer are refused, not read as some other answer")
  func damaged() throws {
    #expect(throws: (any Error).self) { try RememberedAnswer.decode(Data([0xFF, 0xFF, 0xFF])) }
    // A message with a day but no outcome is no answer either.
    var message = Hadir_Store_RememberedCheckIn()
    message.day = "2025-05-27"
    let noOutcome = try message.serializedData()
    let error = #expect(throws: RememberedAnswer.Unreadable.self) { try RememberedAnswer.decode(noOutcome) }
    #expect(error?.description.contains("no outcome") == true)
  }

  @Test("a retry gets the first answer again, though the check-in was undone and the registration cancelled since")
  func retry() async throws {
    let database = try AppDatabase.inMemory()
    _ = try await database.createEvent(try banggai(), by: organizer)
    let andi = try await database.register(
      eventCode: "ILP-BANGGAI-25", person: Person(name: "Andi Wijaya", organization: "Dinkes Banggai"), by: organizer, at: now)
    let desk = Actor(tokenID: "desk1", name: "Meja 1")
    let first = try await database.checkIn(
      eventCode: "ILP-BANGGAI-25", code: andi.registration.code, day: nil, requestID: "a1b2", by: desk, at: now)
    guard case .checkedIn = first.outcome else {
      Issue.record("expected a check-in, got \(first.outcome)")
      return
    }
    _ = try await database.undoCheckIn(
      eventCode: "ILP-BANGGAI-25", code: andi.registration.code, day: nil, mayUndoAny: false, by: desk, at: now)
    _ = try await database.cancelRegistration(code: andi.registration.code, limitedToEvent: nil, by: organizer, at: now)
    let again = try await database.checkIn(
      eventCode: "ILP-BANGGAI-25", code: andi.registration.code, day: nil, requestID: "a1b2", by: desk,
      at: now.addingTimeInterval(5))
    #expect(again == first)
    let stored = try await database.read { try String.fetchOne($0, sql: "SELECT typeof(answer) FROM desk_request") }
    #expect(stored == "blob")
  }

  @Test("answers kept as JSON before the upgrade are converted exactly; expired and unreadable ones are dropped, and named")
  func migration() async throws {
    let queue = try DatabaseQueue()
    try AppDatabase.migrator.migrate(queue, upTo: "v8: names searched in their Indonesian spelling variants")
    // As servers before the change wrote them: JSON, dates in seconds since 1970.
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .secondsSince1970
    let json = try Self.everyAnswer.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
    let kept = Date()
    try await queue.write { db in
      let insert = "INSERT INTO desk_request (token_id, request_id, answer, created_at) VALUES ('desk1', ?, ?, ?)"
      for (index, text) in json.enumerated() {
        try db.execute(sql: insert, arguments: ["request-\(index)", text, kept])
      }
      try db.execute(sql: insert, arguments: ["expired", json[0], kept.addingTimeInterval(-RequestID.retention - 60)])
      try db.execute(sql: insert, arguments: ["edited-by-hand", "{\"outcome\": 42}", kept])
    }
    let database = try AppDatabase(queue)
    let desk = Actor(tokenID: "desk1", name: "Meja 1")
    for (index, text) in json.enumerated() {
      let given = try await database.checkIn(
        eventCode: "ILP-BANGGAI-25", code: "K7M-4PQX", day: nil, requestID: "request-\(index)", by: desk, at: now)
      #expect(given == (try RememberedAnswer.fromJSON(text)))
    }
    let (ids, table, indexes, audit) = try await queue.read { db in
      (
        try String.fetchAll(db, sql: "SELECT request_id FROM desk_request ORDER BY request_id"),
        try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'desk_request'") ?? "",
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'desk_request'"),
        try String.fetchAll(db, sql: "SELECT detail FROM audit_log WHERE action = 'forget unreadable desk answers'")
      )
    }
    #expect(ids == json.indices.map { "request-\($0)" }.sorted())
    #expect(table.contains("answer BLOB NOT NULL") && table.contains("WITHOUT ROWID"))
    #expect(indexes.contains("desk_request_created"))
    #expect(audit == ["remembered answers that could not be read (token, request id): desk1 edited-by-hand"])
  }
}
