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

  /// The whole list written at once, in one transaction, as an import written while its
  /// file is checked must end.
  func importWhole(_ invitees: [Invitee], into database: AppDatabase, listing: Int = .max) async throws -> ImportResult {
    try await database.writer.write { db in
      try AppDatabase.importInvitees(
        eventCode: "ILP-BANGGAI-25", invitees: invitees, by: organizer, at: now, listing: listing, db: db)
    }
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
    let result = try await importWhole(people, into: database)
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
    let result = try await importWhole([row], into: database)
    #expect(result.created == 0 && result.updated == 1)
    let positions = try await database.writer.read { db in
      try Row.fetchAll(db, sql: "SELECT external_id, position FROM registration ORDER BY id").map {
        [$0[0] as String, $0[1] as String]
      }
    }
    #expect(positions == [["198001012005012001", "Bidan"], ["198001012005012002", ""]])
  }

  /// A list of `people` rows (some already registered, by their NIP), and with `lateMerge`
  /// the first person again at its end, with an e-mail added.
  func list(people: Int, lateMerge: Bool) -> [UInt8] {
    var lines = ["Nama,Instansi,Email,NIP"]
    lines += (0..<people).map { "Peserta \($0),Puskesmas \($0 % 7),,\(197_001_011_990_031_000 + $0)" }
    if lateMerge { lines.append("Peserta 0,,peserta0@dinkes.go.id,197001011990031000") }
    return Array((lines.joined(separator: "\n") + "\n").utf8)
  }

  /// A database whose event already has two of the list's people, one of them with
  /// details the list fills in.
  func eventWithTwoRegistered() async throws -> AppDatabase {
    let database = try AppDatabase.inMemory()
    var event = try banggai()
    event.capacity = 500
    _ = try await database.createEvent(event, by: organizer)
    for (organization, number) in [("", 3), ("Puskesmas 5", 5)] {
      _ = try await database.register(
        eventCode: "ILP-BANGGAI-25",
        person: Person(name: "Peserta \(number)", organization: organization, externalID: "19700101199003100\(number)"),
        by: organizer, at: now)
    }
    return database
  }

  /// Everything an import decides about each person, in the order they were registered,
  /// and what the audit log says of it.
  func registrations(_ database: AppDatabase) async throws -> [[String]] {
    try await database.writer.read { db in
      let people = try Row.fetchAll(
        db,
        sql: """
          SELECT name, organization, email, external_id, search_key, status FROM registration ORDER BY id
          """
      ).map { row in (0..<6).map { row[$0] as String } }
      let audit = try Row.fetchAll(db, sql: "SELECT action, detail FROM audit_log ORDER BY id").map { row in
        [row[0] as String, row[1] as String]
      }
      return people + audit
    }
  }

  /// What `work` gives, worked out on a thread of its own.
  func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
      Thread.detachNewThread { continuation.resume(returning: work()) }
    }
  }

  /// Writes `bytes` as a check hands its invitees over, the check on a thread of its own.
  func importHandedOver(
    _ bytes: [UInt8], into database: AppDatabase, applies: Bool = true
  ) async throws -> (CheckedInviteeFile, ImportResult) {
    let invitees = Handover<[InviteeToWrite], CheckedInviteeFile>(capacity: 2)
    Thread.detachNewThread {
      invitees.finish(
        Result {
          try InviteeFile.check(bytes, mapping: [:], skipInvalid: false, handingOn: { invitees.put($0.map(InviteeToWrite.init)) })
        })
    }
    let result = try await database.importInvitees(
      eventCode: "ILP-BANGGAI-25", handedOver: invitees, expecting: 100, by: organizer, at: now,
      listing: 1_000, applies: { _ in applies })
    guard case .end(let file) = try invitees.next() else { throw CancellationError() }
    return (file, result)
  }

  @Test("written as it is checked, a list ends exactly as written whole, also when a late row changes someone written", arguments: [false, true])
  func handedOverAsWhole(lateMerge: Bool) async throws {
    let bytes = list(people: 1_800, lateMerge: lateMerge)
    let streamed = try await eventWithTwoRegistered()
    let (file, result) = try await importHandedOver(bytes, into: streamed)
    #expect(file.revisedAfterHandingOn == lateMerge)

    let whole = try await eventWithTwoRegistered()
    let expected = try await importWhole(file.checked.invitees, into: whole, listing: 1_000)
    #expect(result.created == 1_798 && result.updated == 1 && result.unchanged == 1)
    #expect(result.confirmed == expected.confirmed && result.waitlisted == expected.waitlisted)
    #expect(result.waitlisted == 1_800 - 500)
    #expect(result.waitlistedPeople.map { [$0.line, $0.position] } == expected.waitlistedPeople.map { [$0.line, $0.position] })
    #expect(result.waitlistedPeople.map(\.name) == expected.waitlistedPeople.map(\.name))
    let stored = try await registrations(streamed)
    #expect(stored == (try await registrations(whole)))
    #expect(stored.filter { $0.count == 6 }.count == 1_800)
    #expect(stored.last == ["import", "1798 created (498 confirmed, 1300 waitlisted), 1 updated, 1 unchanged"])
    #expect(stored[2][2] == (lateMerge ? "peserta0@dinkes.go.id" : ""))
  }

  @Test("a list whose check fails after some of it was written leaves nothing written, and says why")
  func checkFailsLate() async throws {
    let database = try await eventWithTwoRegistered()
    let before = try await registrations(database)
    let handedOver = Handover<[InviteeToWrite], CheckedInviteeFile>(capacity: 2)
    _ = handedOver.put(invitees(300).map(InviteeToWrite.init))
    handedOver.finish(.failure(HadirError.invalid("file", "The file cannot be read as CSV.")))
    let error = await #expect(throws: HadirError.self) {
      try await database.importInvitees(
        eventCode: "ILP-BANGGAI-25", handedOver: handedOver, expecting: 300, by: organizer, at: now,
        applies: { _ in true })
    }
    #expect(error?.message == "The file cannot be read as CSV.")
    #expect(try await registrations(database) == before)
  }

  @Test("a list that is not to be kept (a dry run, or refused rows) is written, counted and rolled back, also when written again", arguments: [false, true])
  func notKept(lateMerge: Bool) async throws {
    let database = try await eventWithTwoRegistered()
    let before = try await registrations(database)
    let (file, result) = try await importHandedOver(
      list(people: 600, lateMerge: lateMerge), into: database, applies: false)
    #expect(file.revisedAfterHandingOn == lateMerge)
    #expect(result.created == 598 && result.updated == 1)
    #expect(try await registrations(database) == before)
  }

  @Test("a write that fails stops the check that hands it invitees")
  func writeFailsStopsTheCheck() async throws {
    let database = try AppDatabase.inMemory()
    let invitees = Handover<[InviteeToWrite], CheckedInviteeFile>(capacity: 1)
    let handedOn = Atomic<Int>(0)
    async let checked = onThread {
      Result {
        try InviteeFile.check(
          list(people: 5_000, lateMerge: false), mapping: [:], skipInvalid: false,
          handingOn: {
            handedOn.add(1, ordering: .relaxed)
            return invitees.put($0.map(InviteeToWrite.init))
          })
      }
    }
    // No such event: the write fails at once.
    await #expect(throws: HadirError.self) {
      try await database.importInvitees(
        eventCode: "ILP-BANGGAI-25", handedOver: invitees, expecting: 5_000, by: organizer, at: now,
        applies: { _ in true })
    }
    let outcome = await checked
    #expect(throws: CancellationError.self) { try outcome.get() }
    // The first row at most, waiting alone: the next put finds the taker gone.
    #expect(handedOn.load(ordering: .relaxed) <= 2)
  }
}
