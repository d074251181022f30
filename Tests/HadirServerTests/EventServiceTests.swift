import Foundation
import HadirClient
import HadirCore
import HadirWire
import Testing

@Suite("Events over the wire", .timeLimit(.minutes(1)))
struct EventServiceTests {
  @Test("create, show, list and update an event")
  func lifecycle() async throws {
    try await withTestServer { server in
      try await server.client { client async throws in
        let created = try await client.createEvent(banggai)
        #expect(created.code == "ILP-BANGGAI-25" && created.capacity == 75 && created.dayCount == 2)
        #expect(try await client.event(code: " ilp-banggai-25 ") == created)
        _ = try await client.createEvent(morowali)
        #expect(try await client.events().map(\.code) == ["ILP-BANGGAI-25", "ILP-MOROWALI-25"])
        let updated = try await client.updateEvent(code: "ILP-MOROWALI-25", EventChanges(venue: "Aula Hotel Metro", capacity: 72)).event
        #expect(updated.venue == "Aula Hotel Metro" && updated.capacity == 72 && updated.title == morowali.title)
        #expect(try await client.event(code: "ILP-MOROWALI-25") == updated)
      }
    }
  }

  @Test("an update's time is the time read back, even a hair before the next second")
  func updatedAtReadsBack() async throws {
    let clock = TestClock()
    try await withTestServer(clock: clock) { server in
      try await server.client { client async throws in
        _ = try await client.createEvent(morowali)
        // The database keeps milliseconds, rounded: 08:05:07.9996 would be kept as 08:05:08.
        clock.set(wita("2025-05-27 08:05").addingTimeInterval(7.9996))
        let updated = try await client.updateEvent(code: "ILP-MOROWALI-25", EventChanges(capacity: 72)).event
        #expect(updated.updatedAt == wita("2025-05-27 08:05").addingTimeInterval(7))
        #expect(try await client.event(code: "ILP-MOROWALI-25") == updated)
      }
    }
  }

  @Test("bad input is INVALID_ARGUMENT naming the field, and nothing is stored")
  func invalidInput() async throws {
    try await withTestServer { server in
      var draft = banggai
      draft.timeZone = "Mars/Olympus"
      let zone = await failure { _ = try await server.client { try await $0.createEvent(draft) } }
      #expect(zone?.kind == .invalidInput && zone?.field == "time_zone")
      draft = banggai
      draft.lastDay = "2025-05-26"
      let days = await failure { _ = try await server.client { try await $0.createEvent(draft) } }
      #expect(days?.kind == .invalidInput && days?.field == "last_day")
      #expect(days?.message == "The last day (2025-05-26) is before the first day (2025-05-27).")
      let events = try await server.client { try await $0.events() }
      #expect(events.isEmpty)
    }
  }

  @Test("a duplicate code is ALREADY_EXISTS; an unknown code is NOT_FOUND; an empty update is refused")
  func conflicts() async throws {
    try await withTestServer { server in
      _ = try await server.client { try await $0.createEvent(banggai) }
      let duplicate = await failure { _ = try await server.client { try await $0.createEvent(banggai) } }
      #expect(duplicate?.kind == .alreadyExists)
      let missing = await failure { _ = try await server.client { try await $0.event(code: "NOPE-25") } }
      #expect(missing?.kind == .notFound && missing?.message.contains("NOPE-25") == true)
      let empty = await failure {
        _ = try await server.client { try await $0.updateEvent(code: "ILP-BANGGAI-25", EventChanges()) }
      }
      #expect(empty?.kind == .invalidInput)
    }
  }

  @Test("the server also serves a Unix-domain socket")
  func unixSocket() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-\(UUID().uuidString.prefix(8)).sock").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try await withTestServer(addresses: [.unix(path: path)]) { server in
      #expect(server.address == .unix(path: path))
      let event = try await server.client { try await $0.createEvent(banggai) }
      #expect(event.code == "ILP-BANGGAI-25")
    }
  }

  @Test("many clients at once each get their own answers")
  func concurrentClients() async throws {
    try await withTestServer { server in
      try await withThrowingTaskGroup(of: String.self) { group in
        for index in 0..<16 {
          group.addTask {
            var draft = banggai
            draft.code = "EVENT-\(index)"
            return try await server.client { try await $0.createEvent(draft).code }
          }
        }
        var codes = Set<String>()
        for try await code in group { codes.insert(code) }
        #expect(codes.count == 16)
      }
      let events = try await server.client { try await $0.events() }
      #expect(events.count == 16)
    }
  }
}
