import Foundation
import HadirClient
import HadirCore
import HadirServer
import HadirStore
import HadirWire
import Synchronization
import Testing

/// A running server on a loopback port chosen by the system, with its database and the
/// secret of an administrator token.
struct TestServer {
  let address: WireAddress
  let database: AppDatabase
  let adminSecret: String

  /// A client with `token` (the administrator's unless told otherwise).
  func client<T: Sendable>(
    token: String? = nil, language: Language = .english, _ body: (HadirClient) async throws -> T
  ) async throws -> T {
    try await HadirClient.with(server: address, token: token ?? adminSecret, language: language, body)
  }

  /// A client without any token.
  func anonymousClient<T: Sendable>(_ body: (HadirClient) async throws -> T) async throws -> T {
    try await HadirClient.with(server: address, token: nil, body)
  }

  /// Issues a token and returns its secret.
  func secret(_ role: Role, event: String? = nil, name: String? = nil) async throws -> String {
    try await TokenIssuer(database: database).issue(name: name ?? "\(role) test", role: role, eventCode: event).secret
  }

  /// The secret of a desk token for Banggai named `name`, e.g. "desk 2".
  func desk(_ name: String) async throws -> String {
    try await secret(.desk, event: "ILP-BANGGAI-25", name: name)
  }
}

/// The client error `body` fails with; nil, and an issue recorded, if it fails otherwise.
func failure(_ body: () async throws -> Void) async -> HadirClientError? {
  do {
    try await body()
    return nil
  } catch let error as HadirClientError {
    return error
  } catch {
    Issue.record("unexpected error \(error)")
    return nil
  }
}

/// Runs `body` against a fresh server on an in-memory database, listening on
/// 127.0.0.1 port 0, then shuts the server down.
func withTestServer<T: Sendable>(
  addresses: [WireAddress] = [.tcp(host: "127.0.0.1", port: 0)],
  database: AppDatabase? = nil,
  clock: TestClock = TestClock(),
  maxImportBytes: Int = HadirServer.defaultMaxImportBytes,
  failedAuthentications: FailedAuthentications.Settings = .init(),
  _ body: (TestServer) async throws -> T
) async throws -> T {
  let database = try database ?? AppDatabase.inMemory()
  let adminSecret = try await TokenIssuer(database: database).issue(name: "test administrator", role: .admin, eventCode: nil).secret
  let server = HadirServer(
    database: database, addresses: addresses, maxImportBytes: maxImportBytes,
    failedAuthentications: failedAuthentications, now: { clock.now })
  return try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await server.serve() }
    defer { server.beginGracefulShutdown() }
    let address = try await server.listeningAddresses()[0]
    return try await body(TestServer(address: address, database: database, adminSecret: adminSecret))
  }
}

/// The server's clock in a test: a fixed instant that the test moves.
final class TestClock: Sendable {
  private let instant: Mutex<Date>

  /// Starts at `local` ("YYYY-MM-DD HH:mm") in WITA; by default 08:00 on Banggai's first day.
  init(wita local: String = "2025-05-27 08:00") {
    self.instant = Mutex(wita(local))
  }

  var now: Date { instant.withLock { $0 } }

  func set(wita local: String) {
    instant.withLock { $0 = wita(local) }
  }

  func set(_ date: Date) {
    instant.withLock { $0 = date }
  }
}

/// The instant of `local` ("YYYY-MM-DD HH:mm") in WITA (UTC+8).
func wita(_ local: String) -> Date {
  let formatter = DateFormatter()
  formatter.dateFormat = "yyyy-MM-dd HH:mm"
  formatter.timeZone = TimeZone(identifier: "Asia/Makassar")
  return formatter.date(from: local)!
}

let banggai = NewEvent(
  code: "ILP-BANGGAI-25", title: "Kick-off Meeting ILP Kabupaten Banggai", venue: "Hotel, Luwuk",
  timeZone: "Asia/Makassar", firstDay: "2025-05-27", lastDay: "2025-05-28", capacity: 75)

let morowali = NewEvent(
  code: "ILP-MOROWALI-25", title: "Workshop ILP bagi Puskesmas, Kabupaten Morowali",
  venue: "Aula Hotel Metro, Bungku Tengah", timeZone: "Asia/Makassar", firstDay: "2025-10-24",
  lastDay: "2025-10-25", capacity: 70)


/// A file of the project's examples/ folder: the one copy of the sample lists and agenda,
/// shared by the tests and by people trying Hadir.
func exampleFile(_ name: String) -> URL {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples").appendingPathComponent(name)
}

/// Runs `body` with a database on a file, as the server runs it (reads never wait for the
/// writer), in a directory of its own that is removed afterwards.
func withDatabaseFile<T: Sendable>(
  _ body: (_ database: AppDatabase, _ directory: URL) async throws -> T
) async throws -> T {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: directory) }
  let database = try AppDatabase.onFile(directory.appendingPathComponent("hadir.sqlite").path)
  return try await body(database, directory)
}
