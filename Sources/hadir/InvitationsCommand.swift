import ArgumentParser
import Foundation
import HadirClient
import HadirCore

/// `hadir invitations`: each person's code, with a message and a WhatsApp link to send it.
struct Invitations: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: helpText(.helpInvitations),
    discussion: helpText(.helpAboutInvitations))

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var event: EventOption
  @Option(help: ArgumentHelp(helpText(.helpOptionInvitationsCSV))) var csv: String
  @Option(help: ArgumentHelp(helpText(.helpOptionDelimiter)))
  var delimiter: InviteeFile.Delimiter = .comma

  func run() async throws {
    try await connection.withClient { client in
      let code = try await event.code(using: client)
      let details = try await client.event(code: code)
      let registrations = try await client.allRegistrations(eventCode: code, status: .confirmed)
      if !registrations.isEmpty && registrations.allSatisfy({ $0.person.phone.isEmpty }) {
        printError("No one here has a phone number (a desk token does not see them; an organizer token does).")
      }
      let invitations = registrations.map { Invitation(registration: $0, event: details) }
      var rows = [["No", "Nama", "Instansi", "Kode", "No. HP", "Pesan", "Tautan WhatsApp"]]
      for (index, invitation) in invitations.enumerated() {
        rows.append([
          "\(index + 1)", invitation.name, invitation.organization, invitation.code, invitation.phone, invitation.message,
          invitation.whatsAppLink,
        ])
      }
      try Data(CSVText.render(rows, delimiter: delimiter.character).utf8).write(to: URL(fileURLWithPath: csv))
      let withPhone = invitations.filter { !$0.phone.isEmpty }.count
      print(
        connection.text(
          .wroteInvitations, [.count: "\(invitations.count)", .value: terminalSafe(csv), .expected: "\(withPhone)"]))
    }
  }
}
extension InviteeFile.Delimiter: ExpressibleByArgument {}
