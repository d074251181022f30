import Foundation
import HadirStore
import Testing

/// `hadir import` as an organizer uses it, against a real hadird on a file database.
@Suite("Importing with the command line", .serialized, .timeLimit(.minutes(3)))
struct ImportCommandLineTests {
  func setUp(_ server: ServerProcess, capacity: Int = 75) throws -> [String: String] {
    let secret = try String(contentsOf: server.directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let env = ["HADIR_SERVER": server.address, "HADIR_TOKEN": secret, "HADIR_EVENT": "ILP-BANGGAI-25"]
    let created = try run(
      "hadir",
      ["event", "create", "ILP-BANGGAI-25", "--title", "Kick-off ILP Banggai", "--first-day", "2025-05-27", "--last-day",
       "2025-05-28", "--capacity", "\(capacity)"], environment: env)
    #expect(created.status == 0, "\(created.stderr)")
    return env
  }

  func fixture(_ name: String) throws -> String {
    exampleFile("\(name).csv").path
  }

  @Test("the Excel export imports in one command, with a summary table")
  func importFixture() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let env = try setUp(server, capacity: 70)
    let result = try run("hadir", ["import", try fixture("morowali-2025-invitees")], environment: env)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Columns (semicolon-separated): Nama → name | Instansi → organization | Jabatan → position | Kategori → category | No. HP → phone | Email → email | NIP → external_id"))
    #expect(result.stdout.contains("Created 70 (70 confirmed, 0 waitlisted), updated 0, 0 unchanged."))
    let again = try run("hadir", ["import", try fixture("morowali-2025-invitees")], environment: env)
    #expect(again.stdout.contains("Nothing changed"))
    #expect(server.terminate() == 0)
  }

  @Test("rejected rows go to an errors file that, once fixed, imports")
  func errorsFile() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let env = try setUp(server)
    let list = directory.appendingPathComponent("list.csv")
    try Data("Nama;Instansi;No HP\r\nAndi;PPNI;0812 1111 2222\r\n\"Budi; S.Kep\";IDI;nomor salah\r\nCitra;Dinkes;\r\n".utf8).write(to: list)
    let errors = directory.appendingPathComponent("errors.csv")

    // In Indonesian, as the organizer reads it: the report, each row's problem, the errors file.
    let indonesian = try run("hadir", ["import", list.path, "--errors", errors.path], environment: env.merging(["HADIR_LANG": "id"]) { $1 })
    #expect(indonesian.status == 1)
    #expect(indonesian.stdout.contains("Kolom (pemisah titik koma): Nama → name | Instansi → organization | No HP → phone"))
    #expect(indonesian.stdout.contains("Baris dibaca"))
    #expect(indonesian.stdout.contains("baris 3: \"nomor salah\" bukan nomor telepon"))
    #expect(indonesian.stdout.contains("Tidak ada yang diimpor: 1 baris bermasalah."))
    let indonesianErrors = String(decoding: try Data(contentsOf: errors).dropFirst(3), as: UTF8.self)
    #expect(indonesianErrors.hasPrefix("Baris;Nama;Instansi;No HP;Masalah\r\n3;\"Budi; S.Kep\";IDI;nomor salah;\"\"\"nomor salah\"\" bukan nomor telepon"))

    let refused = try run("hadir", ["import", list.path, "--errors", errors.path], environment: env)
    #expect(refused.status == 1)
    #expect(refused.stdout.contains("line 3: \"nomor salah\" is not a phone number"))
    #expect(refused.stdout.contains("Nothing was imported"))

    let skipped = try run("hadir", ["import", list.path, "--skip-invalid", "--errors", errors.path], environment: env)
    #expect(skipped.status == 0)
    #expect(skipped.stdout.contains("Created 2 (2 confirmed, 0 waitlisted)"))
    // In the file's own delimiter, with a byte-order mark, so that Excel opens it as it opened the list.
    let errorsBytes = try Data(contentsOf: errors)
    #expect(Array(errorsBytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
    let errorsText = String(decoding: errorsBytes.dropFirst(3), as: UTF8.self)
    #expect(errorsText.hasPrefix("Line;Nama;Instansi;No HP;Problem\r\n3;\"Budi; S.Kep\";IDI;nomor salah;"))

    try Data(errorsText.replacingOccurrences(of: "nomor salah", with: "0813 3333 4444").utf8).write(to: errors)
    let fixed = try run("hadir", ["import", errors.path], environment: env)
    #expect(fixed.status == 0, "\(fixed.stdout)\(fixed.stderr)")
    #expect(fixed.stdout.contains("Created 1 (1 confirmed, 0 waitlisted)"))
    #expect(server.terminate() == 0)
  }

  @Test("a server killed during an import leaves nothing of it behind")
  func killDuringImport() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let env = try setUp(server, capacity: 100_000)
    let list = directory.appendingPathComponent("big.csv")
    var text = "nama,instansi,nip\n"
    for index in 0..<150_000 { text += "Peserta \(index),Puskesmas \(index % 40),19800101\(index)\n" }
    try Data(text.utf8).write(to: list)

    let importer = Process()
    importer.executableURL = try Executables.url("hadir")
    importer.arguments = ["import", list.path]
    var environment = ProcessInfo.processInfo.environment
    for (key, value) in env { environment[key] = value }
    importer.environment = environment
    importer.standardOutput = FileHandle.nullDevice
    importer.standardError = FileHandle.nullDevice
    try importer.run()
    try await Task.sleep(for: .milliseconds(1500))
    kill(server.process.processIdentifier, SIGKILL)
    server.process.waitUntilExit()
    importer.waitUntilExit()

    let database = try AppDatabase.onFile(directory.appendingPathComponent("hadir.sqlite").path)
    let counters = try await database.counters(eventCode: "ILP-BANGGAI-25", day: nil, at: Date())
    #expect(counters.confirmed == 0 || counters.confirmed == 100_000, "a partial import survived: \(counters.confirmed)")
    #expect(counters.confirmed == 0, "the import finished before the kill; the test needs a bigger file")
  }
}
