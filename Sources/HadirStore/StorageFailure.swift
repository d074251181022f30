import Foundation
import GRDB

/// Why the database could not do what was asked, when the cause is the machine rather than
/// the request: the disk is full, another program holds the write lock, or the file is gone.
/// The server answers each with its own status instead of "unexpected problem".
public enum StorageFailure: Equatable, Sendable {
  /// The disk (or the file system's quota) has no room for the change.
  case diskFull
  /// Another connection held the write lock for longer than the busy timeout.
  case busy
  /// The database file was deleted, moved or replaced while the server ran.
  case fileGone(path: String)
  /// The file cannot be written (read-only file system or file, or an I/O error).
  case unwritable

  /// The failure `error` stands for, or nil for any other error.
  public init?(_ error: any Error) {
    if let gone = error as? DatabaseFileGone {
      self = .fileGone(path: gone.path)
      return
    }
    if error is WriteQueueFull {
      self = .busy
      return
    }
    guard let error = error as? DatabaseError else { return nil }
    switch error.resultCode {
    case .SQLITE_FULL: self = .diskFull
    case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy
    case .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_CANTOPEN: self = .unwritable
    default: return nil
    }
  }
}

/// Thrown before a commit when the database file is no longer the one the server opened.
struct DatabaseFileGone: Error, CustomStringConvertible {
  var path: String
  var description: String { "the database file \(path) was deleted or replaced while the server was running" }
}

/// Refuses to commit into a database file that was deleted or replaced while the server
/// ran (its directory removed, the file moved away or restored over): SQLite would go on
/// writing into the unlinked file and every change would vanish when the server stops.
/// One `stat` per commit, next to an fsync, costs nothing noticeable.
final class DatabaseFileGuard: TransactionObserver {
  private let path: String
  private let device: UInt64
  private let inode: UInt64

  init(path: String) throws {
    var status = stat()
    guard stat(path, &status) == 0 else { throw DatabaseFileGone(path: path) }
    self.path = path
    self.device = UInt64(status.st_dev)
    self.inode = UInt64(status.st_ino)
  }

  func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
  func databaseDidChange(with event: DatabaseEvent) {}
  func databaseDidCommit(_ db: Database) {}
  func databaseDidRollback(_ db: Database) {}

  func databaseWillCommit() throws {
    var status = stat()
    guard stat(path, &status) == 0, UInt64(status.st_dev) == device, UInt64(status.st_ino) == inode else {
      throw DatabaseFileGone(path: path)
    }
  }
}
