import Foundation
import GRDB
import HadirCore

/// Hadir's database: the schema, and every read and write the server makes. Each write
/// keeps the rules inside its transaction; the schema enforces them too.
///
/// Every method is async and none of them holds a thread of Swift's cooperative pool while
/// SQLite works: writes go through the one ``WriteQueue`` (group commit), reads to GRDB's
/// reader connections, which under WAL never wait for the writer.
public final class AppDatabase: Sendable {
  /// The connection pool (a file) or queue (in memory, for tests).
  public let writer: any DatabaseWriter
  let writes: WriteQueue
  /// Live tokens by the hash of their secret, read on every call.
  let activeTokens = ReadCache<[UInt8], AccessToken>()
  /// Events by code, read on every call about an event.
  let events = ReadCache<String, Event>()
  /// Agendas with their revision by event code: read by every screen that shows the
  /// programme, changed only by an apply.
  let agendas = ReadCache<String, StoredAgenda>(capacity: 64)
  /// Who copies the WAL into the database file, when the server does it beside the writer.
  let checkpointer: BackgroundCheckpointer?

  /// Opens `writer` and brings its schema up to date.
  public convenience init(_ writer: any DatabaseWriter) throws {
    try self.init(writer, checkpointer: nil)
  }

  private init(_ writer: any DatabaseWriter, checkpointer: BackgroundCheckpointer?) throws {
    self.writer = writer
    self.writes = WriteQueue(writer: writer)
    self.checkpointer = checkpointer
    try Self.migrator.migrate(writer)
  }

  /// Runs `work` as one write: in the next shared transaction (in a savepoint of its own
  /// when it shares it), durable when this returns.
  func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
    try await writes.write(work)
  }

  /// Runs long `work` (an import, an agenda) on the writer in transactions it manages itself.
  func writeAlone<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
    try await writes.writeAlone(work)
  }

  /// Runs `work` on a reader connection.
  func read<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
    try await writer.read(work)
  }

  /// Throws unless a write to the database file can be committed now: the disk has room,
  /// the file is the one the server opened, and nobody holds the write lock for long. A
  /// real (empty) change of the header, made durable as every write is.
  public func checkWritable() async throws {
    try await write { db in
      let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
      try db.execute(sql: "PRAGMA user_version = \(version)")
    }
  }

  /// How many write transactions have been committed since the database was opened.
  public var committedTransactions: UInt64 { writes.committedTransactions }

  /// Opens (or creates) the database file at `path`: WAL, foreign keys, a busy timeout,
  /// and `synchronous=FULL`, so that whatever the server has acknowledged survives a power
  /// cut.
  ///
  /// - Parameter checkpoints: whether this process copies the WAL into the database file,
  ///   beside its writer, or leaves that to another: Litestream, which replicates the WAL and
  ///   must see every frame before it is checkpointed away, or the server, for a short
  ///   command run beside it.
  public static func onFile(_ path: String, checkpoints: Checkpoints = .inBackground) throws -> AppDatabase {
    let pool = try DatabasePool(path: path, configuration: configuration())
    // DatabasePool switches a WAL database's writer to synchronous=NORMAL once it is
    // open, after `prepareDatabase` runs; set FULL again on the writer, here.
    let checkpointer = try pool.writeWithoutTransaction { db -> BackgroundCheckpointer? in
      try db.execute(sql: "PRAGMA synchronous = FULL")
      // The writer's page cache is 2 MiB. A 100,000-person import writes about as fast
      // with it as with 256 MiB (spilled pages go to the WAL and are read back from the
      // OS's cache), and the server's peak memory during that import is 50 MB lower (6 MB
      // lower than with 8 MiB); check-ins, whose reads of a large event miss the cache
      // either way, go as fast.
      try db.execute(sql: "PRAGMA cache_size = -2048")
      db.add(transactionObserver: try DatabaseFileGuard(path: path), extent: .databaseLifetime)
      switch checkpoints {
      case .inBackground:
        // A WAL that grew large (an import) is cut back to 64 MiB when it starts again.
        try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
        return try BackgroundCheckpointer.install(on: db, path: path, busyTimeout: busyTimeout)
      case .elsewhere:
        try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        return nil
      }
    }
    return try AppDatabase(pool, checkpointer: checkpointer)
  }

  /// Who moves the WAL's pages into the database file.
  public enum Checkpoints: Sendable {
    /// The server, on a connection and a thread of its own, once the WAL passes 1,000
    /// pages: no write waits for it (``BackgroundCheckpointer``).
    case inBackground
    /// Another process: Litestream, which runs beside the server and checkpoints after it
    /// has copied the WAL, or the running server.
    case elsewhere
  }

  /// Closes the database file: no checkpoint of this process runs after this returns, and
  /// the writer's and readers' connections are closed (another process, Litestream for
  /// instance, may take the file over). Nothing may use the database afterwards. Waits
  /// for a checkpoint in progress on a thread of its own, not on Swift's cooperative pool.
  public func close() async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
      DispatchQueue.global().async {
        continuation.resume(
          with: Result {
            try self.checkpointer?.close()
            try (self.writer as? DatabasePool)?.close()
          })
      }
    }
  }

  /// A private database in memory, for tests.
  public static func inMemory() throws -> AppDatabase {
    try AppDatabase(DatabaseQueue(configuration: configuration()))
  }

  /// Seconds a connection waits for another program's lock before it gives up.
  static let busyTimeout: Double = 10

  private static func configuration() -> Configuration {
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    // Writers wait for each other instead of failing at once with SQLITE_BUSY.
    configuration.busyMode = .timeout(busyTimeout)
    configuration.label = "hadir"
    configuration.prepareDatabase { db in
      // Statement journals (one per INSERT whose trigger updates the event's live counts)
      // stay in memory instead of costing two file writes per row.
      try db.execute(sql: "PRAGMA temp_store = MEMORY")
    }
    return configuration
  }

  /// The `synchronous` setting of the connection that writes, as SQLite reports it
  /// (0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA).
  public func writerSynchronousLevel() throws -> Int {
    try writer.writeWithoutTransaction { db in
      try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
    }
  }

  /// The journal mode, e.g. "wal" for a file or "memory" in memory.
  public func journalMode() throws -> String {
    try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
  }
}
