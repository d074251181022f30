import ArgumentParser
import HadirClient
import HadirCore

/// Which event a command works on: --event, else HADIR_EVENT, else the event the token is
/// limited to.
struct EventOption: ParsableArguments {
  @Option(name: .long, help: "The event's code (env HADIR_EVENT; default: the event your token is limited to).")
  var event: String?

  func code(using client: HadirClient) async throws -> String {
    if let event = event ?? environment("HADIR_EVENT") { return event }
    if let bound = try await client.serverStatus().callerEventCode { return bound }
    throw HadirClientError(kind: .invalidInput, message: Notice(.whichEvent).text(in: client.language))
  }
}

/// The details of a person, for register and walk-in.
struct PersonOptions: ParsableArguments {
  @Option(help: "Full name, as it should appear on the attendance list.") var name: String
  @Option(help: "Organization (instansi).") var organization: String = ""
  @Option(help: "Position (jabatan).") var position: String = ""
  @Option(help: "Category, e.g. peserta, narasumber, panitia.") var category: String = ""
  @Option(help: "Phone number, e.g. 0812-3456-7890.") var phone: String = ""
  @Option(help: "E-mail address.") var email: String = ""
  @Option(help: "External id such as NIP or NIK.") var externalId: String = ""
}
