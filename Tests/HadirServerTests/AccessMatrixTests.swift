import Foundation
import HadirClient
import HadirCore
import HadirProto
import HadirServer
import Synchronization
import Testing

/// The security model as one table: every method of every service, called about event A by
/// every kind of caller, end to end through the real client and transport.
@Suite("Access matrix", .timeLimit(.minutes(3)))
struct AccessMatrixTests {
  static let eventA = "ILP-BANGGAI-25"
  static let eventB = "ILP-MOROWALI-25"

  /// The kinds of caller: no token, or a token of one role, for every event or limited to one.
  enum Caller: String, CaseIterable, Sendable, CustomStringConvertible {
    case anonymous = "anonymous"
    case admin = "admin"
    case organizer = "organizer (all events)"
    case organizerA = "organizer of event A"
    case organizerB = "organizer of event B"
    case desk = "desk (all events)"
    case deskA = "desk of event A"
    case deskB = "desk of event B"

    var description: String { rawValue }

    var role: Role? {
      switch self {
      case .anonymous: nil
      case .admin: .admin
      case .organizer, .organizerA, .organizerB: .organizer
      case .desk, .deskA, .deskB: .desk
      }
    }

    /// The only event the token may touch; nil for every event (or no token).
    var event: String? {
      switch self {
      case .organizerA, .deskA: AccessMatrixTests.eventA
      case .organizerB, .deskB: AccessMatrixTests.eventB
      case .anonymous, .admin, .organizer, .desk: nil
      }
    }
  }

  /// Every rpc of proto/hadir/v1/*.proto, as "Service/Method".
  enum RPC: String, CaseIterable, Sendable, CustomStringConvertible {
    case getServerInfo = "Admin/GetServerInfo"
    case createToken = "Admin/CreateToken"
    case listTokens = "Admin/ListTokens"
    case revokeToken = "Admin/RevokeToken"
    case createEvent = "Events/CreateEvent"
    case getEvent = "Events/GetEvent"
    case listEvents = "Events/ListEvents"
    case updateEvent = "Events/UpdateEvent"
    case auditLog = "Events/AuditLog"
    case registerPerson = "Registrations/RegisterPerson"
    case cancelRegistration = "Registrations/CancelRegistration"
    case getRegistration = "Registrations/GetRegistration"
    case listRegistrations = "Registrations/ListRegistrations"
    case importInvitees = "Registrations/ImportInvitees"
    case checkIn = "Desk/CheckIn"
    case undoCheckIn = "Desk/UndoCheckIn"
    case find = "Desk/Find"
    case walkIn = "Desk/WalkIn"
    case watch = "Desk/Watch"
    case attendanceReport = "Desk/AttendanceReport"
    case getAgenda = "Agenda/GetAgenda"
    case applyAgenda = "Agenda/ApplyAgenda"
    case validateAgenda = "Agenda/ValidateAgenda"
    case exportAgenda = "Agenda/ExportAgenda"

    var description: String { rawValue }
  }

