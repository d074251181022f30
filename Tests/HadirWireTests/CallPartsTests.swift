import Testing

@testable import HadirWire

/// A call's parts as its handler (or caller) reads them: in order, with the end or the
/// failure after the parts before it, bounded, and ended for a reader that is cancelled.
@Suite("Call parts", .timeLimit(.minutes(1)))
struct CallPartsTests {
  private struct Failure: Error, Equatable {}

  private func readAll(_ parts: CallParts<Int>) async throws -> [Int] {
    var read: [Int] = []
    while let part = try await parts.next() { read.append(part) }
    return read
  }

  @Test("parts given before the end are read in order, then the end")
  func orderThenEnd() async throws {
    let parts = CallParts<Int>()
    for part in 1...5 { #expect(parts.yield(part) == .enqueued) }
    parts.finish()
    #expect(try await readAll(parts) == [1, 2, 3, 4, 5])
    #expect(try await parts.next() == nil, "the end stays the end")
  }

  @Test("a failure comes after the parts before it, once; then the parts have ended")
  func failureAfterParts() async throws {
    let parts = CallParts<Int>()
    parts.yield(1)
    parts.yield(2)
    parts.finish(throwing: Failure())
    #expect(try await parts.next() == 1)
    #expect(try await parts.next() == 2)
    await #expect(throws: Failure.self) { try await parts.next() }
    #expect(try await parts.next() == nil)
  }

  @Test("past the limit a part is dropped, but not the last one; after the end a part is refused")
  func limit() async throws {
    let parts = CallParts<Int>(limit: 2)
    #expect(parts.yield(1) == .enqueued)
    #expect(parts.yield(2) == .enqueued)
    #expect(parts.yield(3) == .dropped)
    // A call's trailer is kept past the limit: dropping it would fail a call that ended.
    #expect(parts.yield(4, last: true) == .enqueued)
    parts.finish()
    #expect(parts.yield(5) == .terminated)
    #expect(try await readAll(parts) == [1, 2, 4])
  }

  @Test("a reader waiting for a part gets it, and a failure, when they come")
  func waitingReader() async throws {
    let parts = CallParts<Int>()
    let reader = Task { try await readAll(parts) }
    for part in 1...100 {
      parts.yield(part)
      if part % 10 == 0 { await Task.yield() }
    }
    parts.finish()
    #expect(try await reader.value == Array(1...100))

    let failing = CallParts<Int>()
    let failingReader = Task { try await failing.next() }
    try await Task.sleep(for: .milliseconds(20))
    failing.finish(throwing: Failure())
    await #expect(throws: Failure.self) { try await failingReader.value }
  }

  @Test("cancelling a waiting reader ends its parts: nothing more is taken")
  func cancelledReader() async throws {
    let parts = CallParts<Int>()
    let reader = Task { try await parts.next() }
    try await Task.sleep(for: .milliseconds(20))
    reader.cancel()
    #expect(try await reader.value == nil)
    #expect(parts.yield(1) == .terminated)
  }
}
