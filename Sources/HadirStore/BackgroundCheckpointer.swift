import Dispatch
import GRDB
import GRDBSQLite
import Metrics
import Synchronization

/// Copies the WAL's pages into the database file on a connection and a thread of its own,
/// so that no write waits for the copy.
///
/// SQLite's automatic checkpoint runs inside the commit that takes the WAL past 1,000 pages:
/// that check-in, and every one queued behind it, waits while about 4 MB are copied into
/// the database file and synced. Here the writer's connection only reports the WAL's size
/// after each commit. Past the same 1,000 pages, a PASSIVE checkpoint copies the WAL beside
/// the writer, which goes on committing. The writer then copies the few frames it added
/// meanwhile itself, after its next commit, so that every frame is in the file and its
/// following transaction starts the WAL again from the beginning: the WAL stays as small as
/// with SQLite's own checkpoints. (A checkpoint beside the writer alone would trail it by a
/// few frames forever, and the WAL would never start again.)
final class BackgroundCheckpointer: Sendable {
  /// WAL pages after which a checkpoint starts: SQLite's own default.
  static let threshold: Int32 = 1_000

  private enum Phase: UInt8, AtomicRepresentable {
    /// The WAL is below the threshold, or nothing has been asked yet.
    case idle
    /// A checkpoint is waiting or running beside the writer.
    case copying
    /// The copy is done; the writer copies what it added since, after its next commit.
    case copied
  }

  private let path: String
  private let queue: DispatchQueue
  /// Opened on the first checkpoint, on `queue`, and used only there.
  private let connection = Mutex<DatabaseQueue?>(nil)
  private let phase = Atomic<Phase>(.idle)
  private let completed = Atomic<Int>(0)
  private let failures = Counter(label: "hadir_checkpoint_failures_total")

  private init(path: String, queue: DispatchQueue) {
    self.path = path
    self.queue = queue
  }

  /// How many checkpoints beside the writer have run to the end, for tests.
  var checkpointsCompleted: Int { completed.load(ordering: .relaxed) }

  /// Takes the copying of the WAL away from `writer`'s connection (the one that commits),
  /// whose SQLite automatic checkpoints stop. Checkpoints run on `queue`, a serial queue of
  /// their own.
  static func install(
    on writer: Database, path: String, queue: DispatchQueue = DispatchQueue(label: "hadir.checkpoint", qos: .utility)
  ) -> BackgroundCheckpointer {
    let checkpointer = BackgroundCheckpointer(path: path, queue: queue)
    // The hook's target is never released (a few bytes per database opened): the writer's
    // connection may outlive this object. It does not keep the checkpointer, and its
    // connection, alive once the database is let go.
    let target = Unmanaged.passRetained(HookTarget(checkpointer)).toOpaque()
    // Replaces SQLite's automatic checkpoint, which is itself a WAL hook. The hook runs on
    // the writer's connection after each commit, once the write lock is released.
    sqlite3_wal_hook(
      writer.sqliteConnection,
      { target, connection, _, pages in
        guard let target else { return SQLITE_OK }
        Unmanaged<HookTarget>.fromOpaque(target).takeUnretainedValue().checkpointer?.committed(
          walPages: pages, connection: connection)
        return SQLITE_OK
      }, target)
    return checkpointer
  }

  /// After each of the writer's commits, with the WAL's size in pages.
  private func committed(walPages: Int32, connection: OpaquePointer?) {
    switch phase.load(ordering: .acquiring) {
    case .idle:
      guard walPages >= Self.threshold,
        phase.compareExchange(expected: .idle, desired: .copying, ordering: .acquiringAndReleasing).exchanged
      else { return }
      queue.async { self.copy() }
    case .copying:
      break
    case .copied:
      // The few frames committed since the copy began: the writer's own, quick checkpoint.
      sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
      phase.store(.idle, ordering: .releasing)
    }
  }

  private func copy() {
    do {
      let connection = try self.connection.withLock { connection in
        if let connection { return connection }
        var configuration = Configuration()
        configuration.label = "hadir.checkpoint"
        let opened = try DatabaseQueue(path: path, configuration: configuration)
        connection = opened
        return opened
      }
      // PASSIVE copies what no reader still needs, never waits for the writer or a reader,
      // and syncs the database file (this connection's synchronous is FULL).
      _ = try connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
      completed.add(1, ordering: .relaxed)
      phase.store(.copied, ordering: .releasing)
    } catch {
      // The WAL only grows meanwhile; the next commit past the threshold tries again.
      failures.increment()
      phase.store(.idle, ordering: .releasing)
    }
  }

  /// Holds the checkpointer for the writer's WAL hook, without keeping it alive.
  private final class HookTarget: Sendable {
    weak let checkpointer: BackgroundCheckpointer?

    init(_ checkpointer: BackgroundCheckpointer) {
      self.checkpointer = checkpointer
    }
  }
}
