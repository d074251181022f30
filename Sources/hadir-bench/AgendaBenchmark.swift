import ArgumentParser
import Foundation
import HadirClient
import HadirCore
import HadirServer
import HadirStore

/// Reading a large agenda over the real transport.
struct AgendaBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "agenda",
    abstract: "Latency of reading the full agenda of a 5-day event with 200 sessions and 400 speaker slots.",
    discussion: "Runs a server in this process on a temporary database file; one connection reads the whole agenda back to back.")

  @Option(help: "Seconds to measure.") var duration: Double = 5
  @Option(help: "Seconds of calls before measuring, not counted.") var warmup: Double = 1

  func run() async throws {
    print("GetAgenda (5 days, 200 sessions, 400 slots, 100 speakers) over loopback TCP, \(duration) s after \(warmup) s warm-up")
    print("machine: \(machineDescription())")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = try AppDatabase.onFile(directory.appendingPathComponent("hadir.sqlite").path)
    let event = try await database.createEvent(
      try NewEvent(
        code: "BENCH-AGENDA", title: "Five-day training", venue: "Luwuk", timeZone: "Asia/Makassar",
        firstDay: "2025-06-02", lastDay: "2025-06-06", capacity: 200
      ).event(at: Date()), by: .server)
    let agenda = Self.largeAgenda(event)
    _ = try await database.applyAgenda(
      eventCode: event.code, agenda, dryRun: false, by: Actor(tokenID: "bench", name: "bench"), at: Date())
    let token = try await TokenIssuer(database: database).issue(name: "bench", role: .organizer, eventCode: nil).secret

    try await withLocalServer(on: database) { address in
      print(RunResult.header)
      let result = try await measure(address: address, token: token, connections: 1, warmup: warmup, duration: duration) {
        client in
        let read = try await client.agenda(eventCode: "BENCH-AGENDA").agenda
        guard read.sessions.count == 200 else { throw ValidationError("read \(read.sessions.count) sessions") }
      }
      print(result.row)
    }
  }

  /// 5 days × 5 rooms × 8 one-hour sessions, two slots each; each speaker keeps to one room
  /// and day, so nobody is double-booked; every fourth slot is left open.
  static func largeAgenda(_ event: Event) -> Agenda {
    let rooms = (1...5).map { Room(name: "Ruang \($0)", seats: 40) }
    var speakers: [Speaker] = []
    var sessions: [Session] = []
    for (dayIndex, day) in event.days.enumerated() {
      for room in 0..<5 {
        let speakerKeys = ["s\(dayIndex)-\(room)-a", "s\(dayIndex)-\(room)-b", "s\(dayIndex)-\(room)-c", "s\(dayIndex)-\(room)-d"]
        speakers += speakerKeys.map { Speaker(key: $0, name: "Narasumber \($0)", affiliation: "Dinas Kesehatan") }
        for hour in 0..<8 {
          let index = sessions.count
          sessions.append(
            Session(
              key: "d\(dayIndex + 1)-r\(room + 1)-\(hour + 1)", day: day, start: TimeOfDay(minutes: (8 + hour) * 60)!,
              end: TimeOfDay(minutes: (9 + hour) * 60)!, room: rooms[room].name, kind: .presentation,
              title: "Materi \(index + 1): pelayanan kesehatan primer", description: "Sesi \(index + 1)",
              slots: [
                SpeakerSlot(role: .narasumber, speaker: speakerKeys[hour % 4]),
                SpeakerSlot(role: .moderator, speaker: hour % 2 == 0 ? nil : speakerKeys[(hour + 1) % 4], note: "to be named"),
              ]))
        }
      }
    }
    return Agenda(rooms: rooms, speakers: speakers, sessions: sessions)
  }
}