  /// Who may call what, about event A (event B is another event). One column per caller, in
  /// the order of ``Caller``: ✓ the call is allowed (and, with the data set up for it,
  /// succeeds); · it is refused: UNAUTHENTICATED without a token, PERMISSION_DENIED with one.
  /// ListEvents is allowed to every token but lists only the events the token may see.
  static let matrix: KeyValuePairs<RPC, String> = [
    //                     anonymous  admin  organizer  org. A  org. B  desk  desk A  desk B
    .getServerInfo:       "    ✓        ✓        ✓        ✓       ✓      ✓      ✓       ✓   ",
    .createToken:         "    ·        ✓        ·        ·       ·      ·      ·       ·   ",
    .listTokens:          "    ·        ✓        ·        ·       ·      ·      ·       ·   ",
    .revokeToken:         "    ·        ✓        ·        ·       ·      ·      ·       ·   ",
    .createEvent:         "    ·        ✓        ✓        ·       ·      ·      ·       ·   ",
    .getEvent:            "    ·        ✓        ✓        ✓       ·      ✓      ✓       ·   ",
    .listEvents:          "    ·        ✓        ✓        ✓       ✓      ✓      ✓       ✓   ",
    .updateEvent:         "    ·        ✓        ✓        ✓       ·      ·      ·       ·   ",
    .auditLog:            "    ·        ✓        ✓        ✓       ·      ·      ·       ·   ",
    .registerPerson:      "    ·        ✓        ✓        ✓       ·      ·      ·       ·   ",
    .cancelRegistration:  "    ·        ✓        ✓        ✓       ·      ·      ·       ·   ",
    .getRegistration:     "    ·        ✓        ✓        ✓       ·      ✓      ✓       ·   ",
    .listRegistrations:   "    ·        ✓        ✓        ✓       ·      ✓      ✓       ·   ",
    .importInvitees:      "    ·        ✓        ✓        ✓       ·      ·      ·       ·   ",
    .checkIn:             "    ·        ✓        ✓        ✓       ·      ✓      ✓       ·   ",
    .undoCheckIn:         "    ·        ✓        ✓        ✓       ·      ✓      ✓       ·   ",
    .find:                "    ·        ✓        ✓        ✓       ·      ✓      ✓       ·   ",
    .walkIn:              "    ·        ✓        ✓        ✓       ·      ✓      ✓       ·   ",
    .watch:               "    ·        ✓        ✓        ✓       ·      ✓      ✓       ·   ",
    .attendanceReport:    "    ·        ✓        ✓        ✓       ·      ·      ·       ·   ",
    .getAgenda:           "    ·        ✓        ✓        ✓       ·      ✓      ✓       ·   ",
    .applyAgenda:         "    ·        ✓        ✓        ✓       ·      ·      ·       ·   ",
    .validateAgenda:      "    ·        ✓        ✓        ✓       ·      ✓      ✓       ·   ",
    .exportAgenda:        "    ·        ✓        ✓        ✓       ·      ✓      ✓       ·   ",
  ]

  /// Methods that find a registration by its code alone: a token limited to another event
  /// is told NOT_FOUND, as for a code nobody has, so that it learns nothing (see
  /// OperatingConditionsTests for the exact answer).
  static let foundByCodeAlone: Set<RPC> = [.getRegistration, .cancelRegistration]

  /// The callers a row of ``matrix`` allows.
  static func allowed(_ row: String) -> Set<Caller> {
    Set(zip(Caller.allCases, row.split(separator: " ")).filter { $0.1 == "✓" }.map(\.0))
  }

  /// What a call came to.
  enum Outcome: Equatable, CustomStringConvertible {
    case allowed
    case unauthenticated
    case permissionDenied
    case notFound(String)
    case otherError(String)

    var description: String {
      switch self {
      case .allowed: "allowed"
      case .unauthenticated: "UNAUTHENTICATED"
      case .permissionDenied: "PERMISSION_DENIED"
      case .notFound(let message): "NOT_FOUND (\(message))"
      case .otherError(let message): "another error: \(message)"
      }
    }
  }

  static func expected(_ rpc: RPC, _ caller: Caller, allowed: Set<Caller>) -> Outcome {
    allowed.contains(caller) ? .allowed : caller == .anonymous ? .unauthenticated : .permissionDenied
  }

  /// Whether `observed` is what the model says for this cell.
  static func matches(_ observed: Outcome, _ expected: Outcome, _ rpc: RPC, _ caller: Caller) -> Bool {
    if observed == expected { return true }
    if expected == .permissionDenied, case .notFound = observed, foundByCodeAlone.contains(rpc),
      let limited = caller.event, limited != eventA
    {
      return true
    }
    return false
  }

