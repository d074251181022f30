import ArgumentParser
import Foundation
import GRDB
import Histogram
import HadirClient
import HadirCore
import HadirServer
import HadirStore
import Synchronization

/// Check-ins per second at the desk, and the rate of plain GRDB write transactions.
struct CheckInBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "checkin",
    abstract: "Check-ins per second and their latency with several desks, against a file database.",
    discussion: """
      Registers enough people in one transaction, then each desk connection checks in \
      distinct codes back to back (every call is a real check-in: one write transaction with \
      synchronous=FULL). In the same run, measures plain single-row write transactions \
      through GRDB on a database file of their own (WAL, synchronous=FULL, SQLite's own \
      checkpoints), so the two can be compared. Runs a server in this process (no --server).
      """)

  @Option(help: "Comma-separated numbers of concurrent desk connections, one run each.")
  var connections: String = "1,8,32"

  @Option(help: "Seconds to measure each run.")
  var duration: Double = 5

  @Option(help: "Seconds of calls before each run, not counted.")
  var warmup: Double = 1

  @Option(help: "People to register beforehand; must exceed the check-ins all runs make.")
  var people: Int = 100_000

  func run() async throws {
    let counts = try parseConnectionCounts(connections)
    print("Check-ins over loopback TCP, \(duration) s per run after \(warmup) s warm-up; WAL, synchronous=FULL")
    print("machine: \(machineDescription())")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    let database = try AppDatabase.onFile(directory.appendingPathComponent("hadir.sqlite").path)
    let setup = ContinuousClock.now
    let codes = try await Self.prepareEvent(database, people: people)
    print("registered \(codes.count) people in one transaction in \(ContinuousClock.now - setup)")
    let deskSecret = try await TokenIssuer(database: database).issue(name: "bench desk", role: .desk, eventCode: "BENCH-1").secret

    let next = Atomic<Int>(0)
    try await withLocalServer(on: database) { address in
      print(RunResult.header)
      for connections in counts {
        let result = try await measure(
          address: address, token: deskSecret, connections: connections, warmup: warmup, duration: duration
        ) { client in
          let index = next.add(1, ordering: .relaxed).oldValue
          guard index < codes.count else { throw ValidationError("Ran out of people; pass a larger --people.") }
          let answer = try await client.checkIn(eventCode: "BENCH-1", code: codes[index])
          guard case .checkedIn = answer.outcome else { throw ValidationError("unexpected answer: \(answer.message)") }
        }
        print(result.row)
      }
    }

    print("\nPlain GRDB single-row write transactions (WAL, synchronous=FULL, SQLite's own checkpoints), one writer:")
    let plain = try DatabasePool(path: directory.appendingPathComponent("plain.sqlite").path)
    try await plain.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
    let rate = try Self.plainWrites(plain, seconds: duration)
    print(rate)
  }

  /// An event running today with `people` confirmed registrations; returns their codes.
  static func prepareEvent(_ database: AppDatabase, people: Int) async throws -> [String] {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Makassar")!
    let today = calendar.dateComponents([.year, .month, .day], from: Date())
    let day = CalendarDay(year: today.year!, month: today.month!, day: today.day!)!.description
    let event = try NewEvent(
      code: "BENCH-1", title: "Benchmark", venue: "", timeZone: "Asia/Makassar", firstDay: day, lastDay: day,
      capacity: people
    ).event(at: Date())
    _ = try await database.createEvent(event, by: .server)
    let everyone = (0..<people).map { Person(name: "Peserta \($0)", organization: "Puskesmas \($0 % 40)") }
    return try await database.registerAll(
      eventCode: "BENCH-1", people: everyone, by: Actor(tokenID: "bench", name: "bench"), at: Date()
    ).map(\.registration.code)
  }

  /// Single-row INSERT transactions for `seconds`, with latency percentiles.
  static func plainWrites(_ database: DatabasePool, seconds: Double) throws -> String {
    try database.write { db in
      try db.execute(sql: "CREATE TABLE plain (id INTEGER PRIMARY KEY, value TEXT NOT NULL)")
    }
    var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
    let clock = ContinuousClock()
    let end = clock.now + .milliseconds(Int(seconds * 1000))
    var count = 0
    while clock.now < end {
      let before = clock.now
      try database.write { db in
        try db.execute(sql: "INSERT INTO plain (value) VALUES (?)", arguments: ["row \(count)"])
      }
      let elapsed = clock.now - before
      _ = histogram.record(UInt64(elapsed.components.seconds) * 1_000_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000))
      count += 1
    }
    let p50 = Double(histogram.valueAtPercentile(50)) / 1000
    let p99 = Double(histogram.valueAtPercentile(99)) / 1000
    return String(format: "%d transactions in %.0f s: %.0f/s, p50 %.0f µs, p99 %.0f µs", count, seconds, Double(count) / seconds, p50, p99)
  }
}
