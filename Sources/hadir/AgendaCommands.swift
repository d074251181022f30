import ArgumentParser
import Foundation
import HadirClient
import HadirCore

struct AgendaCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "agenda",
    abstract: helpText(.helpAgenda),
    subcommands: [
      Show.self, Apply.self, Check.self, Export.self, AgendaAdd.self, Assign.self, Unassign.self, Move.self, Remove.self,
    ])

  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText(.helpAgendaShow))

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var event: EventOption
    @Option(help: ArgumentHelp(helpText(.helpOptionOnlyDay))) var day: String?

    func run() async throws {
      try await connection.withClient { client in
        let code = try await event.code(using: client)
        let (agenda, zone, _) = try await client.agenda(eventCode: code, day: day)
        if connection.json { return try printJSON(agenda) }
        print(timetable(agenda, zone: zone, language: connection.language))
      }
    }
  }

  struct Apply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: helpText(.helpAgendaApply))

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var event: EventOption
    @Argument(help: ArgumentHelp(helpText(.helpOptionAgendaFile))) var file: String
    @Flag(help: ArgumentHelp(helpText(.helpOptionAgendaDryRun))) var dryRun = false

    func run() async throws {
      let document = try readText(file)
      try await connection.withClient { client in
        let result = try await client.applyAgenda(
          eventCode: try await event.code(using: client), document: document, dryRun: dryRun)
        if connection.json {
          struct Output: Encodable { var created, updated, deleted, openSlots: [String]; var applied: Bool; var summary: String }
          return try printJSON(
            Output(
              created: result.created, updated: result.updated, deleted: result.deleted,
              openSlots: result.openSlots.map { $0.text(in: connection.language) }, applied: result.applied,
              summary: result.summary))
        }
        for (label, items) in [("created", result.created), ("updated", result.updated), ("deleted", result.deleted)]
        where !items.isEmpty {
          print("\(label): \(items.map { terminalSafe($0) }.joined(separator: ", "))")
        }
        for slot in result.openSlots {
          print(Style.amber(" \(connection.text(.openSlot)) ") + " \(terminalSafe(slot.text(in: connection.language)))")
        }
        print(Style.bold(result.summary))
      }
    }
  }

  struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: helpText(.helpAgendaCheck))

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var event: EventOption
    @Argument(help: ArgumentHelp(helpText(.helpOptionAgendaFileToCheck))) var file: String?

    func run() async throws {
      let document = try file.map(readText)
      var conflicts = 0
      try await connection.withClient { client in
        let problems = try await client.validateAgenda(eventCode: try await event.code(using: client), document: document)
        conflicts = problems.filter { $0.kind == .conflict }.count
        if connection.json {
          struct Output: Encodable { var kind: String; var message: String; var session: String? }
          return try printJSON(
            problems.map { Output(kind: $0.kind.rawValue, message: $0.text(in: connection.language), session: $0.session) })
        }
        if problems.isEmpty { return print(connection.text(.agendaHasNoProblems)) }
        for problem in problems {
          let label = problem.kind == .conflict ? Style.red(" \(connection.text(.conflictLabel)) ") : Style.amber(" \(connection.text(.openSlot)) ")
          print(label + " \(terminalSafe(problem.text(in: connection.language)))")
        }
      }
      if conflicts > 0 { throw ExitCode(1) }
    }
  }

  struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText(.helpAgendaExport))

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var event: EventOption
    @Option(help: ArgumentHelp(helpText(.helpOptionExportFormat))) var format: String
    @Option(name: .shortAndLong, help: ArgumentHelp(helpText(.helpOptionOutput))) var output: String?

    func run() async throws {
      try await connection.withClient { client in
        let content = try await client.exportAgenda(eventCode: try await event.code(using: client), format: format)
        if let output {
          try Data(content.utf8).write(to: URL(fileURLWithPath: output))
        } else if isatty(STDOUT_FILENO) == 1 {
          // Shown on a terminal: made safe, line by line. Redirected to a file or a pipe, the
          // export is data and goes out exactly as the server wrote it.
          FileHandle.standardOutput.write(Data(terminalSafe(content, keepingLineBreaks: true).utf8))
        } else {
          FileHandle.standardOutput.write(Data(content.utf8))
        }
      }
    }
  }

  struct Assign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText(.helpAgendaAssign))

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var event: EventOption
    @Argument(help: ArgumentHelp(helpText(.helpOptionSession))) var session: String
    @Argument(help: ArgumentHelp(helpText(.helpOptionSlot))) var slot: Int

    func validate() throws { try validateSlotNumber(slot) }
    @Argument(help: ArgumentHelp(helpText(.helpOptionSpeaker))) var speaker: String

    func run() async throws {
      try await connection.withClient { client in
        try await editAgenda(client, event: event) { agenda in
          try modifySlot(&agenda, session: session, slot: slot) { $0.speaker = speaker }
        }
      }
    }
  }

  struct Unassign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText(.helpAgendaUnassign))

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var event: EventOption
    @Argument(help: ArgumentHelp(helpText(.helpOptionSession))) var session: String
    @Argument(help: ArgumentHelp(helpText(.helpOptionSlot))) var slot: Int

    func validate() throws { try validateSlotNumber(slot) }

    func run() async throws {
      try await connection.withClient { client in
        try await editAgenda(client, event: event) { agenda in
          try modifySlot(&agenda, session: session, slot: slot) { $0.speaker = nil }
        }
      }
    }
  }

  struct Move: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText(.helpAgendaMove))

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var event: EventOption
    @Argument(help: ArgumentHelp(helpText(.helpOptionSession))) var session: String
    @Option(help: ArgumentHelp(helpText(.helpOptionNewDay))) var day: String?
    @Option(help: ArgumentHelp(helpText(.helpOptionNewStart))) var start: String?
    @Option(help: ArgumentHelp(helpText(.helpOptionNewEnd))) var end: String?
    @Option(help: ArgumentHelp(helpText(.helpOptionNewRoom))) var room: String?

    func run() async throws {
      try await connection.withClient { client in
        try await editAgenda(client, event: event) { agenda in
          let index = try sessionIndex(session, in: agenda)
          if let day {
            guard let parsed = CalendarDay(day) else { throw ValidationError(usageText(.usageDay, [.field: "--day", .value: day])) }
            agenda.sessions[index].day = parsed
          }
          if let start {
            guard let parsed = TimeOfDay(start) else { throw ValidationError(usageText(.usageTime, [.field: "--start"])) }
            agenda.sessions[index].start = parsed
          }
          if let end {
            guard let parsed = TimeOfDay(end) else { throw ValidationError(usageText(.usageTime, [.field: "--end"])) }
            agenda.sessions[index].end = parsed
          }
          if let room { agenda.sessions[index].room = room }
        }
      }
    }
  }

  struct Remove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText(.helpAgendaRemove))

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var event: EventOption
    @Argument(help: ArgumentHelp(helpText(.helpOptionRemoveKind))) var kind: String
    @Argument(help: ArgumentHelp(helpText(.helpOptionRemoveName))) var name: String

    func run() async throws {
      try await connection.withClient { client in
        try await editAgenda(client, event: event) { agenda in
          let before = agenda.rooms.count + agenda.speakers.count + agenda.sessions.count
          switch kind {
          case "session": agenda.sessions.removeAll { $0.key == name }
          case "speaker": agenda.speakers.removeAll { $0.key == name }
          case "room": agenda.rooms.removeAll { $0.name == name }
          default: throw ValidationError(usageText(.usageRemoveWhat, [.value: kind]))
          }
          if agenda.rooms.count + agenda.speakers.count + agenda.sessions.count == before {
            throw HadirClientError(
              kind: .notFound, message: Notice(.agendaNoSuchItem, [.title: kind, .name: name]).text(in: client.language))
          }
        }
      }
    }
  }
}

