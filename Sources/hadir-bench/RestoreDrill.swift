import ArgumentParser
import Foundation
import GRDB
import HadirClient
import HadirServer
import HadirStore
import HadirWire
import Synchronization

/// The machine is lost mid-morning: does the replica (or the last backup) hold every
/// check-in it should, and how many are lost?
struct RestoreDrill: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "restore-drill",
    abstract: "Lose the server mid-check-in, restore on a spare, and count what survived.",
    discussion: """
      Starts hadird as an operator would (under `litestream replicate -exec` with a file \
      replica, or alone with `hadird backup` taken every --interval seconds), lets --desks \
      desks check people in, then SIGKILLs every process at once, as if the machine were \
      gone. It restores the database into a new folder (`litestream restore`, or \
      `hadird backup` of the last backup), starts hadird on it, and reads the attendance.

      Every check-in acknowledged before the recovery point must be there: for Litestream, \
      longer ago than monitor-interval + sync-interval + 1 s; for backups, before the last \
      finished backup began. The ones acknowledged later and lost are counted; that window \
      is the recovery point objective (RPO). Exits 1 if any check-in that should have \
      survived is missing, or if one appears that no desk sent.
      """)

  enum Method: String, ExpressibleByArgument, CaseIterable {
    case litestream, backup
  }

  @Option(help: "What protects the database: litestream or backup.")
  var method: Method = .litestream

  @Option(help: "The hadird to run; by default the one next to this program.")
  var hadird: String?

  @Option(help: "The litestream program.")
  var litestream: String = "litestream"

  @Option(help: "Concurrent desk connections.")
  var desks: Int = 8

  @Option(help: "Seconds of check-ins before the machine is lost.")
  var seconds: Double = 8

  @Option(help: "Seconds between Litestream's syncs to the replica, or between backups.")
  var interval: Int = 1

  @Option(help: "People registered beforehand.")
  var people: Int = 20_000

  func validate() throws {
    guard (1...256).contains(desks) else { throw ValidationError("--desks must be from 1 to 256.") }
    guard seconds >= 2 else { throw ValidationError("--seconds must be at least 2.") }
    guard (1...60).contains(interval) else { throw ValidationError("--interval must be from 1 to 60 seconds.") }
  }

  func run() async throws {
    let hadird = hadird ?? Self.sibling("hadird")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-drill-\(UUID().uuidString)")
    let venue = folder.appendingPathComponent("venue")  // the machine that is lost
    let spare = folder.appendingPathComponent("spare")  // where it is restored
    for directory in [venue, spare] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
    defer { try? FileManager.default.removeItem(at: folder) }
    let databasePath = venue.appendingPathComponent("hadir.sqlite").path
    let socketPath = venue.appendingPathComponent("hadird.sock").path

    print("Restore drill: \(method.rawValue), \(desks) desks, machine lost after \(seconds) s, interval \(interval) s")
    print("machine: \(machineDescription())")
    let (codes, deskSecret, organizerSecret) = try await Self.prepare(databasePath: databasePath, people: people)

    // Start the server the way the operator's service does.
    let configPath = venue.appendingPathComponent("litestream.yml").path
    let replicaPath = folder.appendingPathComponent("replica").path  // another disk, survives
    let backupPath = folder.appendingPathComponent("backup/hadir.sqlite").path
    var server: Process
    switch method {
    case .litestream:
      try """
      dbs:
        - path: \(databasePath)
          monitor-interval: 1s
          replica:
            type: file
            path: \(replicaPath)
            sync-interval: \(interval)s
      """.write(toFile: configPath, atomically: true, encoding: .utf8)
      server = try Self.start(
        litestream,
        ["replicate", "-config", configPath, "-exec",
         "\(hadird) --database \(databasePath) --listen none --socket \(socketPath) --litestream-config \(configPath)"],
        log: venue.appendingPathComponent("server.log"))
    case .backup:
      try FileManager.default.createDirectory(
        atPath: (backupPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      server = try Self.start(
        hadird, ["--database", databasePath, "--listen", "none", "--socket", socketPath],
        log: venue.appendingPathComponent("server.log"))
    }
    let address = WireAddress.unix(path: socketPath)
    try await Self.waitUntilServing(address)

    // Desks check people in; backups are taken meanwhile.
    let ledger = Ledger()
    let deskEnd = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    let killedAt: Date = try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<desks {
        group.addTask {
          try? await HadirClient.with(server: address, token: deskSecret, callTimeout: .seconds(5)) { client in
            while ContinuousClock.now < deskEnd {
              let index = ledger.nextIndex()
              guard index < codes.count else { return }
              ledger.sent(codes[index])
              _ = try await client.checkIn(eventCode: "BENCH-1", code: codes[index])
              ledger.acknowledged(codes[index], at: Date())
            }
          }
        }
      }
      if method == .backup {
        group.addTask {
          while ContinuousClock.now < deskEnd {
            let started = Date()
            let backup = try Self.start(
              hadird, ["backup", "--database", databasePath, "--to", backupPath, "--replace"],
              log: venue.appendingPathComponent("backup.log"))
            while backup.isRunning && ContinuousClock.now < deskEnd { try await Task.sleep(for: .milliseconds(20)) }
            if backup.isRunning {
              kill(backup.processIdentifier, SIGKILL)  // lost with the machine
              return
            }
            if backup.terminationStatus == 0 {
              ledger.backupFinished(startedAt: started)
            }
            try await Task.sleep(for: .seconds(interval))
          }
        }
      }
      // The machine is lost: every process at once, no chance to flush anything.
      try await Task.sleep(until: deskEnd)
      let killedAt = Date()
      let serverPID = Self.serverPID(databasePath: databasePath)
      kill(server.processIdentifier, SIGKILL)
      if let serverPID { kill(serverPID, SIGKILL) }
      group.cancelAll()
      try? await group.waitForAll()
      return killedAt
    }
    server.waitUntilExit()

    // Restore on the spare machine.
    let restoredPath = spare.appendingPathComponent("hadir.sqlite").path
    let restoreStarted = ContinuousClock.now
    switch method {
    case .litestream:
      let restore = try Self.start(
        litestream, ["restore", "-o", restoredPath, "file://\(replicaPath)"],
        log: spare.appendingPathComponent("restore.log"))
      restore.waitUntilExit()
      guard restore.terminationStatus == 0 else { throw ValidationError("litestream restore failed; see its log") }
    case .backup:
      guard ledger.lastBackupStart != nil else {
        throw ValidationError("No backup finished before the machine was lost; give a longer --seconds.")
      }
      let restore = try Self.start(
        hadird, ["backup", "--database", backupPath, "--to", restoredPath],
        log: spare.appendingPathComponent("restore.log"))
      restore.waitUntilExit()
      guard restore.terminationStatus == 0 else { throw ValidationError("hadird backup (the restore) failed") }
    }
    let restoreTime = ContinuousClock.now - restoreStarted

    let spareSocket = spare.appendingPathComponent("hadird.sock").path
    let spareServer = try Self.start(
      hadird, ["--database", restoredPath, "--listen", "none", "--socket", spareSocket],
      log: spare.appendingPathComponent("server.log"))
    defer { spareServer.terminate() }
    let spareAddress = WireAddress.unix(path: spareSocket)
    try await Self.waitUntilServing(spareAddress)
    let report = try await HadirClient.with(server: spareAddress, token: organizerSecret) { client in
      try await client.attendance(eventCode: "BENCH-1")
    }
    let restored = Set(report.rows.filter { !$0.checkIns.isEmpty }.map(\.registration.code))

    // The verdict.
    let recoveryPoint: Date
    let window: String
    switch method {
    case .litestream:
      recoveryPoint = killedAt.addingTimeInterval(-Double(1 + interval + 1))
      window = "monitor-interval 1 s + sync-interval \(interval) s + 1 s"
    case .backup:
      recoveryPoint = ledger.lastBackupStart!
      window = String(format: "the last backup began %.1f s before the loss", killedAt.timeIntervalSince(recoveryPoint))
    }
    let outcome = ledger.compare(restored: restored, recoveryPoint: recoveryPoint, killedAt: killedAt)
    print(String(format: "check-ins acknowledged:   %d in %.1f s (%.0f/s)", outcome.acknowledged, seconds, Double(outcome.acknowledged) / seconds))
    if method == .backup { print("backups finished:         \(ledger.backups)") }
    print(String(format: "restored in:              %.2f s", restoreTime / .seconds(1)))
    print("check-ins restored:       \(restored.count)")
    print("lost (acknowledged, not restored): \(outcome.lost.count)"
      + (outcome.oldestLostAge.map { String(format: ", the oldest acknowledged %.2f s before the loss", $0) } ?? ""))
    print("in flight at the loss, restored anyway: \(outcome.inFlightRestored)")
    print("must survive: acknowledged before the recovery point (\(window))")
    var failed = false
    if !outcome.missingBeforeRecoveryPoint.isEmpty {
      print("FAIL: \(outcome.missingBeforeRecoveryPoint.count) check-ins acknowledged before the recovery point are missing, e.g. \(outcome.missingBeforeRecoveryPoint.prefix(5).joined(separator: ", "))")
      failed = true
    }
    if !outcome.neverSent.isEmpty {
      print("FAIL: \(outcome.neverSent.count) restored check-ins were never sent by a desk, e.g. \(outcome.neverSent.prefix(5).joined(separator: ", "))")
      failed = true
    }
    if outcome.acknowledged == 0 {
      print("FAIL: no check-in was acknowledged, so the drill proves nothing")
      failed = true
    }
    if failed { throw ExitCode(1) }
    print("PASS: every check-in acknowledged before the recovery point was restored")
  }

  /// A database with one event, `people` confirmed people, a desk token and an organizer's.
  static func prepare(databasePath: String, people: Int) async throws -> (
    codes: [String], deskSecret: String, organizerSecret: String
  ) {
    let database = try AppDatabase.onFile(databasePath)
    let codes = try await CheckInBench.prepareEvent(database, people: people)
    let issuer = TokenIssuer(database: database)
    let desk = try await issuer.issue(name: "drill desk", role: .desk, eventCode: "BENCH-1").secret
    let organizer = try await issuer.issue(name: "drill organizer", role: .organizer, eventCode: "BENCH-1").secret
    try await database.close()
    return (codes, desk, organizer)
  }

  /// The program named `name` in this program's folder.
  static func sibling(_ name: String) -> String {
    URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
      .deletingLastPathComponent().appendingPathComponent(name).path
  }

  /// Starts `program` with its output appended to `log`.
  static func start(_ program: String, _ arguments: [String], log: URL) throws -> Process {
    if !FileManager.default.fileExists(atPath: log.path) { FileManager.default.createFile(atPath: log.path, contents: nil) }
    let output = try FileHandle(forWritingTo: log)
    output.seekToEndOfFile()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program.contains("/") ? program : Self.onPath(program))
    process.arguments = arguments
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return process
  }

  static func onPath(_ name: String) -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
      ?? name
  }

  /// hadird writes its process id into the database's lock file.
  static func serverPID(databasePath: String) -> pid_t? {
    (try? String(contentsOfFile: databasePath + ".lock", encoding: .utf8))
      .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
  }

  static func waitUntilServing(_ address: WireAddress) async throws {
    let deadline = ContinuousClock.now + .seconds(30)
    while true {
      do {
        _ = try await HadirClient.with(server: address, token: nil, callTimeout: .seconds(2)) { try await $0.serverStatus() }
        return
      } catch {
        guard ContinuousClock.now < deadline else { throw ValidationError("The server did not answer within 30 s: \(error)") }
        try await Task.sleep(for: .milliseconds(100))
      }
    }
  }
}

