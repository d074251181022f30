import Testing

@testable import HadirCore

@Suite("Headers of real invitee lists")
struct InviteeHeaderTests {
  @Test(
    "headers combining known words name their field",
    arguments: [
      ("Instansi/Unit Kerja", InviteeField.organization), ("No. HP / WA", .phone), ("NIP / NIK", .externalID),
      ("Nama Lengkap (dengan gelar)", .name), ("Jabatan", .position), ("E-mail", .email),
    ])
  func combined(header: String, field: InviteeField) {
    #expect(InviteeColumns.recognise(header) == .field(field))
  }

  @Test("a header whose parts name different fields is ambiguous; one with an unknown part is not used")
  func ambiguous() {
    #expect(InviteeColumns.recognise("Email / No HP") == .ambiguous([.email, .phone]))
    #expect(InviteeColumns.recognise("Nama / Keterangan") == .unknown)
    #expect(InviteeColumns.recognise("Keterangan") == .unknown)
  }

  @Test("an ambiguous header is refused with the --column to pass; naming it settles it")
  func refusedUntilNamed() throws {
    let headers = ["Nama", "Email / No HP"]
    let error = #expect(throws: HadirError.self) { try InviteeColumns.resolve(headers: headers, mapping: [:]) }
    #expect(error?.field == "columns")
    #expect(error?.message.contains("could hold email or phone") == true)
    #expect(error?.message.contains(#"--column "Email / No HP=email""#) == true)
    let columns = try InviteeColumns.resolve(headers: headers, mapping: ["Email / No HP": "phone"])
    #expect(columns.indexes[.phone] == 1)
    // With --skip-invalid the column is left unused instead, and reported so.
    let lenient = try InviteeColumns.resolve(headers: headers, mapping: [:], strict: false)
    #expect(lenient.uses(headers: headers).map { $0.field } == [.name, nil])
  }

  @Test("every column is reported with the field it filled, or as not used")
  func uses() throws {
    let headers = ["No", "Nama Lengkap (dengan gelar)", "Instansi/Unit Kerja", "No. HP / WA", "NIP / NIK", "Keterangan"]
    let columns = try InviteeColumns.resolve(headers: headers, mapping: [:])
    #expect(columns.uses(headers: headers).map { $0.field?.rawValue ?? "-" } == ["-", "name", "organization", "phone", "external_id", "-"])
    let person = columns.person(["1", "dr. Ni Komang Ayu", "Dinas Kesehatan Kabupaten Banggai", "0812 3456 7890", "197001011990031001", "narasumber"])
    #expect(person.organization == "Dinas Kesehatan Kabupaten Banggai")
    #expect(person.phone == "0812 3456 7890" && person.externalID == "197001011990031001")
  }
}