/// Reads the stored agenda, changes it, and applies the result: the same rules and the same
/// conflict messages as a file.
func editAgenda(_ client: HadirClient, event: EventOption, _ change: (inout Agenda) throws -> Void) async throws {
  let code = try await event.code(using: client)
  let details = try await client.event(code: code)
  var (agenda, _, revision) = try await client.agenda(eventCode: code)
  try change(&agenda)
  let result = try await client.applyAgenda(
    eventCode: code, document: AgendaDocument.render(agenda, event: details), expectedRevision: revision)
  print(terminalSafe(result.summary))
}

/// Where session `key` is in the agenda, or NOT_FOUND saying where the keys are listed.
func sessionIndex(_ key: String, in agenda: Agenda) throws -> Int {
  guard let index = agenda.sessions.firstIndex(where: { $0.key == key }) else {
    throw HadirClientError(
      kind: .notFound, message: "There is no session \"\(key)\"; `hadir agenda export --format yaml` lists the keys.")
  }
  return index
}

/// A slot number as typed: from 1 (a very negative number would overflow `slot - 1`).
func validateSlotNumber(_ slot: Int) throws {
  guard slot >= 1 else { throw ValidationError(usageText(.usageSlotNumber, [.value: "\(slot)"])) }
}

func modifySlot(_ agenda: inout Agenda, session: String, slot: Int, _ change: (inout SpeakerSlot) -> Void) throws {
  let index = try sessionIndex(session, in: agenda)
  guard agenda.sessions[index].slots.indices.contains(slot - 1) else {
    throw HadirClientError(
      kind: .invalidInput,
      message: usageText(.agendaSlotOutOfRange, [.name: session, .count: "\(agenda.sessions[index].slots.count)"]))
  }
  change(&agenda.sessions[index].slots[slot - 1])
}

