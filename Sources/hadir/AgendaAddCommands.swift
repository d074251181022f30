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
    @Argument(help: "The room's name.") var name: String
    @Option(help: "Seats.") var seats: Int?

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
    @Argument(help: "A short name for the speaker, e.g. ppni-ketua.") var key: String
    @Option(help: "Full name with titles.") var name: String
    @Option(help: "Office or organization.") var affiliation: String = ""
    @Option(help: "Position or title.") var title: String = ""
    @Option(help: "Phone or e-mail.") var contact: String = ""

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
    @Argument(help: "A short, stable name for the session, e.g. d1-opening.") var key: String
    @Option(help: "Day, YYYY-MM-DD.") var day: String
    @Option(help: "Start, HH:MM.") var start: String
    @Option(help: "End, HH:MM.") var end: String
    @Option(help: "Room.") var room: String
    @Option(help: "What the session is: \(SessionKind.acceptedWords); other when left out.", transform: SessionKind.argument)
    var kind: SessionKind = .other
    @Option(help: "Title.") var title: String
    @Option(help: "Description.") var description: String = ""
    @Option(help: "Places, when the session has its own limit.") var capacity: Int?

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
    @Argument(help: "The session's key.") var session: String
    @Option(help: "The speaker's part: \(SlotRole.acceptedWords).", transform: SlotRole.argument) var role: SlotRole
    @Option(help: "The speaker's key; leave out for an open slot.") var speaker: String?
    @Option(help: "Who is expected, e.g. \"from PPNI, to be named\".") var note: String = ""

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
