import ArgumentParser
import Foundation
import HadirClient
import HadirCore

/// Exit codes of `checkin` and `walkin` beyond the common ones: a scan that was answered
/// but did not admit anyone new.
enum DeskExit {
  static let alreadyCheckedIn: Int32 = 10
  static let refused: Int32 = 11

  static func code(_ outcome: CheckInOutcome) -> Int32 {
    switch AnswerLook(outcome) {
    case .green: 0
    case .amber: alreadyCheckedIn
    case .red: refused
    }
  }
}

struct CheckIn: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "checkin",
    abstract: helpText(.helpCheckIn),
    discussion: helpText(.helpAboutCheckIn))

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var event: EventOption
  @Argument(help: ArgumentHelp(helpText(.helpOptionScannedCode))) var code: String
  @Option(help: ArgumentHelp(helpText(.helpOptionCheckInDay))) var day: String?
  @Option(help: ArgumentHelp(helpText(.helpOptionArrivalTime)))
  var time: String?

  func validate() throws {
    if time != nil && day == nil {
      throw ValidationError(usageText(.usageTimeGoesWithDay))
    }
  }

  func run() async throws {
    var exit: Int32 = 0
    try await connection.withClient { client in
      let answer = try await client.checkIn(
        eventCode: try await event.code(using: client), code: code, day: day, arrivalTime: time)
      exit = DeskExit.code(answer.outcome)
      if connection.json { return try printJSON(answer) }
      print(AnswerLook(answer.outcome).paint(" \(answer.message) "))
    }
    if exit != 0 { throw ExitCode(exit) }
  }
}

struct Undo: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: helpText(.helpUndo))

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var event: EventOption
  @Argument(help: ArgumentHelp(helpText(.helpOptionCode))) var code: String
  @Option(help: ArgumentHelp(helpText(.helpOptionUndoDay))) var day: String?

  func run() async throws {
    try await connection.withClient { client in
      let undone = try await client.undoCheckIn(eventCode: try await event.code(using: client), code: code, day: day)
      if connection.json {
        struct Output: Encodable { var registration: Registration; var day: String; var undoneCheckInAt: Date? }
        return try printJSON(Output(registration: undone.registration, day: undone.day.description, undoneCheckInAt: undone.undoneCheckInAt))
      }
      print(connection.text(.undone, [.name: terminalSafe(undone.registration.person.name), .day: undone.day.description]))
    }
  }
}

struct Find: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: helpText(.helpFind))

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var event: EventOption
  @Argument(parsing: .remaining, help: ArgumentHelp(helpText(.helpOptionFindWords))) var words: [String]

  func run() async throws {
    try await connection.withClient { client in
      let (people, day) = try await client.find(eventCode: try await event.code(using: client), query: words.joined(separator: " "))
      if connection.json {
        struct Output: Encodable { var registration: Registration; var checkedInToday: Bool }
        return try printJSON(people.map { Output(registration: $0.registration, checkedInToday: $0.checkedInToday) })
      }
      print(findTable(people, day: day, connection: connection))
    }
  }
}

/// The people found, as a table for the desk; says so when only the first ones are shown.
func findTable(_ people: [FoundPerson], day: CalendarDay, connection: ConnectionOptions) -> String {
  if people.isEmpty { return connection.text(.nobodyMatches) }
  var table = Table(
    connection.text(.headingCode), connection.text(.headingName), connection.text(.headingOrganization),
    connection.text(.headingStatus), connection.text(.headingToday, [.day: day.description]))
  for found in people {
    table.add(
      RegistrationCode.display(found.registration.code), found.registration.person.name,
      found.registration.person.organization, statusText(found.registration, connection: connection),
      found.checkedInToday ? connection.text(.markIn) : "-")
  }
  if people.count >= HadirClient.findLimit {
    return table.rendered + "\n" + connection.text(.firstMatchesOnly, [.count: "\(people.count)"])
  }
  return table.rendered
}

struct WalkIn: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "walkin", abstract: helpText(.helpWalkIn))

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var event: EventOption
  @OptionGroup var person: PersonOptions

  func run() async throws {
    var exit: Int32 = 0
    try await connection.withClient { client in
      let answer = try await client.walkIn(
        eventCode: try await event.code(using: client),
        person: Person(
          name: person.name, organization: person.organization, position: person.position, category: person.category,
          phone: person.phone, email: person.email, externalID: person.externalId))
      exit = DeskExit.code(answer.outcome)
      if connection.json { return try printJSON(answer) }
      print(AnswerLook(answer.outcome).paint(" \(answer.message) "))
      if let registration = answer.registration {
        print(connection.text(.walkInCode, [.code: Style.bold(RegistrationCode.display(registration.code))]))
      }
    }
    if exit != 0 { throw ExitCode(exit) }
  }
}

struct Watch: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: helpText(.helpWatch))

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var event: EventOption

  func run() async throws {
    let json = connection.json
    try await connection.withClient { client in
      let code = try await event.code(using: client)
      let zone = try await client.event(code: code).timeZone
      // A screen stays up through a server restart or lost Wi-Fi: it says so, waits, and
      // watches again, starting from fresh counters.
      var pause = Duration.seconds(1)
      while true {
        let started = ContinuousClock.now
        do {
          try await client.watch(eventCode: code) { counters, answer in
            show(counters, answer, json: json, zone: zone)
            return true
          }
          return
        } catch let error as HadirClientError where error.kind == .unavailable || error.kind == .timedOut {
          if ContinuousClock.now - started > .seconds(30) { pause = .seconds(1) }
          printError(connection.text(.reconnecting, [.value: error.message, .count: "\(pause.components.seconds)"]))
          try await Task.sleep(for: pause)
          pause = min(pause * 2, .seconds(16))
        }
      }
    }
  }

  private func show(_ counters: Counters, _ answer: DeskAnswer?, json: Bool, zone: String) {
    if json {
      struct Output: Encodable {
        var capacity, confirmed, waitlisted, checkedInToday: Int
        var day: String
        var checkIn: DeskAnswer?
      }
      try? sayJSON(
        Output(
          capacity: counters.capacity, confirmed: counters.confirmed, waitlisted: counters.waitlisted,
          checkedInToday: counters.checkedInToday, day: counters.day.description, checkIn: answer))
    } else {
      if let answer, let registration = answer.registration, case .checkedIn(let record) = answer.outcome {
        let organization = registration.person.organization.isEmpty ? "" : " · \(terminalSafe(registration.person.organization))"
        say(
          "\(localTime(record.at, timeZone: zone))  \(terminalSafe(record.desk))  \(terminalSafe(registration.person.name))\(organization)")
      }
      say(
        Style.bold(
          connection.text(
            .watchCounters,
            [
              .day: counters.day.description, .count: "\(counters.checkedInToday)", .confirmed: "\(counters.confirmed)",
              .capacity: "\(counters.capacity)", .waiting: "\(counters.waitlisted)",
            ])))
    }
  }
}
