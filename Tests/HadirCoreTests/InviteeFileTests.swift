import Foundation
import Testing

@testable import HadirCore

@Suite("Reading invitee lists")
struct InviteeFileTests {
  static func fixture(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: exampleFile("\(name).csv")))
  }

  func read(_ text: String, mapping: [String: String] = [:]) throws -> (WholeInviteeFile, CheckedInvitees) {
    let file = try InviteeFile.parse(Array(text.utf8))
    let columns = try InviteeColumns.resolve(headers: file.headers, mapping: mapping)
    return (file, CheckedInvitees(file, columns: columns))
  }

  func failure(_ body: () throws -> Void) -> HadirError? {
    do {
      try body()
      return nil
    } catch let error as HadirError {
      return error
    } catch {
      Issue.record("unexpected \(error)")
      return nil
    }
  }

  @Test("the clean comma fixture: 80 people, English headers, quoted names with commas")
  func banggai() throws {
    let file = try InviteeFile.parse(try Self.fixture("banggai-2025-invitees"))
    #expect(file.delimiter == .comma)
    #expect(file.headers == ["name", "organization", "position", "category", "phone", "email", "external_id"])
    let checked = CheckedInvitees(file, columns: try InviteeColumns.resolve(headers: file.headers, mapping: [:]))
    #expect(checked.rejected.isEmpty)
    #expect(checked.invitees.count == 80)
    #expect(checked.invitees[1].person.name == "Rosmawati Labolo, S.ST")
    #expect(checked.invitees[1].line == 3)
    #expect(checked.invitees[0].person.phone == "+628582684840")
  }

  @Test("the Excel export: byte-order mark, semicolons, CRLF, Indonesian headers")
  func morowali() throws {
    let bytes = try Self.fixture("morowali-2025-invitees")
    #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
    let file = try InviteeFile.parse(bytes)
    #expect(file.delimiter == .semicolon)
    #expect(file.headers.first == "Nama")
    let columns = try InviteeColumns.resolve(headers: file.headers, mapping: [:])
    #expect(columns.indexes == [.name: 0, .organization: 1, .position: 2, .category: 3, .phone: 4, .email: 5, .externalID: 6])
    let checked = CheckedInvitees(file, columns: columns)
    #expect(checked.rejected.isEmpty)
    #expect(checked.invitees.count == 70)
    #expect(checked.invitees[0].person.name == "Risna Lamadjido")
    #expect(checked.invitees[0].person.phone == "+628410187342")
    #expect(!checked.invitees.contains { $0.person.name.contains("\r") || $0.person.externalID.contains("\r") })
  }

  @Test("tab-separated, LF, and a quoted value spanning lines keep the line numbers of the file")
  func linesAndQuotes() throws {
    let text = "Nama\tInstansi\tNo HP/WA\n\"Andi\nWijaya\"\t\"PPNI, Banggai\"\t0812 1111 2222\n\n\"Budi \"\"B\"\" Santoso\"\tIDI\tnot a phone\n"
    let (file, checked) = try read(text)
    #expect(file.delimiter == .tab)
    #expect(checked.invitees.map(\.person.name) == ["Andi Wijaya"])
    #expect(checked.invitees.first?.line == 2)
    #expect(checked.invitees.first?.person.organization == "PPNI, Banggai")
    #expect(checked.rejected.map(\.line) == [5])
    #expect(checked.rejected.first?.field == "phone")
    #expect(checked.rejected.first?.values == ["Budi \"B\" Santoso", "IDI", "not a phone"])
  }

  @Test("headers match in either language, ignoring case and punctuation", arguments: [
    ("NAMA LENGKAP;Unit Kerja;JABATAN;No. HP;E-mail;NIK;Kategori", [InviteeField.name, .organization, .position, .phone, .email, .externalID, .category]),
    ("Full Name,Institution,Job Title,Telepon,Email Address,NIP,Peran", [.name, .organization, .position, .phone, .email, .externalID, .category]),
  ])
  func headerNames(_ header: String, _ fields: [InviteeField]) throws {
    let file = try InviteeFile.parse(Array((header + "\nA;B;C;0812 3456 7890;a@b.id;1;d\n").replacingOccurrences(of: ";", with: header.contains(";") ? ";" : ",").utf8))
    let columns = try InviteeColumns.resolve(headers: file.headers, mapping: [:])
    for (index, field) in fields.enumerated() { #expect(columns.indexes[field] == index) }
  }

  @Test("an explicit mapping names a column the server does not know")
  func explicitMapping() throws {
    let (_, checked) = try read("Peserta,Kantor\nAndi,Dinkes\n", mapping: ["Peserta": "name", "kantor": "organization"])
    #expect(checked.invitees.first?.person == Person(name: "Andi", organization: "Dinkes"))
    #expect(failure { _ = try read("Peserta,Kantor\nAndi,Dinkes\n", mapping: ["Peserta": "nickname"]) }?.field == "columns")
  }

  @Test("missing name column: the error lists the headers that were found")
  func missingName() {
    let error = failure { _ = try read("Instansi;Jabatan\nDinkes;Staf\n") }
    #expect(error?.field == "columns")
    #expect(error?.message.contains("Its columns are: Instansi, Jabatan.") == true)
  }

  @Test("the same person twice in a file is one invitee; phones written differently match")
  func duplicatesInFile() throws {
    let (_, checked) = try read("nama,no hp,jabatan\nSiti,0812-3456-7890,\nSiti Nurhaliza,+62 812 3456 7890,Bidan\n")
    #expect(checked.invitees.count == 1)
    #expect(checked.invitees[0].line == 2)
    #expect(checked.invitees[0].person.name == "Siti Nurhaliza")
    #expect(checked.invitees[0].person.position == "Bidan")
  }

  @Test("a row with more values than the header is rejected with a hint about the delimiter")
  func tooManyValues() throws {
    let (_, checked) = try read("nama,instansi\nAndi,Dinkes, Kabupaten Banggai\n")
    #expect(checked.rejected.first?.line == 2)
    #expect(checked.rejected.first?.reason.contains("delimiter") == true)
  }

  @Test("a Windows-1252 file is refused with its line and how to save as UTF-8")
  func windows1252() {
    var bytes = Array("nama;instansi\nAndi;Dinkes\n".utf8)
    bytes += [0x4A, 0x6F, 0x73, 0xE9, 0x3B, 0x49, 0x44, 0x49, 0x0A]  // "José;IDI" in Windows-1252
    let error = failure { _ = try InviteeFile.parse(bytes) }
    #expect(error?.field == "file")
    #expect(error?.message.hasPrefix("Line 3 is not UTF-8 text") == true)
    #expect(error?.message.contains("CSV UTF-8") == true)
  }

  @Test("an empty file, a header without rows, and an unclosed quote are errors", arguments: [
    ("", "empty"), ("\u{FEFF}\r\n  \r\n", "empty"), ("nama,instansi\r\n", "no people"), ("nama,instansi\nAndi,\"Dinkes\nBudi,IDI\n", "never closed"),
  ])
  func unusable(_ text: String, _ phrase: String) {
    let error = failure { _ = try InviteeFile.parse(Array(text.utf8)) }
    #expect(error?.message.contains(phrase) == true, "\(String(describing: error))")
  }
}

/// A file of the project's examples/ folder: the one copy of the sample lists and agenda,
/// shared by the tests and by people trying Hadir.
func exampleFile(_ name: String) -> URL {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples").appendingPathComponent(name)
}
