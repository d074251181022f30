import Foundation
import GRDB
import HadirCore
import Testing

@testable import HadirStore

@Suite("Registrations in the store")
struct RegistrationStoreTests {
  let actor = Actor(tokenID: "org1", name: "Banggai organizers")

  func database(capacity: Int) async throws -> AppDatabase {
    let database = try AppDatabase.inMemory()
    var event = try banggai()
    event.capacity = capacity
    _ = try await database.createEvent(event, by: organizer)
    return database
  }

  @Test("the schema refuses a confirmed registration beyond capacity, whatever the code does")
  func schemaCapacity() async throws {
    let database = try await database(capacity: 1)
    _ = try await database.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Andi"), by: actor, at: now)
    await #expect(throws: DatabaseError.self) {
      try await database.writer.write { db in
        try db.execute(
          sql: """
            INSERT INTO registration (event_id, code, name, organization, position, category, phone, email, external_id,
              search_key, status, registered_at)
            VALUES (1, '0000000', 'Budi', '', '', '', '', '', '', 'budi', 'confirmed', 0)
            """)
      }
    }
    await #expect(throws: DatabaseError.self) {
      try await database.writer.write { try $0.execute(sql: "UPDATE event SET capacity = 0") }
    }
  }

  @Test("the live counts follow every insert, promotion and cancellation")
  func counts() async throws {
    let database = try await database(capacity: 2)
    let people = try await database.registerAll(
      eventCode: "ILP-BANGGAI-25", people: ["Andi", "Budi", "Citra", "Dewi"].map { Person(name: $0) }, by: actor, at: now)
    #expect(people.map(\.registration.status) == [.confirmed, .confirmed, .waitlisted, .waitlisted])
    #expect(people.map(\.registration.waitlistPosition) == [0, 0, 1, 2])
    var counters = try await database.counters(eventCode: "ILP-BANGGAI-25", day: nil, at: now)
    #expect(counters.confirmed == 2 && counters.waitlisted == 2)
    _ = try await database.cancelRegistration(code: people[0].registration.code, limitedToEvent: nil, by: actor, at: now)
    counters = try await database.counters(eventCode: "ILP-BANGGAI-25", day: nil, at: now)
    #expect(counters.confirmed == 2 && counters.waitlisted == 1)
    #expect(try await database.registration(code: people[3].registration.code, limitedToEvent: nil).waitlistPosition == 1)
  }

  @Test("pages walk the registrations in order, with total and waitlist positions right on every page")
  func paging() async throws {
    let database = try await database(capacity: 2)
    let names = ["Andi", "Budi", "Citra", "Dewi", "Eka"]
    _ = try await database.registerAll(
      eventCode: "ILP-BANGGAI-25", people: names.enumerated().map { Person(name: $1, organization: $0 % 2 == 0 ? "PPNI" : "IDI") },
      by: actor, at: now)
    var seen: [(String, Int)] = []
    var token: String?
    repeat {
      let page = try await database.registrations(eventCode: "ILP-BANGGAI-25", filter: RegistrationFilter(), pageSize: 2, pageToken: token)
      #expect(page.total == 5 && page.registrations.count <= 2)
      seen += page.registrations.map { ($0.person.name, $0.waitlistPosition) }
      token = page.nextPageToken
    } while token != nil
    #expect(seen.map(\.0) == names)
    #expect(seen.map(\.1) == [0, 0, 1, 2, 3])
    // Filtered: the positions stay those of the whole waitlist.
    let ppniWaiting = try await database.registrations(
      eventCode: "ILP-BANGGAI-25", filter: RegistrationFilter(status: .waitlisted, organization: "ppni"), pageSize: 10,
      pageToken: nil)
    #expect(ppniWaiting.registrations.map { ($0.person.name, $0.waitlistPosition) }.map { "\($0.0) \($0.1)" } == ["Citra 1", "Eka 3"])
    #expect(ppniWaiting.total == 2 && ppniWaiting.nextPageToken == nil)
  }

  @Test("registering many at once is all or nothing")
  func allOrNothing() async throws {
    let database = try await database(capacity: 10)
    // A failure on the third person (here forced by a test trigger) leaves nobody behind.
    try await database.writer.write { db in
      try db.execute(
        sql: "CREATE TRIGGER boom BEFORE INSERT ON registration WHEN NEW.name = 'Boom' BEGIN SELECT RAISE(ABORT, 'boom'); END")
    }
    await #expect(throws: DatabaseError.self) {
      _ = try await database.registerAll(
        eventCode: "ILP-BANGGAI-25", people: [Person(name: "Andi"), Person(name: "Budi"), Person(name: "Boom")],
        by: actor, at: now)
    }
    let page = try await database.registrations(eventCode: "ILP-BANGGAI-25", filter: RegistrationFilter(), pageSize: 10, pageToken: nil)
    #expect(page.total == 0)
  }
}

@Suite("Query plans")
struct QueryPlanTests {
  @Test("looking a person up by external id, e-mail or phone uses an index, not a scan", arguments: ["external_id", "email", "phone"])
  func identityLookupUsesIndex(_ column: String) async throws {
    let database = try AppDatabase.inMemory()
    let details = try await database.writer.read { db in
      try Row.fetchAll(
        db,
        sql: """
          EXPLAIN QUERY PLAN SELECT * FROM registration WHERE event_id = ? AND \(column) = ? AND \(column) <> ''
            AND status <> 'cancelled' ORDER BY id LIMIT 1
          """, arguments: [1, "x"]
      ).map { $0["detail"] as String }
    }
    #expect(details.contains { $0.contains("USING INDEX registration_event_") || $0.contains("USING INDEX registration_one_per") }, "\(details)")
  }
}

@Suite("The audit log")
struct AuditLogTests {
  @Test("creating an event, issuing and revoking a token are recorded with who did it")
  func recorded() async throws {
    let database = try AppDatabase.inMemory()
    _ = try await database.createEvent(try banggai(), by: organizer)
    let token = AccessToken(id: "t1", name: "desk 1", role: .desk, eventCode: "ILP-BANGGAI-25", createdAt: now)
    _ = try await database.createToken(token, secretHash: [UInt8](repeating: 1, count: 32), by: .server)
    _ = try await database.revokeToken(id: "t1", by: organizer, at: now)
    _ = try await database.revokeToken(id: "t1", by: organizer, at: now)
    let entries = try await database.writer.read { db in
      try String.fetchAll(db, sql: "SELECT actor || ': ' || action || ' ' || detail FROM audit_log ORDER BY id")
    }
    #expect(entries == [
      "Banggai organizers: create event ILP-BANGGAI-25", "hadird: create token t1 desk \"desk 1\"",
      "Banggai organizers: revoke token t1",
    ])
  }
}
