import Foundation
import GRDB
import HadirCore
import Synchronization
import Testing

@testable import HadirStore

@Suite("Backups of a live database")
struct BackupTests {
  func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-backup-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// A file database with the Banggai event and `people` registrations; their codes.
  func populated(_ path: String, people: Int) async throws -> (AppDatabase, [String]) {
    let database = try AppDatabase.onFile(path)
    _ = try await database.createEvent(try banggai(), by: organizer)
    let registered = try await database.registerAll(
      eventCode: "ILP-BANGGAI-25", people: (0..<people).map { Person(name: "Peserta \($0)") }, by: organizer, at: now)
    return (database, registered.map(\.registration.code))
  }

  @Test("a backup taken while check-ins are written holds every check-in committed before it began, and passes the integrity check")
  func consistentWhileWriting() async throws {
    let directory = try folder()
    defer { try? FileManager.default.removeItem(at: directory) }
    let source = directory.appendingPathComponent("hadir.sqlite").path
    let (database, codes) = try await populated(source, people: 400)
    let committed = Atomic<Int>(0)
    let writer = Task {
      for code in codes {
        _ = try await database.checkIn(
          eventCode: "ILP-BANGGAI-25", code: code, day: nil, requestID: nil, by: organizer, at: now)
        committed.add(1, ordering: .relaxed)
      }
    }
    while committed.load(ordering: .relaxed) < 50 { try await Task.sleep(for: .milliseconds(5)) }
    let before = committed.load(ordering: .relaxed)
    let destination = directory.appendingPathComponent("backup.sqlite").path
    let summary = try await Task.detached {
      try DatabaseBackup.copy(databaseAt: source, to: destination, replacing: false)
    }.value
    try await writer.value

    #expect(summary.events == 1 && summary.registrations == 400)
    #expect(summary.checkIns >= before && summary.checkIns <= 400)
    #expect(summary.bytes > 0)
    // The copy is a Hadir database the server can open, with exactly what the summary says.
    let copy = try AppDatabase.onFile(destination)
    let report = try await copy.attendance(eventCode: "ILP-BANGGAI-25")
    #expect(report.rows.filter { !$0.checkIns.isEmpty }.count == summary.checkIns)
    #expect(!FileManager.default.fileExists(atPath: destination + ".partial"))
  }

  @Test("an existing file is kept unless replacing; replacing removes the old database's WAL")
  func replacing() async throws {
    let directory = try folder()
    defer { try? FileManager.default.removeItem(at: directory) }
    let source = directory.appendingPathComponent("hadir.sqlite").path
    _ = try await populated(source, people: 3)
    let destination = directory.appendingPathComponent("old.sqlite").path
    let (old, _) = try await populated(destination, people: 7)
    // The old database's log, as a crashed server leaves it.
    try FileManager.default.copyItem(atPath: destination + "-wal", toPath: destination + "-wal.kept")
    try await old.close()
    try FileManager.default.moveItem(atPath: destination + "-wal.kept", toPath: destination + "-wal")

    #expect(throws: DatabaseBackup.Failure.destinationExists(path: destination)) {
      try DatabaseBackup.copy(databaseAt: source, to: destination, replacing: false)
    }
    let summary = try DatabaseBackup.copy(databaseAt: source, to: destination, replacing: true)
    #expect(summary.registrations == 3)
    #expect(!FileManager.default.fileExists(atPath: destination + "-wal"))
    let reopened = try AppDatabase.onFile(destination)
    #expect(try await reopened.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM registration") } == 3)
    #expect(try await reopened.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
  }

  @Test("a missing source, a file that is not Hadir's, and a backup onto its own source are refused with what to do")
  func refusals() async throws {
    let directory = try folder()
    defer { try? FileManager.default.removeItem(at: directory) }
    let missing = directory.appendingPathComponent("nothing.sqlite").path
    #expect(throws: DatabaseBackup.Failure.noDatabase(path: missing)) {
      try DatabaseBackup.copy(databaseAt: missing, to: directory.appendingPathComponent("b.sqlite").path, replacing: false)
    }
    let other = directory.appendingPathComponent("other.sqlite").path
    try await DatabaseQueue(path: other).write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
    let destination = directory.appendingPathComponent("b.sqlite").path
    #expect(throws: DatabaseBackup.Failure.notHadir(path: other)) {
      try DatabaseBackup.copy(databaseAt: other, to: destination, replacing: false)
    }
    #expect(!FileManager.default.fileExists(atPath: destination))
    let source = directory.appendingPathComponent("hadir.sqlite").path
    _ = try await populated(source, people: 1)
    #expect(throws: DatabaseBackup.Failure.sameFile(path: source)) {
      try DatabaseBackup.copy(databaseAt: source, to: source, replacing: true)
    }
    #expect(DatabaseBackup.Failure.destinationExists(path: "b.sqlite").description.contains("Pass --replace"))
  }
}

@Suite("What Litestream says about its replica")
struct LitestreamProbeTests {
  // As printed by Litestream 0.5.17.
  let status = Data(
    #"[{"database": "/var/lib/hadir/hadir.sqlite", "status": "ok", "local_txid": "000000000000000c", "wal_size": "25 kB"}]"#.utf8)

  @Test("the newest transaction on the replica, its time, and how many Litestream has read that the replica lacks")
  func progress() throws {
    let ltx = Data(
      #"""
      [{"level": 0, "min_txid": "0000000000000001", "max_txid": "0000000000000009", "size": 567, "timestamp": "2026-11-26T00:03:47Z"},
       {"level": 0, "min_txid": "000000000000000a", "max_txid": "000000000000000a", "size": 191, "timestamp": "2026-11-26T00:04:08Z"},
       {"level": 1, "min_txid": "0000000000000001", "max_txid": "000000000000000a", "size": 900, "timestamp": "2026-11-26T00:04:09.250Z"}]
      """#.utf8)
    let progress = try LitestreamProbe.progress(status: status, ltx: ltx)
    #expect(progress.pendingTransactions == 2)
    #expect(progress.lastReplicatedAt == Date(timeIntervalSince1970: 1_795_651_449.25))
  }

  @Test("an empty replica has everything pending; a configuration without this database is an error")
  func emptyAndUnknown() throws {
    let empty = try LitestreamProbe.progress(status: status, ltx: Data("[]".utf8))
    #expect(empty.pendingTransactions == 12 && empty.lastReplicatedAt == nil)
    #expect(throws: LitestreamProbe.ProbeFailure.self) {
      try LitestreamProbe.progress(status: Data("[]".utf8), ltx: Data("[]".utf8))
    }
  }

  @Test("when Litestream cannot be asked, the problem is a fact, worded in the reader's language")
  func unreachable() async throws {
    let probe = LitestreamProbe(
      executable: "/nonexistent/litestream", configPath: "/nonexistent/litestream.yml", databasePath: "/nonexistent/hadir.sqlite")
    let replication = await probe.status()
    #expect(replication.configured)
    guard case .statusUnknown? = replication.problem else {
      Issue.record("expected statusUnknown, got \(String(describing: replication.problem))")
      return
    }
    #expect(replication.problem?.text(in: .indonesian).hasPrefix("Litestream tidak dapat ditanya tentang replikanya: ") == true)
    #expect(replication.problem?.text(in: .english).hasPrefix("Cannot ask Litestream about the replica: ") == true)
    #expect(Replication.Problem.litestreamStopped(process: 812).text(in: .indonesian).hasPrefix("Litestream (proses 812) sudah berhenti"))
  }
}
