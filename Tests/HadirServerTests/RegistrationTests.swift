import Foundation
import HadirClient
import HadirCore
import Synchronization
import Testing

/// Capacity, waitlist and sameness, over the real transport.
@Suite("Registration with capacity and waitlist", .timeLimit(.minutes(2)))
struct RegistrationTests {
  func event(capacity: Int) -> NewEvent {
    var event = banggai
    event.capacity = capacity
    return event
  }

  @Test("200 concurrent registrations for 75 places over 8 connections: exactly 75 confirmed, 125 waiting in arrival order")
  func capacityUnderConcurrency() async throws {
    try await withTestServer { server in
      _ = try await server.client { try await $0.createEvent(event(capacity: 75)) }
      let organizer = try await server.secret(.organizer)
      let results = try await withThrowingTaskGroup(of: [Registration].self) { group in
        for connection in 0..<8 {
          group.addTask {
            try await server.client(token: organizer) { client in
              try await withThrowingTaskGroup(of: Registration.self) { calls in
                for index in 0..<25 {
                  calls.addTask {
                    let person = Person(name: "Peserta \(connection)-\(index)", externalID: "NIP-\(connection)-\(index)")
                    return try await client.register(eventCode: "ILP-BANGGAI-25", person: person).registration
                  }
                }
                var registrations: [Registration] = []
                for try await registration in calls { registrations.append(registration) }
                return registrations
              }
            }
          }
        }
        var all: [Registration] = []
        for try await batch in group { all += batch }
        return all
      }
      #expect(results.count == 200)
      #expect(results.filter { $0.status == .confirmed }.count == 75)
      let waiting = results.filter { $0.status == .waitlisted }
      #expect(waiting.count == 125)
      #expect(Set(waiting.map(\.waitlistPosition)) == Set(1...125))
      #expect(Set(results.map(\.code)).count == 200)

      // The stored order agrees: positions follow arrival (registration) order.
      let listed = try await server.client(token: organizer) {
        try await $0.registrations(eventCode: "ILP-BANGGAI-25", status: .waitlisted, pageSize: 1000)
      }
      #expect(listed.registrations.map(\.waitlistPosition) == Array(1...125))
      #expect(listed.registrations.map(\.registeredAt) == listed.registrations.map(\.registeredAt).sorted())
      let counters = try await server.database.counters(eventCode: "ILP-BANGGAI-25", day: nil, at: Date())
      #expect(counters.confirmed == 75 && counters.waitlisted == 125)
    }
  }

  @Test("a cancellation promotes the oldest waitlisted person in the same step")
  func cancelPromotes() async throws {
    try await withTestServer { server in
      try await server.client { client async throws in
        _ = try await client.createEvent(event(capacity: 2))
        let first = try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Andi")).registration
        _ = try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Budi"))
        let third = try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Citra")).registration
        let fourth = try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Dewi")).registration
        #expect(third.status == .waitlisted && third.waitlistPosition == 1)
        #expect(fourth.waitlistPosition == 2)

        // Named with another event, the code is refused and nothing is cancelled.
        var other = banggai
        other.code = "ILP-MOROWALI-25"
        _ = try await client.createEvent(other)
        do {
          _ = try await client.cancelRegistration(code: first.code, eventCode: "ILP-MOROWALI-25")
          Issue.record("a registration was cancelled under another event's code")
        } catch let error as HadirClientError {
          #expect(error.kind == .notFound && error.reason?.phrase == .codeNotInEvent)
        }
        #expect(try await client.registration(code: first.code).status == .confirmed)

        let (cancelled, promoted) = try await client.cancelRegistration(
          code: RegistrationCode.display(first.code), eventCode: "ilp-banggai-25")
        #expect(cancelled.status == .cancelled && cancelled.cancelledAt != nil)
        #expect(promoted?.code == third.code && promoted?.status == .confirmed)
        #expect(try await client.registration(code: fourth.code).waitlistPosition == 1)

        // Cancelling again changes nothing and promotes nobody.
        let again = try await client.cancelRegistration(code: first.code)
        #expect(again.promoted == nil)
        #expect(try await client.registration(code: fourth.code).status == .waitlisted)
      }
    }
  }

