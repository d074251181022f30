import Dispatch
import GRDB
import GRDBSQLite
import Metrics
import Synchronization

/// Copies the WAL's pages into the database file on a connection and a thread of its own,
/// so that no write waits while the bulk of the WAL is copied.
///
/// SQLite's automatic checkpoint runs inside the commit that takes the WAL past 1,000 pages:
/// that check-in, and every one queued behind it, waits while about 4 MB are copied into
/// the database file and synced. Here the writer's connection only reports the WAL's size
/// after each commit. Past the same 1,000 pages, a PASSIVE checkpoint copies the WAL beside
/// the writer, which goes on committing. When at most ``writerShare`` frames are left (those
/// committed meanwhile), the writer copies them itself after its next commit, so that every
/// frame is in the file and its following transaction starts the WAL again from the
/// beginning: the WAL stays as small as with SQLite's own checkpoints. (A checkpoint beside
/// the writer alone would trail it by a few frames forever, and the WAL would never start
/// again.) When more are left, another pass runs beside the writer.
final class BackgroundCheckpointer: Sendable {
  /// WAL pages after which a checkpoint starts: SQLite's own default.
  static let threshold: Int32 = 1_000
  /// Most frames the writer copies itself, at the end of a checkpoint.
  static let writerShare: Int32 = 128

  private enum Phase: UInt8, AtomicRepresentable {
    /// Waiting for the WAL to reach `retryAt` pages.
    case idle
    /// A pass is waiting or running beside the writer.
    case copying
    /// A pass copied every frame there was when it began: `backfilled` of them.
    case copied
    /// The database is closed: nothing more is copied.
    case closed
  }

  private let queue: DispatchQueue
  /// The checkpoints' own connection, opened with the writer's and used only on `queue`.
  private let connection: Mutex<DatabaseQueue?>
  private let phase = Atomic<Phase>(.idle)
  /// Frames of the WAL in the database file after the last pass.
  private let backfilled = Atomic<Int32>(0)
  /// WAL pages at which the next pass starts: more than the threshold after a pass that a
  /// reader held back, so that a long read is not answered with a pass after every commit.
  private let retryAt = Atomic<Int32>(BackgroundCheckpointer.threshold)
  private let passes = Atomic<Int>(0)
  private let mostCopiedByWriter = Atomic<Int32>(0)
  private let failures = Counter(label: "hadir_checkpoint_failures_total")

  private init(connection: DatabaseQueue, queue: DispatchQueue) {
    self.connection = Mutex(connection)
    self.queue = queue
  }

  /// Passes beside the writer that have run to the end, for tests.
  var passesCompleted: Int { passes.load(ordering: .relaxed) }
  /// The most frames the writer has copied itself at once, for tests.
  var mostFramesCopiedByWriter: Int32 { mostCopiedByWriter.load(ordering: .relaxed) }

