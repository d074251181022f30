import Foundation
import GRDB
import HadirCore
import Testing

@testable import HadirStore

@Suite("Group commit")
struct GroupCommitTests {
  @Test("concurrent writes share transactions, and every one of them is kept")
  func sharing() async throws {
    try await withTemporaryDirectory { directory in
      let database = try AppDatabase.onFile(directory.appendingPathComponent("hadir.sqlite").path)
      var event = try banggai()
      event.capacity = 200
      _ = try await database.createEvent(event, by: organizer)
      let before = database.committedTransactions
      try await withThrowingTaskGroup(of: Void.self) { group in
        for index in 0..<128 {
          group.addTask {
            _ = try await database.register(
              eventCode: "ILP-BANGGAI-25", person: Person(name: "Peserta \(index)"), by: organizer, at: now)
          }
        }
        try await group.waitForAll()
      }
      let transactions = database.committedTransactions - before
      #expect(transactions < 128, "128 writes took \(transactions) transactions")
      #expect(try await database.counters(eventCode: "ILP-BANGGAI-25", day: nil, at: now).confirmed == 128)
    }
  }

  @Test("a refused write in a shared transaction is rolled back alone; the others are kept")
  func refusedAlone() async throws {
    let database = try AppDatabase.inMemory()
    // Hold the writer so that everything below waits and shares one transaction.
    let held = await HeldWriter(database)
    let before = database.committedTransactions
    let outcomes = try await withThrowingTaskGroup(of: (String, String).self) { group in
      for code in ["EVENT-A", "EVENT-B", "EVENT-A", "EVENT-C"] {
        group.addTask {
          do {
            _ = try await database.createEvent(try banggai(code: code), by: organizer)
            return (code, "created")
          } catch let error as HadirError {
            return (code, "\(error.kind)")
          }
        }
      }
      try await held.release(whenWaiting: 4, in: database)
      return try await group.reduce(into: [String: [String]]()) { $0[$1.0, default: []].append($1.1) }
    }
    try await held.ended()
    // The held write's transaction, and one for the four that waited.
    #expect(database.committedTransactions - before == 2)
    #expect(outcomes["EVENT-A"]?.sorted() == ["alreadyExists", "created"])
    #expect(outcomes["EVENT-B"] == ["created"] && outcomes["EVENT-C"] == ["created"])
    #expect(try await database.events().map(\.code).sorted() == ["EVENT-A", "EVENT-B", "EVENT-C"])
  }

  @Test("a write that changed rows and was then refused, in a shared transaction, leaves nothing of them")
  func refusedAfterChanging() async throws {
    let database = try AppDatabase.inMemory()
    let held = await HeldWriter(database)
    let before = database.committedTransactions
    let refused = try await withThrowingTaskGroup(of: Bool.self) { group in
      for index in 0..<3 {
        group.addTask {
          do {
            try await database.write { db in
              try db.execute(
                sql: "INSERT INTO audit_log (at, token_id, actor, action, detail) VALUES (?, '', 'test', 'write', ?)",
                arguments: [now.stored, "\(index)"])
              try db.execute(
                sql: "INSERT INTO audit_log (at, token_id, actor, action, detail) VALUES (?, '', 'test', 'write', ?)",
                arguments: [now.stored, "\(index) again"])
              if index == 1 { throw HadirError.invalid("test", "refused after two rows") }
            }
            return false
          } catch is HadirError {
            return true
          }
        }
      }
      try await held.release(whenWaiting: 3, in: database)
      return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
    }
    try await held.ended()
    #expect(refused == 1)
    #expect(database.committedTransactions - before == 2)
    let kept = try await database.writer.read { db in
      try String.fetchAll(db, sql: "SELECT detail FROM audit_log WHERE actor = 'test' ORDER BY detail")
    }
    #expect(kept == ["0", "0 again", "2", "2 again"])
  }

  @Test("a write alone in its transaction that fails is rolled back whole, and the next write works")
  func refusedWhenAlone() async throws {
    let database = try AppDatabase.inMemory()
    _ = try await database.createEvent(try banggai(), by: organizer)
    struct Refused: Error {}
    await #expect(throws: Refused.self) {
      try await database.write { db in
        try db.execute(sql: "UPDATE event SET title = 'half written' WHERE code = 'ILP-BANGGAI-25'")
        throw Refused()
      }
    }
    #expect(try await database.events().map(\.title) == [try banggai().title])
    _ = try await database.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Andi"), by: organizer, at: now)
    #expect(try await database.counters(eventCode: "ILP-BANGGAI-25", day: nil, at: now).confirmed == 1)
  }

  @Test("a write whose caller is gone while it waits is never started")
  func cancelledNeverRuns() async throws {
    let database = try AppDatabase.inMemory()
    _ = try await database.createEvent(try banggai(), by: organizer)
    let held = await HeldWriter(database)
    let waiting = Task {
      try await database.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Andi"), by: organizer, at: now)
    }
    while database.writes.waiting < 1 { try await Task.sleep(for: .milliseconds(1)) }
    waiting.cancel()
    await #expect(throws: CancellationError.self) { _ = try await waiting.value }
    #expect(database.writes.waiting == 0)
    try await held.release(whenWaiting: 0, in: database)
    try await held.ended()
    #expect(try await database.counters(eventCode: "ILP-BANGGAI-25", day: nil, at: now).confirmed == 0)
  }
}

/// The database's one writer kept busy, so that writes started meanwhile wait in its queue.
final class HeldWriter: Sendable {
  private let blocker = DispatchSemaphore(value: 0)
  private let holding: Task<Void, any Error>

  /// Returns once the writer is held.
  init(_ database: AppDatabase) async {
    let blocker = blocker
    let (started, starting) = AsyncStream.makeStream(of: Void.self)
    holding = Task {
      try await database.writeAlone { _ in
        starting.yield()
        blocker.wait()
      }
    }
    for await _ in started { break }
  }

  /// Lets the writer go once `count` writes wait behind it.
  func release(whenWaiting count: Int, in database: AppDatabase) async throws {
    while database.writes.waiting < count { try await Task.sleep(for: .milliseconds(1)) }
    blocker.signal()
  }

  /// Waits for the held write to end.
  func ended() async throws { try await holding.value }
}