  @Test("the table has one row per method of every service, one mark per caller")
  func tableCoversEveryMethod() {
    let services = [
      Hadir_V1_Admin.Method.descriptors, Hadir_V1_Events.Method.descriptors,
      Hadir_V1_Registrations.Method.descriptors, Hadir_V1_Desk.Method.descriptors, Hadir_V1_Agenda.Method.descriptors,
    ]
    let served = Set(services.joined().map { $0.fullyQualifiedMethod.replacingOccurrences(of: "hadir.v1.", with: "") })
    #expect(Set(RPC.allCases.map(\.rawValue)) == served)
    #expect(Self.matrix.map { $0.key } == RPC.allCases, "one row per method, in order")
    for (rpc, row) in Self.matrix {
      let marks = row.split(separator: " ")
      #expect(marks.count == Caller.allCases.count && marks.allSatisfy { $0 == "✓" || $0 == "·" }, "row \(rpc)")
    }
  }

  @Test("every method × every caller, called about event A: allowed, UNAUTHENTICATED or PERMISSION_DENIED as the table says")
  func accessMatrix() async throws {
    try await withTestServer { server in
      try await server.client { admin in
        try await Self.prepare(admin)
        var observedTable: [(RPC, [Outcome])] = RPC.allCases.map { ($0, []) }
        var mismatches = 0
        for (callerIndex, caller) in Caller.allCases.enumerated() {
          var secret: String?
          if let role = caller.role { secret = try await server.secret(role, event: caller.event, name: caller.rawValue) }
          try await Self.connect(server, secret) { client in
            for (rpcIndex, (rpc, row)) in Self.matrix.enumerated() {
              let observed: Outcome
              do {
                try await Self.call(
                  rpc, as: caller, client: client, admin: admin, server: server, number: callerIndex * 100 + rpcIndex)
                observed = .allowed
              } catch let error as HadirClientError {
                switch error.kind {
                case .unauthenticated: observed = .unauthenticated
                case .permissionDenied: observed = .permissionDenied
                case .notFound: observed = .notFound(error.message)
                default: observed = .otherError("\(error.kind): \(error.message)")
                }
              } catch {
                observed = .otherError(String(describing: error))
              }
              observedTable[rpcIndex].1.append(observed)
              let expected = Self.expected(rpc, caller, allowed: Self.allowed(row))
              if !Self.matches(observed, expected, rpc, caller) {
                mismatches += 1
                Issue.record("\(rpc) called by \(caller): expected \(expected), observed \(observed)")
              }
            }
          }
        }
        if mismatches > 0 {
          print("Observed access matrix (columns: \(Caller.allCases.map(\.rawValue).joined(separator: " | "))):")
          for (rpc, outcomes) in observedTable {
            print("  \(rpc.rawValue.padding(toLength: 34, withPad: " ", startingAt: 0)) \(outcomes.map(Self.mark).joined(separator: " "))")
          }
        }
      }
    }
  }

  static func mark(_ outcome: Outcome) -> String {
    switch outcome {
    case .allowed: "✓"
    case .unauthenticated: "U"
    case .permissionDenied: "·"
    case .notFound: "N"
    case .otherError: "?"
    }
  }

  @Test("an admin token is for the whole server: one limited to an event is refused with INVALID_ARGUMENT on event_code")
  func adminTokensAreServerWide() async throws {
    try await withTestServer { server in
      try await server.client { admin in
        try await Self.prepare(admin)
        do {
          _ = try await admin.createToken(name: "admin of A", role: .admin, eventCode: Self.eventA)
          Issue.record("an admin token limited to event A was created")
        } catch let error as HadirClientError {
          // The client maps INVALID_ARGUMENT (and OUT_OF_RANGE) to invalidInput.
          #expect(error.kind == .invalidInput, "\(error.kind): \(error.message)")
          #expect(error.field == "event_code")
        }
        let tokens = try await admin.tokens(includeRevoked: true)
        #expect(!tokens.contains { $0.role == .admin && $0.eventCode != nil })
        #expect(!tokens.contains { $0.name == "admin of A" })
        // What to create instead: an organizer token for that event.
        let organizer = try await admin.createToken(name: "organizers of A", role: .organizer, eventCode: Self.eventA)
        #expect(organizer.token.role == .organizer && organizer.token.eventCode == Self.eventA)
      }
      await #expect(throws: (any Error).self) { _ = try await server.secret(.admin, event: Self.eventA) }
    }
  }

