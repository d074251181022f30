import ArgumentParser
import Foundation
import HadirStore

/// A checked copy of the database, safe to take while the server runs.
/// Synchronous on purpose: the copy is SQLite work from start to end, done on the main
/// thread rather than on a thread of Swift's cooperative pool.
struct Backup: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Copy the database to a file, consistently, while the server may be running.",
    discussion: """
      Uses SQLite's online backup API, so the copy is one consistent moment of the database \
      even while desks check people in. The copy is checked with PRAGMA integrity_check \
      before it is put in place; a failed backup never replaces a good file.

      To restore, stop the server and copy the backup back the same way:
        hadird backup --database BACKUP --to hadir.sqlite --replace
      """)

  @OptionGroup var storage: DatabaseOptions

  @Option(name: .long, help: "The file to write the copy to.")
  var to: String

  @Flag(name: .long, help: "Overwrite --to if it exists.")
  var replace = false

  func run() throws {
    createFilesPrivately()
    // Replacing a database a server is serving would pull it out from under that server.
    // The lock, once taken, is held until this process exits.
    if FileManager.default.fileExists(atPath: to + ".lock") {
      do {
        _ = try ServerLock(forDatabase: to)
      } catch let held as ServerLock.Held where held.reason == nil {
        let who = held.owner.map { "A hadird (process \($0))" } ?? "A hadird"
        throw failure("\(who) is serving \(to). Stop it before restoring over its database.")
      }
    }
    let started = ContinuousClock.now
    let database = storage.database
    let destination = to
    let summary: DatabaseBackup.Summary
    do {
      summary = try DatabaseBackup.copy(databaseAt: database, to: destination, replacing: replace)
    } catch let failure as DatabaseBackup.Failure {
      throw self.failure(failure.description)
    } catch {
      throw failure("The backup of \(database) to \(destination) failed: \(error)")
    }
    let seconds = (ContinuousClock.now - started) / .seconds(1)
    print(
      "Backed up \(database) to \(destination) in \(String(format: "%.1f", seconds)) s: \(summary.bytes / 1024) KiB, "
        + "\(summary.events) events, \(summary.registrations) registrations, \(summary.checkIns) check-ins. Integrity check: ok.")
  }

  private func failure(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode(3)
  }
}
