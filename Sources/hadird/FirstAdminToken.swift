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

  static func issueIfNeeded(database: AppDatabase, databasePath: String, logger: Logger) throws {
    guard let secret = try TokenIssuer(database: database).issueFirstAdminTokenIfNeeded() else { return }
    let path = filePath(forDatabase: databasePath)
    guard FileManager.default.createFile(
      atPath: path, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600])
    else {
      logger.critical("cannot write the first administrator token to \(path)")
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
    let database = try AppDatabase.onFile(storage.database)
    let (token, secret) = try TokenIssuer(database: database).issue(name: name, role: .admin, eventCode: nil)
    FileHandle.standardError.write(Data("Created administrator token \(token.id) (\"\(token.name)\"). Its secret, shown once:\n".utf8))
    print(secret)
  }
}
