import ArgumentParser
import Foundation
import HadirServer
import HadirStore
import Logging

/// A fresh server has no tokens, so nobody could use it. On its first start it issues one
/// administrator token and writes it to a file only the operator's account can read, next
/// to the database, so the secret never appears in logs or on a shared screen.
enum FirstAdminToken {
  static func filePath(forDatabase path: String) -> String {
    path + ".admin-token"
  }

  static func issueIfNeeded(database: AppDatabase, databasePath: String, logger: Logger) async throws {
    guard let secret = try await TokenIssuer(database: database).issueFirstAdminTokenIfNeeded() else { return }
    let path = filePath(forDatabase: databasePath)
    guard writePrivately(secret + "\n", to: path) else {
      logger.critical("cannot write the first administrator token to \(path): \(String(cString: strerror(errno)))")
      throw ExitCode(3)
    }
    logger.notice(
      """
      No administrator token existed, so one was created and written to \(path) \
      (readable only by this account). Use it with: export HADIR_TOKEN=$(cat \(path)) \
      then create the tokens people need with `hadir token create`, and delete the file.
      """)
  }
}

/// Writes `text` to `path`, readable and writable by this account only from the moment the
/// file exists: it is created 0600 (never through a temporary file with wider permissions),
/// and an existing file is narrowed to 0600 before anything is written into it.
func writePrivately(_ text: String, to path: String) -> Bool {
  let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
  guard descriptor >= 0 else { return false }
  defer { close(descriptor) }
  guard fchmod(descriptor, 0o600) == 0 else { return false }
  let bytes = Array(text.utf8)
  let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
  return written == bytes.count && fsync(descriptor) == 0
}

/// Issues a new administrator token straight into the database, for an operator who lost
/// theirs. Needs access to the database file, which is the proof of being the operator.
struct AdminToken: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "admin-token",
    abstract: "Create a new administrator token directly in the database and print it.")

  @OptionGroup var storage: DatabaseOptions

  @Option(help: "A name for the token, e.g. who holds it.")
  var name: String = "administrator"

  func run() async throws {
    createFilesPrivately()
    // Run as another account (say root), this would leave WAL files that the server's own
    // account cannot open.
    var status = stat()
    if stat(storage.database, &status) == 0, status.st_uid != geteuid() {
      let owner = getpwuid(status.st_uid).map { String(cString: $0.pointee.pw_name) } ?? "uid \(status.st_uid)"
      throw ValidationError(
        "\(storage.database) belongs to the account \(owner). Run this command as that account, e.g. sudo -u \(owner) hadird admin-token --database \(storage.database)")
    }
    // The server, or Litestream, copies the WAL into the file: a checkpoint of this short
    // command could run behind Litestream's back.
    let database = try AppDatabase.onFile(storage.database, checkpoints: .elsewhere)
    let (token, secret) = try await TokenIssuer(database: database).issue(name: name, role: .admin, eventCode: nil)
    FileHandle.standardError.write(Data("Created administrator token \(token.id) (\"\(token.name)\"). Its secret, shown once:\n".utf8))
    print(secret)
  }
}