  @Test("a desk sees no phone, e-mail or external id in any registration it is shown; an organizer sees them")
  func deskSeesNoContactDetails() async throws {
    try await withTestServer { server in
      try await server.client { admin in
        try await Self.prepare(admin)
        let a = Self.eventA
        for (number, viewer) in [Caller.deskA, .desk, .organizerA].enumerated() {
          let secret = try await server.secret(viewer.role!, event: viewer.event, name: viewer.rawValue)
          /// A person with every contact detail, for this viewer.
          func person(_ name: String, _ index: Int) -> Person {
            Person(
              name: "\(name) \(number)", organization: "PPNI Kabupaten Banggai", phone: "0812 3456 7\(number)\(index)0",
              email: "\(name.lowercased())\(number)@ppni.id", externalID: "NIP-\(number)-\(index)")
          }
          let registered = try await admin.register(eventCode: a, person: person("Rahmawati", 1)).registration
          let watched = try await admin.register(eventCode: a, person: person("Suryani", 2)).registration
          var seen: [(String, Registration?)] = []
          try await server.client(token: secret) { client in
            for registration in try await client.registrations(eventCode: a, search: "Rahmawati \(number)").registrations {
              seen.append(("ListRegistrations", registration))
            }
            seen.append(("GetRegistration", try await client.registration(code: registered.code)))
            for found in try await client.find(eventCode: a, query: "Rahmawati \(number)").people {
              seen.append(("Find", found.registration))
            }
            seen.append(("CheckIn", try await client.checkIn(eventCode: a, code: registered.code).registration))
            seen.append(("CheckIn again", try await client.checkIn(eventCode: a, code: registered.code).registration))
            seen.append(("UndoCheckIn", try await client.undoCheckIn(eventCode: a, code: registered.code).registration))
            seen.append(("WalkIn", try await client.walkIn(eventCode: a, person: person("Wahyuni", 3)).registration))
            let watchedCheckIn = try await Self.watchNextCheckIn(client, eventCode: a) {
              _ = try await admin.checkIn(eventCode: a, code: watched.code)
            }
            seen.append(("Watch's check-in", watchedCheckIn.registration))
          }
          #expect(seen.contains { $0.0 == "Find" }, "\(viewer): Find found nobody")
          #expect(seen.contains { $0.0 == "ListRegistrations" }, "\(viewer): ListRegistrations listed nobody")
          for (call, registration) in seen {
            guard let person = registration?.person else {
              Issue.record("\(call) as \(viewer): no registration in the answer")
              continue
            }
            let details = [person.phone, person.email, person.externalID]
            if viewer.role == .desk {
              #expect(details.allSatisfy { $0.isEmpty }, "\(call) as \(viewer) shows contact details: \(details)")
            } else {
              #expect(details.allSatisfy { !$0.isEmpty }, "\(call) as \(viewer) lacks contact details: \(details)")
            }
          }
        }
      }
    }
  }

  // MARK: - The calls

  /// A small agenda for event A.
  static let agenda = """
    rooms:
      - name: Ballroom
        seats: 80
    sessions:
      - key: d1-opening
        day: 2025-05-27
        start: "08:30"
        end: "09:30"
        room: Ballroom
        kind: opening
        title: Pembukaan
    """

  /// Events A and B, someone registered for A, and A's agenda.
  static func prepare(_ admin: HadirClient) async throws {
    var a = banggai
    a.capacity = 500
    _ = try await admin.createEvent(a)
    _ = try await admin.createEvent(morowali)
    _ = try await admin.register(eventCode: eventA, person: Person(name: "Andi Pratama", organization: "Puskesmas Luwuk"))
    _ = try await admin.register(eventCode: eventB, person: Person(name: "Budi Santoso", organization: "Puskesmas Bungku"))
    _ = try await admin.applyAgenda(eventCode: eventA, document: agenda)
  }

