import Foundation
import GRDB
import HadirClient
import HadirCore
import HadirServer
import HadirStore
import Testing

/// The server under real operating conditions: revoked tokens, hostile input, a full disk,
/// a database file that disappears, token guessing.
@Suite("Operating conditions", .timeLimit(.minutes(1)))
struct OperatingConditionsTests {
  func setUp(_ server: TestServer) async throws -> Registration {
    _ = try await server.client { try await $0.createEvent(banggai) }
    return try await server.client {
      try await $0.register(
        eventCode: "ILP-BANGGAI-25",
        person: Person(name: "Budi Santoso", organization: "Dinkes", phone: "0812 3456 7890", email: "budi@dinkes.go.id"))
    }.registration
  }

  @Test("revoking a token ends its open Watch at once, with UNAUTHENTICATED")
  func revokedWatch() async throws {
    try await withTestServer { server in
      let budi = try await setUp(server)
      let (token, secret) = try await server.client {
        try await $0.createToken(name: "screen", role: .organizer, eventCode: "ILP-BANGGAI-25")
      }
      let updates = Recorder<Int>()
      let watchError = try await withThrowingTaskGroup(of: HadirClientError?.self) { group in
        group.addTask {
          await failure {
            try await server.client(token: secret) { client in
              try await client.watch(eventCode: "ILP-BANGGAI-25") { counters, _ in
                _ = updates.append(counters.checkedInToday)
                return true
              }
            }
          }
        }
        while updates.items.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        _ = try await server.client { try await $0.revokeToken(id: token.id) }
        // A check-in after the revocation must not reach the revoked screen.
        _ = try await server.client { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: budi.code) }
        return try await group.next()!
      }
      #expect(watchError?.kind == .unauthenticated)
      #expect(watchError?.message.contains("revoked") == true)
      #expect(updates.items == [0])
    }
  }

  @Test("a day recorded afterwards keeps the arrival time given, or none, apart from when it was recorded")
  func backFilledArrival() async throws {
    let clock = TestClock(wita: "2025-05-28 09:12")
    try await withTestServer(clock: clock) { server in
      let budi = try await setUp(server)
      let citra = try await server.client {
        try await $0.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Citra Dewi"))
      }.registration
      _ = try await server.client {
        try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: budi.code, day: "2025-05-27", arrivalTime: "07:40")
      }
      _ = try await server.client { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: citra.code, day: "2025-05-27") }
      let report = try await server.client { try await $0.attendance(eventCode: "ILP-BANGGAI-25") }
      let records = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.registration.person.name, $0.checkIns[0]) })
      #expect(records["Budi Santoso"]?.arrival == wita("2025-05-27 07:40"))
      #expect(records["Budi Santoso"]?.at == wita("2025-05-28 09:12"))
      #expect(records["Citra Dewi"]?.arrival == nil)
      #expect(records["Citra Dewi"]?.isBackFilled == true)
      let future = await failure {
        _ = try await server.client {
          try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: citra.code, day: "2025-05-28", arrivalTime: "10:00")
        }
      }
      #expect(future?.field == "arrival_time")
    }
  }

  @Test("raising the capacity names the people it confirms from the waitlist, oldest first")
  func raisedCapacityNamesPromoted() async throws {
    try await withTestServer { server in
      var small = banggai
      small.capacity = 1
      _ = try await server.client { try await $0.createEvent(small) }
      try await server.client { client in
        for name in ["Andi", "Budi", "Citra"] {
          _ = try await client.register(eventCode: "ILP-BANGGAI-25", person: Person(name: name))
        }
      }
      let update = try await server.client { try await $0.updateEvent(code: "ILP-BANGGAI-25", EventChanges(capacity: 3)) }
      #expect(update.event.capacity == 3)
      #expect(update.promoted.map(\.person.name) == ["Budi", "Citra"])
      #expect(update.promoted.allSatisfy { $0.status == .confirmed })
      let lowered = try await server.client { try await $0.updateEvent(code: "ILP-BANGGAI-25", EventChanges(title: "Kick-off ILP")) }
      #expect(lowered.promoted.isEmpty)
    }
  }

  @Test("the attendance report is read a page at a time: the same rows whatever the page size, for any size of event")
  func attendancePages() async throws {
    try await withTestServer { server in
      var large = banggai
      large.capacity = 13_000
      _ = try await server.client { try await $0.createEvent(large) }
      // More people than one 4 MiB answer holds.
      let people = (0..<13_000).map { Person(name: "Peserta \($0)", organization: "Puskesmas \($0 % 40)", position: "Staf") }
      _ = try await server.database.registerAll(
        eventCode: "ILP-BANGGAI-25", people: people, by: Actor(tokenID: "t", name: "test"), at: Date())
      let whole = try await server.client { try await $0.attendance(eventCode: "ILP-BANGGAI-25") }
      #expect(whole.rows.count == 13_000)
      #expect(Set(whole.rows.map(\.registration.code)).count == 13_000)
      let names = whole.rows.map(\.registration.person.name)
      #expect(names == names.sorted())
      let small = try await server.client { try await $0.attendance(eventCode: "ILP-BANGGAI-25", pageSize: 997) }
      #expect(small.rows.map(\.registration.code) == whole.rows.map(\.registration.code))
    }
  }

  @Test("the audit log says who did what to whom and when, filtered by code and by day")
  func auditLog() async throws {
    let clock = TestClock(wita: "2025-05-27 08:00")
    try await withTestServer(clock: clock) { server in
      let budi = try await setUp(server)
      let desk = try await server.desk("desk 2")
      clock.set(wita: "2025-05-28 08:05")
      _ = try await server.client(token: desk) { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: budi.code) }
      let all = try await server.client { try await $0.auditLog(eventCode: "ILP-BANGGAI-25") }
      #expect(all.records.map(\.action).contains("register") && all.records.last?.action == "check in")
      let his = try await server.client {
        try await $0.auditLog(eventCode: "ILP-BANGGAI-25", code: RegistrationCode.display(budi.code).lowercased())
      }
      #expect(his.records.map(\.action) == ["register", "check in"])
      #expect(his.records.last?.actor == "desk 2" && his.records.last?.code == RegistrationCode.display(budi.code))
      let secondDay = try await server.client { try await $0.auditLog(eventCode: "ILP-BANGGAI-25", since: "2025-05-28") }
      // The registration was on the 27th (events and tokens are stamped with the real clock).
      #expect(secondDay.records.map(\.action).contains("check in") && !secondDay.records.map(\.action).contains("register"))
      let refused = await failure { _ = try await server.client(token: desk) { try await $0.auditLog(eventCode: "ILP-BANGGAI-25") } }
      #expect(refused?.kind == .permissionDenied)
    }
  }

  @Test("a request id over 64 bytes is refused and nothing of it is stored")
  func requestIDBound() async throws {
    try await withTestServer { server in
      let budi = try await setUp(server)
      let desk = try await server.desk("desk 1")
      let refused = await failure {
        _ = try await server.client(token: desk) {
          try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: budi.code, requestID: String(repeating: "r", count: 1 << 20))
        }
      }
      #expect(refused?.kind == .invalidInput)
      #expect(refused?.field == "request_id")
      #expect(try await server.database.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM desk_request") } == 0)
      #expect(try await server.database.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM check_in") } == 0)
    }
  }

  @Test("remembered answers are forgotten once they can no longer be retried")
  func requestIDsPruned() async throws {
    let clock = TestClock(wita: "2025-05-27 08:00")
    try await withTestServer(clock: clock) { server in
      let budi = try await setUp(server)
      let desk = try await server.desk("desk 1")
      _ = try await server.client(token: desk) { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: budi.code, requestID: "first") }
      clock.set(wita: "2025-05-28 08:01")
      _ = try await server.client(token: desk) { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: budi.code, requestID: "second") }
      let remembered = try await server.database.writer.read { try String.fetchAll($0, sql: "SELECT request_id FROM desk_request") }
      #expect(remembered == ["second"])
    }
  }

  @Test("text with control characters is refused over the wire, naming the field")
  func controlCharacters() async throws {
    try await withTestServer { server in
      _ = try await setUp(server)
      let register = await failure {
        _ = try await server.client {
          try await $0.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "\u{1B}]52;c;ZXZpbA==\u{07}Budi"))
        }
      }
      #expect(register?.kind == .invalidInput)
      #expect(register?.field == "name")
      let walkIn = await failure {
        _ = try await server.client(token: try await server.desk("desk 1")) {
          try await $0.walkIn(eventCode: "ILP-BANGGAI-25", person: Person(name: "Citra", organization: "\u{202E}sekniD"))
        }
      }
      #expect(walkIn?.field == "organization")
      let search = await failure {
        _ = try await server.client { try await $0.find(eventCode: "ILP-BANGGAI-25", query: "Bu\u{0}di") }
      }
      #expect(search?.field == "query")
      let total = try await server.client { try await $0.registrations(eventCode: "ILP-BANGGAI-25") }.total
      #expect(total == 1)
    }
  }

  @Test("on a full disk reads go on, a failing 'last used' write does not fail the call, and writes say the disk is full")
  func fullDisk() async throws {
    try await withTestServer { server in
      _ = try await setUp(server)
      let desk = try await server.desk("desk 1")
      try await server.database.writer.writeWithoutTransaction { db in
        // The first use of a token records it; make that write fail as on a full disk.
        try db.execute(
          sql: """
            CREATE TEMP TRIGGER last_used_fails BEFORE UPDATE OF last_used_at ON access_token
            BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END
            """)
        // And let the database grow no more: SQLite answers SQLITE_FULL.
        let pages = try Int.fetchOne(db, sql: "PRAGMA page_count")!
        try db.execute(sql: "PRAGMA max_page_count = \(pages)")
      }
      let found = try await server.client(token: desk) { try await $0.find(eventCode: "ILP-BANGGAI-25", query: "budi") }
      #expect(found.people.map(\.registration.person.name) == ["Budi Santoso"])
      #expect(try await server.client { try await $0.events() }.count == 1)

      let full = await failure {
        try await server.client { client in
          for index in 0..<2_000 {
            _ = try await client.register(
              eventCode: "ILP-BANGGAI-25",
              person: Person(name: "Peserta \(index) " + String(repeating: "x", count: 150), organization: "Puskesmas \(index)"))
          }
        }
      }
      #expect(full?.kind == .conflict)
      #expect(full?.message.contains("disk is full") == true)
      // The server keeps serving reads.
      #expect(try await server.client { try await $0.registrations(eventCode: "ILP-BANGGAI-25") }.total >= 1)
    }
  }

  @Test("a database file deleted while the server runs is noticed: writes are refused, not lost in a deleted file")
  func deletedDatabase() async throws {
    try await withDatabaseFile { database, directory in
      try await withTestServer(database: database) { server in
        _ = try await setUp(server)
        try FileManager.default.removeItem(at: directory)
        let refused = await failure {
          _ = try await server.client {
            try await $0.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Citra Dewi"))
          }
        }
        #expect(refused?.kind == .unavailable)
        #expect(refused?.message.contains("database file is gone") == true)
      }
    }
  }

  @Test("wrong tokens from one address are held back, and past the limit refused without being checked")
  func tokenGuessing() async throws {
    var settings = FailedAuthentications.Settings()
    settings.firstDelay = 3
    settings.maxPending = 1
    try await withTestServer(failedAuthentications: settings) { server in
      let guess = "hadir_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      let outcomes = try await withThrowingTaskGroup(of: HadirClientError?.self) { group in
        group.addTask { await failure { _ = try await server.client(token: guess) { try await $0.events() } } }
        try await Task.sleep(for: .milliseconds(500))
        group.addTask { await failure { _ = try await server.client(token: guess) { try await $0.events() } } }
        return try await group.reduce(into: [String]()) { $0.append($1?.message ?? "") }
      }
      #expect(outcomes.count == 2)
      #expect(outcomes.contains { $0.contains("unknown or was revoked") })
      #expect(outcomes.contains { $0.contains("Too many wrong access tokens") })
      // Once the held-back answer is out, the right token works from the same address.
      #expect(try await server.client { try await $0.events() }.isEmpty)
    }
  }

  @Test("an admin token cannot be limited to one event, and a limited organizer cannot create events")
  func adminScope() async throws {
    try await withTestServer { server in
      _ = try await server.client { try await $0.createEvent(banggai) }
      let scoped = await failure {
        _ = try await server.client { try await $0.createToken(name: "x", role: .admin, eventCode: "ILP-BANGGAI-25") }
      }
      #expect(scoped?.kind == .invalidInput)
      #expect(scoped?.field == "event_code")
      let organizer = try await server.secret(.organizer, event: "ILP-BANGGAI-25")
      let create = await failure { _ = try await server.client(token: organizer) { try await $0.createEvent(morowali) } }
      #expect(create?.kind == .permissionDenied)
    }
  }

  @Test("another event's registration code is NOT_FOUND for a limited token, exactly like a code nobody has")
  func otherEventsCodes() async throws {
    try await withTestServer { server in
      let budi = try await setUp(server)
      _ = try await server.client { try await $0.createEvent(morowali) }
      let morowaliOrganizer = try await server.secret(.organizer, event: "ILP-MOROWALI-25")
      let read = await failure { _ = try await server.client(token: morowaliOrganizer) { try await $0.registration(code: budi.code) } }
      let cancel = await failure {
        _ = try await server.client(token: morowaliOrganizer) { try await $0.cancelRegistration(code: budi.code) }
      }
      let unknown = await failure { _ = try await server.client(token: morowaliOrganizer) { try await $0.registration(code: "K7M-4PQX") } }
      #expect(read?.kind == .notFound && cancel?.kind == .notFound && unknown?.kind == .notFound)
      #expect(read?.message == "No registration has the code \(budi.code).")
      #expect(read?.message.contains("BANGGAI") == false)
      // Nothing changed.
      let still = try await server.client { try await $0.registration(code: budi.code) }
      #expect(still.status == .confirmed)
    }
  }
}

