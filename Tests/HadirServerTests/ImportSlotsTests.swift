import Synchronization
import Testing

@testable import HadirServer

@Suite("Files checked at once")
struct ImportSlotsTests {
  /// Steps recorded in order, from several tasks.
  final class Steps: Sendable {
    private let steps = Mutex<[String]>([])
    func add(_ step: String) { steps.withLock { $0.append(step) } }
    var all: [String] { steps.withLock { $0 } }
  }

  @Test("past the limit a check waits its turn; one whose caller is gone stops waiting and takes no slot")
  func waitsItsTurn() async throws {
    let slots = ImportSlots(limit: 1)
    let steps = Steps()
    let (held, holder) = AsyncStream.makeStream(of: Void.self)
    let first = Task {
      try await slots.run {
        steps.add("first runs")
        for await _ in held {}
        steps.add("first done")
      }
    }
    while !steps.all.contains("first runs") { try await Task.sleep(for: .milliseconds(1)) }
    let gone = Task { try await slots.run { steps.add("gone runs") } }
    let second = Task { try await slots.run { steps.add("second runs") } }
    try await Task.sleep(for: .milliseconds(50))
    #expect(steps.all == ["first runs"])
    gone.cancel()
    await #expect(throws: CancellationError.self) { try await gone.value }
    holder.finish()
    try await first.value
    try await second.value
    #expect(steps.all == ["first runs", "first done", "second runs"])
    // Every slot is free again.
    try await slots.run { steps.add("third runs") }
    #expect(steps.all.last == "third runs")
  }
}