/// What the desks sent and what the server acknowledged, and when; and the backups.
final class Ledger: Sendable {
  private let state = Mutex<(sent: Set<String>, acknowledged: [String: Date])>(([], [:]))
  private let next = Atomic<Int>(0)
  private let finishedBackups = Mutex<(count: Int, lastStart: Date?)>((0, nil))

  /// The index of the next person to check in.
  func nextIndex() -> Int { next.add(1, ordering: .relaxed).oldValue }

  func backupFinished(startedAt: Date) {
    finishedBackups.withLock { $0 = ($0.count + 1, startedAt) }
  }

  var backups: Int { finishedBackups.withLock { $0.count } }
  /// When the last finished backup began: everything acknowledged before is in it.
  var lastBackupStart: Date? { finishedBackups.withLock { $0.lastStart } }

  func sent(_ code: String) { state.withLock { _ = $0.sent.insert(code) } }
  func acknowledged(_ code: String, at date: Date) { state.withLock { $0.acknowledged[code] = date } }

  struct Outcome {
    var acknowledged: Int
    var lost: [String]
    var oldestLostAge: Double?
    var missingBeforeRecoveryPoint: [String]
    var inFlightRestored: Int
    var neverSent: [String]
  }

  /// Compares the restored check-ins with the ledger.
  func compare(restored: Set<String>, recoveryPoint: Date, killedAt: Date) -> Outcome {
    state.withLock { state in
      let lost = state.acknowledged.filter { !restored.contains($0.key) }
      return Outcome(
        acknowledged: state.acknowledged.count,
        lost: lost.keys.sorted(),
        oldestLostAge: lost.values.min().map { killedAt.timeIntervalSince($0) },
        missingBeforeRecoveryPoint: lost.filter { $0.value < recoveryPoint }.keys.sorted(),
        inFlightRestored: restored.filter { state.sent.contains($0) && state.acknowledged[$0] == nil }.count,
        neverSent: restored.filter { !state.sent.contains($0) }.sorted())
    }
  }
}
