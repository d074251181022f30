import Foundation
import Testing

/// `hadir report attendance --pdf` as an organizer runs it, read back with pdftotext.
@Suite("The daftar hadir from the command line", .timeLimit(.minutes(2)))
struct PapersCommandLineTests {
  @Test("the day's sheet lists everyone with their arrival time; a wrong day or a missing --day is refused")
  func daftarHadir() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let token = try String(contentsOf: directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let env = ["HADIR_SERVER": server.address, "HADIR_TOKEN": token, "HADIR_EVENT": "ILP-BANGGAI-25"]
    #expect(
      try run(
        "hadir",
        ["event", "create", "ILP-BANGGAI-25", "--title", "Kick-off Meeting ILP Kabupaten Banggai", "--venue", "Hotel, Luwuk",
         "--time-zone", "Asia/Makassar", "--first-day", "2025-05-27", "--last-day", "2025-05-28", "--capacity", "75"],
        environment: env
      ).status == 0)
    var codes: [String] = []
    for name in ["Hj. Siti Nurhaliza, S.Kep", "Budi Santoso"] {
      let registered = try run("hadir", ["register", "--name", name, "--organization", "Puskesmas Luwuk", "--json"], environment: env)
      let object = try JSONSerialization.jsonObject(with: Data(registered.stdout.utf8)) as? [String: Any]
      codes.append(try #require(object?["code"] as? String))
    }
    // Recorded afterwards: one with the time the organizer knows, one without.
    #expect(try run("hadir", ["checkin", codes[0], "--day", "2025-05-27", "--time", "07:40"], environment: env).status == 0)
    #expect(try run("hadir", ["checkin", codes[1], "--day", "2025-05-27"], environment: env).status == 0)
    let report = try run("hadir", ["report", "attendance"], environment: env)
    #expect(report.stdout.contains("07:40 (recorded by first administrator on "), "\(report.stdout)")
    #expect(report.stdout.contains("? (recorded by"))

    let pdf = directory.appendingPathComponent("daftar-hadir.pdf").path
    let written = try run("hadir", ["report", "attendance", "--day", "2025-05-27", "--pdf", pdf], environment: env)
    #expect(written.status == 0, "\(written.stderr)")
    #expect(written.stdout.contains("Wrote the daftar hadir of 2025-05-27"))
    let text = try run("/usr/bin/pdftotext", ["-layout", pdf, "-"]).stdout
    #expect(text.contains("DAFTAR HADIR"))
    #expect(text.contains("Selasa, 27 Mei 2025"))
    #expect(text.contains("Hj. Siti Nurhaliza, S.Kep") && text.contains("Budi Santoso"))
    #expect(text.contains("hadir: 2 orang"))
    #expect(text.contains("07:40"))

    let invitations = directory.appendingPathComponent("undangan.csv").path
    let phone = try run("hadir", ["register", "--name", "Andi Wijaya", "--phone", "0812-3456-7890"], environment: env)
    #expect(phone.status == 0, "\(phone.stderr)")
    let sent = try run("hadir", ["invitations", "--csv", invitations], environment: env)
    #expect(sent.stdout.contains("Wrote 3 invitations"), "\(sent.stderr)")
    #expect(sent.stdout.contains("1 with a WhatsApp link"))
    let sheet = try String(contentsOfFile: invitations, encoding: .utf8)
    #expect(sheet.contains("https://wa.me/6281234567890?text=Yth.%20Andi%20Wijaya"))
    #expect(sheet.contains("'+6281234567890"))
    // For an Indonesian-locale Excel: semicolons.
    let semicolons = directory.appendingPathComponent("kehadiran.csv").path
    #expect(try run("hadir", ["report", "attendance", "--csv", semicolons, "--delimiter", "semicolon"], environment: env).status == 0)
    #expect(try String(contentsOfFile: semicolons, encoding: .utf8).contains("No;Name;Organization;Position;Code"))

    // Spreadsheets Excel opens in any locale, read back cell by cell.
    let workbook = directory.appendingPathComponent("peserta.xlsx").path
    #expect(try run("hadir", ["registrations", "--xlsx", workbook], environment: env).status == 0)
    let cells = try run("/usr/bin/python3", ["-c", Self.readCells, workbook]).stdout
    #expect(cells.contains("Nama\tInstansi"))
    #expect(cells.contains("Andi Wijaya"))
    #expect(cells.contains("+6281234567890"))
    let attendance = directory.appendingPathComponent("kehadiran.xlsx").path
    #expect(try run("hadir", ["report", "attendance", "--xlsx", attendance], environment: env).status == 0)
    let attended = try run("/usr/bin/python3", ["-c", Self.readCells, attendance]).stdout
    #expect(attended.contains("Hj. Siti Nurhaliza, S.Kep") && attended.contains("07:40"))

    // In Indonesian: what was written, and a file that cannot be written, with what to do.
    let indonesian = env.merging(["HADIR_LANG": "id"]) { $1 }
    let badges = directory.appendingPathComponent("kartu.pdf").path
    let badgesWritten = try run("hadir", ["badges", "--pdf", badges], environment: indonesian)
    #expect(badgesWritten.stdout.contains("3 kartu peserta disimpan ke \(badges)."), "\(badgesWritten.stdout)")
    let invited = try run("hadir", ["invitations", "--csv", invitations], environment: indonesian)
    #expect(invited.stdout.contains("3 undangan disimpan ke \(invitations); 1 dengan tautan WhatsApp."))
    let nowhere = directory.appendingPathComponent("tidak-ada/daftar.xlsx").path
    let unwritable = try run("hadir", ["registrations", "--xlsx", nowhere], environment: indonesian)
    #expect(unwritable.status == 1)
    #expect(unwritable.stderr.contains("Tidak dapat menulis \(nowhere)"), "\(unwritable.stderr)")
    #expect(unwritable.stderr.contains("Periksa bahwa foldernya ada"))
    let unwritablePDF = try run(
      "hadir", ["report", "attendance", "--day", "2025-05-27", "--pdf", directory.appendingPathComponent("tidak-ada/h.pdf").path],
      environment: indonesian)
    #expect(unwritablePDF.status == 1)
    #expect(unwritablePDF.stderr.contains("Tidak dapat menulis"), "\(unwritablePDF.stderr)")

    let outside = try run("hadir", ["report", "attendance", "--day", "2025-06-01", "--pdf", pdf], environment: env)
    #expect(outside.status == 1)
    #expect(outside.stderr.contains("2025-06-01 is not a day of ILP-BANGGAI-25"))
    let noDay = try run("hadir", ["report", "attendance", "--pdf", pdf], environment: env)
    #expect(noDay.status == 2)
    #expect(noDay.stderr.contains("--pdf needs --day"))
    #expect(server.terminate() == 0)
  }

  /// Prints every text cell of the first sheet, a row a line, tab-separated.
  static let readCells = """
    import sys, zipfile, xml.etree.ElementTree as ET
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    book = zipfile.ZipFile(sys.argv[1])
    shared = [si.find("m:t", ns).text or "" for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", ns)]
    for row in ET.fromstring(book.read("xl/worksheets/sheet1.xml")).iter("{%s}row" % ns["m"]):
        print("\\t".join(shared[int(c.find("m:v", ns).text)] for c in row.findall("m:c", ns) if c.get("t") == "s"))
    """
}
