import Dispatch
import GRDB
import Metrics
import Synchronization

/// The one writer of the database, with group commit.
///
/// Callers wait without holding a thread: their work is queued, and one serial dispatch
/// queue (never Swift's cooperative pool) runs it. Writes that arrive while a commit is in
/// flight are applied together in the next transaction, each in a savepoint of its own when
/// there are several (a write that fails is rolled back alone and the others go on; a write
/// alone that fails is rolled back with its transaction), then one commit, one fsync
/// under `synchronous=FULL`, and every caller is answered. So concurrent desks share their
/// fsyncs instead of each paying one, and nothing is acknowledged before it is durable.
///
/// Long work (an import, an agenda) runs in a transaction of its own, and waits its turn
/// like any write: it delays a check-in by at most its own place in the queue (for an
/// import, the time its file takes to check and write). Work whose
/// caller is gone (cancelled while queued) is never started. At most `maxQueued` writes may
/// wait; past that, callers are told the database is busy.
final class WriteQueue: Sendable {
  /// Most writes that may wait at once.
  static let maxQueued = 10_000
  /// Most writes that share one transaction.
  static let maxBatch = 512

  private final class Job: Sendable {
    let alone: Bool
    let work: @Sendable (Database) throws -> any Sendable
    let resume: @Sendable (Result<any Sendable, any Error>) -> Void

    init(
      alone: Bool, work: @escaping @Sendable (Database) throws -> any Sendable,
      resume: @escaping @Sendable (Result<any Sendable, any Error>) -> Void
    ) {
      self.alone = alone
      self.work = work
      self.resume = resume
    }
  }

  private enum Admission { case queued(startDrain: Bool, depth: Int), full, cancelled }

  private struct State {
    var queued: [ObjectIdentifier: Job] = [:]
    var order: [Job] = []
    var draining = false
  }

  private let writer: any DatabaseWriter
  private let dispatchQueue = DispatchQueue(label: "hadir.writer", qos: .userInitiated)
  private let state = Mutex(State())
  private let commits = Atomic<UInt64>(0)
  /// For operators (hadird --metrics-listen); made once, recorded outside the lock.
  private let queueDepth = Gauge(label: "hadir_write_queue_depth")
  private let batchSizes = Recorder(label: "hadir_commit_batch_size", aggregate: true)

  init(writer: any DatabaseWriter) {
    self.writer = writer
  }

  /// How many transactions have been committed, for tests and benchmarks.
  var committedTransactions: UInt64 { commits.load(ordering: .relaxed) }

  /// How many writes are waiting for their turn.
  var waiting: Int { state.withLock { $0.order.count } }

  /// Runs `work` in the next shared transaction, in its own savepoint when it shares it.
  func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
    try await enqueue(alone: false, work)
  }

  /// Runs `work` on the writer connection outside any transaction: it manages its own.
  func writeAlone<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
    try await enqueue(alone: true, work)
  }

  private func enqueue<T: Sendable>(alone: Bool, _ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
    let box = Mutex<Job?>(nil)
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let job = Job(
          alone: alone, work: { db in try work(db) },
          resume: { result in continuation.resume(with: result.map { $0 as! T }) })
        box.withLock { $0 = job }
        let admission = state.withLock { state -> Admission in
          if Task.isCancelled { return .cancelled }
          guard state.order.count < Self.maxQueued else { return .full }
          state.queued[ObjectIdentifier(job)] = job
          state.order.append(job)
          defer { state.draining = true }
          return .queued(startDrain: !state.draining, depth: state.order.count)
        }
        switch admission {
        case .queued(let startDrain, let depth):
          queueDepth.record(depth)
          if startDrain { dispatchQueue.async { self.drain() } }
        case .full:
          job.resume(.failure(WriteQueueFull()))
        case .cancelled:
          job.resume(.failure(CancellationError()))
        }
      }
    } onCancel: {
      // A write still waiting is dropped: its caller is gone, and its work never starts.
      guard let job = box.withLock({ $0 }) else { return }
      let dropped = state.withLock { state -> Bool in
        guard state.queued.removeValue(forKey: ObjectIdentifier(job)) != nil else { return false }
        state.order.removeAll { $0 === job }
        return true
      }
      if dropped { job.resume(.failure(CancellationError())) }
    }
  }

  /// Runs batches until nothing waits. Only ever running on `dispatchQueue`.
  private func drain() {
    while true {
      let (batch, left) = state.withLock { state -> ([Job], Int) in
        guard let first = state.order.first else {
          state.draining = false
          return ([], 0)
        }
        let count =
          first.alone
          ? 1 : min(Self.maxBatch, state.order.prefix(while: { !$0.alone }).count)
        let batch = Array(state.order.prefix(count))
        state.order.removeFirst(count)
        for job in batch { state.queued.removeValue(forKey: ObjectIdentifier(job)) }
        return (batch, state.order.count)
      }
      queueDepth.record(left)
      if batch.isEmpty { return }
      batchSizes.record(batch.count)
      if batch.count == 1 && batch[0].alone {
        runAlone(batch[0])
      } else {
        runShared(batch)
      }
    }
  }

  private func runAlone(_ job: Job) {
    do {
      let value = try writer.writeWithoutTransaction { db in try job.work(db) }
      commits.add(1, ordering: .relaxed)
      job.resume(.success(value))
    } catch {
      job.resume(.failure(error))
    }
  }

  /// One transaction for the whole batch, a savepoint per write when there are several.
  private func runShared(_ batch: [Job]) {
    var outcomes: [Result<any Sendable, any Error>] = Array(repeating: .failure(CancellationError()), count: batch.count)
    var rolledBack = false
    do {
      try writer.writeWithoutTransaction { db in
        let control = try TransactionControl(db)
        try control.transaction {
          // A write alone needs no savepoint of its own: the transaction is its savepoint.
          let savepoints = batch.count > 1
          for (index, job) in batch.enumerated() {
            do {
              let value = savepoints ? try control.savepoint { try job.work(db) } : try job.work(db)
              outcomes[index] = .success(value)
            } catch {
              // A failure of the machine (disk full, file gone), or one that ended the
              // transaction, ends the whole batch; a refused write is its own affair.
              if StorageFailure(error) != nil || !db.isInsideTransaction { throw error }
              outcomes[index] = .failure(error)
            }
          }
          if !savepoints, case .failure = outcomes[0] {
            rolledBack = true
            return .rollback
          }
          return .commit
        }
      }
      if !rolledBack { commits.add(1, ordering: .relaxed) }
    } catch {
      // Nothing of the batch was kept. A failure of the machine is every write's answer;
      // anything else is sorted out by running the writes one by one.
      if StorageFailure(error) != nil || batch.count == 1 {
        for job in batch { job.resume(.failure(error)) }
      } else {
        for job in batch { runShared([job]) }
      }
      return
    }
    for (job, outcome) in zip(batch, outcomes) { job.resume(outcome) }
  }
}

