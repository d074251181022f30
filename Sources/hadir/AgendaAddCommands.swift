import ArgumentParser
import HadirClient
import HadirCore

/// Adding one room, speaker, session or slot from the command line; the same rules as a file.
struct AgendaAdd: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: helpText(.helpAgendaAdd),
    subcommands: [AddRoom.self, AddSpeaker.self, AddSession.self, AddSlot.self])

  struct AddRoom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "room", abstract: helpText(.helpAddRoom))

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var event: EventOption
    @Argument(help: ArgumentHelp(helpText(.helpOptionRoomName))) var name: String
    @Option(help: ArgumentHelp(helpText(.helpOptionSeats))) var seats: Int?

    func run() async throws {
      try await connection.withClient { client in
        try await editAgenda(client, event: event) { agenda in
          agenda.rooms.append(Room(name: collapseSpaces(name), seats: seats))
        }
      }
    }
  }

  struct AddSpeaker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "speaker", abstract: helpText(.helpAddSpeaker))

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var event: EventOption
    @Argument(help: ArgumentHelp(helpText(.helpOptionNewSpeakerKey))) var key: String
    @Option(help: ArgumentHelp(helpText(.helpOptionSpeakerName))) var name: String
    @Option(help: ArgumentHelp(helpText(.helpOptionAffiliation))) var affiliation: String = ""
    @Option(help: ArgumentHelp(helpText(.helpOptionSpeakerTitle))) var title: String = ""
    @Option(help: ArgumentHelp(helpText(.helpOptionContact))) var contact: String = ""

    func run() async throws {
      try await connection.withClient { client in
        try await editAgenda(client, event: event) { agenda in
          agenda.speakers.append(
            Speaker(key: key, name: collapseSpaces(name), affiliation: affiliation, title: title, contact: contact))
        }
      }
    }
  }

  struct AddSession: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "session", abstract: helpText(.helpAddSession))

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var event: EventOption
    @Argument(help: ArgumentHelp(helpText(.helpOptionNewSessionKey))) var key: String
    @Option(help: ArgumentHelp(helpText(.helpOptionDay))) var day: String
    @Option(help: ArgumentHelp(helpText(.helpOptionStart))) var start: String
    @Option(help: ArgumentHelp(helpText(.helpOptionEnd))) var end: String
    @Option(help: ArgumentHelp(helpText(.helpOptionRoom))) var room: String
    @Option(help: ArgumentHelp(helpText(.helpOptionSessionKind)), transform: SessionKind.argument)
    var kind: SessionKind = .other
    @Option(help: ArgumentHelp(helpText(.helpOptionTitle))) var title: String
    @Option(help: ArgumentHelp(helpText(.helpOptionDescription))) var description: String = ""
    @Option(help: ArgumentHelp(helpText(.helpOptionSessionCapacity))) var capacity: Int?

    func run() async throws {
      guard let parsedDay = CalendarDay(day) else { throw ValidationError(usageText(.usageDay, [.field: "--day", .value: day])) }
      guard let parsedStart = TimeOfDay(start), let parsedEnd = TimeOfDay(end) else {
        throw ValidationError(usageText(.usageTime, [.field: TimeOfDay(start) == nil ? "--start" : "--end"]))
      }
      try await connection.withClient { client in
        try await editAgenda(client, event: event) { agenda in
          agenda.sessions.append(
            Session(
              key: key, day: parsedDay, start: parsedStart, end: parsedEnd, room: room, kind: kind,
              title: collapseSpaces(title), description: description, capacity: capacity))
        }
      }
    }
  }

  struct AddSlot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "slot", abstract: helpText(.helpAddSlot))

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var event: EventOption
    @Argument(help: ArgumentHelp(helpText(.helpOptionSession))) var session: String
    @Option(help: ArgumentHelp(helpText(.helpOptionSlotRole)), transform: SlotRole.argument) var role: SlotRole
    @Option(help: ArgumentHelp(helpText(.helpOptionSlotSpeaker))) var speaker: String?
    @Option(help: ArgumentHelp(helpText(.helpOptionSlotNote))) var note: String = ""

    func run() async throws {
      try await connection.withClient { client in
        try await editAgenda(client, event: event) { agenda in
          agenda.sessions[try sessionIndex(session, in: agenda)].slots.append(SpeakerSlot(role: role, speaker: speaker, note: note))
        }
      }
    }
  }
}

extension AgendaChoice {
  /// The choice an option's value names, in Indonesian or in English; else the words it takes.
  @Sendable static func argument(_ word: String) throws -> Self {
    guard let choice = Self(word: word) else { throw ValidationError(usageText(.usageChoice, [.title: choiceKey])) }
    return choice
  }
}
