import Dispatch
import Foundation
import GRDB
import HadirCore
import Testing

@testable import HadirStore

@Suite("Checkpoints beside the writer")
struct CheckpointTests {
  /// Waits until `condition` holds; records an issue when it still does not after 20 s.
  func eventually(_ what: Comment, _ condition: () throws -> Bool) async throws {
    let end = ContinuousClock.now + .seconds(20)
    while try !condition() {
      guard ContinuousClock.now < end else {
        Issue.record("still not true after 20 s: \(what)")
        return
      }
      try await Task.sleep(for: .milliseconds(10))
    }
  }

  func size(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
  }

  /// Commits `pages` new pages (one 3 KB row each), `perTransaction` rows at a time.
  func writePages(_ pages: Int, perTransaction: Int = 100, into pool: DatabasePool) async throws {
    for _ in 0..<(pages / perTransaction) {
      try await pool.write { db in
        for _ in 0..<perTransaction {
          try db.execute(sql: "INSERT INTO filler (data) VALUES (?)", arguments: [String(repeating: "x", count: 3_000)])
        }
      }
    }
  }

  /// A file database whose checkpoints run on `queue`, with a table to fill.
  func checkpointed(_ path: String, queue: DispatchQueue) async throws -> (DatabasePool, BackgroundCheckpointer) {
    let pool = try DatabasePool(path: path)
    let checkpointer = try await pool.writeWithoutTransaction { db in
      try db.execute(sql: "CREATE TABLE filler (id INTEGER PRIMARY KEY, data TEXT NOT NULL)")
      return try BackgroundCheckpointer.install(on: db, path: path, busyTimeout: 10, queue: queue)
    }
    return (pool, checkpointer)
  }

