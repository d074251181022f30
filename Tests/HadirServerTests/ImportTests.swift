import Foundation
import HadirClient
import HadirCore
import HadirServer
import HadirStore
import Testing

/// Importing invitee lists over the wire, as a client stream.
@Suite("Importing invitee lists", .timeLimit(.minutes(2)))
struct ImportTests {
  static func fixture(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: exampleFile("\(name).csv")))
  }

  func setUp(_ server: TestServer, capacity: Int = 75) async throws {
    var event = banggai
    event.capacity = capacity
    _ = try await server.client { try await $0.createEvent(event) }
  }

  func total(_ server: TestServer) async throws -> Int {
    try await server.client { try await $0.registrations(eventCode: "ILP-BANGGAI-25").total }
  }

  @Test("an Excel export's combined headers fill their fields, and the report names the column not used")
  func combinedHeaders() async throws {
    try await withTestServer { server in
      try await setUp(server)
      let file = Array(
        """
        No;Nama Lengkap (dengan gelar);NIP / NIK;Instansi/Unit Kerja;No. HP / WA;Keterangan
        1;dr. Ni Komang Ayu Suryaningsih, M.Kes;197001011990031001;Dinas Kesehatan Kabupaten Banggai;0812 3456 7890;narasumber

        """.utf8)
      let report = try await server.client {
        try await $0.importInvitees(eventCode: "ILP-BANGGAI-25", file: file, options: ImportOptions())
      }
      #expect(report.created == 1)
      #expect(report.columns.map { $0.field ?? "-" } == ["-", "name", "external_id", "organization", "phone", "-"])
      let person = try await server.client { try await $0.registrations(eventCode: "ILP-BANGGAI-25") }.registrations[0].person
      #expect(person.organization == "Dinas Kesehatan Kabupaten Banggai")
      #expect(person.phone == "+6281234567890" && person.externalID == "197001011990031001")
    }
  }

  @Test("two rows taken for one person are reported with both line numbers and why")
  func mergedRows() async throws {
    try await withTestServer { server in
      try await setUp(server)
      let file = Array(
        """
        Nama,NIP,No HP
        Andi Wijaya,197001011990031001,0812 1111 2222
        Budi Santoso,,0813 3333 4444
        Andi Wijaya S.KM,197001011990031001,
        Budi S.,,+62 813 3333 4444

        """.utf8)
      let report = try await server.client {
        try await $0.importInvitees(eventCode: "ILP-BANGGAI-25", file: file, options: ImportOptions())
      }
      #expect(report.created == 2)
      #expect(report.mergedRows.map { [$0.firstLine, $0.line] } == [[2, 4], [3, 5]])
      #expect(report.mergedRows.map(\.reason) == ["the same NIP/NIK 197001011990031001", "the same phone number +6281333334444"])
    }
  }

  @Test("codes are named only for people an import wrote: not by a dry run, nor by a list refused for a row")
  func codesOnlyWhenWritten() async throws {
    try await withTestServer { server in
      try await setUp(server, capacity: 1)
      let file = Array(
        """
        Nama,No HP
        Andi Wijaya,0812 1111 2222
        Budi Santoso,0813 3333 4444
        Salah Nomor,12

        """.utf8)
      func run(_ options: ImportOptions) async throws -> ImportReport {
        try await server.client { try await $0.importInvitees(eventCode: "ILP-BANGGAI-25", file: file, options: options) }
      }
      let refused = try await run(ImportOptions())
      var dry = ImportOptions()
      dry.skipInvalid = true
      dry.dryRun = true
      let dryRun = try await run(dry)
      #expect(try await total(server) == 0)
      for report in [refused, dryRun] {
        #expect(!report.applied && report.waitlisted == 1)
        #expect(report.waitlistedPeople.map(\.name) == ["Budi Santoso"] && report.waitlistedPeople[0].code == "")
      }
      var skipping = ImportOptions()
      skipping.skipInvalid = true
      let applied = try await run(skipping)
      #expect(applied.applied && applied.waitlistedPeople.count == 1)
      let budi = try await server.client { try await $0.registrations(eventCode: "ILP-BANGGAI-25") }.registrations
        .first { $0.person.name == "Budi Santoso" }
      #expect(applied.waitlistedPeople[0].code == budi.map { RegistrationCode.display($0.code) })
    }
  }

  @Test("the Banggai list: 75 confirmed in file order, 5 waitlisted; importing it again changes nothing")
  func banggaiList() async throws {
    try await withTestServer { server in
      try await setUp(server)
      let file = try Self.fixture("banggai-2025-invitees")
      let report = try await server.client {
        try await $0.importInvitees(eventCode: "ILP-BANGGAI-25", file: file, options: ImportOptions(), chunkSize: 1000)
      }
      #expect(report.applied && report.rows == 80 && report.created == 80)
      #expect(report.confirmed == 75 && report.waitlisted == 5 && report.rejected == 0)
      #expect(report.waitlistedPeople.map(\.position) == [1, 2, 3, 4, 5])
      #expect(report.waitlistedPeople.first?.line == 77)
      let confirmed = try await server.client {
        try await $0.registrations(eventCode: "ILP-BANGGAI-25", status: .confirmed, pageSize: 1000)
      }
      #expect(confirmed.registrations.first?.person.name == "Frans Polontalo")

      let again = try await server.client {
        try await $0.importInvitees(eventCode: "ILP-BANGGAI-25", file: file, options: ImportOptions())
      }
      #expect(again.created == 0 && again.updated == 0 && again.unchanged == 80)
      #expect(again.summary == "Nothing changed: everyone in the file is registered already with the same details.")
      #expect(try await total(server) == 80)
    }
  }

  @Test("the Excel export imports the same way")
  func morowaliList() async throws {
    try await withTestServer { server in
      try await setUp(server, capacity: 70)
      let report = try await server.client {
        try await $0.importInvitees(eventCode: "ILP-BANGGAI-25", file: try Self.fixture("morowali-2025-invitees"), options: ImportOptions())
      }
      #expect(report.delimiter == "semicolon" && report.created == 70 && report.confirmed == 70 && report.rejected == 0)
    }
  }

  @Test("one bad row: nothing is written, and the report lists it with its line")
  func allOrNothing() async throws {
    try await withTestServer { server in
      try await setUp(server)
      let text = "nama;instansi;no hp;email\nAndi;PPNI;0812 1111 2222;andi@ppni.id\nBudi;IDI;12;budi@idi.id\nCitra;Dinkes;;\n"
      let report = try await server.client {
        try await $0.importInvitees(eventCode: "ILP-BANGGAI-25", file: Array(text.utf8), options: ImportOptions())
      }
      #expect(!report.applied && report.rejected == 1)
      #expect(report.rejectedRows.first?.line == 3 && report.rejectedRows.first?.field == "phone")
      #expect(report.summary.hasPrefix("Nothing was imported: 1 row has a problem."))
      #expect(try await total(server) == 0)

      let skipping = try await server.client {
        try await $0.importInvitees(eventCode: "ILP-BANGGAI-25", file: Array(text.utf8), options: ImportOptions(skipInvalid: true))
      }
      #expect(skipping.applied && skipping.created == 2 && skipping.rejected == 1)
      #expect(try await total(server) == 2)
    }
  }

  @Test("a long waitlist is counted whole; the report names its first 10,000 and says how many more")
  func longWaitlist() async throws {
    try await withTestServer { server in
      try await setUp(server, capacity: 25)
      let file = "nama\n" + (1...10_050).map { "Peserta \($0)" }.joined(separator: "\n") + "\n"
      let report = try await server.client {
        try await $0.importInvitees(eventCode: "ILP-BANGGAI-25", file: Array(file.utf8), options: ImportOptions())
      }
      #expect(report.created == 10_050 && report.confirmed == 25 && report.waitlisted == 10_025)
      #expect(report.waitlistedPeople.count == 10_000 && report.waitlistedPeopleOmitted == 25)
      #expect(report.waitlistedPeople.map(\.position) == Array(1...10_000))
      #expect(report.waitlistedPeople.first?.name == "Peserta 26" && report.waitlistedPeople.first?.line == 27)
      #expect(try await total(server) == 10_050)
    }
  }

  @Test("a dry run reports what would happen and writes nothing")
  func dryRun() async throws {
    try await withTestServer { server in
      try await setUp(server, capacity: 1)
      let report = try await server.client {
        try await $0.importInvitees(
          eventCode: "ILP-BANGGAI-25", file: Array("nama\nAndi\nBudi\n".utf8), options: ImportOptions(dryRun: true))
      }
      #expect(!report.applied && report.created == 2 && report.confirmed == 1 && report.waitlisted == 1)
      #expect(report.summary.hasPrefix("Dry run, nothing written."))
      // No codes: the real import would give others.
      #expect(report.waitlistedPeople.map(\.name) == ["Budi"] && report.waitlistedPeople.map(\.code) == [""])
      #expect(try await total(server) == 0)
    }
  }

  @Test("people already registered are updated, not added again")
  func updatesExisting() async throws {
    try await withTestServer { server in
      try await setUp(server)
      let existing = try await server.client {
        try await $0.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Siti", email: "siti@dinkes.id")).registration
      }
      let report = try await server.client {
        try await $0.importInvitees(
          eventCode: "ILP-BANGGAI-25",
          file: Array("name,email,position\nSiti Nurhaliza,SITI@dinkes.id,Bidan\nBudi,budi@idi.id,\n".utf8),
          options: ImportOptions())
      }
      #expect(report.updated == 1 && report.created == 1)
      let siti = try await server.client { try await $0.registration(code: existing.code) }
      #expect(siti.person.name == "Siti Nurhaliza" && siti.person.position == "Bidan" && siti.status == .confirmed)
      #expect(try await total(server) == 2)
    }
  }

  @Test("a file over the limit is refused early, naming the limit")
  func tooLarge() async throws {
    let database = try AppDatabase.inMemory()
    try await withTestServer(database: database, maxImportBytes: 2048) { server in
      try await setUp(server)
      let big = Array(("nama\n" + String(repeating: "Peserta Dengan Nama Panjang\n", count: 200)).utf8)
      do {
        _ = try await server.client { try await $0.importInvitees(eventCode: "ILP-BANGGAI-25", file: big, options: ImportOptions()) }
        Issue.record("an oversized file was accepted")
      } catch let error as HadirClientError {
        #expect(error.kind == .invalidInput && error.field == "file")
        #expect(error.message.contains("more than the limit of 2048 bytes"))
      }
      #expect(try await total(server) == 0)
    }
  }

  @Test("a file that is not UTF-8, or has no name column, is an error naming the problem")
  func badFiles() async throws {
    try await withTestServer { server in
      try await setUp(server)
      let latin1: [UInt8] = Array("nama\n".utf8) + [0x4A, 0x6F, 0x73, 0xE9, 0x0A]
      let cases: [([UInt8], String)] = [
        (latin1, "Line 2 is not UTF-8"), (Array("instansi\nDinkes\n".utf8), "no column for the name"), ([], "empty"),
        // What is wrong with the file as a whole is said before what is wrong with its columns.
        (Array("instansi,jabatan\r\n".utf8), "header row but no people"),
        (Array("instansi,\"jabatan\nDinkes,Staf\nIDI,Ketua\n".utf8), "Line 1: a quoted value is never closed"),
      ]
      for (file, phrase) in cases {
        do {
          _ = try await server.client { try await $0.importInvitees(eventCode: "ILP-BANGGAI-25", file: file, options: ImportOptions()) }
          Issue.record("accepted a bad file")
        } catch let error as HadirClientError {
          #expect(error.kind == .invalidInput && error.message.contains(phrase), "\(error.message)")
        }
      }
    }
  }

  @Test("a desk token cannot import")
  func permission() async throws {
    try await withTestServer { server in
      try await setUp(server)
      let desk = try await server.secret(.desk)
      await #expect(throws: HadirClientError.self) {
        _ = try await server.client(token: desk) {
          try await $0.importInvitees(eventCode: "ILP-BANGGAI-25", file: Array("nama\nAndi\n".utf8), options: ImportOptions())
        }
      }
    }
  }
}
