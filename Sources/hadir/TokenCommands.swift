import ArgumentParser
import Foundation
import HadirClient
import HadirCore

struct TokenCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "token",
    abstract: helpText(.helpToken),
    subcommands: [Create.self, List.self, Revoke.self])

  /// A new token as JSON: the token, and its secret, shown this once.
  struct Issued: Encodable {
    var token: AccessToken
    var secret: String

    enum Keys: String, CodingKey { case secret }

    func encode(to encoder: any Encoder) throws {
      try token.encode(to: encoder)
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode(secret, forKey: .secret)
    }
  }

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText(.helpTokenCreate))

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp(helpText(.helpOptionTokenName))) var name: String
    @Option(help: ArgumentHelp(helpText(.helpOptionTokenRole))) var role: Role
    @Option(help: ArgumentHelp(helpText(.helpOptionTokenEvent))) var event: String?

    func run() async throws {
      try await connection.withClient { client in
        let (token, secret) = try await client.createToken(name: name, role: role, eventCode: event)
        if connection.json { return try printJSON(Issued(token: token, secret: secret)) }
        let event = token.eventCode.map { connection.text(.tokenForEvent, [.event: terminalSafe($0)]) } ?? ""
        print(
          connection.text(
            .tokenCreated,
            [.role: token.role.rawValue, .id: terminalSafe(token.id), .name: terminalSafe(token.name), .value: event]))
        print(connection.text(.secretShownOnce))
        print("")
        print("  \(terminalSafe(secret))")
      }
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText(.helpTokenList))

    @OptionGroup var connection: ConnectionOptions
    @Flag(help: ArgumentHelp(helpText(.helpOptionAllTokens))) var all = false

    func run() async throws {
      try await connection.withClient { client in
        let tokens = try await client.tokens(includeRevoked: all)
        if connection.json { return try printJSON(tokens) }
        var table = Table(
          connection.text(.headingID), connection.text(.headingName), connection.text(.headingRole),
          connection.text(.headingEvent), connection.text(.headingCreated), connection.text(.headingLastUsed),
          connection.text(.headingRevoked))
        for token in tokens {
          table.add(
            token.id, token.name, Notice.role(token.role.rawValue, connection.language),
            token.eventCode ?? connection.text(.allEvents), minute(token.createdAt),
            token.lastUsedAt.map(minute) ?? "-", token.revokedAt.map(minute) ?? "-")
        }
        print(table.rendered)
      }
    }
  }

  struct Revoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText(.helpTokenRevoke))

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp(helpText(.helpOptionTokenID))) var id: String

    func run() async throws {
      try await connection.withClient { client in
        let token = try await client.revokeToken(id: id)
        if connection.json { return try printJSON(token) }
        print(connection.text(.tokenRevoked, [.id: terminalSafe(token.id), .name: terminalSafe(token.name)]))
      }
    }
  }
}

extension Role: ExpressibleByArgument {}

/// A time to the minute, in UTC, for tables.
func minute(_ date: Date) -> String {
  date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateTimeSeparator(.space).time(includingFractionalSeconds: false)).dropLast(3) + " UTC"
}