  /// A client with `secret`, or with no token at all.
  static func connect<T: Sendable>(_ server: TestServer, _ secret: String?, _ body: (HadirClient) async throws -> T)
    async throws -> T
  {
    if let secret { try await server.client(token: secret, body) } else { try await server.anonymousClient(body) }
  }

  /// Calls `rpc` about event A as `client` (who is `caller`), on data that `admin` sets up
  /// so that an allowed call succeeds; `number` tells the cells' data apart.
  static func call(
    _ rpc: RPC, as caller: Caller, client: HadirClient, admin: HadirClient, server: TestServer, number: Int
  ) async throws {
    let a = eventA
    let cell = "\(rpc) as \(caller)"
    switch rpc {
    case .getServerInfo:
      let status = try await client.serverStatus()
      #expect(status.callerRole == caller.role && status.callerEventCode == caller.event, "\(cell): \(status)")
    case .createToken:
      let (token, _) = try await client.createToken(name: "desk \(number)", role: .desk, eventCode: a)
      #expect(token.eventCode == a, "\(cell)")
    case .listTokens:
      #expect(try await client.tokens(includeRevoked: true).isEmpty == false, "\(cell)")
    case .revokeToken:
      let victim = try await TokenIssuer(database: server.database).issue(name: "to revoke \(number)", role: .desk, eventCode: a)
      #expect(try await client.revokeToken(id: victim.token.id).revokedAt != nil, "\(cell)")
    case .createEvent:
      _ = try await client.createEvent(
        NewEvent(
          code: "NEW-\(number)", title: "Rapat \(number)", venue: "", timeZone: "Asia/Makassar", firstDay: "2025-06-02",
          lastDay: "", capacity: 10))
    case .getEvent:
      #expect(try await client.event(code: a).code == a, "\(cell)")
    case .listEvents:
      let codes = try await client.events().map(\.code)
      if let only = caller.event {
        #expect(codes == [only], "\(cell) lists \(codes)")
      } else {
        #expect(codes.contains(a) && codes.contains(eventB), "\(cell) lists \(codes)")
      }
    case .updateEvent:
      #expect(try await client.updateEvent(code: a, EventChanges(venue: "Hotel \(number), Luwuk")).event.code == a, "\(cell)")
    case .auditLog:
      #expect(try await !client.auditLog(eventCode: a).records.isEmpty, "\(cell)")
    case .registerPerson:
      let registered = try await client.register(eventCode: a, person: Person(name: "Peserta \(number)"))
      #expect(registered.registration.eventCode == a && !registered.alreadyRegistered, "\(cell)")
    case .cancelRegistration:
      let person = try await admin.register(eventCode: a, person: Person(name: "Batal \(number)")).registration
      #expect(try await client.cancelRegistration(code: person.code).cancelled.status == .cancelled, "\(cell)")
    case .getRegistration:
      let person = try await admin.register(eventCode: a, person: Person(name: "Dicari \(number)")).registration
      #expect(try await client.registration(code: person.code).code == person.code, "\(cell)")
    case .listRegistrations:
      #expect(try await client.registrations(eventCode: a).total > 0, "\(cell)")
    case .importInvitees:
      let file = Array("nama,instansi\nUndangan \(number),Dinas Kesehatan\n".utf8)
      let report = try await client.importInvitees(eventCode: a, file: file, options: ImportOptions())
      #expect(report.applied && report.created == 1, "\(cell): \(report.summary)")
    case .checkIn:
      let person = try await admin.register(eventCode: a, person: Person(name: "Hadir \(number)")).registration
      let answer = try await client.checkIn(eventCode: a, code: person.code)
      #expect(answer.registration?.code == person.code, "\(cell): \(answer.message)")
      if case .checkedIn = answer.outcome {} else { Issue.record("\(cell): \(answer.outcome)") }
    case .undoCheckIn:
      // The caller's own check-in when it may check people in (a desk may undo only its own),
      // else the administrator's.
      let person = try await admin.register(eventCode: a, person: Person(name: "Keliru \(number)")).registration
      do {
        _ = try await client.checkIn(eventCode: a, code: person.code)
      } catch is HadirClientError {
        _ = try await admin.checkIn(eventCode: a, code: person.code)
      }
      #expect(try await client.undoCheckIn(eventCode: a, code: person.code).registration.code == person.code, "\(cell)")
    case .find:
      #expect(try await client.find(eventCode: a, query: "andi pratama").people.count == 1, "\(cell)")
    case .walkIn:
      let answer = try await client.walkIn(eventCode: a, person: Person(name: "Datang \(number)", organization: "Dinkes"))
      if case .checkedIn = answer.outcome {} else { Issue.record("\(cell): \(answer.outcome)") }
    case .watch:
      let counters = try await firstWatchUpdate(client, eventCode: a)
      #expect(counters.capacity == 500, "\(cell): \(counters)")
    case .attendanceReport:
      #expect(try await client.attendance(eventCode: a).eventCode == a, "\(cell)")
    case .getAgenda:
      #expect(try await client.agenda(eventCode: a).agenda.sessions.count == 1, "\(cell)")
    case .applyAgenda:
      _ = try await client.applyAgenda(eventCode: a, document: agenda)
    case .validateAgenda:
      _ = try await client.validateAgenda(eventCode: a)
    case .exportAgenda:
      #expect(try await client.exportAgenda(eventCode: a, format: "ics").contains("BEGIN:VCALENDAR"), "\(cell)")
    }
  }

