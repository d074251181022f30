import HadirClient
import HadirCore
import Testing

/// Who may do what, end to end over a loopback socket through the real client.
@Suite("Access control", .timeLimit(.minutes(1)))
struct AccessControlTests {
  @Test("server status needs no token and says which token was sent")
  func status() async throws {
    try await withTestServer { server in
      let anonymous = try await server.anonymousClient { try await $0.serverStatus() }
      #expect(anonymous.name == "hadird" && anonymous.protocolVersion == 1 && anonymous.callerRole == nil)
      let admin = try await server.client { try await $0.serverStatus() }
      #expect(admin.callerRole == .admin && admin.callerEventCode == nil)
      _ = try await server.client { try await $0.createEvent(banggai) }
      let desk = try await server.client(token: try await server.secret(.desk, event: "ILP-BANGGAI-25")) {
        try await $0.serverStatus()
      }
      #expect(desk.callerRole == .desk && desk.callerEventCode == "ILP-BANGGAI-25")
    }
  }

  @Test("no token: UNAUTHENTICATED, with its reason; advice about a program's flags is left to that program")
  func missingToken() async throws {
    try await withTestServer { server in
      let error = await failure { _ = try await server.anonymousClient { try await $0.events() } }
      #expect(error?.kind == .unauthenticated)
      #expect(error?.reason == Notice(.tokenMissing))
      #expect(error?.message == "This needs an access token.")
    }
  }

  @Test("a token that is not Hadir's, or unknown, is UNAUTHENTICATED, also for server status")
  func badToken() async throws {
    try await withTestServer { server in
      let foreign = await failure { _ = try await server.client(token: "abc") { try await $0.events() } }
      #expect(foreign?.kind == .unauthenticated)
      #expect(foreign?.message.contains("not a Hadir token") == true)
      let unknown = await failure {
        _ = try await server.client(token: "hadir_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") { try await $0.serverStatus() }
      }
      #expect(unknown?.kind == .unauthenticated)
      #expect(unknown?.message.contains("unknown or was revoked") == true)
    }
  }

  @Test("a revoked token stops working at once")
  func revoked() async throws {
    try await withTestServer { server in
      let (token, secret) = try await server.client { try await $0.createToken(name: "desk 1", role: .organizer, eventCode: nil) }
      let visible = try await server.client(token: secret) { try await $0.events() }
      #expect(visible.isEmpty)
      let revoked = try await server.client { try await $0.revokeToken(id: token.id) }
      #expect(revoked.revokedAt != nil)
      let error = await failure { _ = try await server.client(token: secret) { try await $0.events() } }
      #expect(error?.kind == .unauthenticated)
    }
  }

  @Test("a desk token cannot create events or tokens: PERMISSION_DENIED naming the roles needed")
  func deskRole() async throws {
    try await withTestServer { server in
      let desk = try await server.secret(.desk)
      let event = await failure { _ = try await server.client(token: desk) { try await $0.createEvent(banggai) } }
      #expect(event?.kind == .permissionDenied)
      #expect(event?.message == "A desk token cannot create events; it needs an admin or organizer token. Ask your Hadir administrator for one.")
      let token = await failure {
        _ = try await server.client(token: desk) { try await $0.createToken(name: "x", role: .admin, eventCode: nil) }
      }
      #expect(token?.kind == .permissionDenied)
      let organizer = try await server.secret(.organizer)
      let list = await failure { _ = try await server.client(token: organizer) { try await $0.tokens(includeRevoked: true) } }
      #expect(list?.kind == .permissionDenied)
    }
  }

  @Test("a token bound to one event sees and changes only that event")
  func eventBinding() async throws {
    try await withTestServer { server in
      _ = try await server.client { try await $0.createEvent(banggai) }
      _ = try await server.client { try await $0.createEvent(morowali) }
      let bound = try await server.secret(.organizer, event: "ILP-BANGGAI-25")
      try await server.client(token: bound) { client async throws in
        #expect(try await client.events().map(\.code) == ["ILP-BANGGAI-25"])
        #expect(try await client.updateEvent(code: "ilp-banggai-25", EventChanges(capacity: 76)).event.capacity == 76)
      }
      let other = await failure {
        _ = try await server.client(token: bound) { try await $0.event(code: "ILP-MOROWALI-25") }
      }
      #expect(other?.kind == .permissionDenied)
      #expect(other?.message.contains("limited to event ILP-BANGGAI-25") == true)
      let create = await failure {
        _ = try await server.client(token: bound) {
          try await $0.createEvent(NewEvent(code: "NEW-1", title: "t", venue: "", timeZone: "Asia/Makassar", firstDay: "2025-01-01", lastDay: "", capacity: 5))
        }
      }
      #expect(create?.kind == .permissionDenied)
    }
  }

  @Test("tokens: created with a secret shown once, listed without it, the secret stored only hashed")
  func tokens() async throws {
    try await withTestServer { server in
      _ = try await server.client { try await $0.createEvent(banggai) }
      let (token, secret) = try await server.client {
        try await $0.createToken(name: "  desk   2 ", role: .desk, eventCode: "ilp-banggai-25")
      }
      #expect(secret.hasPrefix("hadir_") && secret.count == 46)
      #expect(token.name == "desk 2" && token.role == .desk && token.eventCode == "ILP-BANGGAI-25")
      let listed = try await server.client { try await $0.tokens(includeRevoked: false) }
      #expect(listed.map(\.id).contains(token.id))
      let stored = try await server.database.writer.read { db in
        try String.fetchAll(db, sql: "SELECT hex(secret_hash) FROM access_token")
      }
      #expect(!stored.contains { $0.localizedCaseInsensitiveContains(secret) })
      let unknownRole = await failure {
        _ = try await server.client { try await $0.createToken(name: "", role: .desk, eventCode: nil) }
      }
      #expect(unknownRole?.kind == .invalidInput && unknownRole?.field == "name")
    }
  }
}
