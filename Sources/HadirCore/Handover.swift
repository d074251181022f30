import Foundation

/// Batches handed from one thread to another, then how the giving ended: a value or an
/// error. At most `capacity` batches wait: the giver waits while the taker is behind, so
/// what is held at once has a bound. Either side can give up: a taker that stops lets a
/// waiting giver go, and a giver that finishes with an error wakes the taker with it.
///
/// Both sides block their thread while they wait: use it between threads of their own
/// (an import's reading, checking and writing), never on Swift's cooperative pool.
public final class Handover<Batch: Sendable, End: Sendable>: @unchecked Sendable {
  /// What the taker gets next.
  public enum Part {
    case batch(Batch)
    /// The giver is done; nothing follows.
    case end(End)
  }

  private let condition = NSCondition()
  private let capacity: Int
  private var waiting: [Batch] = []
  private var ending: Result<End, any Error>?
  private var stopped = false

  public init(capacity: Int) { self.capacity = capacity }

  /// Hands over a batch, waiting for room; false once the taker has stopped.
  public func put(_ batch: Batch) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while waiting.count >= capacity && !stopped { condition.wait() }
    guard !stopped else { return false }
    waiting.append(batch)
    condition.broadcast()
    return true
  }

  /// Ends the giving: the taker gets `end` (or `end`'s error thrown) after the batches
  /// before it. Only the first ending counts.
  public func finish(_ end: Result<End, any Error>) {
    condition.lock()
    defer { condition.unlock() }
    guard ending == nil else { return }
    ending = end
    condition.broadcast()
  }

  /// The next batch or the end, waiting for it; throws the giver's error after the
  /// batches before it.
  public func next() throws -> Part {
    condition.lock()
    defer { condition.unlock() }
    while waiting.isEmpty && ending == nil { condition.wait() }
    if !waiting.isEmpty {
      condition.broadcast()
      return .batch(waiting.removeFirst())
    }
    return .end(try ending!.get())
  }

  /// The taker wants no more: a giver waiting for room stops, and what waits is let go.
  public func stop() {
    condition.lock()
    defer { condition.unlock() }
    stopped = true
    waiting.removeAll()
    condition.broadcast()
  }
}

extension Handover where End == Void {
  /// The next batch, waiting for it; nil after the last.
  public func nextBatch() throws -> Batch? {
    guard case .batch(let batch) = try next() else { return nil }
    return batch
  }
}
