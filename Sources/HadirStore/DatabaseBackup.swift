import Foundation
import GRDB

/// A consistent copy of a Hadir database, taken with SQLite's online backup API while a
/// server may be writing to it, and checked before it is put in place.
///
/// The copy is written next to its destination under a temporary name, checked with
/// `PRAGMA integrity_check`, made durable, and only then renamed over the destination, so
/// an interrupted or failed backup never leaves a damaged file where a good one was.
public enum DatabaseBackup {
  /// What a finished copy holds.
  public struct Summary: Sendable, Equatable {
    public var bytes: Int
    public var events: Int
    public var registrations: Int
    public var checkIns: Int
  }

  /// Why a backup was not made; each says what to do.
  public enum Failure: Error, CustomStringConvertible, Equatable {
    case noDatabase(path: String)
    case notHadir(path: String)
    case destinationExists(path: String)
    case sameFile(path: String)
    case damaged(path: String, report: String)

    public var description: String {
      switch self {
      case .noDatabase(let path):
        "There is no database at \(path). Check the path given with --database."
      case .notHadir(let path):
        "\(path) is not a Hadir database (it has no registrations table). Check the path given with --database."
      case .destinationExists(let path):
        "\(path) already exists. Pass --replace to overwrite it, or choose another file with --to."
      case .sameFile(let path):
        "The backup would overwrite its own source \(path). Choose another file with --to."
      case .damaged(let path, let report):
        "The copy of \(path) failed SQLite's integrity check, so nothing was replaced: \(report). Run the backup again; if it fails again, the source database is damaged: keep it and its -wal file as they are, and restore from a replica or an earlier backup."
      }
    }
  }

  /// Copies the database at `source` to `destination` and checks the copy.
  ///
  /// - Parameter replacing: whether an existing `destination` may be overwritten. Its
  ///   leftover `-wal` and `-shm` files are removed first: SQLite would otherwise apply
  ///   the old database's log to the new file.
  public static func copy(databaseAt source: String, to destination: String, replacing: Bool) throws -> Summary {
    let manager = FileManager.default
    guard manager.fileExists(atPath: source) else { throw Failure.noDatabase(path: source) }
    if manager.fileExists(atPath: destination) {
      guard replacing else { throw Failure.destinationExists(path: destination) }
      if URL(fileURLWithPath: source).resolvingSymlinksInPath().path
        == URL(fileURLWithPath: destination).resolvingSymlinksInPath().path
      {
        throw Failure.sameFile(path: source)
      }
    }

    let partial = destination + ".partial"
    try removeDatabaseFiles(at: partial)
    defer { try? removeDatabaseFiles(at: partial) }

    var readOnly = Configuration()
    readOnly.readonly = true
    readOnly.busyMode = .timeout(10)
    let sourceDatabase = try DatabasePool(path: source, configuration: readOnly)
    let hasRegistrations = try sourceDatabase.read { db in try db.tableExists("registration") }
    guard hasRegistrations else { throw Failure.notHadir(path: source) }

    let copy = try DatabaseQueue(path: partial)
    // One step: the whole copy comes from a single read transaction, one consistent
    // moment of the source, while its server goes on writing.
    try sourceDatabase.backup(to: copy)
    let summary = try copy.writeWithoutTransaction { db in
      // A single self-contained file: the server turns WAL on again when it opens it.
      try db.execute(sql: "PRAGMA journal_mode = DELETE")
      let report = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
      guard report == "ok" else { throw Failure.damaged(path: source, report: report) }
      return Summary(
        bytes: 0,
        events: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0,
        registrations: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM registration") ?? 0,
        checkIns: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM check_in") ?? 0)
    }
    try copy.close()
    try sourceDatabase.close()

    try synchronize(path: partial)
    try removeDatabaseFiles(at: destination, keepingMain: true)
    guard rename(partial, destination) == 0 else { throw posixError("cannot rename \(partial) to \(destination)") }
    try synchronize(path: URL(fileURLWithPath: destination).deletingLastPathComponent().path)
    var result = summary
    result.bytes = (try? manager.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0
    return result
  }

  /// Removes a database file's `-wal`, `-shm` and `-journal` companions, and the file too
  /// unless `keepingMain`.
  private static func removeDatabaseFiles(at path: String, keepingMain: Bool = false) throws {
    let companions = ["-wal", "-shm", "-journal"].map { path + $0 }
    for file in (keepingMain ? companions : [path] + companions) where FileManager.default.fileExists(atPath: file) {
      try FileManager.default.removeItem(atPath: file)
    }
  }

  /// fsync of a file or a folder, so that a rename is durable too.
  private static func synchronize(path: String) throws {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw posixError("cannot open \(path)") }
    defer { close(descriptor) }
    guard fsync(descriptor) == 0 else { throw posixError("cannot write \(path) to disk") }
  }

  private static func posixError(_ what: String) -> NSError {
    NSError(
      domain: "hadir.backup", code: Int(errno),
      userInfo: [NSLocalizedDescriptionKey: "\(what): \(String(cString: strerror(errno)))"])
  }
}