@Suite("Live screens under load and shutdown", .timeLimit(.minutes(1)))
struct WatchLifecycleTests {
  @Test("shutting down ends an open Watch with UNAVAILABLE, and the server stops")
  func shutdownEndsWatch() async throws {
    let database = try AppDatabase.inMemory()
    let admin = try await TokenIssuer(database: database).issue(name: "admin", role: .admin, eventCode: nil).secret
    let server = HadirServer(database: database, addresses: [.tcp(host: "127.0.0.1", port: 0)])
    let updates = Recorder<Int>()
    let outcome = try await withThrowingTaskGroup(of: HadirClientError?.self) { group in
      group.addTask {
        try await server.serve()
        return nil
      }
      let address = try await server.listeningAddresses()[0]
      _ = try await HadirClient.with(server: address, token: admin) { try await $0.createEvent(banggai) }
      group.addTask {
        do {
          try await HadirClient.with(server: address, token: admin) { client in
            try await client.watch(eventCode: "ILP-BANGGAI-25") { counters, _ in
              _ = updates.append(counters.confirmed)
              return true
            }
          }
          return HadirClientError(kind: .serverFault, message: "the watch ended without an error")
        } catch let error as HadirClientError {
          return error
        }
      }
      while updates.items.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
      server.beginGracefulShutdown()
      var watchError: HadirClientError?
      // Both the watch and the server must end.
      for try await result in group { if let result { watchError = result } }
      return watchError
    }
    #expect(outcome?.kind == .unavailable)
    #expect(outcome?.message.contains("shutting down") == true)
  }

  @Test("one token may keep a bounded number of live screens open")
  func screensPerToken() async throws {
    try await withTestServer { server in
      _ = try await server.client { try await $0.createEvent(banggai) }
      let screen = try await server.secret(.organizer, event: "ILP-BANGGAI-25", name: "screens")
      let opened = Recorder<Int>()
      let refusal = try await withThrowingTaskGroup(of: HadirClientError?.self) { group in
        for _ in 0...16 {
          group.addTask {
            do {
              try await server.client(token: screen) { client in
                try await client.watch(eventCode: "ILP-BANGGAI-25") { _, _ in
                  _ = opened.append(1)
                  return true
                }
              }
              return nil
            } catch let error as HadirClientError {
              return error
            }
          }
        }
        var refusal: HadirClientError?
        while refusal == nil, let result = try await group.next() { refusal = result }
        // The screens that were let in each got their first update; no more than 16.
        while opened.items.count < 16 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(100))
        group.cancelAll()
        return refusal
      }
      #expect(refusal?.kind == .conflict)
      #expect(refusal?.message.contains("live screens open") == true)
      #expect(opened.items.count == 16)
    }
  }
}
