import ArgumentParser
import Foundation
import HadirClient
import HadirCore

struct TokenCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "token",
    abstract: "Create, list and revoke access tokens (administrators).",
    subcommands: [Create.self, List.self, Revoke.self])

  struct Output: Encodable {
    var id: String
    var name: String
    var role: String
    var eventCode: String?
    var createdAt: Date
    var revokedAt: Date?
    var lastUsedAt: Date?
    var secret: String?

    init(_ token: AccessToken, secret: String? = nil) {
      id = token.id
      name = token.name
      role = token.role.rawValue
      eventCode = token.eventCode
      createdAt = token.createdAt
      revokedAt = token.revokedAt
      lastUsedAt = token.lastUsedAt
      self.secret = secret
    }
  }

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Issue a token; its secret is shown once.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Who holds the token, e.g. \"desk 2\".") var name: String
    @Option(help: "admin, organizer or desk.") var role: Role
    @Option(help: "Limit the token to this event.") var event: String?

    func run() async throws {
      try await connection.withClient { client in
        let (token, secret) = try await client.createToken(name: name, role: role, eventCode: event)
        if connection.json { return try printJSON(Output(token, secret: secret)) }
        let event = token.eventCode.map { " for event \(terminalSafe($0))" } ?? ""
        print("Created \(token.role.rawValue) token \(terminalSafe(token.id)) (\"\(terminalSafe(token.name))\")\(event).")
        print("Its secret is shown only now; give it to its holder:")
        print("")
        print("  \(terminalSafe(secret))")
      }
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")

    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "Include revoked tokens.") var all = false

    func run() async throws {
      try await connection.withClient { client in
        let tokens = try await client.tokens(includeRevoked: all)
        if connection.json { return try printJSON(tokens.map { Output($0) }) }
        var table = Table("ID", "NAME", "ROLE", "EVENT", "CREATED", "LAST USED", "REVOKED")
        for token in tokens {
          table.add(
            token.id, token.name, token.role.rawValue, token.eventCode ?? "all", minute(token.createdAt),
            token.lastUsedAt.map(minute) ?? "-", token.revokedAt.map(minute) ?? "-")
        }
        print(table.rendered)
      }
    }
  }

  struct Revoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Revoke a token at once.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The token's id, from `hadir token list`.") var id: String

    func run() async throws {
      try await connection.withClient { client in
        let token = try await client.revokeToken(id: id)
        if connection.json { return try printJSON(Output(token)) }
        print("Revoked token \(terminalSafe(token.id)) (\"\(terminalSafe(token.name))\").")
      }
    }
  }
}

extension Role: ExpressibleByArgument {}

/// A time to the minute, in UTC, for tables.
func minute(_ date: Date) -> String {
  date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateTimeSeparator(.space).time(includingFractionalSeconds: false)).dropLast(3) + " UTC"
}
