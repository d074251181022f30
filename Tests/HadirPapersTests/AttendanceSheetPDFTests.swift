import Foundation
import HadirCore
import HadirPapers
import Testing

/// The daftar hadir as a PDF, read back with poppler's pdftotext and pdfinfo.
@Suite("The daftar hadir as a PDF")
struct AttendanceSheetPDFTests {
  let event = Event(
    code: "ILP-BANGGAI-25", title: "Kick-off Meeting Integrasi Layanan Primer (ILP) Kabupaten Banggai",
    venue: "Hotel, Luwuk", timeZone: "Asia/Makassar", firstDay: CalendarDay("2025-05-27")!,
    lastDay: CalendarDay("2025-05-28")!, capacity: 75, createdAt: .now, updatedAt: .now)

  /// 75 people, every other one checked in at 07:40 on the first day; one name in Arabic
  /// script and one with accents.
  func report() -> AttendanceReport {
    let arrived = ISO8601DateFormatter().date(from: "2025-05-26T23:40:00Z")!
    let rows = (1...75).map { index in
      let name = index == 7 ? "محمد عبد الله" : index == 8 ? "José Müller, M.Kes" : "Peserta \(index) Banggai"
      return AttendanceReport.Row(
        registration: Registration(
          code: "K7M4PQX", eventCode: event.code,
          person: Person(
            name: name, organization: "Puskesmas \(index % 9)", position: "Kepala Puskesmas",
            externalID: "19740101200003\(String(format: "%04d", index))"),
          status: .confirmed, registeredAt: .now),
        checkIns: index % 2 == 1 ? [CheckInRecord(day: CalendarDay("2025-05-27")!, at: arrived, desk: "desk 1", arrival: arrived)] : [])
    }
    return AttendanceReport(eventCode: event.code, days: [], rows: rows)
  }

  func render(blank: Bool) throws -> (text: String, pages: Int, fonts: String) {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("daftar-hadir-\(UUID().uuidString).pdf").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let sheet = try AttendanceSheet(report: report(), event: event, day: CalendarDay("2025-05-27")!, blank: blank)
    try AttendanceSheetPDF.write(sheet, to: path)
    let info = try poppler("pdfinfo", [path])
    let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last!) } ?? 0
    return (try poppler("pdftotext", ["-layout", path, "-"]), pages, try poppler("pdffonts", [path]))
  }

  func poppler(_ tool: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(tool) failed")
    return String(decoding: data, as: UTF8.self)
  }

  @Test("A4 pages with the title block, the header row and 'Halaman N dari M' on every page, and every person")
  func sheet() throws {
    let (text, pages, fonts) = try render(blank: false)
    #expect(pages >= 3)
    let count = { (needle: String) in text.components(separatedBy: needle).count - 1 }
    #expect(count("DAFTAR HADIR") == pages)
    #expect(count("Tanda tangan") == pages)
    #expect(count("Selasa, 27 Mei 2025") == pages)
    for page in 1...pages { #expect(text.contains("Halaman \(page) dari \(pages)")) }
    for index in [1, 2, 40, 75] { #expect(text.contains("Peserta \(index) Banggai")) }
    #expect(text.contains("José Müller, M.Kes"))
    // Arabic is drawn with a font that has its letters (DejaVu Sans, or a Noto Arabic face).
    #expect(fonts.contains("DejaVuSans") || fonts.contains("Arabic"))
    // Extraction gives the letters with spaces between glyph runs and a right-to-left mark.
    let letters = String(
      String.UnicodeScalarView(
        text.precomposedStringWithCompatibilityMapping.unicodeScalars.filter {
          !$0.properties.isWhitespace && !(0x202A...0x202E).contains($0.value)
        }))
    #expect(letters.contains("محمدعبدالله"))
    #expect(text.contains("197401012000030075"))
    #expect(count("07:40") == 38)
    #expect(text.contains("Jumlah peserta: 75 orang · hadir: 38 orang · tidak hadir: 37 orang"))
  }

  @Test("the blank sheet has no times, for signing on paper")
  func blank() throws {
    let (text, _, _) = try render(blank: true)
    #expect(!text.contains("07:40"))
    #expect(text.contains("Jumlah peserta: 75 orang"))
    #expect(!text.contains("hadir: 38"))
  }
}
