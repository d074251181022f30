import ArgumentParser
import HadirClient
import HadirCore

/// Which event a command works on: --event, else HADIR_EVENT, else the event the token is
/// limited to.
struct EventOption: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp(helpText(.helpOptionEvent)))
  var event: String?

  func code(using client: HadirClient) async throws -> String {
    if let event = event ?? environment("HADIR_EVENT") { return event }
    if let bound = try await client.serverStatus().callerEventCode { return bound }
    throw HadirClientError(kind: .invalidInput, message: Notice(.whichEvent).text(in: client.language))
  }
}

/// The details of a person, for register and walk-in.
struct PersonOptions: ParsableArguments {
  @Option(help: ArgumentHelp(helpText(.helpOptionName))) var name: String
  @Option(help: ArgumentHelp(helpText(.helpOptionOrganization))) var organization: String = ""
  @Option(help: ArgumentHelp(helpText(.helpOptionPosition))) var position: String = ""
  @Option(help: ArgumentHelp(helpText(.helpOptionCategory))) var category: String = ""
  @Option(help: ArgumentHelp(helpText(.helpOptionPhone))) var phone: String = ""
  @Option(help: ArgumentHelp(helpText(.helpOptionEmail))) var email: String = ""
  @Option(help: ArgumentHelp(helpText(.helpOptionExternalID))) var externalId: String = ""
}
