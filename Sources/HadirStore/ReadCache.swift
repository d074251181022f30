import Foundation
import Synchronization

/// Rows read on every call (the caller's token, the event it names), kept in memory so that
/// a call does not wait for a reader connection to learn what it learned a moment ago.
///
/// Only this server writes its database (one server per file), so the store invalidates an
/// entry whenever it changes the row behind it; the time limit covers a change made by hand
/// with the sqlite3 shell. A read that raced an invalidation is not kept, and the cache holds
/// at most `capacity` entries.
final class ReadCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
  private struct Entry {
    var value: Value
    var storedAt: ContinuousClock.Instant
  }

  private struct State {
    var entries: [Key: Entry] = [:]
    var generation: UInt64 = 0
  }

  private let capacity: Int
  private let lifetime: Duration
  private let state = Mutex(State())

  init(capacity: Int = 10_000, lifetime: Duration = .seconds(60)) {
    self.capacity = capacity
    self.lifetime = lifetime
  }

  /// The value for `key`, reading it with `load` when it is not known or too old.
  func value(for key: Key, load: () async throws -> Value?) async throws -> Value? {
    let (cached, generation) = state.withLock { state -> (Value?, UInt64) in
      guard let entry = state.entries[key], ContinuousClock.now - entry.storedAt < lifetime else {
        return (nil, state.generation)
      }
      return (entry.value, state.generation)
    }
    if let cached { return cached }
    guard let loaded = try await load() else { return nil }
    state.withLock { state in
      // An invalidation while the row was read: what was read may be the old row.
      guard state.generation == generation else { return }
      if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
      state.entries[key] = Entry(value: loaded, storedAt: .now)
    }
    return loaded
  }

  /// Forgets every entry for which `isStale` holds; call after the change is committed.
  func invalidate(where isStale: (Key, Value) -> Bool) {
    state.withLock { state in
      state.generation += 1
      state.entries = state.entries.filter { !isStale($0.key, $0.value.value) }
    }
  }
}
