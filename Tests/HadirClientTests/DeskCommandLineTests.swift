import Foundation
import HadirClient
import HadirCore
import HadirWire
import Synchronization
import Testing

/// The desk commands as processes against a real hadird on a file database.
@Suite("Desk commands end to end", .serialized, .timeLimit(.minutes(2)))
struct DeskCommandLineTests {
  /// Today and its neighbours at the venue (WITA), so that today is an event day.
  static var eventDays: (first: String, last: String) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Makassar")!
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd"
    formatter.timeZone = calendar.timeZone
    let today = Date()
    return (
      formatter.string(from: calendar.date(byAdding: .day, value: -1, to: today)!),
      formatter.string(from: calendar.date(byAdding: .day, value: 1, to: today)!)
    )
  }

  /// A server with an event and people registered; returns the environment for the CLI
  /// and the registration codes.
  func setUp(_ server: ServerProcess, names: [String]) throws -> (env: [String: String], codes: [String]) {
    let secret = try String(contentsOf: server.directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let env = ["HADIR_SERVER": server.address, "HADIR_TOKEN": secret, "HADIR_EVENT": "ILP-BANGGAI-25"]
    let days = Self.eventDays
    let created = try run(
      "hadir",
      ["event", "create", "ILP-BANGGAI-25", "--title", "Kick-off ILP Banggai", "--first-day", days.first, "--last-day",
       days.last, "--capacity", "75"], environment: env)
    #expect(created.status == 0, "\(created.stderr)")
    var codes: [String] = []
    for name in names {
      let registered = try run("hadir", ["register", "--name", name, "--organization", "Puskesmas Luwuk", "--json"], environment: env)
      let object = try JSONSerialization.jsonObject(with: Data(registered.stdout.utf8)) as? [String: Any]
      codes.append(try #require(object?["code"] as? String))
    }
    return (env, codes)
  }

  @Test("a check-in acknowledged to a desk survives SIGKILL of the server and a restart")
  func survivesKill() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    var (env, codes) = try setUp(server, names: ["Hj. Siti Nurhaliza, S.Kep"])
    let checkedIn = try run("hadir", ["checkin", codes[0]], environment: env)
    #expect(checkedIn.status == 0)
    #expect(checkedIn.stdout.contains("is checked in"))

    kill(server.process.processIdentifier, SIGKILL)
    server.process.waitUntilExit()
    #expect(server.process.terminationReason == .uncaughtSignal)

    let restarted = try ServerProcess(directory: directory)
    env["HADIR_SERVER"] = restarted.address
    let again = try run("hadir", ["checkin", codes[0].lowercased()], environment: env)
    #expect(again.status == 10)
    #expect(again.stdout.contains("was already checked in today"))
    #expect(restarted.terminate() == 0)
  }

  @Test("every check-in acknowledged to 32 concurrent desks survives SIGKILL of the server under group commit")
  func survivesKillUnderLoad() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let (env, _) = try setUp(server, names: [])
    let token = env["HADIR_TOKEN"]!
    let people = 2_000
    let csv = "Nama,Instansi\n" + (0..<people).map { "Peserta \($0),Puskesmas \($0 % 40)\n" }.joined()
    let list = directory.appendingPathComponent("invitees.csv")
    try csv.write(to: list, atomically: true, encoding: .utf8)
    let raised = try run("hadir", ["event", "update", "ILP-BANGGAI-25", "--capacity", "\(people)"], environment: env)
    #expect(raised.status == 0, "\(raised.stderr)")
    let imported = try run("hadir", ["import", list.path], environment: env)
    #expect(imported.status == 0, "\(imported.stderr)")
    let address = try WireAddress(parsing: server.address)
    var codes: [String] = []
    try await HadirClient.with(server: address, token: token) { client in
      var pageToken: String?
      repeat {
        let page = try await client.registrations(eventCode: "ILP-BANGGAI-25", pageSize: 1000, pageToken: pageToken)
        codes += page.registrations.map(\.code)
        pageToken = page.nextPageToken
      } while pageToken != nil
    }
    #expect(codes.count == people)
    let allCodes = codes
    let serverPID = server.process.processIdentifier

    // 32 desks check people in as fast as they can; the server is killed in the middle.
    let acknowledged = Acknowledged()
    let desks = 32
    await withTaskGroup(of: Void.self) { group in
      for desk in 0..<desks {
        group.addTask {
          try? await HadirClient.with(server: address, token: token, callTimeout: .seconds(5)) { client in
            for code in stride(from: desk, to: allCodes.count, by: desks).map({ allCodes[$0] }) {
              let answer = try await client.checkIn(eventCode: "ILP-BANGGAI-25", code: code)
              if case .checkedIn = answer.outcome { acknowledged.add(code) }
            }
          }
        }
      }
      group.addTask {
        while acknowledged.codes.count < 200 { try? await Task.sleep(for: .milliseconds(2)) }
        kill(serverPID, SIGKILL)
      }
    }
    server.process.waitUntilExit()
    let acknowledgedCodes = acknowledged.codes
    #expect(acknowledgedCodes.count >= 200 && acknowledgedCodes.count < people)

    let restarted = try ServerProcess(directory: directory)
    defer { _ = restarted.terminate() }
    let report = try await HadirClient.with(server: try WireAddress(parsing: restarted.address), token: token) { client in
      try await client.attendance(eventCode: "ILP-BANGGAI-25")
    }
    let present = Set(report.rows.filter { !$0.checkIns.isEmpty }.map(\.registration.code))
    let lost = Set(acknowledgedCodes).subtracting(present)
    #expect(lost.isEmpty, "\(lost.count) acknowledged check-ins were lost")
  }

  @Test("checkin exit codes, find, and the attendance list as CSV")
  func deskFlow() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let (env, codes) = try setUp(server, names: ["Andi Wijaya", "Budi Santoso"])
    #expect(try run("hadir", ["checkin", codes[0]], environment: env).status == 0)
    #expect(try run("hadir", ["checkin", codes[0]], environment: env).status == 10)
    let typo = try run("hadir", ["checkin", String(codes[0].dropLast()) + (codes[0].last == "2" ? "3" : "2")], environment: env)
    #expect(typo.status == 11)
    #expect(typo.stdout.contains("typo"))

    let found = try run("hadir", ["find", "budi"], environment: env)
    #expect(found.stdout.contains("Budi Santoso") && !found.stdout.contains("Andi"))

    let csvFile = directory.appendingPathComponent("attendance.csv")
    let report = try run("hadir", ["report", "attendance", "--csv", csvFile.path], environment: env)
    #expect(report.status == 0)
    #expect(report.stdout.contains("No-shows (1): Budi Santoso"))
    let csv = try String(contentsOf: csvFile, encoding: .utf8)
    let lines = csv.split(separator: "\r\n")
    #expect(lines.count == 3)
    #expect(Array(try Data(contentsOf: csvFile).prefix(3)) == [0xEF, 0xBB, 0xBF])
    #expect(lines[0].hasPrefix("No,Name,Organization,Position,Code,Day 1 ("))
    #expect(lines[1].hasPrefix("1,Andi Wijaya,Puskesmas Luwuk,,\(codes[0]),"))
    #expect(server.terminate() == 0)
  }

  @Test("desk mode answers each scanned line and never stops on a bad scan")
  func deskMode() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let (env, codes) = try setUp(server, names: ["Andi Wijaya"])
    let desk = try run(
      "hadir", ["desk"], environment: env.merging(["NO_COLOR": "1"]) { $1 },
      input: "\(codes[0])\n\n!!garbage!!\n?andi\n\(codes[0].lowercased())\nq\nnot read\n")
    #expect(desk.status == 0)
    let lines = desk.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(lines.contains("IN  Andi Wijaya · Puskesmas Luwuk"))
    #expect(lines.contains("STOP"))
    #expect(lines.contains("ALREADY IN  Andi Wijaya · Puskesmas Luwuk"))
    #expect(desk.stdout.contains("No registration has this code."))
    #expect(desk.stdout.contains("in\n") || desk.stdout.contains(" in"))
    #expect(server.terminate() == 0)
  }

  @Test("the desk speaks Indonesian by default: its own words, the server's sentences and the search table")
  func deskInIndonesian() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let (env, codes) = try setUp(server, names: ["Andi Wijaya"])
    // No HADIR_LANG: the person at the desk gets Indonesian whatever the machine's locale.
    let desk = try run(
      "hadir", ["desk"], environment: env.merging(["NO_COLOR": "1", "HADIR_LANG": "", "LANG": "en_US.UTF-8"]) { $1 },
      input: "\(codes[0])\n!!garbage!!\n?andi\n\(codes[0])\nq\n")
    #expect(desk.status == 0, "\(desk.stderr)")
    let lines = desk.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(lines.contains("Meja registrasi Hadir · Kick-off ILP Banggai (ILP-BANGGAI-25)"))
    #expect(lines.contains("HADIR  Andi Wijaya · Puskesmas Luwuk"))
    #expect(lines.contains("Andi Wijaya (Puskesmas Luwuk) tercatat hadir. Selamat datang!"))
    #expect(lines.contains("DITOLAK"))
    #expect(lines.contains("Tidak ada pendaftaran dengan kode ini. Periksa kodenya, atau cari berdasarkan nama."))
    #expect(lines.contains { $0.hasPrefix("KODE") && $0.contains("NAMA") && $0.contains("INSTANSI") && $0.contains("HARI INI (") })
    #expect(lines.contains { $0.contains("Andi Wijaya") && $0.contains("terdaftar") && $0.hasSuffix("hadir") })
    #expect(lines.contains("SUDAH HADIR  Andi Wijaya · Puskesmas Luwuk"))
    #expect(lines.contains { $0.hasPrefix("Andi Wijaya (Puskesmas Luwuk) sudah tercatat hadir hari ini pukul ") })
    #expect(!desk.stdout.contains("Welcome") && !desk.stdout.contains("ALREADY IN"))

    // The organizer's papers and screens too: the attendance list's headings, the event.
    let indonesian = env.merging(["HADIR_LANG": "id"]) { $1 }
    let csv = directory.appendingPathComponent("kehadiran.csv")
    let report = try run("hadir", ["report", "attendance", "--csv", csv.path], environment: indonesian)
    #expect(report.status == 0, "\(report.stderr)")
    #expect(report.stdout.hasPrefix("Kehadiran, kegiatan ILP-BANGGAI-25"))
    #expect(report.stdout.contains("Tidak hadir (0): tidak ada"))
    let header = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\r\n")[0]
    #expect(header.hasPrefix("No,Nama,Instansi,Jabatan,Kode,Hari 1 ("))
    #expect(header.hasSuffix(",Hari 3 meja,Tanda tangan"))
    let shown = try run("hadir", ["event", "show", "ILP-BANGGAI-25"], environment: indonesian)
    #expect(shown.stdout.contains("Zona waktu: WITA"), "\(shown.stdout)")
    #expect(shown.stdout.contains("(3 hari)"))

    // What was typed wrong is refused in Indonesian too, as a usage error.
    let usage = try run("hadir", ["checkin", codes[0], "--time", "07:40"], environment: indonesian)
    #expect(usage.status == 2 && usage.stderr.contains("--time dipakai bersama --day"), "\(usage.stderr)")

    // --lang wins over HADIR_LANG; an unknown language is a usage error that says which exist.
    let english = try run("hadir", ["checkin", codes[0], "--lang", "en"], environment: env.merging(["HADIR_LANG": "id"]) { $1 })
    #expect(english.status == 10 && english.stdout.contains("was already checked in today"))
    let unknown = try run("hadir", ["checkin", codes[0], "--lang", "jv"], environment: env)
    #expect(unknown.status != 0 && unknown.stderr.contains("must be id (Bahasa Indonesia) or en (English)"))
    #expect(server.terminate() == 0)
  }
}

/// The codes the server has answered "checked in" for, from many desks at once.
final class Acknowledged: Sendable {
  private let state = Mutex<[String]>([])

  func add(_ code: String) { state.withLock { $0.append(code) } }
  var codes: [String] { state.withLock { $0 } }
}
