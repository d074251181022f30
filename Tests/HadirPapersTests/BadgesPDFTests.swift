import Foundation
import HadirCore
import HadirPapers
import Testing

/// Badges read back as a desk would read them: the pages rendered to images and every QR
/// code decoded with zbar, a real decoder.
@Suite("Badges with QR codes")
struct BadgesPDFTests {
  let event = Event(
    code: "ILP-BANGGAI-25", title: "Kick-off Meeting Integrasi Layanan Primer (ILP) Kabupaten Banggai",
    venue: "Hotel, Luwuk", timeZone: "Asia/Makassar", firstDay: CalendarDay("2025-05-27")!,
    lastDay: CalendarDay("2025-05-28")!, capacity: 75, createdAt: .now, updatedAt: .now)

  func tool(_ path: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  @Test("every badge's QR code decodes to its person's code, and the badge names the person and the event")
  func qrCodes() throws {
    // Codes as the real ones are made (with their check character), 19 people: three pages.
    let codes = (0..<19).map { _ in RegistrationCode.display(RegistrationCode.generate()) }
    let badges = codes.enumerated().map { index, code in
      Badge(
        registration: Registration(
          code: code.replacingOccurrences(of: "-", with: ""), eventCode: event.code,
          person: Person(name: "Peserta \(index) Banggai", organization: "Puskesmas Luwuk", category: "peserta"),
          status: .confirmed, registeredAt: .now),
        event: event)
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("badges-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let pdf = directory.appendingPathComponent("badges.pdf").path
    try BadgesPDF.write(badges, to: pdf)

    #expect(try tool("/usr/bin/pdfinfo", [pdf]).contains("Pages:           3"))
    let text = try tool("/usr/bin/pdftotext", ["-layout", pdf, "-"])
    #expect(text.contains("Peserta 0 Banggai") && text.contains("Peserta 18 Banggai"))
    #expect(text.contains("27–28 Mei 2025") && text.contains("PESERTA"))

    _ = try tool("/usr/bin/pdftoppm", ["-r", "300", "-aa", "no", "-aaVector", "no", "-png", pdf, directory.appendingPathComponent("page").path])
    let pages = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".png") }
      .map { directory.appendingPathComponent($0).path }
    #expect(pages.count == 3)
    let decoded = try tool("/usr/bin/zbarimg", ["-q", "--raw"] + pages).split(separator: "\n").map(String.init)
    #expect(decoded.sorted() == codes.sorted())
  }

  @Test("the event's days, the Indonesian way", arguments: [
    ("2025-05-27", "2025-05-27", "27 Mei 2025"), ("2025-05-27", "2025-05-28", "27–28 Mei 2025"),
    ("2025-05-30", "2025-06-02", "30 Mei – 2 Juni 2025"), ("2025-12-30", "2026-01-02", "30 Desember 2025 – 2 Januari 2026"),
  ])
  func days(first: String, last: String, written: String) {
    #expect(IndonesianDates.span(CalendarDay(first)!, CalendarDay(last)!) == written)
  }
}