  struct WatchEnded: Error, CustomStringConvertible {
    var description: String
  }

  /// The first update of a watch, which then stops.
  static func firstWatchUpdate(_ client: HadirClient, eventCode: String) async throws -> Counters {
    let first = Box<Counters?>(nil)
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        try await client.watch(eventCode: eventCode) { counters, _ in
          first.set(counters)
          return false
        }
      }
      group.addTask {
        try await Task.sleep(for: .seconds(20))
        throw WatchEnded(description: "no update within 20 s")
      }
      try await group.next()
      group.cancelAll()
    }
    guard let counters = first.value else { throw WatchEnded(description: "the watch ended without an update") }
    return counters
  }

  /// Watches `eventCode` until an update with a check-in, which `trigger` causes once the
  /// first update (the counters) has arrived.
  static func watchNextCheckIn(_ client: HadirClient, eventCode: String, trigger: () async throws -> Void) async throws
    -> DeskAnswer
  {
    let checkIn = Box<DeskAnswer?>(nil)
    let (updates, continuation) = AsyncStream<Void>.makeStream()
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        defer { continuation.finish() }
        try await client.watch(eventCode: eventCode) { _, answer in
          guard let answer else {
            continuation.yield()
            return true
          }
          checkIn.set(answer)
          return false
        }
      }
      group.addTask {
        try await Task.sleep(for: .seconds(20))
        continuation.finish()
        throw WatchEnded(description: "no check-in within 20 s")
      }
      var watching = false
      for await _ in updates {
        watching = true
        break
      }
      if watching { try await trigger() }
      try await group.next()
      group.cancelAll()
    }
    guard let answer = checkIn.value else { throw WatchEnded(description: "the watch ended without a check-in") }
    return answer
  }
}

/// A value shared with a watch's callback.
private final class Box<Value: Sendable>: Sendable {
  private let stored: Mutex<Value>

  init(_ value: Value) {
    stored = Mutex(value)
  }

  var value: Value { stored.withLock { $0 } }

  func set(_ value: Value) {
    stored.withLock { $0 = value }
  }
}
