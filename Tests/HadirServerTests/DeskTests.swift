import Foundation
import HadirClient
import HadirCore
import Synchronization
import Testing

/// The registration desk, over the real transport, with the server's clock set by the test.
@Suite("The desk", .timeLimit(.minutes(2)))
struct DeskTests {
  /// Registers `names` for Banggai (capacity 75) and returns their registrations.
  func register(_ names: [String], on server: TestServer) async throws -> [Registration] {
    try await server.client { client in
      var registrations: [Registration] = []
      for name in names {
        registrations.append(
          try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: name, organization: "Puskesmas Luwuk"))
            .registration)
      }
      return registrations
    }
  }

  func setUp(_ server: TestServer, capacity: Int = 75) async throws {
    var event = banggai
    event.capacity = capacity
    _ = try await server.client { try await $0.createEvent(event) }
  }

  @Test("8 desks scanning the same 100 codes at once: exactly 100 check-ins; every other scan is 'already', naming the first desk")
  func concurrentDesks() async throws {
    try await withTestServer { server in
      try await setUp(server, capacity: 100)
      let people = try await register((0..<100).map { "Peserta \($0)" }, on: server)
      var desks: [(name: String, secret: String)] = []
      for number in 1...8 {
        desks.append((name: "desk \(number)", secret: try await server.desk("desk \(number)")))
      }
      let answers = try await withThrowingTaskGroup(of: [(String, DeskAnswer)].self) { group in
        for desk in desks {
          group.addTask {
            try await server.client(token: desk.secret) { client in
              var answers: [(String, DeskAnswer)] = []
              for person in people.shuffled() {
                answers.append((desk.name, try await client.checkIn(eventCode: "ILP-BANGGAI-25", code: person.code)))
              }
              return answers
            }
          }
        }
        var all: [(String, DeskAnswer)] = []
        for try await batch in group { all += batch }
        return all
      }
      #expect(answers.count == 800)
      var firstDesk: [String: String] = [:]
      for (desk, answer) in answers {
        if case .checkedIn = answer.outcome {
          #expect(firstDesk[answer.registration!.code] == nil, "checked in twice")
          firstDesk[answer.registration!.code] = desk
        }
      }
      #expect(firstDesk.count == 100)
      for (_, answer) in answers {
        switch answer.outcome {
        case .checkedIn: continue
        case .alreadyCheckedIn(let first):
          #expect(first.desk == firstDesk[answer.registration!.code])
        default:
          Issue.record("unexpected outcome \(answer.outcome)")
        }
      }
      let counters = try await server.database.counters(eventCode: "ILP-BANGGAI-25", day: nil, at: wita("2025-05-27 09:00"))
      #expect(counters.checkedInToday == 100)
    }
  }

  @Test("a second scan answers 'already checked in' with the first time and desk; a retried request gets the first answer")
  func doubleScanAndRetry() async throws {
    let clock = TestClock(wita: "2025-05-27 08:02")
    try await withTestServer(clock: clock) { server in
      try await setUp(server)
      let siti = try await register(["Hj. Siti Nurhaliza, S.Kep"], on: server)[0]
      let desk2 = try await server.desk("desk 2")
      let desk3 = try await server.desk("desk 3")
      let first = try await server.client(token: desk2) {
        try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: siti.code, requestID: "scan-1")
      }
      guard case .checkedIn(let record) = first.outcome else { Issue.record("not checked in: \(first)"); return }
      #expect(record.desk == "desk 2" && record.day == CalendarDay("2025-05-27"))
      #expect(first.message == "Hj. Siti Nurhaliza, S.Kep (Puskesmas Luwuk) is checked in. Welcome!")

      clock.set(wita: "2025-05-27 08:10")
      let retry = try await server.client(token: desk2) {
        try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: siti.code, requestID: "scan-1")
      }
      #expect(retry == first)

      let second = try await server.client(token: desk3) {
        try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: RegistrationCode.display(siti.code).lowercased())
      }
      #expect(second.outcome == .alreadyCheckedIn(CheckInRecord(day: record.day, at: wita("2025-05-27 08:02"), desk: "desk 2")))
      #expect(second.message.hasSuffix("was already checked in today at 08:02 at desk 2."))
      let counters = try await server.database.counters(eventCode: "ILP-BANGGAI-25", day: nil, at: clock.now)
      #expect(counters.checkedInToday == 1)
    }
  }

  @Test("every outcome has its own answer")
  func outcomes() async throws {
    let clock = TestClock(wita: "2025-05-27 08:00")
    try await withTestServer(clock: clock) { server in
      try await setUp(server, capacity: 1)
      _ = try await server.client { try await $0.createEvent(morowali) }
      let people = try await register(["Andi", "Budi", "Citra"], on: server)
      _ = try await server.client { try await $0.cancelRegistration(code: people[0].code) }
      // Andi cancelled, so Budi was promoted; Citra waits.
      let other = try await server.client {
        try await $0.register(eventCode: "ILP-MOROWALI-25", person: Person(name: "Dewi")).registration
      }
      let desk = try await server.desk("desk 1")
      let code = people[1].code
      var typo = Array(code)
      typo[2] = typo[2] == "A" ? "B" : "A"
      try await server.client(token: desk) { client async throws in
        func outcome(_ code: String) async throws -> CheckInOutcome {
          try await client.checkIn(eventCode: "ILP-BANGGAI-25", code: code).outcome
        }
        #expect(try await outcome(people[0].code) == .cancelled)
        #expect(try await outcome(people[2].code) == .waitlisted)
        #expect(try await outcome(String(typo)) == .badCheckCharacter)
        #expect(try await outcome("NOT-A-CODE") == .unknownCode)
        let unused = RegistrationCode.generate()
        #expect(try await outcome(unused) == .unknownCode)
        #expect(try await outcome(other.code) == .otherEvent("ILP-MOROWALI-25"))
        clock.set(wita: "2025-05-29 08:00")
        #expect(try await outcome(code) == .notEventDay(CalendarDay("2025-05-29")!))
        clock.set(wita: "2025-05-28 08:00")
        guard case .checkedIn = try await outcome(code) else { Issue.record("Budi was not checked in"); return }
      }
    }
  }

  @Test("23:59 and 00:01 event-local time are different days: one check-in on each")
  func dayBoundary() async throws {
    let clock = TestClock(wita: "2025-05-27 23:59")
    try await withTestServer(clock: clock) { server in
      try await setUp(server)
      let person = try await register(["Andi"], on: server)[0]
      let first = try await server.client { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: person.code) }
      clock.set(wita: "2025-05-28 00:01")
      let second = try await server.client { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: person.code) }
      #expect(first.outcome == .checkedIn(CheckInRecord(day: CalendarDay("2025-05-27")!, at: wita("2025-05-27 23:59"), desk: "test administrator")))
      #expect(second.outcome == .checkedIn(CheckInRecord(day: CalendarDay("2025-05-28")!, at: wita("2025-05-28 00:01"), desk: "test administrator")))
    }
  }

  @Test("organizers may record another event day; desks may not")
  func recordDay() async throws {
    try await withTestServer { server in
      try await setUp(server)
      let person = try await register(["Andi"], on: server)[0]
      let recorded = try await server.client { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: person.code, day: "2025-05-28") }
      #expect(recorded.day == CalendarDay("2025-05-28"))
      let desk = try await server.desk("desk 1")
      do {
        _ = try await server.client(token: desk) { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: person.code, day: "2025-05-28") }
        Issue.record("a desk recorded another day")
      } catch let error as HadirClientError {
        #expect(error.kind == .permissionDenied)
      }
    }
  }

  @Test("undo: a desk its own recent check-ins only; an organizer any; the person can then check in again")
  func undo() async throws {
    let clock = TestClock(wita: "2025-05-27 08:00")
    try await withTestServer(clock: clock) { server in
      try await setUp(server)
      let people = try await register(["Andi", "Budi"], on: server)
      let desk1 = try await server.desk("desk 1")
      let desk2 = try await server.desk("desk 2")
      for person in people {
        _ = try await server.client(token: desk1) { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: person.code) }
      }
      // Another desk may not undo desk 1's check-in.
      await #expect(throws: HadirClientError.self) {
        _ = try await server.client(token: desk2) { try await $0.undoCheckIn(eventCode: "ILP-BANGGAI-25", code: people[0].code) }
      }
      let undone = try await server.client(token: desk1) { try await $0.undoCheckIn(eventCode: "ILP-BANGGAI-25", code: people[0].code) }
      #expect(undone.registration.code == people[0].code && undone.undoneCheckInAt == wita("2025-05-27 08:00"))
      // Too late for the desk after 15 minutes; an organizer still can.
      clock.set(wita: "2025-05-27 08:16")
      do {
        _ = try await server.client(token: desk1) { try await $0.undoCheckIn(eventCode: "ILP-BANGGAI-25", code: people[1].code) }
        Issue.record("a desk undid an old check-in")
      } catch let error as HadirClientError {
        #expect(error.kind == .permissionDenied && error.message.contains("15 minutes"))
      }
      _ = try await server.client { try await $0.undoCheckIn(eventCode: "ILP-BANGGAI-25", code: people[1].code) }
      let again = try await server.client(token: desk2) { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: people[0].code) }
      guard case .checkedIn = again.outcome else { Issue.record("no new check-in after undo"); return }
      // Nothing to undo is NOT_FOUND.
      do {
        _ = try await server.client { try await $0.undoCheckIn(eventCode: "ILP-BANGGAI-25", code: people[1].code) }
        Issue.record("undid a check-in that was not there")
      } catch let error as HadirClientError {
        #expect(error.kind == .notFound)
      }
      let audit = try await server.database.writer.read { db in
        try String.fetchAll(db, sql: "SELECT action || ' by ' || actor FROM audit_log WHERE action LIKE '%check in' ORDER BY id")
      }
      #expect(audit == [
        "check in by desk 1", "check in by desk 1", "undo check in by desk 1", "undo check in by test administrator",
        "check in by desk 2",
      ])
    }
  }

  @Test("find forgives case, spaces and titles, and says who is in today")
  func find() async throws {
    try await withTestServer { server in
      try await setUp(server)
      let people = try await register(["Hj. Siti Nurhaliza, S.Kep", "Siti Aminah", "dr. Budi Santoso"], on: server)
      _ = try await server.client { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: people[0].code) }
      let desk = try await server.desk("desk 1")
      let found = try await server.client(token: desk) { try await $0.find(eventCode: "ILP-BANGGAI-25", query: "  SITI  nur ") }
      #expect(found.people.map(\.registration.person.name) == ["Hj. Siti Nurhaliza, S.Kep"])
      #expect(found.people.first?.checkedInToday == true)
      let sitis = try await server.client(token: desk) { try await $0.find(eventCode: "ILP-BANGGAI-25", query: "siti") }
      #expect(sitis.people.count == 2)
      let byOrganization = try await server.client(token: desk) { try await $0.find(eventCode: "ILP-BANGGAI-25", query: "puskesmas") }
      #expect(byOrganization.people.count == 3)
      #expect(byOrganization.people.filter(\.checkedInToday).count == 1)
    }
  }

  @Test("a walk-in is registered and checked in while a place remains; then refused saying how many wait")
  func walkIn() async throws {
    try await withTestServer { server in
      try await setUp(server, capacity: 2)
      _ = try await register(["Andi"], on: server)
      let desk = try await server.desk("desk 1")
      let answer = try await server.client(token: desk) {
        try await $0.walkIn(eventCode: "ILP-BANGGAI-25", person: Person(name: "Budi", organization: "PPNI"))
      }
      guard case .checkedIn = answer.outcome else { Issue.record("walk-in not checked in: \(answer)"); return }
      #expect(answer.registration?.status == .confirmed)
      _ = try await server.client { try await $0.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Citra")) }
      do {
        _ = try await server.client(token: desk) { try await $0.walkIn(eventCode: "ILP-BANGGAI-25", person: Person(name: "Dewi")) }
        Issue.record("a walk-in went over capacity")
      } catch let error as HadirClientError {
        #expect(error.kind == .conflict)
        #expect(error.message.hasPrefix("No places left: 2 of 2 are confirmed and 1 person is waiting."))
      }
      #expect(try await server.client { try await $0.registrations(eventCode: "ILP-BANGGAI-25") }.total == 3)
    }
  }

  @Test("watch sends the counters, then each check-in as it happens")
  func watch() async throws {
    try await withTestServer { server in
      try await setUp(server)
      let people = try await register(["Andi", "Budi"], on: server)
      let updates = Recorder<(Counters, DeskAnswer?)>()
      try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
          try await server.client { client in
            try await client.watch(eventCode: "ILP-BANGGAI-25") { counters, answer in
              let count = updates.append((counters, answer))
              return count < 3
            }
          }
        }
        // Wait for the first update, then check two people in.
        while updates.items.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        for person in people {
          _ = try await server.client { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: person.code) }
        }
        try await group.waitForAll()
      }
      let seen = updates.items
      #expect(seen.map(\.0.checkedInToday) == [0, 1, 2])
      #expect(seen.map(\.0.confirmed) == [2, 2, 2])
      #expect(seen[0].1 == nil)
      #expect(seen[1].1?.registration?.person.name == "Andi")
      #expect(seen[2].1?.registration?.person.name == "Budi")
    }
  }

  @Test("the attendance report lists each person per day, totals per organization, and no-shows")
  func attendance() async throws {
    let clock = TestClock(wita: "2025-05-27 08:00")
    try await withTestServer(clock: clock) { server in
      try await setUp(server)
      let people = try await server.client { client in
        try await [("Andi", "PPNI"), ("Budi", "PPNI"), ("Citra", "IDI")].asyncMap {
          try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: $0.0, organization: $0.1)).registration
        }
      }
      _ = try await server.client { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: people[0].code) }
      clock.set(wita: "2025-05-28 08:30")
      _ = try await server.client { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: people[0].code) }
      _ = try await server.client { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: people[2].code) }
      let report = try await server.client { try await $0.attendance(eventCode: "ILP-BANGGAI-25") }
      #expect(report.days.map(\.description) == ["2025-05-27", "2025-05-28"])
      #expect(report.rows.map(\.registration.person.name) == ["Andi", "Budi", "Citra"])
      #expect(report.rows.map { $0.checkIns.map(\.day.description) } == [["2025-05-27", "2025-05-28"], [], ["2025-05-28"]])
      #expect(report.organizations == [
        AttendanceReport.OrganizationTotal(organization: "IDI", confirmed: 1, present: [0, 1]),
        AttendanceReport.OrganizationTotal(organization: "PPNI", confirmed: 2, present: [1, 1]),
      ])
      #expect(report.noShows.map(\.person.name) == ["Budi"])
    }
  }
}


/// Collects values from concurrent code.
final class Recorder<Value: Sendable>: Sendable {
  private let values = Mutex<[Value]>([])

  /// Adds `value`; returns how many there are now.
  func append(_ value: Value) -> Int {
    values.withLock { $0.append(value); return $0.count }
  }

  var items: [Value] { values.withLock { $0 } }
}