  /// Takes the copying of the WAL of the database at `path` away from `writer`'s
  /// connection (the one that commits), whose SQLite automatic checkpoints stop. Opens the
  /// checkpoints' own connection now, on the file the writer has open. Checkpoints run on
  /// `queue`, a serial queue of their own.
  static func install(
    on writer: Database, path: String, queue: DispatchQueue = DispatchQueue(label: "hadir.checkpoint", qos: .utility)
  ) throws -> BackgroundCheckpointer {
    var configuration = Configuration()
    configuration.label = "hadir.checkpoint"
    configuration.prepareDatabase { db in
      // A checkpoint syncs the database file before the WAL may be written over.
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    let checkpointer = BackgroundCheckpointer(
      connection: try DatabaseQueue(path: path, configuration: configuration), queue: queue)
    // The hook's target is never released (a few bytes per database opened): the writer's
    // connection may outlive the checkpointer. It does not keep the checkpointer alive.
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

  /// Stops copying, waits for a pass that is running, and closes the checkpoints'
  /// connection, so that nothing of this process touches the file any more (before
  /// Litestream takes it over, for instance). Call before closing the writer.
  func close() throws {
    phase.store(.closed, ordering: .releasing)
    queue.sync {}
    try connection.withLock { connection in
      try connection?.close()
      connection = nil
    }
  }

  /// After each of the writer's commits, with the WAL's size in pages. Only the writer
  /// calls this, one commit at a time.
  private func committed(walPages: Int32, connection: OpaquePointer?) {
    switch phase.load(ordering: .acquiring) {
    case .idle:
      guard walPages >= retryAt.load(ordering: .relaxed) else { return }
      startPass(from: .idle)
    case .copied:
      let backfilled = self.backfilled.load(ordering: .relaxed)
      guard walPages >= backfilled else {
        // Every frame was copied and the WAL has started again: nothing is left.
        retryAt.store(Self.threshold, ordering: .relaxed)
        guard phase.compareExchange(expected: .copied, desired: .idle, ordering: .acquiringAndReleasing).exchanged,
          walPages >= Self.threshold
        else { return }
        startPass(from: .idle)
        return
      }
      // (A WAL that started again with one commit of `backfilled` to `backfilled` +
      // `writerShare` frames is taken for the old one, and copied here: rare and bounded.)
      let left = walPages - backfilled
      guard left <= Self.writerShare else {
        // Much was committed since the pass began (a large write): another pass copies it.
        startPass(from: .copied)
        return
      }
      if sqlite3_wal_checkpoint_v2(connection, "main", SQLITE_CHECKPOINT_PASSIVE, nil, nil) == SQLITE_OK {
        mostCopiedByWriter.store(max(mostCopiedByWriter.load(ordering: .relaxed), left), ordering: .relaxed)
      } else {
        failures.increment()
      }
      retryAt.store(Self.threshold, ordering: .relaxed)
      _ = phase.compareExchange(expected: .copied, desired: .idle, ordering: .acquiringAndReleasing)
    case .copying, .closed:
      break
    }
  }

  private func startPass(from current: Phase) {
    guard phase.compareExchange(expected: current, desired: .copying, ordering: .acquiringAndReleasing).exchanged
    else { return }
    queue.async { [weak self] in self?.pass() }
  }

  /// One PASSIVE checkpoint beside the writer: it copies what no reader still needs and
  /// never waits for the writer or a reader.
  private func pass() {
    guard phase.load(ordering: .acquiring) == .copying else { return }
    do {
      let result = try connection.withLock { connection in
        try connection.map { connection in
          try connection.writeWithoutTransaction { db in try db.checkpoint(.passive, on: "main") }
        }
      }
      guard let result else { return }
      passes.add(1, ordering: .relaxed)
      backfilled.store(Int32(clamping: result.checkpointedFrameCount), ordering: .relaxed)
      if result.checkpointedFrameCount >= result.walFrameCount {
        moveOn(to: .copied)
      } else {
        // A reader still needs the rest: try again once the WAL has grown a threshold more.
        retryAt.store(Int32(clamping: result.walFrameCount) + Self.threshold, ordering: .relaxed)
        moveOn(to: .idle)
      }
    } catch {
      // Another process checkpointing, or the disk: the WAL only grows meanwhile, and the
      // next commit past the threshold tries again.
      failures.increment()
      retryAt.store(Self.threshold, ordering: .relaxed)
      moveOn(to: .idle)
    }
  }

  /// Leaves `copying` for `next`, unless the database was closed meanwhile.
  private func moveOn(to next: Phase) {
    _ = phase.compareExchange(expected: .copying, desired: next, ordering: .acquiringAndReleasing)
  }

  /// Holds the checkpointer for the writer's WAL hook, without keeping it alive.
  private final class HookTarget: Sendable {
    weak let checkpointer: BackgroundCheckpointer?

    init(_ checkpointer: BackgroundCheckpointer) {
      self.checkpointer = checkpointer
    }
  }
}
