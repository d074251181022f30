import Foundation
import Testing

/// The two programs as a person uses them: `hadird` in a fresh directory, `hadir` against it.
@Suite("hadird and hadir, end to end", .serialized, .timeLimit(.minutes(2)))
struct CommandLineTests {
  @Test("a fresh server writes its first admin token to a private file; the CLI manages events with it")
  func firstRun() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)

    let tokenFile = directory.appendingPathComponent("hadir.sqlite.admin-token")
    let permissions = try FileManager.default.attributesOfItem(atPath: tokenFile.path)[.posixPermissions] as? Int
    #expect(permissions == 0o600)
    let secret = try String(contentsOf: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(secret.hasPrefix("hadir_"))
    #expect(server.log.contains(tokenFile.lastPathComponent))
    #expect(!server.log.contains(secret), "the secret must not appear in the log")

    let env = ["HADIR_SERVER": server.address, "HADIR_TOKEN": secret]
    let status = try run("hadir", ["status"], environment: env)
    #expect(status.status == 0)
    #expect(status.stdout.contains("Token:    admin, all events"))

    let created = try run(
      "hadir",
      ["event", "create", "ilp-banggai-25", "--title", "Kick-off ILP Kabupaten Banggai", "--venue", "Hotel, Luwuk",
       "--first-day", "2025-05-27", "--last-day", "2025-05-28", "--capacity", "75"],
      environment: env)
    #expect(created.status == 0)
    #expect(created.stdout.contains("Created event ILP-BANGGAI-25."))

    let listed = try run("hadir", ["event", "list"], environment: env)
    #expect(listed.stdout.contains("ILP-BANGGAI-25  Kick-off ILP Kabupaten Banggai  2025-05-27 to 2025-05-28 (2 days)  Asia/Makassar  75"))

    let json = try run("hadir", ["event", "show", "ILP-BANGGAI-25", "--json"], environment: env)
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect(object?["capacity"] as? Int == 75)
    #expect(object?["time_zone"] as? String == "Asia/Makassar")

    let updated = try run("hadir", ["event", "update", "ILP-BANGGAI-25", "--capacity", "80", "--json"], environment: env)
    #expect(updated.status == 0 && updated.stdout.contains("\"capacity\" : 80"))

    // Restarting keeps the data and issues no second first token.
    try FileManager.default.removeItem(at: tokenFile)
    #expect(server.terminate() == 0)
    let restarted = try ServerProcess(directory: directory)
    #expect(!FileManager.default.fileExists(atPath: tokenFile.path))
    let again = try run("hadir", ["event", "show", "ILP-BANGGAI-25", "--json"], environment: ["HADIR_SERVER": restarted.address, "HADIR_TOKEN": secret])
    #expect(again.stdout.contains("\"capacity\" : 80"))
    #expect(restarted.terminate() == 0)
  }

  @Test("errors are one line on standard error with an exit code for their kind")
  func errors() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let secret = try String(contentsOf: directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let env = ["HADIR_SERVER": server.address, "HADIR_TOKEN": secret]

    let badDay = try run(
      "hadir", ["event", "create", "X-25", "--title", "t", "--first-day", "2025-02-30", "--capacity", "5"], environment: env)
    #expect(badDay.status == 1)
    #expect(badDay.stderr == "error: \"2025-02-30\" is not a date; write it as YYYY-MM-DD, e.g. 2025-05-27.\n")
    #expect(badDay.stdout.isEmpty)

    // The options every command takes may come before the command.
    let before = try run("hadir", ["--server", server.address, "--token", secret, "--lang", "en", "event", "list"])
    #expect(before.status == 0 && before.stdout.contains("No events yet"), "\(before.stderr)")
    let utc = try run(
      "hadir", ["event", "create", "UTC-25", "--title", "t", "--first-day", "2025-05-27", "--capacity", "5", "--time-zone", "Etc/UTC", "--json"],
      environment: env)
    #expect(utc.status == 0 && utc.stdout.contains("\"time_zone\" : \"UTC\""), "\(utc.stdout) \(utc.stderr)")

    let noToken = try run("hadir", ["event", "list"], environment: ["HADIR_SERVER": server.address])
    #expect(noToken.status == 4)
    #expect(noToken.stderr.hasPrefix("error: This needs an access token."))
    // The advice about this program's flags is the program's own, in its user's language.
    #expect(noToken.stderr.contains("Pass --token or set HADIR_TOKEN"))
    let noTokenIndonesian = try run(
      "hadir", ["event", "list"], environment: ["HADIR_SERVER": server.address, "HADIR_LANG": "id"])
    #expect(
      noTokenIndonesian.stderr
        == "error: Permintaan ini memerlukan token akses. Berikan --token atau isi HADIR_TOKEN; administrator dapat membuatnya dengan `hadir token create`.\n")

    let desk = try run("hadir", ["token", "create", "--name", "desk 1", "--role", "desk", "--json"], environment: env)
    let deskSecret = try #require(
      (try JSONSerialization.jsonObject(with: Data(desk.stdout.utf8)) as? [String: Any])?["secret"] as? String)
    let denied = try run(
      "hadir", ["event", "create", "X-25", "--title", "t", "--first-day", "2025-05-27", "--capacity", "5"],
      environment: ["HADIR_SERVER": server.address, "HADIR_TOKEN": deskSecret])
    #expect(denied.status == 4)
    #expect(denied.stderr.contains("desk token cannot create events"))

    let missing = try run("hadir", ["event", "show", "NOPE-1"], environment: env)
    #expect(missing.status == 1)

    #expect(server.terminate() == 0)
    let down = try run("hadir", ["status"], environment: env)
    #expect(down.status == 3)
    #expect(down.stderr.contains("Cannot reach the Hadir server at \(server.address) (connection refused)"))
  }

  @Test("an operator who lost the admin token makes a new one from the database file")
  func adminTokenCommand() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("hadir.sqlite").path
    let issued = try run("hadird", ["admin-token", "--database", database, "--name", "recovery"])
    #expect(issued.status == 0)
    let secret = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(secret.hasPrefix("hadir_"))

    let server = try ServerProcess(directory: directory)
    // An admin token exists already, so no first token file is written.
    #expect(!FileManager.default.fileExists(atPath: database + ".admin-token"))
    let tokens = try run("hadir", ["token", "list"], environment: ["HADIR_SERVER": server.address, "HADIR_TOKEN": secret])
    #expect(tokens.status == 0 && tokens.stdout.contains("recovery"))
    #expect(server.terminate() == 0)
  }
}
