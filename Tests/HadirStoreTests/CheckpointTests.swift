import Dispatch
import Foundation
import GRDB
import HadirCore
import Testing

@testable import HadirStore

@Suite("Checkpoints beside the writer")
struct CheckpointTests {
  /// Waits (at most 20 s) until `condition` holds.
  func eventually(_ condition: () throws -> Bool) async throws {
    let end = ContinuousClock.now + .seconds(20)
    while try !condition() {
      guard ContinuousClock.now < end else { return }
      try await Task.sleep(for: .milliseconds(10))
    }
  }

  func size(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
  }

  /// Commits `pages` new pages (one 3 KB row per page), in transactions of 100 rows.
  func writePages(_ pages: Int, into pool: DatabasePool) async throws {
    for _ in 0..<(pages / 100) {
      try await pool.write { db in
        for _ in 0..<100 {
          try db.execute(sql: "INSERT INTO filler (data) VALUES (?)", arguments: [String(repeating: "x", count: 3_000)])
        }
      }
    }
  }

  @Test("past 1,000 WAL pages the writer does not checkpoint; the checkpointer copies the WAL, which then starts again")
  func besideTheWriter() async throws {
    try await withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("hadir.sqlite").path
      let pool = try DatabasePool(path: path)
      let queue = DispatchQueue(label: "test.checkpoint")
      queue.suspend()
      let checkpointer = try await pool.writeWithoutTransaction { db in
        try db.execute(sql: "CREATE TABLE filler (id INTEGER PRIMARY KEY, data TEXT NOT NULL)")
        return BackgroundCheckpointer.install(on: db, path: path, queue: queue)
      }
      let before = try size(path)
      try await writePages(1_500, into: pool)
      // SQLite's own checkpoint would have copied the WAL into the file by now, in a commit.
      #expect(try size(path) == before)
      #expect(try size(path + "-wal") > 1_500 * 4_096)
      #expect(checkpointer.checkpointsCompleted == 0)

      queue.resume()
      try await eventually { checkpointer.checkpointsCompleted >= 1 }
      #expect(checkpointer.checkpointsCompleted >= 1)
      #expect(try size(path) > before + 1_400 * 4_096)
      let walAfterFirst = try size(path + "-wal")

      // Once copied, the WAL is written again from its start: it does not grow.
      try await writePages(1_500, into: pool)
      try await eventually { checkpointer.checkpointsCompleted >= 2 }
      #expect(try size(path + "-wal") <= walAfterFirst + 200 * 4_096)
      #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM filler") } == 3_000)
    }
  }

  @Test("the server's database checkpoints beside its writer, and its WAL starts again; under Litestream it never checkpoints")
  func serverDatabase() async throws {
    try await withTemporaryDirectory { directory in
      let oursPath = directory.appendingPathComponent("ours.sqlite").path
      let replicatedPath = directory.appendingPathComponent("replicated.sqlite").path
      let ours = try AppDatabase.onFile(oursPath)
      let replicated = try AppDatabase.onFile(replicatedPath, checkpoints: .byLitestream)
      #expect(replicated.checkpointer == nil)
      let checkpointer = try #require(ours.checkpointer)
      /// `rows` commits of one 3 KB row each (a page each), one after the other.
      func commit(_ rows: Int, into database: AppDatabase) async throws {
        try await database.writeAlone { db in
          try db.execute(sql: "CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, data TEXT NOT NULL)")
          for _ in 0..<rows {
            try db.execute(sql: "INSERT INTO filler (data) VALUES (?)", arguments: [String(repeating: "x", count: 3_000)])
          }
        }
      }
      try await commit(1_500, into: ours)
      try await commit(1_500, into: replicated)
      try await eventually { checkpointer.checkpointsCompleted >= 1 }
      #expect(checkpointer.checkpointsCompleted >= 1)
      // The first 1,000 pages, and what was committed while they were copied, are in the file.
      try await commit(10, into: ours)
      #expect(try size(oursPath) > 1_000 * 4_096)
      #expect(try size(replicatedPath + "-wal") > 1_500 * 4_096, "Litestream's WAL is left for it to copy")
      #expect(try size(replicatedPath) < 1_000 * 4_096)

      // The WAL is written again from its start each time it has been copied: 3,000 more
      // pages do not make it grow by 3,000 pages.
      let walBefore = try size(oursPath + "-wal")
      try await commit(3_000, into: ours)
      #expect(try size(oursPath + "-wal") < walBefore + 2_000 * 4_120)
      #expect(try await ours.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM filler") } == 4_510)
    }
  }
}
