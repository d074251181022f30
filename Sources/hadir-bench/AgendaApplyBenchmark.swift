import ArgumentParser
import Foundation
import HadirClient
import HadirCore
import HadirServer
import HadirStore

/// Applying a large agenda file, as `hadir agenda apply` does: the YAML document over the
/// wire, parsed, checked against every rule and written by the server.
struct AgendaApplyBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "agenda-apply",
    abstract: "Time `agenda apply` of a 5-day agenda with --sessions sessions, two speaker slots each.",
    discussion: """
      For each size, on a new event of a server in this process on a temporary database file: the \
      first apply (everything created), the same document again (nothing changes), and a document \
      with every session's title changed (everything updated). Sessions are half an hour, 08:00 to \
      17:00, in as many rooms as needed; each speaker keeps to one room and day.
      """)

  @Option(help: "Comma-separated agenda sizes, in sessions.") var sessions: String = "288,2880,8640"

  func run() async throws {
    let sizes = sessions.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !sizes.isEmpty, sizes.allSatisfy({ (1...50_000).contains($0) }) else {
      throw ValidationError("--sessions takes sizes from 1 to 50000 separated by commas, e.g. 288,2880.")
    }
    print("agenda apply over loopback TCP, WAL, synchronous=FULL")
    print("machine: \(machineDescription())")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = try AppDatabase.onFile(directory.appendingPathComponent("hadir.sqlite").path)
    let token = try await TokenIssuer(database: database).issue(name: "bench", role: .organizer, eventCode: nil).secret
    print("sessions   document   first apply   same again   all updated   per session (first)")
    try await withLocalServer(on: database) { address in
      try await HadirClient.with(server: address, token: token, callTimeout: .seconds(300)) { client in
        for size in sizes {
          let event = try await client.createEvent(
            NewEvent(
              code: "BENCH-APPLY-\(size)", title: "Five-day training", venue: "Luwuk", timeZone: "Asia/Makassar",
              firstDay: "2025-06-02", lastDay: "2025-06-06", capacity: 200))
          let agenda = Self.agenda(sessions: size, event: event)
          let document = AgendaDocument.render(agenda, event: event)
          var renamed = agenda
          renamed.sessions = renamed.sessions.map { session in
            var session = session
            session.title += " (revisi)"
            return session
          }
          let renamedDocument = AgendaDocument.render(renamed, event: event)
          let first = try await Self.time { try await client.applyAgenda(eventCode: event.code, document: document) }
          guard first.result.created.count >= size else { throw ValidationError("created \(first.result.created.count)") }
          let same = try await Self.time { try await client.applyAgenda(eventCode: event.code, document: document) }
          guard same.result.created.isEmpty && same.result.updated.isEmpty else { throw ValidationError("the same agenda changed") }
          let updated = try await Self.time { try await client.applyAgenda(eventCode: event.code, document: renamedDocument) }
          guard updated.result.updated.count == size else { throw ValidationError("updated \(updated.result.updated.count)") }
          print(
            [
              "\(size)", String(format: "%.1f MB", Double(document.utf8.count) / 1_048_576),
              String(format: "%.2f s", first.seconds), String(format: "%.2f s", same.seconds),
              String(format: "%.2f s", updated.seconds), String(format: "%.0f µs", first.seconds / Double(size) * 1e6),
            ].enumerated().map { index, text in text.padding(toLength: [11, 11, 14, 13, 14, 10][index], withPad: " ", startingAt: 0) }
              .joined())
        }
      }
    }
  }

  static func time<T>(_ body: () async throws -> T) async throws -> (result: T, seconds: Double) {
    let started = ContinuousClock.now
    let result = try await body()
    let elapsed = ContinuousClock.now - started
    return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
  }

  /// `count` half-hour sessions over the event's days, 18 a day in each room, with as many
  /// rooms as that takes; a speaker for each room and day holds both slots of its sessions.
  static func agenda(sessions count: Int, event: Event) -> Agenda {
    let days = event.days
    let perRoomDay = 18
    let roomCount = max(1, (count + days.count * perRoomDay - 1) / (days.count * perRoomDay))
    let rooms = (1...roomCount).map { Room(name: "Ruang \($0)", seats: 40) }
    var speakers: [Speaker] = []
    var sessions: [Session] = []
    outer: for (dayIndex, day) in days.enumerated() {
      for room in 0..<roomCount {
        let speaker = "s\(dayIndex + 1)-\(room + 1)"
        let moderator = "m\(dayIndex + 1)-\(room + 1)"
        speakers.append(Speaker(key: speaker, name: "Narasumber \(speaker)", affiliation: "Dinas Kesehatan"))
        speakers.append(Speaker(key: moderator, name: "Moderator \(moderator)", affiliation: "Dinas Kesehatan"))
        for slot in 0..<perRoomDay {
          guard sessions.count < count else { break outer }
          sessions.append(
            Session(
              key: "d\(dayIndex + 1)-r\(room + 1)-\(slot + 1)", day: day, start: TimeOfDay(minutes: 8 * 60 + slot * 30)!,
              end: TimeOfDay(minutes: 8 * 60 + slot * 30 + 30)!, room: rooms[room].name, kind: .presentation,
              title: "Materi \(sessions.count + 1): pelayanan kesehatan primer", description: "Sesi \(sessions.count + 1)",
              slots: [SpeakerSlot(role: .narasumber, speaker: speaker), SpeakerSlot(role: .moderator, speaker: moderator)]))
        }
      }
    }
    return Agenda(rooms: rooms, speakers: speakers, sessions: sessions)
  }
}
