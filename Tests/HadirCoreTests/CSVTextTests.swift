import Testing

@testable import HadirCore

@Suite("Writing CSV")
struct CSVTextTests {
  @Test("values with the delimiter, quotes or line breaks are quoted; rows end in CRLF after a byte-order mark")
  func quoting() throws {
    let text = CSVText.render([["Nama", "Instansi"], ["Hj. Siti, S.Kep", "Dinas \"Kesehatan\""], ["Andi\nWijaya", "PPNI"]])
    #expect(text == "\u{FEFF}Nama,Instansi\r\n\"Hj. Siti, S.Kep\",\"Dinas \"\"Kesehatan\"\"\"\r\n\"Andi\nWijaya\",PPNI\r\n")
    // What it writes reads back the same.
    let file = try InviteeFile.parse(Array(text.utf8))
    #expect(file.rows.map(\.values) == [["Hj. Siti, S.Kep", "Dinas \"Kesehatan\""], ["Andi\nWijaya", "PPNI"]])
  }

  @Test("with a semicolon delimiter, commas need no quotes")
  func semicolons() {
    #expect(CSVText.render([["a,b", "c;d"]], delimiter: ";") == "\u{FEFF}a,b;\"c;d\"\r\n")
  }
}
