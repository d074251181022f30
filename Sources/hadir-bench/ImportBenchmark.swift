import ArgumentParser
import Foundation

/// An invitee import end to end through the CLI, against the sqlite3 shell's `.import`.
struct ImportBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import a generated invitee list through `hadir import` into `hadird` on a file database.",
    discussion: """
      Generates a CSV of --rows people (NIP, name, organization, position, phone, e-mail), starts the \
      hadird next to this program on a temporary database, creates an event, and times `hadir import` \
      from start to exit. Reports rows per second and the server's peak memory (VmHWM). Then times the \
      sqlite3 shell's `.import` of the same file into a bare table: the floor to compare against. \
      Build everything first: swift build -c release.
      """)

  @Option(help: "People in the generated list.") var rows: Int = 100_000

  func run() async throws {
    let bin = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    let list = directory.appendingPathComponent("invitees.csv")
    try Data(Self.generate(rows: rows).utf8).write(to: list)
    let size = (try FileManager.default.attributesOfItem(atPath: list.path)[.size] as? Int) ?? 0
    print("Invitee import, \(rows) rows (\(String(format: "%.1f", Double(size) / 1_048_576)) MiB), WAL, synchronous=FULL")
    print("machine: \(machineDescription())")

    // With debug logs, hadird says how its time split between reading, checking and writing.
    let built = try BuiltServer(in: directory, arguments: ["--log-level", "debug"])
    defer { built.stop() }
    let server = built.process
    let log = built.log
    let environment = ["HADIR_SERVER": built.address, "HADIR_TOKEN": built.token, "HADIR_EVENT": "BENCH-IMPORT", "HADIR_LANG": "en"]
    _ = try Self.run(
      bin.appendingPathComponent("hadir"),
      ["event", "create", "BENCH-IMPORT", "--title", "Import benchmark", "--first-day", "2025-05-27", "--capacity", "75"],
      environment: environment)
    let memoryBefore = ProcessMemory.kibibytes("VmHWM", of: server.processIdentifier)

    let started = ContinuousClock.now
    let output = try Self.run(bin.appendingPathComponent("hadir"), ["import", list.path], environment: environment)
    let seconds = Self.seconds(ContinuousClock.now - started)
    guard output.contains("Created \(rows) ") else { throw ValidationError("the import did not create every row:\n\(output)") }
    let peak = ProcessMemory.kibibytes("VmHWM", of: server.processIdentifier)
    print(String(format: "hadir import:     %.2f s, %.0f rows/s, hadird peak memory %.0f MiB (%.0f MiB before the import)",
                 seconds, Double(rows) / seconds, Double(peak) / 1024, Double(memoryBefore) / 1024))

    let serverLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    for line in serverLog.split(separator: "\n") where line.contains("check and write=") { print("  hadird: \(line)") }

    let floor = directory.appendingPathComponent("floor.sqlite")
    let sqliteStarted = ContinuousClock.now
    _ = try Self.run(
      URL(fileURLWithPath: "/usr/bin/sqlite3"),
      [floor.path, "PRAGMA journal_mode=WAL;", "PRAGMA synchronous=FULL;",
       "CREATE TABLE invitee (nip TEXT, name TEXT, organization TEXT, position TEXT, phone TEXT, email TEXT);",
       ".import --csv --skip 1 \(list.path) invitee"],
      environment: [:])
    let sqliteSeconds = Self.seconds(ContinuousClock.now - sqliteStarted)
    print(String(format: "sqlite3 .import:  %.2f s, %.0f rows/s (bare table, no checks)", sqliteSeconds, Double(rows) / sqliteSeconds))
  }

  /// A list shaped like the real ones: Indonesian names and organizations, phones written
  /// in several ways, NIPs, and e-mails.
  static func generate(rows: Int) -> String {
    let first = ["Siti", "Budi", "Andi", "Dewi", "Rahmat", "Nur", "Hasan", "Rina", "Agus", "Fitri", "Yusuf", "Wati"]
    let last = ["Nurhaliza", "Santoso", "Wijaya", "Lestari", "Labolo", "Polontalo", "Lamadjido", "Ngabito", "Latif"]
    let places = ["Luwuk", "Toili", "Pagimana", "Bunta", "Kintom", "Batui", "Nuhon", "Balantak", "Bualemo", "Masama"]
    var text = "NIP,Nama,Instansi,Jabatan,No HP,Email\n"
    text.reserveCapacity(rows * 110)
    for index in 0..<rows {
      let name = "\(first[index % first.count]) \(last[(index / first.count) % last.count]) \(index)"
      let phone = index % 3 == 0 ? "0812-\(10_000_000 + index)" : index % 3 == 1 ? "+62 813 \(10_000_000 + index)" : "62815\(10_000_000 + index)"
      text += "\(198_001_012_005_000_000 + index),\(name),Puskesmas \(places[index % places.count]),Staf,\(phone),peserta\(index)@dinkes.go.id\n"
    }
    return text
  }

  static func run(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> String {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
      throw ValidationError("\(executable.lastPathComponent) \(arguments.first ?? "") failed:\n\(text)")
    }
    return text
  }

  static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }
}