  @Test("past 1,000 WAL pages the writer copies nothing itself, even a large commit; the checkpointer copies the WAL")
  func besideTheWriter() async throws {
    try await withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("hadir.sqlite").path
      let queue = DispatchQueue(label: "test.checkpoint")
      queue.suspend()
      var suspended = true
      defer { if suspended { queue.resume() } }
      let (pool, checkpointer) = try await checkpointed(path, queue: queue)
      let empty = try size(path)
      try await writePages(1_500, into: pool)
      // SQLite's own checkpoint would have copied the WAL into the file by now, in a commit.
      #expect(try size(path) == empty)
      #expect(try size(path + "-wal") > 1_500 * 4_096)
      #expect(checkpointer.passesCompleted == 0)

      queue.resume()
      suspended = false
      try await eventually("the first pass") { checkpointer.passesCompleted >= 1 }
      #expect(try size(path) > empty + 1_400 * 4_096)
      let copied = try size(path)

      // A large commit right after a pass is copied beside the writer too, not by it.
      queue.suspend()
      suspended = true
      try await writePages(1_200, perTransaction: 1_200, into: pool)
      try await writePages(1, perTransaction: 1, into: pool)
      #expect(try size(path) == copied)
      #expect(checkpointer.mostFramesCopiedByWriter == 0)
      queue.resume()
      suspended = false
      try await eventually("the second pass") { checkpointer.passesCompleted >= 2 }
      #expect(try size(path) > copied + 1_100 * 4_096)
      #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM filler") } == 2_701)
    }
  }

  @Test("after close(), nothing more is copied, not even a pass asked for before")
  func closed() async throws {
    try await withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("hadir.sqlite").path
      let queue = DispatchQueue(label: "test.checkpoint")
      let gate = DispatchSemaphore(value: 0)
      var gateOpen = false
      defer { if !gateOpen { gate.signal() } }
      // The checkpoints' queue is held: the pass asked for below waits behind the gate.
      queue.async { gate.wait() }
      let (pool, checkpointer) = try await checkpointed(path, queue: queue)
      let empty = try size(path)
      try await writePages(1_500, into: pool)
      // close() waits for the queue: call it from a thread of its own, not from the pool.
      let closing = DispatchSemaphore(value: 0)
      DispatchQueue.global().async {
        try? checkpointer.close()
        closing.signal()
      }
      try await eventually("close() has begun") { checkpointer.isClosed }
      gate.signal()
      gateOpen = true
      await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
          closing.wait()
          continuation.resume()
        }
      }
      try await writePages(1_500, into: pool)
      #expect(checkpointer.passesCompleted == 0)
      #expect(try size(path) == empty)
    }
  }

  @Test("a pass held back by a long reader waits until the WAL has grown another 1,000 pages, then copies it")
  func heldBackByAReader() async throws {
    try await withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("hadir.sqlite").path
      let (pool, checkpointer) = try await checkpointed(path, queue: DispatchQueue(label: "test.checkpoint"))
      // A reader (a backup, say) holds the database as it was before the writes below.
      var readerConfiguration = Configuration()
      readerConfiguration.allowsUnsafeTransactions = true
      let reader = try DatabaseQueue(path: path, configuration: readerConfiguration)
      try await reader.writeWithoutTransaction { db in
        try db.execute(sql: "BEGIN DEFERRED")
        _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM filler")
      }
      let empty = try size(path)
      try await writePages(1_500, into: pool)
      try await eventually("a pass") { checkpointer.passesCompleted >= 1 }
      // The pass could copy nothing the reader still needs; a few more commits start none.
      try await writePages(300, into: pool)
      #expect(checkpointer.passesCompleted == 1)
      #expect(try size(path) < empty + 100 * 4_096)

      try await reader.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
      try await writePages(1_000, into: pool)
      try await eventually("the WAL copied once the reader is gone") { try size(path) > empty + 2_000 * 4_096 }
      #expect(checkpointer.passesCompleted >= 2)
    }
  }

  @Test("the server's database checkpoints beside its writer, and its WAL starts again; another process's is left alone")
  func serverDatabase() async throws {
    try await withTemporaryDirectory { directory in
      let oursPath = directory.appendingPathComponent("ours.sqlite").path
      let elsewherePath = directory.appendingPathComponent("elsewhere.sqlite").path
      let ours = try AppDatabase.onFile(oursPath)
      let elsewhere = try AppDatabase.onFile(elsewherePath, checkpoints: .elsewhere)
      #expect(elsewhere.checkpointer == nil)
      let checkpointer = try #require(ours.checkpointer)
      /// `rows` commits of one 3 KB row each (about three WAL frames each: the row's page,
      /// its parent, the header), one after the other: the writer commits while passes run.
      func commit(_ rows: Int, into database: AppDatabase) async throws {
        try await database.writeAlone { db in
          try db.execute(sql: "CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, data TEXT NOT NULL)")
          for _ in 0..<rows {
            try db.execute(sql: "INSERT INTO filler (data) VALUES (?)", arguments: [String(repeating: "x", count: 3_000)])
          }
        }
      }
      try await commit(1_200, into: ours)
      try await commit(1_200, into: elsewhere)
      try await eventually("a pass") { checkpointer.passesCompleted >= 1 }
      try await commit(10, into: ours)
      try await eventually("the file holds a WAL's worth") { try size(oursPath) > 1_000 * 4_096 }
      #expect(try size(elsewherePath + "-wal") > 1_200 * 4_096, "the other process copies this WAL")
      #expect(try size(elsewherePath) < 1_000 * 4_096)

      // Each time it has been copied the WAL is written again from its start: 2,400 more
      // pages do not make it grow by 2,400 pages.
      let walBefore = try size(oursPath + "-wal")
      try await commit(2_400, into: ours)
      #expect(try size(oursPath + "-wal") < walBefore + 1_600 * 4_120)
      // The writer copied only what was committed during a pass, never a WAL's worth.
      #expect(checkpointer.mostFramesCopiedByWriter < BackgroundCheckpointer.threshold)
      #expect(try await ours.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM filler") } == 3_610)
      try await ours.close()
      try await elsewhere.close()
    }
  }
}
