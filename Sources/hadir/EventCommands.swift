import ArgumentParser
import Foundation
import HadirClient
import HadirCore

struct EventCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "event",
    abstract: helpText(.helpEvent),
    subcommands: [Create.self, List.self, Show.self, Update.self])

  static func printDetails(_ event: Event, connection: ConnectionOptions) {
    print(
      """
      \(connection.text(.labelCode))  \(terminalSafe(event.code))
      \(connection.text(.labelTitle))  \(terminalSafe(event.title))
      \(connection.text(.labelVenue))  \(event.venue.isEmpty ? "-" : terminalSafe(event.venue))
      \(connection.text(.labelDays))  \(days(event, connection: connection))
      \(connection.text(.labelZone)) \(terminalSafe(zone(event, connection: connection)))
      \(connection.text(.labelCapacity))  \(event.capacity)
      """)
  }

  /// The venue's zone: WIB, WITA or WIT as Indonesians say it, else its IANA name.
  static func zone(_ event: Event, connection: ConnectionOptions) -> String {
    connection.language == .indonesian ? TimeZoneName.indonesian(event.timeZone) : event.timeZone
  }

  /// The server's rule for a capacity (HadirCore's `NewEvent`): checked here as well, so
  /// that a number the wire cannot carry (it is 32 bits) is refused as it was typed rather
  /// than sent as another number.
  static let capacities = 1...100_000

  static func validate(capacity: Int?) throws {
    guard let capacity, !capacities.contains(capacity) else { return }
    throw ValidationError(usageText(.usageCapacity, [.value: "\(capacity)"]))
  }

  /// The event's days: "27–28 Mei 2025 (2 hari)" in Indonesian, "2025-05-27 to 2025-05-28
  /// (2 days)" in English.
  static func days(_ event: Event, connection: ConnectionOptions) -> String {
    if connection.language == .indonesian {
      let span = event.firstDay == event.lastDay
        ? IndonesianDates.longDate(event.firstDay) : IndonesianDates.span(event.firstDay, event.lastDay)
      return event.dayCount == 1 ? span : "\(span) (\(event.dayCount) hari)"
    }
    return event.firstDay == event.lastDay
      ? event.firstDay.description
      : "\(event.firstDay) to \(event.lastDay) (\(event.dayCount) days)"
  }

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: helpText(.helpEventCreate),
      discussion: helpText(.helpAboutEventCreate))

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp(helpText(.helpOptionNewEventCode))) var code: String
    @Option(help: ArgumentHelp(helpText(.helpOptionEventTitle))) var title: String
    @Option(help: ArgumentHelp(helpText(.helpOptionVenue))) var venue: String = ""
    @Option(help: ArgumentHelp(helpText(.helpOptionTimeZone))) var timeZone: String = "WITA"
    @Option(help: ArgumentHelp(helpText(.helpOptionFirstDay))) var firstDay: String
    @Option(help: ArgumentHelp(helpText(.helpOptionLastDay))) var lastDay: String?
    @Option(help: ArgumentHelp(helpText(.helpOptionEventCapacity))) var capacity: Int

    func validate() throws {
      try EventCommand.validate(capacity: capacity)
    }

    func run() async throws {
      try await connection.withClient { client in
        let event = try await client.createEvent(
          NewEvent(
            code: code, title: title, venue: venue, timeZone: timeZone, firstDay: firstDay,
            lastDay: lastDay ?? firstDay, capacity: capacity))
        if connection.json { return try printJSON(event) }
        print(connection.text(.eventCreated, [.event: terminalSafe(event.code)]))
        EventCommand.printDetails(event, connection: connection)
      }
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText(.helpEventList))

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
      try await connection.withClient { client in
        let events = try await client.events()
        if connection.json { return try printJSON(events) }
        if events.isEmpty { return print(connection.text(.noEventsYet)) }
        var table = Table(
          connection.text(.headingCode), connection.text(.headingTitle), connection.text(.headingDays),
          connection.text(.headingZone), connection.text(.headingCapacity))
        for event in events {
          table.add(
            event.code, event.title, EventCommand.days(event, connection: connection),
            EventCommand.zone(event, connection: connection), "\(event.capacity)")
        }
        print(table.rendered)
      }
    }
  }

  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText(.helpEventShow))

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp(helpText(.helpOptionEventCode))) var code: String

    func run() async throws {
      try await connection.withClient { client in
        let event = try await client.event(code: code)
        if connection.json { return try printJSON(event) }
        EventCommand.printDetails(event, connection: connection)
      }
    }
  }

  struct Update: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText(.helpEventUpdate))

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp(helpText(.helpOptionEventCode))) var code: String
    @Option(help: ArgumentHelp(helpText(.helpOptionNewTitle))) var title: String?
    @Option(help: ArgumentHelp(helpText(.helpOptionNewVenue))) var venue: String?
    @Option(help: ArgumentHelp(helpText(.helpOptionNewTimeZone))) var timeZone: String?
    @Option(help: ArgumentHelp(helpText(.helpOptionNewFirstDay))) var firstDay: String?
    @Option(help: ArgumentHelp(helpText(.helpOptionNewLastDay))) var lastDay: String?
    @Option(help: ArgumentHelp(helpText(.helpOptionNewCapacity))) var capacity: Int?

    func validate() throws {
      try EventCommand.validate(capacity: capacity)
    }

    func run() async throws {
      let changes = EventChanges(
        title: title, venue: venue, timeZone: timeZone, firstDay: firstDay, lastDay: lastDay, capacity: capacity)
      if changes.isEmpty {
        throw ValidationError(usageText(.usageNothingToUpdate))
      }
      try await connection.withClient { client in
        let (event, promoted) = try await client.updateEvent(code: code, changes)
        if connection.json { return try printJSON(event) }
        print(connection.text(.eventUpdated, [.event: terminalSafe(event.code)]))
        EventCommand.printDetails(event, connection: connection)
        if !promoted.isEmpty {
          // A raised capacity confirms people from the waitlist: say who, so they can be told.
          print("\n" + connection.text(.promotedFromWaitlist, [.count: "\(promoted.count)"]))
          for registration in promoted {
            print("  \(terminalSafe(registration.person.name)) (\(RegistrationCode.display(registration.code)))")
          }
        }
      }
    }
  }
}
