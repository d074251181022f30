import Testing

@testable import HadirCore

/// Spreadsheet formula injection: what Hadir writes as CSV must not run in Excel or
/// LibreOffice, and what it wrote must import again as it was.
@Suite("CSV cells that start like a formula")
struct CSVTextSafetyTests {
  /// The one data cell of a rendered single-row table, as written (quotes included).
  func written(_ cell: String, delimiter: Character = ",") -> String {
    let text = CSVText.render([[cell]], delimiter: delimiter)
    #expect(text.hasPrefix("\u{FEFF}") && text.hasSuffix("\r\n"))
    return String(text.dropFirst().dropLast())
  }

  @Test(
    "a cell beginning with =, +, -, @, tab or carriage return gets a leading apostrophe",
    arguments: [
      ("=HYPERLINK(\"http://evil.example\",\"klik\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"klik\"\")\""),
      ("=1+1", "'=1+1"),
      ("+6281234567890", "'+6281234567890"),
      ("-2+3", "'-2+3"),
      ("-", "'-"),
      ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
      ("\tcmd", "'\tcmd"),
      ("\rcmd", "\"'\rcmd\""),
    ])
  func neutralized(cell: String, expected: String) {
    #expect(written(cell) == expected)
  }

  @Test(
    "ordinary text, numbers, dates and names starting with a letter are written as they are",
    arguments: [
      "Andi Wijaya", "Hj. Siti Nurhaliza", "Ni Made Sukmawati Dèwi", "75", "3.5", "2025-05-27", "08:30", "K7M-4PQX",
      "Puskesmas Luwuk - Banggai", "Siti =1+1", "'quoted already", "", " =leading space",
    ])
  func untouched(cell: String) {
    #expect(written(cell) == cell)
  }

  @Test("the rule applies to every row, headers included: ours are plain words and pass unchanged")
  func wholeTable() {
    let text = CSVText.render([["No", "Name", "Phone"], ["1", "Andi", "+6281234567890"], ["2", "@budi", ""]])
    #expect(text == "\u{FEFF}No,Name,Phone\r\n1,Andi,'+6281234567890\r\n2,'@budi,\r\n")
  }

  @Test("a neutralized cell that holds the delimiter or a quote is still quoted, and reads back")
  func quotedRoundTrip() throws {
    let rows = [["Nama", "Instansi", "Catatan"], ["=SUM(A1,B1)", "Hj. Siti, S.Kep", "-\"x\", y"]]
    let text = CSVText.render(rows)
    #expect(text.contains("\r\n\"'=SUM(A1,B1)\","))
    #expect(text.contains("\"'-\"\"x\"\", y\""))
    let file = try InviteeFile.parse(Array(text.utf8))
    #expect(file.headers == rows[0])
    #expect(file.rows.map(\.values) == [rows[1]])
  }

  @Test("semicolon and tab files: the same rule, and a tab cell in a tab file is quoted")
  func otherDelimiters() throws {
    #expect(written("=1;2", delimiter: ";") == "\"'=1;2\"")
    #expect(written("\tx", delimiter: "\t") == "\"'\tx\"")
    let rows = [["Nama", "No HP", "Catatan"], ["Andi", "+6281234567890", "\tcatatan"]]
    for delimiter: Character in [";", "\t"] {
      let file = try InviteeFile.parse(Array(CSVText.render(rows, delimiter: delimiter).utf8))
      #expect(file.rows.map(\.values) == [rows[1]], "delimiter \(delimiter)")
    }
  }

  @Test("the invitee reader takes off the apostrophe: what Hadir wrote imports with the original values")
  func inviteeRoundTrip() throws {
    let header = ["Nama", "Instansi", "No HP", "Catatan", "Keterangan"]
    let row = ["Andi Wijaya", "@Dinkes", "+6281234567890", "=1+1", "-"]
    let text = CSVText.render([header, row], delimiter: ";")
    #expect(text.contains("'+6281234567890") && text.contains("'=1+1") && text.contains("'@Dinkes"))
    let file = try InviteeFile.parse(Array(text.utf8))
    #expect(file.headers == header)
    #expect(file.rows == [InviteeFile.Row(line: 2, values: row)])
    let checked = CheckedInvitees(file, columns: try InviteeColumns.resolve(headers: file.headers, mapping: [:]))
    #expect(checked.rejected.isEmpty)
    #expect(checked.invitees.first?.person.phone == "+6281234567890")
    #expect(checked.invitees.first?.person.organization == "@Dinkes")
  }

  @Test(
    "exactly one apostrophe comes off, and only before =, +, -, @, tab or carriage return",
    arguments: [
      ("'+6281234", "+6281234"),
      ("'=SUM(A1)", "=SUM(A1)"),
      ("'-", "-"),
      ("'@x", "@x"),
      ("'\tx", "\tx"),
      ("'\rx", "\rx"),
      ("''=x", "''=x"),
      ("'Budi", "'Budi"),
      ("'", "'"),
      ("'62812", "'62812"),
      ("Jum'at", "Jum'at"),
      ("", ""),
    ])
  func apostrophe(cell: String, read: String) {
    #expect(CSVText.removingFormulaGuard(cell) == read)
  }

  @Test("a list as people type it keeps its apostrophes where no formula follows")
  func typedApostrophes() throws {
    let file = try InviteeFile.parse(Array("nama,instansi\n'Andi,Ma'arif\n'+62 812 3456 7890,x\n".utf8))
    #expect(file.rows.map(\.values) == [["'Andi", "Ma'arif"], ["+62 812 3456 7890", "x"]])
  }
}