/// BEGIN, COMMIT and savepoints through statements prepared once per connection: GRDB's
/// `inTransaction` and `inSavepoint` prepare theirs again on every use, which cost a
/// check-in alone in its transaction about 20 µs, and each write of a shared batch as much.
/// The rules are GRDB's: what throws is rolled back (to its savepoint, or the whole
/// transaction) and its own error thrown again; work after which SQLite has ended the
/// transaction by itself (a full disk, an I/O error) is an error, never committed row by row.
private struct TransactionControl {
  private let db: Database
  private let begin: Statement
  private let commit: Statement
  private let rollback: Statement
  private let savepoint: Statement
  private let release: Statement
  private let rollbackToSavepoint: Statement

  init(_ db: Database) throws {
    self.db = db
    begin = try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION")
    commit = try db.cachedStatement(sql: "COMMIT TRANSACTION")
    rollback = try db.cachedStatement(sql: "ROLLBACK TRANSACTION")
    savepoint = try db.cachedStatement(sql: "SAVEPOINT write")
    release = try db.cachedStatement(sql: "RELEASE SAVEPOINT write")
    rollbackToSavepoint = try db.cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT write")
  }

  /// Runs `work` in an immediate transaction, committed or rolled back as it says.
  func transaction(_ work: () throws -> Database.TransactionCompletion) throws {
    try begin.execute()
    do {
      let completion = try work()
      try requireTransaction()
      switch completion {
      case .commit: try commit.execute()
      case .rollback: try rollback.execute()
      }
    } catch {
      if db.isInsideTransaction { try? rollback.execute() }
      throw error
    }
  }

  /// Runs `work` in a savepoint of the current transaction, undone if it throws.
  func savepoint<T>(_ work: () throws -> T) throws -> T {
    try savepoint.execute()
    do {
      let value = try work()
      try requireTransaction()
      try release.execute()
      return value
    } catch {
      if db.isInsideTransaction {
        do {
          try rollbackToSavepoint.execute()
          try release.execute()
        } catch {
          // The transaction cannot go on; the caller rolls it back, and hears the first error.
          try? rollback.execute()
        }
      }
      throw error
    }
  }

  /// Throws when SQLite ended the transaction by itself during the work (GRDB throws
  /// SQLITE_ABORT then too).
  private func requireTransaction() throws {
    guard db.isInsideTransaction else {
      throw DatabaseError(resultCode: .SQLITE_ABORT, message: "the transaction was ended by a failure during the write")
    }
  }
}

/// More writes are waiting than the queue holds.
struct WriteQueueFull: Error, CustomStringConvertible {
  var description: String { "more than \(WriteQueue.maxQueued) writes are waiting for the database" }
}
