import ArgumentParser
import Foundation
import HadirClient
import HadirCore
import HadirPapers

struct Register: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: helpText(.helpRegister))

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var event: EventOption
  @OptionGroup var person: PersonOptions

  func run() async throws {
    try await connection.withClient { client in
      let registered = try await client.register(
        eventCode: try await event.code(using: client),
        person: Person(
          name: person.name, organization: person.organization, position: person.position, category: person.category,
          phone: person.phone, email: person.email, externalID: person.externalId))
      let registration = registered.registration
      if connection.json { return try printJSON(registration) }
      let code = RegistrationCode.display(registration.code)
      let name = terminalSafe(registration.person.name)
      if registered.alreadyRegistered {
        print(
          connection.text(
            .alreadyRegistered,
            [.name: name, .code: terminalSafe(code), .value: statusText(registration, connection: connection)]))
      } else {
        print(
          connection.text(
            .registeredPerson, [.name: name, .code: Style.bold(code), .value: statusText(registration, connection: connection)]))
      }
    }
  }
}

struct Cancel: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: helpText(.helpCancel))

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var event: EventOption
  @Argument(help: ArgumentHelp(helpText(.helpOptionCode))) var code: String

  func run() async throws {
    try await connection.withClient { client in
      // The code alone says which registration; an event given is checked against it.
      let (cancelled, promoted) = try await client.cancelRegistration(
        code: code, eventCode: event.event ?? environment("HADIR_EVENT"))
      if connection.json {
        struct Output: Encodable { var cancelled: Registration; var promoted: Registration? }
        return try printJSON(Output(cancelled: cancelled, promoted: promoted))
      }
      print(
        connection.text(
          .cancelledPerson,
          [.name: terminalSafe(cancelled.person.name), .code: terminalSafe(RegistrationCode.display(cancelled.code))]))
      if let promoted {
        print(
          connection.text(
            .movedUp,
            [.name: terminalSafe(promoted.person.name), .code: terminalSafe(RegistrationCode.display(promoted.code))]))
      }
    }
  }
}

struct Registrations: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: helpText(.helpRegistrations))

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var event: EventOption
  @Option(help: ArgumentHelp(helpText(.helpOptionStatusFilter))) var status: RegistrationStatus?
  @Option(help: ArgumentHelp(helpText(.helpOptionOrganizationFilter))) var organization: String?
  @Option(help: ArgumentHelp(helpText(.helpOptionSearch))) var search: String?
  @Option(help: ArgumentHelp(helpText(.helpOptionRegistrationsXLSX))) var xlsx: String?

  func run() async throws {
    try await connection.withClient { client in
      let eventCode = try await event.code(using: client)
      let all = try await client.allRegistrations(
        eventCode: eventCode, status: status, organization: organization, search: search)
      if let xlsx {
        var rows = [["No", "Nama", "Instansi", "Jabatan", "Kategori", "No. HP", "Email", "NIP / NIK", "Kode", "Status"]]
        for (index, registration) in all.enumerated() {
          let person = registration.person
          rows.append([
            "\(index + 1)", person.name, person.organization, person.position, person.category, person.phone, person.email,
            person.externalID, RegistrationCode.display(registration.code), statusText(registration, connection: connection),
          ])
        }
        do {
          try Spreadsheet.write(rows, sheet: "Peserta \(eventCode)", to: xlsx)
        } catch {
          printError(connection.text(of: error))
          throw ExitCode(1)
        }
      }
      if connection.json { return try printJSON(all) }
      if all.isEmpty { return print(connection.text(.noRegistrationsMatch)) }
      var table = Table(
        connection.text(.headingCode), connection.text(.headingName), connection.text(.headingOrganization),
        connection.text(.headingStatus), connection.text(.headingPhone))
      for registration in all {
        table.add(
          RegistrationCode.display(registration.code), registration.person.name, registration.person.organization,
          statusText(registration, connection: connection), registration.person.phone)
      }
      print(table.rendered)
      print(connection.text(.registrationCount, [.count: "\(all.count)"]))
      if let xlsx { print(connection.text(.wroteFile, [.value: terminalSafe(xlsx)])) }
    }
  }
}

extension RegistrationStatus: ExpressibleByArgument {}
