import Foundation
import HadirCore
import HadirStore
import Synchronization

/// Tells the organizers' screens that an event changed, and how, as soon as the change is
/// committed.
///
/// The counters are read once per change, whatever the number of screens, and every screen
/// gets the same numbers. A screen that reads slowly keeps only its newest updates (each
/// carries the counters of its moment, so the newest has the latest numbers): a slow
/// screen never makes the server hold an unbounded queue. Each token may watch a bounded
/// number of streams at once, and a server that shuts down ends every watch.
final class ChangeFeed: Sendable {
  /// Updates a slow screen may have waiting before the oldest are dropped.
  static let bufferedUpdates = 64
  /// Live screens one token may have open at once.
  static let maxWatchesPerToken = 16

  /// What a screen is told: the counters after a change, and the check-in if the change
  /// was one (nil for a registration, an undo, a new capacity).
  struct Update: Sendable {
    var counters: Counters
    var checkIn: CheckInResult?
  }

  private struct Watcher {
    var eventCode: String
    var tokenID: String
    var continuation: AsyncStream<Update>.Continuation
  }

  private struct State {
    var watchers: [UInt64: Watcher] = [:]
    var nextID: UInt64 = 0
    var shutDown = false
  }

  private let database: AppDatabase
  private let now: @Sendable () -> Date
  private let state = Mutex(State())

  init(database: AppDatabase, now: @escaping @Sendable () -> Date) {
    self.database = database
    self.now = now
  }

  /// The changes of event `eventCode` from now on, for a screen of token `tokenID`, until
  /// the caller stops reading or the server shuts down.
  func changes(of eventCode: String, tokenID: String) throws -> AsyncStream<Update> {
    let (stream, continuation) = AsyncStream.makeStream(
      of: Update.self, bufferingPolicy: .bufferingNewest(Self.bufferedUpdates))
    let id = try state.withLock { state -> UInt64 in
      if state.shutDown { throw Self.shuttingDown }
      let open = state.watchers.values.filter { $0.tokenID == tokenID }.count
      guard open < Self.maxWatchesPerToken else {
        throw HadirError(.exhausted, Notice(.tooManyScreens, [.count: "\(open)"]))
      }
      defer { state.nextID += 1 }
      state.watchers[state.nextID] = Watcher(eventCode: eventCode, tokenID: tokenID, continuation: continuation)
      return state.nextID
    }
    continuation.onTermination = { [weak self] _ in
      _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) }
    }
    return stream
  }

  /// Whether the feed has ended every watch because the server is shutting down.
  var isShutDown: Bool { state.withLock { $0.shutDown } }

  /// Sends every screen of `eventCode` the counters after a committed change, read once.
  func publish(_ checkIn: CheckInResult?, of eventCode: String) async {
    let watching = state.withLock { state in state.watchers.values.contains { $0.eventCode == eventCode } }
    guard watching, let counters = try? await database.counters(eventCode: eventCode, day: nil, at: now()) else { return }
    let update = Update(counters: counters, checkIn: checkIn)
    let continuations = state.withLock { state in
      state.watchers.values.filter { $0.eventCode == eventCode }.map(\.continuation)
    }
    for continuation in continuations { continuation.yield(update) }
  }

  /// Ends every watch and refuses new ones: the server is shutting down.
  func shutDown() {
    let continuations = state.withLock { state in
      state.shutDown = true
      return state.watchers.values.map(\.continuation)
    }
    for continuation in continuations { continuation.finish() }
  }

  static let shuttingDown = HadirError(.unavailable, Notice(.serverShuttingDown))
}
