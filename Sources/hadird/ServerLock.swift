import Foundation

/// One server per database file. A second server on the same file would serve its own
/// desks with its own live screens, which then miss the other's check-ins; so the second
/// one refuses to start, naming the first.
///
/// The lock is an exclusive `flock` on `DATABASE.lock`, which holds the owner's process id.
/// The operating system releases it when the process ends, however it ends, so a crash
/// never leaves a lock behind; the server holds it until it exits.
struct ServerLock {

  /// Takes the lock for the database at `databasePath`, or throws ``Held`` naming the
  /// process that has it.
  init(forDatabase databasePath: String) throws {
    let path = databasePath + ".lock"
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard descriptor >= 0 else { throw Held(databasePath: databasePath, owner: nil, reason: String(cString: strerror(errno))) }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let owner = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
      close(descriptor)
      throw Held(databasePath: databasePath, owner: owner.flatMap(Int32.init), reason: nil)
    }
    let pid = "\(getpid())\n"
    _ = ftruncate(descriptor, 0)
    _ = pid.withCString { write(descriptor, $0, strlen($0)) }
  }

  struct Held: Error, CustomStringConvertible {
    var databasePath: String
    var owner: Int32?
    /// Why the lock file could not even be opened, if that was the problem.
    var reason: String?

    var description: String {
      if let reason {
        return "Cannot create the lock file \(databasePath).lock (\(reason)). Check that this account may write the database's folder."
      }
      let who = owner.map { "Another hadird (process \($0))" } ?? "Another hadird"
      return "\(who) is already serving the database \(databasePath). Stop it first, or give this server another --database."
    }
  }
}
