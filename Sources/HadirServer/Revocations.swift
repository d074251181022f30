import GRPCCore
import HadirCore
import Synchronization

/// Lets the calls a token has open end the moment the token is revoked: a revoked desk or
/// organizer token must not keep a Watch streaming names, or an import running.
///
/// Each call of a token is registered with its cancellation handle; revoking the token
/// cancels those handles (the transport then cancels the calls' work), and the calls end
/// with UNAUTHENTICATED instead of CANCELLED.
final class Revocations: Sendable {
  private struct State {
    var calls: [UInt64: (tokenID: String, handle: ServerContext.RPCCancellationHandle)] = [:]
    var revoked: Set<UInt64> = []
    var nextID: UInt64 = 0
  }

  private let state = Mutex(State())

  /// Runs `body` for a call of token `tokenID`; if the token is revoked meanwhile, the call
  /// is cancelled through `handle` and ends with UNAUTHENTICATED.
  func run<T>(
    forToken tokenID: String, handle: ServerContext.RPCCancellationHandle, _ body: () async throws -> T
  ) async throws -> T {
    let id = state.withLock { state in
      defer { state.nextID += 1 }
      state.calls[state.nextID] = (tokenID, handle)
      return state.nextID
    }
    do {
      let value = try await body()
      if forget(id) { throw Self.revokedError }
      return value
    } catch {
      throw forget(id) ? Self.revokedError : error
    }
  }

  /// Forgets call `id`; true if its token was revoked while it ran.
  private func forget(_ id: UInt64) -> Bool {
    state.withLock { state in
      state.calls.removeValue(forKey: id)
      return state.revoked.remove(id) != nil
    }
  }

  /// Ends every open call of `tokenID`.
  func revoke(_ tokenID: String) {
    let handles = state.withLock { state in
      let ids = state.calls.filter { $0.value.tokenID == tokenID }.map(\.key)
      state.revoked.formUnion(ids)
      return ids.compactMap { state.calls[$0]?.handle }
    }
    for handle in handles { handle.cancel() }
  }

  static let revokedError = HadirError(.unauthenticated, Notice(.tokenRevokedDuringCall))
}
