import Foundation
#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif
import Testing

/// `hadird` as an administrator runs it: files it creates, one server per database, an
/// address or socket already taken. Run by scripts/test.sh as an unprivileged account.
@Suite("hadird as a process", .timeLimit(.minutes(2)))
struct ServerProcessTests {
  func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
  }

  @Test("the database, its WAL and shared memory, the lock, the token file and the socket are for the server's account only")
  func privateFiles() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let socket = directory.appendingPathComponent("hadird.sock").path
    let server = try ServerProcess(directory: directory, extraArguments: ["--socket", socket])
    let token = try String(contentsOf: directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    // A write, so that the WAL holds data.
    let created = try run(
      "hadir",
      ["event", "create", "ILP-BANGGAI-25", "--title", "Kick-off", "--first-day", "2025-05-27", "--capacity", "75",
       "--server", server.address, "--token", token])
    #expect(created.status == 0, "\(created.stderr)")
    for name in ["hadir.sqlite", "hadir.sqlite-wal", "hadir.sqlite-shm", "hadir.sqlite.admin-token", "hadir.sqlite.lock"] {
      #expect(try mode(directory.appendingPathComponent(name).path) == 0o600, "\(name)")
    }
    #expect(try mode(socket) & 0o077 == 0)
    #expect(server.terminate() == 0)
  }

  @Test("a second server on the same database refuses to start, naming the first; the first keeps serving")
  func oneServerPerDatabase() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let first = try ServerProcess(directory: directory)
    let second = try run("hadird", ["--listen", "127.0.0.1:0", "--database", directory.appendingPathComponent("hadir.sqlite").path])
    #expect(second.status == 3)
    #expect(second.stderr.contains("Another hadird (process \(first.process.processIdentifier)) is already serving the database"))
    let status = try run("hadir", ["status", "--server", first.address])
    #expect(status.status == 0, "\(status.stderr)")
    #expect(first.terminate() == 0)
    // Once the first has stopped, the database is free again.
    let third = try ServerProcess(directory: directory)
    #expect(third.terminate() == 0)
  }

  @Test("a socket a server answers on is not taken over; a stale one is replaced")
  func socketInUse() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let socket = directory.appendingPathComponent("hadird.sock").path
    let first = try ServerProcess(directory: directory, extraArguments: ["--socket", socket])
    let otherDatabase = directory.appendingPathComponent("other.sqlite").path
    let second = try run("hadird", ["--listen", "none", "--socket", socket, "--database", otherDatabase])
    #expect(second.status == 3)
    #expect(second.stderr.contains("Cannot listen on the socket \(socket)"))
    let status = try run("hadir", ["status", "--server", socket])
    #expect(status.status == 0, "\(status.stderr)")
    #expect(first.terminate() == 0)

    // A socket file left behind by a server that is gone.
    let stale = directory.appendingPathComponent("stale.sock").path
    let killed = try ServerProcess(directory: directory, extraArguments: ["--socket", stale, "--database", otherDatabase])
    kill(killed.process.processIdentifier, SIGKILL)
    killed.process.waitUntilExit()
    #expect(FileManager.default.fileExists(atPath: stale))
    let restarted = try ServerProcess(directory: directory, extraArguments: ["--socket", stale, "--database", otherDatabase])
    #expect(try run("hadir", ["status", "--server", stale]).status == 0)
    #expect(restarted.terminate() == 0)
  }

  @Test("an address in use is named, with what to pass instead")
  func addressInUse() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let first = try ServerProcess(directory: directory)
    let second = try run(
      "hadird", ["--listen", first.address, "--database", directory.appendingPathComponent("other.sqlite").path])
    #expect(second.status == 3)
    #expect(second.stderr.contains("Cannot listen on \(first.address): the address is already in use"))
    #expect(second.stderr.contains("--listen"))
    #expect(first.terminate() == 0)
  }

  @Test("SIGTERM with a hadir watch open: the server exits at once, and the screen says it is reconnecting")
  func shutdownWithWatch() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory, extraArguments: ["--shutdown-grace", "60"])
    let token = try String(contentsOf: directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let env = ["HADIR_SERVER": server.address, "HADIR_TOKEN": token]
    #expect(
      try run("hadir", ["event", "create", "ILP-BANGGAI-25", "--title", "Kick-off", "--first-day", "2025-05-27", "--capacity", "75"], environment: env).status == 0)

    let watch = Process()
    watch.executableURL = try Executables.url("hadir")
    watch.arguments = ["watch", "--event", "ILP-BANGGAI-25"]
    var watchEnvironment = ProcessInfo.processInfo.environment
    watchEnvironment["HADIR_LANG"] = "en"
    for (key, value) in env { watchEnvironment[key] = value }
    watch.environment = watchEnvironment
    let output = directory.appendingPathComponent("watch.out")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    watch.standardOutput = try FileHandle(forWritingTo: output)
    watch.standardError = try FileHandle(forWritingTo: output)
    try watch.run()
    defer { if watch.isRunning { watch.terminate(); watch.waitUntilExit() } }
    func shown() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
    let deadline = Date().addingTimeInterval(20)
    while !shown().contains("places taken"), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    #expect(shown().contains("0 of 0 confirmed are in"))

    let stopping = Date()
    #expect(server.terminate() == 0)
    // Long before the grace period ran out: the open watch did not hold the server up.
    #expect(Date().timeIntervalSince(stopping) < 30)
    while !shown().contains("Reconnecting"), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    #expect(shown().contains("shutting down"))
    #expect(shown().contains("Reconnecting in 1 s"))
    #expect(watch.isRunning)
  }

  @Test("hadird backup copies the running server's database; restoring over it is refused until it stops; the copy serves")
  func backupAndRestore() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let token = try String(contentsOf: directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let env = ["HADIR_SERVER": server.address, "HADIR_TOKEN": token]
    #expect(
      try run("hadir", ["event", "create", "ILP-BANGGAI-25", "--title", "Kick-off", "--first-day", "2025-05-27", "--capacity", "75"], environment: env).status == 0)
    let database = directory.appendingPathComponent("hadir.sqlite").path
    let backup = directory.appendingPathComponent("backup.sqlite").path

    let copied = try run("hadird", ["backup", "--database", database, "--to", backup])
    #expect(copied.status == 0, "\(copied.stderr)")
    #expect(copied.stdout.contains("1 events, 0 registrations, 0 check-ins. Integrity check: ok."))
    #expect(try mode(backup) == 0o600)
    let again = try run("hadird", ["backup", "--database", database, "--to", backup])
    #expect(again.status == 3)
    #expect(again.stderr.contains("already exists. Pass --replace"))
    let overRunning = try run("hadird", ["backup", "--database", backup, "--to", database, "--replace"])
    #expect(overRunning.status == 3)
    #expect(overRunning.stderr.contains("A hadird (process \(server.process.processIdentifier)) is serving \(database). Stop it"))

    #expect(server.terminate() == 0)
    try FileManager.default.removeItem(atPath: database)
    let restored = try run("hadird", ["backup", "--database", backup, "--to", database])
    #expect(restored.status == 0, "\(restored.stderr)")
    let spare = try ServerProcess(directory: directory)
    let events = try run("hadir", ["event", "list", "--server", spare.address, "--token", token])
    #expect(events.stdout.contains("ILP-BANGGAI-25"), "\(events.stderr)")
    #expect(spare.terminate() == 0)
  }

  @Test("hadir status tells an administrator that nothing replicates the database; a desk is not told")
  func statusWithoutReplica() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let token = try String(contentsOf: directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let admin = try run("hadir", ["status", "--server", server.address, "--token", token])
    #expect(admin.stdout.contains("Replica:  none. If this machine is lost, everything on it is lost"), "\(admin.stdout)")
    let desk = try run(
      "hadir", ["token", "create", "--name", "desk 1", "--role", "desk", "--server", server.address, "--token", token, "--json"])
    let secret = try #require(
      (try JSONSerialization.jsonObject(with: Data(desk.stdout.utf8)) as? [String: Any])?["secret"] as? String, "\(desk.stdout)")
    let deskStatus = try run("hadir", ["status", "--server", server.address, "--token", secret])
    #expect(deskStatus.status == 0 && deskStatus.stdout.contains("Token:    desk"), "\(deskStatus.stderr)")
    #expect(!deskStatus.stdout.contains("Replica"))
    #expect(server.terminate() == 0)
  }

  @Test("--metrics-listen serves Prometheus metrics of the calls and the database, and /healthz fails once the database cannot be written")
  func metricsAndHealth() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory, extraArguments: ["--metrics-listen", "127.0.0.1:0"])
    let line = try #require(server.logLine(containing: "metrics at http://"))
    let base = String(line[line.range(of: "metrics at ")!.upperBound...].split(separator: "/metrics")[0])
    let token = try String(contentsOf: directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(try run("hadir", ["status", "--server", server.address, "--token", token]).status == 0)

    func get(_ path: String) async throws -> (Int, String) {
      let (data, response) = try await URLSession.shared.data(from: URL(string: base + path)!)
      return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
    let (status, metrics) = try await get("/metrics")
    #expect(status == 200)
    #expect(metrics.contains("hadir_calls_total{method=\"hadir.v1.Admin/GetServerInfo\",code=\"ok\"} 1"), "\(metrics)")
    #expect(metrics.contains("hadir_call_duration_seconds_count{method=\"hadir.v1.Admin/GetServerInfo\"} 1"))
    #expect(metrics.contains("hadir_database_bytes "))
    #expect(metrics.contains("hadir_commit_batch_size_count "))
    #expect(try await get("/healthz") == (200, "ok\n"))
    // The database file gone: the server can no longer save anything, and says so.
    try FileManager.default.removeItem(at: directory.appendingPathComponent("hadir.sqlite"))
    let (sick, reason) = try await get("/healthz")
    #expect(sick == 503 && reason.hasPrefix("the database cannot be written"))
    #expect(server.terminate() == 0)
  }
}
