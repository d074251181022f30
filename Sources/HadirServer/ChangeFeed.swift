import Foundation
import HadirCore
import Synchronization

/// Tells the organizers' screens that an event changed, and how, as soon as the change is
/// committed. Each watcher then reads the counters afresh, so a slow screen never sees
/// numbers that disagree with each other.
final class ChangeFeed: Sendable {
  /// One committed change: a check-in, or nil for any other change (a registration, an
  /// undo, a new capacity).
  typealias Change = CheckInResult?

  private struct Watcher {
    var eventCode: String
    var continuation: AsyncStream<Change>.Continuation
  }

  private let watchers = Mutex<[UInt64: Watcher]>([:])
  private let nextID = Atomic<UInt64>(0)

  /// The changes of event `eventCode` from now on, until the caller stops reading.
  func changes(of eventCode: String) -> AsyncStream<Change> {
    let id = nextID.add(1, ordering: .relaxed).newValue
    // A screen that falls far behind skips to the latest changes rather than piling them up.
    let (stream, continuation) = AsyncStream.makeStream(of: Change.self, bufferingPolicy: .bufferingNewest(256))
    watchers.withLock { $0[id] = Watcher(eventCode: eventCode, continuation: continuation) }
    continuation.onTermination = { [weak self] _ in
      _ = self?.watchers.withLock { $0.removeValue(forKey: id) }
    }
    return stream
  }

  func publish(_ change: Change, of eventCode: String) {
    let continuations = watchers.withLock { watchers in
      watchers.values.filter { $0.eventCode == eventCode }.map(\.continuation)
    }
    for continuation in continuations { continuation.yield(change) }
  }
}
