import ArgumentParser
import Foundation
import HadirClient
import HadirCore
import HadirServer
import HadirStore

/// The attendance report of a large event, read through the client page by page.
struct ReportBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Time the attendance report of an event with --people people, half of them checked in.",
    discussion: """
      Starts a server in this process on a temporary database file, registers the people in one \
      transaction, checks every other one in (in one transaction), then reads the whole attendance \
      report through the client, page by page, as `hadir report attendance` does.
      """)

  @Option(help: "People in the event.") var people: Int = 100_000

  func run() async throws {
    print("Attendance report of \(people) people (half checked in), through the client, paged")
    print("machine: \(machineDescription())")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = try AppDatabase.onFile(directory.appendingPathComponent("hadir.sqlite").path)
    let codes = try await CheckInBench.prepareEvent(database, people: people)
    let desk = Actor(tokenID: "bench", name: "desk 1")
    for code in stride(from: 0, to: codes.count, by: 2).map({ codes[$0] }) {
      _ = try await database.checkIn(eventCode: "BENCH-1", code: code, day: nil, requestID: nil, by: desk, at: Date())
    }
    let token = try await TokenIssuer(database: database).issue(name: "bench", role: .organizer, eventCode: nil).secret
    try await withLocalServer(on: database) { address in
      try await HadirClient.with(server: address, token: token, callTimeout: .seconds(120)) { client in
        for _ in 0..<3 {
          let started = ContinuousClock.now
          let report = try await client.attendance(eventCode: "BENCH-1")
          let elapsed = ContinuousClock.now - started
          guard report.rows.count == people else { throw ValidationError("the report has \(report.rows.count) rows") }
          print("read \(report.rows.count) rows in \(elapsed)")
        }
      }
    }
  }
}