func readText(_ path: String) throws -> String {
  do {
    return try String(contentsOfFile: path, encoding: .utf8)
  } catch {
    throw ValidationError(usageText(.usageUnreadableFile, [.value: path, .cause: (error as NSError).localizedDescription]))
  }
}

/// The agenda as a readable timetable: one block per day, one line per session.
/// The timetable, a day at a time under the day's name ("Selasa, 27 Mei 2025 (WITA)"), with
/// the room column as wide as the longest room of the day: no name is cut.
func timetable(_ agenda: Agenda, zone: String, language: Language) -> String {
  let say = { (phrase: Phrase, facts: [Fact: String]) in Notice(phrase, facts).text(in: language) }
  if agenda.sessions.isEmpty { return say(.noSessionsYet, [:]) }
  var text = ""
  for (day, sessions) in Dictionary(grouping: agenda.sessions, by: \.day).sorted(by: { $0.key < $1.key }) {
    let heading = language == .indonesian
      ? "\(IndonesianDates.longDate(day))  (\(TimeZoneName.indonesian(zone)))"
      : "\(englishWeekday(day)) \(day)  (\(zone))"
    text += Style.bold(heading) + "\n"
    let roomWidth = sessions.map { terminalSafe($0.room).count }.max() ?? 0
    // Speakers are indented under the title: hours (11), two spaces, the room, two spaces.
    let indent = String(repeating: " ", count: 2 + 11 + 2 + roomWidth + 2)
    for session in sessions {
      let room = terminalSafe(session.room).padding(toLength: roomWidth, withPad: " ", startingAt: 0)
      text += "  \(session.hours)  \(room)  \(terminalSafe(session.title))"
      text += session.kind == .other ? "\n" : "  [\(kindName(session.kind, language))]\n"
      for slot in session.slots {
        let role = roleName(slot.role, language)
        if let key = slot.speaker {
          let speaker = agenda.speaker(key)
          let affiliation = speaker.map { $0.affiliation.isEmpty ? "" : ", \(terminalSafe($0.affiliation))" } ?? ""
          text += indent + "\(role): \(terminalSafe(speaker?.name ?? key))\(affiliation)\n"
        } else {
          text += indent + Style.amber(" \(say(.openSlot, [:])) \(role) ")
            + (slot.note.isEmpty ? "" : " \(terminalSafe(slot.note))") + "\n"
        }
      }
    }
    text += "\n"
  }
  return text
}

/// A session kind as the reader says it: "presentasi" in Indonesian.
func kindName(_ kind: SessionKind, _ language: Language) -> String {
  language == .indonesian ? kind.indonesianWords.first ?? kind.rawValue : kind.rawValue
}

/// A speaker's role as the reader says it: "narasumber", "pembicara utama".
func roleName(_ role: SlotRole, _ language: Language) -> String {
  language == .indonesian ? role.indonesianWords.first ?? role.rawValue : role.rawValue
}

/// "Tuesday".
func englishWeekday(_ day: CalendarDay) -> String {
  ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][IndonesianDates.weekday(day)]
}
