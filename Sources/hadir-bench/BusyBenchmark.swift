import ArgumentParser
import Foundation
import HadirClient
import HadirCore
import HadirServer
import HadirStore
import Histogram
import Synchronization

/// What a desk and a status call feel while a large import is being written.
struct BusyBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "during-import",
    abstract: "Check-in and GetServerInfo latency while a large invitee import runs.",
    discussion: """
      Starts a server in this process on a temporary database file (WAL, synchronous=FULL), with \
      one event whose people are checked in by one desk, one call after another, and a status \
      client calling GetServerInfo, one call after another. Meanwhile a list of --rows people \
      is imported into a second event. Both latencies are recorded for as long as the import \
      runs, and printed with the import's time.
      """)

  @Option(help: "People in the imported list.") var rows: Int = 100_000

  func run() async throws {
    print("Check-ins and GetServerInfo while \(rows) invitees are imported, WAL, synchronous=FULL")
    print("machine: \(machineDescription())")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = try AppDatabase.onFile(directory.appendingPathComponent("hadir.sqlite").path)
    let codes = try await CheckInBench.prepareEvent(database, people: 50_000)
    let importEvent = try NewEvent(
      code: "BENCH-IMPORT", title: "Import", venue: "", timeZone: "Asia/Makassar", firstDay: "2025-05-27",
      lastDay: "2025-05-27", capacity: 100_000
    ).event(at: Date())
    _ = try await database.createEvent(importEvent, by: .server)
    let token = try await TokenIssuer(database: database).issue(name: "bench", role: .organizer, eventCode: nil).secret
    let list = Array(ImportBench.generate(rows: rows).utf8)

    try await withLocalServer(on: database) { address in
      let importing = Flag()
      importing.set(true)
      let clock = ContinuousClock()
      async let statusLatencies = HadirClient.with(server: address, token: nil) { client in
        try await Self.timed(while: importing) { _ = try await client.serverStatus() }
      }
      async let checkInLatencies = HadirClient.with(server: address, token: token) { client in
        var next = 0
        return try await Self.timed(while: importing) {
          let answer = try await client.checkIn(eventCode: "BENCH-1", code: codes[next % codes.count])
          next += 1
          guard case .checkedIn = answer.outcome else { throw ValidationError("unexpected answer: \(answer.message)") }
        }
      }
      // Let both loops get going, then import.
      try await Task.sleep(for: .milliseconds(500))
      let started = clock.now
      let report = try await HadirClient.with(server: address, token: token) { client in
        try await client.importInvitees(eventCode: "BENCH-IMPORT", file: list, options: ImportOptions())
      }
      let importTime = clock.now - started
      importing.set(false)
      let (status, checkIns) = try await (statusLatencies, checkInLatencies)
      guard report.created == rows else { throw ValidationError("the import created \(report.created) of \(rows) people") }
      print("import of \(rows) rows: \(importTime)")
      print("call           calls   p50 µs   p99 µs   max µs")
      for (name, histogram) in [("GetServerInfo", status), ("CheckIn", checkIns)] {
        let columns = [
          name, "\(histogram.totalCount)", micros(histogram, 50), micros(histogram, 99),
          String(format: "%.0f", Double(histogram.maxRecorded) / 1000),
        ]
        print(zip(columns, [14, 7, 8, 8, 8]).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " "))
      }
    }
  }

  private func micros(_ histogram: Histogram<UInt64>, _ percentile: Double) -> String {
    String(format: "%.0f", Double(histogram.valueAtPercentile(percentile)) / 1000)
  }

  /// Calls `call` one after another while `flag` holds, recording each latency in ns.
  private static func timed(while flag: Flag, _ call: () async throws -> Void) async throws -> Histogram<UInt64> {
    var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
    let clock = ContinuousClock()
    while flag.value {
      let before = clock.now
      try await call()
      let elapsed = clock.now - before
      _ = histogram.record(UInt64(elapsed.components.seconds) * 1_000_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000))
    }
    return histogram
  }
}

/// A flag shared between the benchmark's tasks.
final class Flag: Sendable {
  private let state = Atomic<Bool>(false)
  var value: Bool { state.load(ordering: .relaxed) }
  func set(_ value: Bool) { state.store(value, ordering: .relaxed) }
}
