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
/// after each commit. Past the same 1,000 pages, a PASSIVE checkpoint (a pass) copies the WAL
/// beside the writer, which goes on committing. Then the writer copies the frames committed
/// during the pass itself, after its next commit, if they are at most ``writerShare``, or
/// when a second pass fell behind too and they are fewer than the threshold: every frame is
/// then in the file, and the writer's next transaction starts the WAL again from its
/// beginning, so that the WAL stays as small as with SQLite's own checkpoints. (Under a
/// load that writes a threshold's worth during every pass, passes follow each other and the
/// WAL grows until the load eases.)
final class BackgroundCheckpointer: Sendable {
  /// WAL pages after which a pass starts: SQLite's own default.
  static let threshold: Int32 = 1_000
  /// Most frames the writer copies itself after the first pass.
  static let writerShare: Int32 = 128
  /// Passes in a row that may fall behind the writer before it copies what is left itself.
  static let passesBeforeTheWriterCopies = 2

  private enum Phase: UInt8, AtomicRepresentable {
    /// Waiting for the WAL to reach `retryAt` pages.
    case idle
    /// A pass is waiting or running beside the writer.
    case copying
    /// A pass copied the WAL up to `backfilled` frames.
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
  /// How many times the WAL has started again, seen by the writer; and that count when
  /// the last pass began, to know whether `backfilled` is about the WAL there is now.
  private let restarts = Atomic<Int>(0)
  private let restartsAtPass = Atomic<Int>(0)
  /// The WAL's size at the writer's last commit (only the writer's hook uses it).
  private let lastWALPages = Atomic<Int32>(0)
  /// Passes in a row since the writer last copied what was left.
  private let chasing = Atomic<Int>(0)
  /// WAL pages at which the next pass starts: more than the threshold after a pass that a
  /// long reader (a backup) held back, so that it is not answered with a pass per commit.
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
  /// Whether ``close()`` has begun, for tests.
  var isClosed: Bool { phase.load(ordering: .acquiring) == .closed }

  /// Takes the copying of the WAL of the database at `path` away from `writer`'s
  /// connection (the one that commits), whose SQLite automatic checkpoints stop. Opens the
  /// checkpoints' own connection now, on the file the writer has open. Passes run on
  /// `queue`, a serial queue of their own.
  static func install(
    on writer: Database, path: String, busyTimeout: Double,
    queue: DispatchQueue = DispatchQueue(label: "hadir.checkpoint", qos: .utility)
  ) throws -> BackgroundCheckpointer {
    var configuration = Configuration()
    configuration.label = "hadir.checkpoint"
    configuration.busyMode = .timeout(busyTimeout)
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

  /// Stops passes: waits for one that is running and closes the checkpoints' connection.
  /// A copy by the writer itself is ruled out only once the writer's connection is closed
  /// too (``AppDatabase/close()`` closes both). Not to be called from `queue`.
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
    if walPages < lastWALPages.load(ordering: .relaxed) {
      // The WAL has started again since the last commit.
      restarts.add(1, ordering: .relaxed)
      retryAt.store(Self.threshold, ordering: .relaxed)
    }
    lastWALPages.store(walPages, ordering: .relaxed)

    switch phase.load(ordering: .acquiring) {
    case .idle:
      if walPages >= retryAt.load(ordering: .relaxed) { startPass(from: .idle) }
    case .copied:
      guard restarts.load(ordering: .relaxed) == restartsAtPass.load(ordering: .relaxed) else {
        // Every frame was copied, and the WAL has started again: nothing of the old one is
        // left. The new one waits for its own pass.
        chasing.store(0, ordering: .relaxed)
        guard phase.compareExchange(expected: .copied, desired: .idle, ordering: .acquiringAndReleasing).exchanged,
          walPages >= Self.threshold
        else { return }
        startPass(from: .idle)
        return
      }
      // (A restart whose first commit is longer than the WAL was is not seen as one: that
      // commit's frames are then taken for frames left, and copied beside the writer, or
      // by it when they are few.)
      let left = walPages - backfilled.load(ordering: .relaxed)
      if left > Self.threshold
        || (left > Self.writerShare && chasing.load(ordering: .relaxed) < Self.passesBeforeTheWriterCopies)
      {
        // Much was committed during the pass (a large write): another pass copies it.
        startPass(from: .copied)
        return
      }
      // What was committed during the last pass: the writer's own, short checkpoint. Taken
      // first, so that a close meanwhile is seen.
      guard phase.compareExchange(expected: .copied, desired: .idle, ordering: .acquiringAndReleasing).exchanged
      else { return }
      chasing.store(0, ordering: .relaxed)
      retryAt.store(Self.threshold, ordering: .relaxed)
      var walFrames: Int32 = 0
      var copiedFrames: Int32 = 0
      let before = backfilled.load(ordering: .relaxed)
      if sqlite3_wal_checkpoint_v2(connection, "main", SQLITE_CHECKPOINT_PASSIVE, &walFrames, &copiedFrames)
        == SQLITE_OK
      {
        let copied = copiedFrames - before
        if copied > mostCopiedByWriter.load(ordering: .relaxed) { mostCopiedByWriter.store(copied, ordering: .relaxed) }
      } else {
        failures.increment()
      }
    case .copying, .closed:
      break
    }
  }

  private func startPass(from current: Phase) {
    guard phase.compareExchange(expected: current, desired: .copying, ordering: .acquiringAndReleasing).exchanged
    else { return }
    chasing.add(1, ordering: .relaxed)
    queue.async { [weak self] in self?.pass() }
  }

  /// One PASSIVE checkpoint beside the writer: it copies what no reader still needs and
  /// never waits for the writer or a reader.
  private func pass() {
    guard phase.load(ordering: .acquiring) == .copying else { return }
    restartsAtPass.store(restarts.load(ordering: .relaxed), ordering: .relaxed)
    do {
      let result = try connection.withLock { connection in
        try connection.map { connection in
          try connection.writeWithoutTransaction { db in try db.checkpoint(.passive, on: "main") }
        }
      }
      guard let result else { return }  // closed
      passes.add(1, ordering: .relaxed)
      backfilled.store(Int32(clamping: result.checkpointedFrameCount), ordering: .relaxed)
      if result.walFrameCount - result.checkpointedFrameCount <= Int(Self.writerShare) {
        moveOn(to: .copied)
      } else {
        // A long reader (a backup) still needs most of it: try again once the WAL has
        // grown another threshold, or has started again.
        retryAt.store(Int32(clamping: result.walFrameCount) + Self.threshold, ordering: .relaxed)
        chasing.store(0, ordering: .relaxed)
        moveOn(to: .idle)
      }
    } catch {
      // Another program checkpointing, or the disk: the WAL only grows meanwhile, and the
      // next commit tries again.
      failures.increment()
      chasing.store(0, ordering: .relaxed)
      retryAt.store(Self.threshold, ordering: .relaxed)
      moveOn(to: .idle)
    }
  }

  /// Leaves `copying` for `next`, unless the database was closed meanwhile.
  private func moveOn(to next: Phase) {
    _ = phase.compareExchange(expected: .copying, desired: next, ordering: .acquiringAndReleasing)
  }

  /// Holds the checkpointer for the writer's WAL hook, without keeping it alive. Set once,
  /// before the hook is installed.
  private final class HookTarget: @unchecked Sendable {
    weak var checkpointer: BackgroundCheckpointer?

    init(_ checkpointer: BackgroundCheckpointer) {
      self.checkpointer = checkpointer
    }
  }
}
