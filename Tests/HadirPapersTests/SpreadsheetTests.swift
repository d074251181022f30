import Foundation
import HadirPapers
import Testing

/// Reads an .xlsx back with Python's zipfile and XML parser: the cells as a reader sees them.
func readWorkbook(_ path: String) throws -> [[String]] {
  let script = """
    import sys, zipfile, xml.etree.ElementTree as ET
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    book = zipfile.ZipFile(sys.argv[1])
    shared = [si.find("m:t", ns).text or "" for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", ns)]
    def column(ref):
        letters = "".join(ch for ch in ref if ch.isalpha())
        number = 0
        for ch in letters: number = number * 26 + ord(ch) - 64
        return number - 1
    width = 0
    table = []
    for row in ET.fromstring(book.read("xl/worksheets/sheet1.xml")).iter("{%s}row" % ns["m"]):
        cells = {}
        for c in row.findall("m:c", ns):
            v = c.find("m:v", ns)
            f = c.find("m:f", ns)
            cells[column(c.get("r"))] = "FORMULA" if f is not None else shared[int(v.text)] if c.get("t") == "s" else (v.text if v is not None else "")
        width = max([width] + [k + 1 for k in cells])
        table.append(cells)
    for cells in table:
        print("\\t".join(cells.get(i, "") for i in range(width)))
    """
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
  process.arguments = ["-c", script, path]
  let output = Pipe()
  process.standardOutput = output
  try process.run()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
}

@Suite("Spreadsheets")
struct SpreadsheetTests {
  @Test("every value comes back as the same text, none as a formula, with the header first")
  func roundTrip() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("sheet-\(UUID().uuidString).xlsx").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let rows = [
      ["No", "Nama", "No. HP", "Catatan"],
      ["1", "dr. Ni Komang Ayu Suryaningsih, M.Kes", "+6281234567890", "=HYPERLINK(\"http://x\")"],
      ["2", "José Müller", "", "@SUM(A1)"],
    ]
    try Spreadsheet.write(rows, sheet: "Peserta ILP-BANGGAI-25", to: path)
    let read = try readWorkbook(path)
    #expect(read == rows, "\(read)")
  }
}
