import Synchronization

/// At most `limit` imports read, check and write their file at once: each takes two threads
/// of its own, holds its file, and waits for (or holds) the writer, so their number has a
/// bound. The others wait their turn, in order, without holding a thread; one whose caller
/// is gone stops waiting.
final class ImportSlots: Sendable {
  private struct Waiter {
    var id: UInt64
    var continuation: CheckedContinuation<Void, any Error>
  }

  private struct State {
    var free: Int
    var waiting: [Waiter] = []
    var nextID: UInt64 = 0
  }

  private let state: Mutex<State>

  init(limit: Int) {
    state = Mutex(State(free: limit))
  }

  /// Runs `work` once a slot is free, and frees it after.
  func run<T: Sendable>(_ work: () async throws -> T) async throws -> T {
    try await acquire()
    defer { release() }
    return try await work()
  }

  private func acquire() async throws {
    let id = state.withLock { state in
      defer { state.nextID += 1 }
      return state.nextID
    }
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        enum Admission { case now, later, cancelled }
        let admission = state.withLock { state -> Admission in
          if Task.isCancelled { return .cancelled }
          if state.free > 0 {
            state.free -= 1
            return .now
          }
          state.waiting.append(Waiter(id: id, continuation: continuation))
          return .later
        }
        switch admission {
        case .now: continuation.resume()
        case .cancelled: continuation.resume(throwing: CancellationError())
        case .later: break
        }
      }
    } onCancel: {
      let waiter = state.withLock { state -> Waiter? in
        guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
        return state.waiting.remove(at: index)
      }
      waiter?.continuation.resume(throwing: CancellationError())
    }
  }

  private func release() {
    let next = state.withLock { state -> Waiter? in
      if state.waiting.isEmpty {
        state.free += 1
        return nil
      }
      return state.waiting.removeFirst()
    }
    next?.continuation.resume()
  }
}
