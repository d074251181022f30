import GRPCCore
import Synchronization

/// The parts of one call as they arrive from its connection (requests at the server,
/// answers at the client), for the call to read in order.
///
/// It does what `AsyncThrowingStream` did here, for one reader: parts wait in order, an end
/// or a failure comes after the parts before it, a reader whose task is cancelled sees the
/// end, and an optional `limit` bounds the parts that wait. Being this module's own type it
/// is compiled for the parts it carries (`CallRequests`, `CallResponses`), where the
/// standard library's stream looked up its element's type on every part.
final class CallParts<Element: Sendable>: Sendable {
  /// What happened to a part given to `yield`.
  enum YieldResult: Equatable {
    case enqueued
    /// More than `limit` parts were waiting: the part was dropped.
    case dropped
    /// The parts had already ended: the part was dropped.
    case terminated
  }

  private struct State {
    var waiting: [Element] = []
    /// How the parts end, once they do; nil while more may come.
    var end: Result<Void, any Error>?
    /// The reader waiting for the next part.
    var reader: CheckedContinuation<Element?, any Error>?
  }

  private let limit: Int?
  private let state = Mutex(State())

  /// - Parameter limit: the most parts that may wait to be read; nil for no limit.
  init(limit: Int? = nil) {
    self.limit = limit
  }

  /// Adds a part, or hands it to the reader waiting for it. A `last` part (a call's
  /// trailer, after which nothing comes) is kept even past the limit: it adds one part at
  /// most, and dropping it would turn a call that ended into one that failed.
  @discardableResult
  func yield(_ element: Element, last: Bool = false) -> YieldResult {
    let (result, reader) = self.state.withLock { state -> (YieldResult, CheckedContinuation<Element?, any Error>?) in
      guard state.end == nil else { return (.terminated, nil) }
      if let reader = state.reader {
        state.reader = nil
        return (.enqueued, reader)
      }
      if !last, let limit = self.limit, state.waiting.count >= limit { return (.dropped, nil) }
      state.waiting.append(element)
      return (.enqueued, nil)
    }
    reader?.resume(returning: element)
    return result
  }

  /// Ends the parts: the reader gets those already given, then the end, or `error`.
  func finish(throwing error: (any Error)? = nil) {
    let reader = self.state.withLock { state -> CheckedContinuation<Element?, any Error>? in
      guard state.end == nil else { return nil }
      guard let reader = state.reader else {
        state.end = error.map { .failure($0) } ?? .success(())
        return nil
      }
      // The waiting reader is told now; after that, the parts have simply ended.
      state.reader = nil
      state.end = .success(())
      return reader
    }
    if let reader {
      if let error { reader.resume(throwing: error) } else { reader.resume(returning: nil) }
    }
  }

  /// The next part; nil at the end. A failure is thrown once, after the parts before it.
  func next() async throws -> Element? {
    if let ready = self.state.withLock({ Self.take(&$0) }) { return try ready.get() }
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (reader: CheckedContinuation<Element?, any Error>) in
        let ready = self.state.withLock { state -> Result<Element?, any Error>? in
          if let ready = Self.take(&state) { return ready }
          state.reader = reader
          return nil
        }
        if let ready { reader.resume(with: ready) }
      }
    } onCancel: {
      self.finish()
    }
  }

  /// The part or the end that is there already; nil when the reader must wait.
  private static func take(_ state: inout State) -> Result<Element?, any Error>? {
    if !state.waiting.isEmpty { return .success(state.waiting.removeFirst()) }
    guard let end = state.end else { return nil }
    state.end = .success(())
    return end.map { nil }
  }
}

/// A server call's requests, as GRPCCore reads them. This and `CallResponses` are two
/// concrete types, not one generic one: GRPCCore reads them through an existential, and a
/// generic conformance would be called without being compiled for the parts it carries.
struct CallRequests: AsyncSequence, Sendable {
  typealias Element = RPCRequestPart<[UInt8]>
  typealias Failure = any Error
  let parts: CallParts<Element>

  struct AsyncIterator: AsyncIteratorProtocol {
    let parts: CallParts<Element>
    func next() async throws -> Element? { try await self.parts.next() }
  }

  func makeAsyncIterator() -> AsyncIterator { AsyncIterator(parts: self.parts) }
}

/// A client call's answers, as GRPCCore reads them.
struct CallResponses: AsyncSequence, Sendable {
  typealias Element = RPCResponsePart<[UInt8]>
  typealias Failure = any Error
  let parts: CallParts<Element>

  struct AsyncIterator: AsyncIteratorProtocol {
    let parts: CallParts<Element>
    func next() async throws -> Element? { try await self.parts.next() }
  }

  func makeAsyncIterator() -> AsyncIterator { AsyncIterator(parts: self.parts) }
}
