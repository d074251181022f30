import ArgumentParser
import Foundation
import HadirClient
import HadirCore
import HadirPapers

/// `hadir badges`: name badges with QR codes, to print before the event.
struct Badges: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: helpText(.helpBadges),
    discussion: helpText(.helpAboutBadges))

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var event: EventOption
  @Option(help: ArgumentHelp(helpText(.helpOptionBadgesPDF))) var pdf: String
  @Option(help: ArgumentHelp(helpText(.helpOptionBadgesStatus))) var status: RegistrationStatus = .confirmed

  func run() async throws {
    try await connection.withClient { client in
      let code = try await event.code(using: client)
      let details = try await client.event(code: code)
      let registrations = try await client.allRegistrations(eventCode: code, status: status)
      do {
        try BadgesPDF.write(registrations.map { Badge(registration: $0, event: details) }, to: pdf)
      } catch {
        printError(connection.text(of: error))
        throw ExitCode(1)
      }
      print(connection.text(.wroteBadges, [.count: "\(registrations.count)", .value: terminalSafe(pdf)]))
    }
  }
}
