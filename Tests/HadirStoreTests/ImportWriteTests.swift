import Foundation
import GRDB
import HadirCore
import Synchronization
import Testing

@testable import HadirStore

/// An import writes its new people many rows per statement; what it writes must be what
/// writing them one by one wrote, whatever the random codes do.
@Suite("Writing an import")
struct ImportWriteTests {
  func invitees(_ count: Int) -> [Invitee] {
    (0..<count).map { Invitee(line: $0 + 2, person: Person(name: "Peserta \($0)", email: "peserta\($0)@dinkes.go.id")) }
  }

  /// Codes from a list, then random ones.
  final class Codes: Sendable {
    let queue: Mutex<[String]>
    init(_ first: [String]) { queue = Mutex(first) }
    func next() -> String { queue.withLock { $0.isEmpty ? RegistrationCode.generate() : $0.removeFirst() } }
  }

  func stored(_ database: AppDatabase) async throws -> [String: (name: String, status: String)] {
    try await database.writer.read { db in
      var people: [String: (String, String)] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT code, name, status FROM registration") { people[row[0]] = (row[1], row[2]) }
      return people
    }
  }

  @Test("a code that is taken sends its statement back to one row at a time: everyone is written, once, with the codes the report names")
  func takenCode() async throws {
    let database = try AppDatabase.inMemory()
    var event = try banggai()
    event.capacity = 60
    _ = try await database.createEvent(event, by: organizer)
    let existing = try await database.register(
      eventCode: "ILP-BANGGAI-25", person: Person(name: "Siti Nurhaliza"), by: organizer, at: now)
    // The first new code of the second statement is already someone's, and two in the third
    // are each other's.
    let repeated = RegistrationCode.generate()
    var first = (0..<100).map { _ in RegistrationCode.generate() }
    first.append(existing.registration.code)
    first += (0..<99).map { _ in RegistrationCode.generate() }
    first += [repeated, repeated]
    let codes = Codes(first)
    let result = try await database.writer.write { db in
      try AppDatabase.importInvitees(
        eventCode: "ILP-BANGGAI-25", invitees: invitees(250), by: organizer, at: now, listing: 1_000, db: db,
        codes: codes.next)
    }
    #expect(result.created == 250 && result.confirmed == 59 && result.waitlisted == 191)
    let people = try await stored(database)
    #expect(people.count == 251)
    #expect(people[existing.registration.code]?.name == "Siti Nurhaliza")
    #expect(Set(people.values.map(\.name)).count == 251)
    #expect(result.waitlistedPeople.map(\.position) == Array(1...191))
    for listed in result.waitlistedPeople {
      #expect(people[listed.code]?.name == listed.name && people[listed.code]?.status == "waitlisted", "\(listed)")
    }
    #expect(result.waitlistedPeople.first?.name == "Peserta 59" && result.waitlistedPeople.first?.line == 61)
  }

  @Test("a later row that is the same person as a new one not written yet updates that one")
  func samePersonAsANewOne() async throws {
    let database = try AppDatabase.inMemory()
    _ = try await database.createEvent(try banggai(), by: organizer)
    let people = [
      Invitee(line: 2, person: Person(name: "Budi Santoso", email: "budi@dinkes.go.id", externalID: "198001012005011001")),
      Invitee(line: 3, person: Person(name: "Budi Santoso", organization: "Puskesmas Luwuk", email: "budi@dinkes.go.id")),
    ]
    let result = try await database.importInvitees(
      eventCode: "ILP-BANGGAI-25", invitees: people, dryRun: false, by: organizer, at: now)
    #expect(result.created == 1 && result.updated == 1)
    let organization = try await database.writer.read { db in
      try String.fetchAll(db, sql: "SELECT organization FROM registration")
    }
    #expect(organization == ["Puskesmas Luwuk"])
  }

  @Test("a row matching two registrations by phone updates the earlier one, as the lookup by query does")
  func earliestRegistrationWins() async throws {
    let database = try AppDatabase.inMemory()
    _ = try await database.createEvent(try banggai(), by: organizer)
    for (name, nip) in [("Ani Wulandari", "198001012005012001"), ("Ani Rahmawati", "198001012005012002")] {
      _ = try await database.register(
        eventCode: "ILP-BANGGAI-25", person: Person(name: name, phone: "+6281234567890", externalID: nip), by: organizer,
        at: now)
    }
    let row = Invitee(line: 2, person: Person(name: "Ani", position: "Bidan", phone: "+6281234567890"))
    let result = try await database.importInvitees(
      eventCode: "ILP-BANGGAI-25", invitees: [row], dryRun: false, by: organizer, at: now)
    #expect(result.created == 0 && result.updated == 1)
    let positions = try await database.writer.read { db in
      try Row.fetchAll(db, sql: "SELECT external_id, position FROM registration ORDER BY id").map {
        [$0[0] as String, $0[1] as String]
      }
    }
    #expect(positions == [["198001012005012001", "Bidan"], ["198001012005012002", ""]])
  }
}