  @Test("raising capacity promotes; lowering it below the confirmed count is refused with the numbers")
  func capacityChanges() async throws {
    try await withTestServer { server in
      try await server.client { client async throws in
        _ = try await client.createEvent(event(capacity: 2))
        for name in ["Andi", "Budi", "Citra", "Dewi"] {
          _ = try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: name))
        }
        _ = try await client.updateEvent(code: "ILP-BANGGAI-25", EventChanges(capacity: 3))
        let confirmed = try await client.registrations(eventCode: "ILP-BANGGAI-25", status: .confirmed)
        #expect(confirmed.registrations.map(\.person.name) == ["Andi", "Budi", "Citra"])
        do {
          _ = try await client.updateEvent(code: "ILP-BANGGAI-25", EventChanges(capacity: 2))
          Issue.record("capacity went below the confirmed count")
        } catch let error as HadirClientError {
          #expect(error.kind == .conflict && error.field == "capacity")
          #expect(error.message == "Capacity cannot be 2: 3 people are confirmed already. Cancel registrations first, or choose at least 3.")
        }
      }
    }
  }

  @Test("the same person is not registered twice: external id, else e-mail, else phone")
  func sameness() async throws {
    try await withTestServer { server in
      try await server.client { client async throws in
        _ = try await client.createEvent(banggai)
        let byID = try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Siti", email: "a@x.id", externalID: "1980 0101"))
        let sameID = try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Siti N.", email: "other@x.id", externalID: "19800101"))
        #expect(sameID.alreadyRegistered && sameID.registration.code == byID.registration.code)

        let byEmail = try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Budi", email: "Budi@Dinkes.id"))
        let sameEmail = try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Budi S", email: "budi@dinkes.id"))
        #expect(sameEmail.alreadyRegistered && sameEmail.registration.code == byEmail.registration.code)

        let byPhone = try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Citra", phone: "0812-3456-7890"))
        let samePhone = try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Citra", phone: "+62 812 3456 7890"))
        #expect(samePhone.alreadyRegistered && samePhone.registration.code == byPhone.registration.code)

        let total = try await client.registrations(eventCode: "ILP-BANGGAI-25").total
        #expect(total == 3)
      }
    }
  }

  @Test("bad input names the field; nothing is stored")
  func badInput() async throws {
    try await withTestServer { server in
      try await server.client { client async throws in
        _ = try await client.createEvent(banggai)
        for (person, field) in [
          (Person(name: " "), "name"), (Person(name: "A", phone: "12"), "phone"), (Person(name: "A", email: "a@"), "email"),
        ] {
          do {
            _ = try await client.register(eventCode: "ILP-BANGGAI-25", person: person)
            Issue.record("\(person) was accepted")
          } catch let error as HadirClientError {
            #expect(error.kind == .invalidInput && error.field == field)
          }
        }
        #expect(try await client.registrations(eventCode: "ILP-BANGGAI-25").total == 0)
      }
    }
  }

  @Test("cancellations racing registrations never exceed capacity nor leave a place free while someone waits")
  func cancellationRace() async throws {
    try await withTestServer { server in
      _ = try await server.client { try await $0.createEvent(event(capacity: 20)) }
      let initial = try await server.client { client in
        try await (0..<32).asyncMap { try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Awal \($0)")).registration }
      }
      let organizer = try await server.secret(.organizer)
      try await withThrowingTaskGroup(of: Void.self) { group in
        for connection in 0..<4 {
          group.addTask {
            try await server.client(token: organizer) { client in
              for index in 0..<15 {
                if index % 2 == 0 {
                  _ = try await client.cancelRegistration(code: initial[connection * 8 + index / 2].code)
                } else {
                  _ = try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Baru \(connection)-\(index)"))
                }
              }
            }
          }
        }
        try await group.waitForAll()
      }
      let counters = try await server.database.counters(eventCode: "ILP-BANGGAI-25", day: nil, at: Date())
      #expect(counters.confirmed <= 20)
      #expect(counters.waitlisted == 0 || counters.confirmed == 20)
      let all = try await server.client { try await $0.registrations(eventCode: "ILP-BANGGAI-25", pageSize: 1000) }
      #expect(all.total == 32 + 4 * 7)
      #expect(all.registrations.filter { $0.status == .cancelled }.count == 4 * 8)
      #expect(counters.confirmed + counters.waitlisted == all.total - 32)
    }
  }
}

extension Sequence where Element: Sendable {
  /// The results of `transform` on each element, one after another.
  func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
    var results: [T] = []
    for element in self { results.append(try await transform(element)) }
    return results
  }
}
