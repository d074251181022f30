import HadirCore
import Synchronization

/// Lets the calls a token has open end the moment the token is revoked: a revoked desk or
/// organizer token must not keep a Watch streaming names, or an import running.
final class Revocations: Sendable {
  private struct State {
    var waiters: [UInt64: (tokenID: String, continuation: CheckedContinuation<Void, Never>)] = [:]
    /// Waits cancelled before they were registered.
    var cancelledEarly: Set<UInt64> = []
    var nextID: UInt64 = 0
  }

  private let state = Mutex(State())

  /// Returns true when token `tokenID` is revoked, or false when the calling task is
  /// cancelled first.
  func untilRevoked(_ tokenID: String) async -> Bool {
    let id = state.withLock { state in
      defer { state.nextID += 1 }
      return state.nextID
    }
    await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let resumeNow = state.withLock { state -> Bool in
          if state.cancelledEarly.remove(id) != nil { return true }
          state.waiters[id] = (tokenID, continuation)
          return false
        }
        if resumeNow { continuation.resume() }
      }
    } onCancel: {
      let waiter = state.withLock { state in
        let waiter = state.waiters.removeValue(forKey: id)
        if waiter == nil { state.cancelledEarly.insert(id) }
        return waiter
      }
      waiter?.continuation.resume()
    }
    return !Task.isCancelled
  }

  /// Ends every wait for `tokenID`.
  func revoke(_ tokenID: String) {
    let continuations = state.withLock { state in
      let ids = state.waiters.filter { $0.value.tokenID == tokenID }.map(\.key)
      return ids.compactMap { state.waiters.removeValue(forKey: $0)?.continuation }
    }
    for continuation in continuations { continuation.resume() }
  }

  /// Runs `body`, unless token `tokenID` is revoked first: then `body` is cancelled and the
  /// call ends with UNAUTHENTICATED.
  func run<T: Sendable>(unlessRevoked tokenID: String, _ body: @Sendable @escaping () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: RaceOutcome<T>.self) { group in
      group.addTask { .finished(try await body()) }
      group.addTask { await self.untilRevoked(tokenID) ? .revoked : .stoppedWaiting }
      defer { group.cancelAll() }
      while let outcome = try await group.next() {
        switch outcome {
        case .finished(let value): return value
        case .revoked: throw Self.revokedError
        case .stoppedWaiting: continue
        }
      }
      throw CancellationError()
    }
  }

  static let revokedError = HadirError(
    .unauthenticated,
    "The access token was revoked while this call was open, so the call was ended. Ask your Hadir administrator for a new token.")

  private enum RaceOutcome<T: Sendable>: Sendable {
    case finished(T)
    case revoked
    case stoppedWaiting
  }
}
