import Foundation
import Yams

/// The agenda as one human-editable YAML file: what `hadir agenda apply` reads and
/// `hadir agenda export --format yaml` writes, so the two round-trip.
public enum AgendaDocument {
  /// Reads an agenda file; an error names the line and what was expected there.
  public static func parse(_ text: String) throws(HadirError) -> Agenda {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw HadirError.invalid("agenda", describe(error))
    } catch {
      throw HadirError.invalid("agenda", "The agenda file cannot be read: \(error).")
    }
    guard let root else { return Agenda() }
    do {
      return try agenda(from: root)
    } catch let error as HadirError {
      throw error
    } catch {
      throw HadirError.invalid("agenda", "The agenda file cannot be read: \(error).")
    }
  }

  private static func agenda(from root: Node) throws -> Agenda {
    let top = try Reader(root, "the agenda file").mapping(allowed: ["rooms", "speakers", "sessions"])
    let rooms = try (top["rooms"]?.list() ?? []).map { node in
      let fields = try node.mapping(allowed: ["name", "seats"])
      return Room(name: try fields.required("name").text(), seats: try fields["seats"]?.number())
    }
    let speakers = try (top["speakers"]?.list() ?? []).map { node in
      let fields = try node.mapping(allowed: ["key", "name", "affiliation", "title", "contact"])
      return Speaker(
        key: try fields.required("key").key(), name: try fields.required("name").text(),
        affiliation: try fields["affiliation"]?.text() ?? "", title: try fields["title"]?.text() ?? "",
        contact: try fields["contact"]?.text() ?? "")
    }
    let sessions = try (top["sessions"]?.list() ?? []).map { node in
      let fields = try node.mapping(
        allowed: ["key", "day", "start", "end", "room", "kind", "title", "description", "capacity", "slots"])
      let slots = try (fields["slots"]?.list() ?? []).map { slot in
        let slotFields = try slot.mapping(allowed: ["role", "speaker", "note"])
        return SpeakerSlot(
          role: try slotFields.required("role").choice(SlotRole.self), speaker: try slotFields["speaker"]?.key(),
          note: try slotFields["note"]?.text() ?? "")
      }
      return Session(
        key: try fields.required("key").key(), day: try fields.required("day").day(),
        start: try fields.required("start").time(), end: try fields.required("end").time(),
        room: try fields.required("room").text(), kind: try fields["kind"]?.choice(SessionKind.self) ?? .other,
        title: try fields.required("title").text(), description: try fields["description"]?.text() ?? "",
        capacity: try fields["capacity"]?.number(), slots: slots)
    }
    return Agenda(rooms: rooms, speakers: speakers, sessions: sessions)
  }

  /// The agenda as YAML, in the same shape `parse` reads.
  public static func render(_ agenda: Agenda, event: Event) -> String {
    var lines = [
      "# Agenda of \(event.code): \(event.title)",
      "# Days \(event.firstDay) to \(event.lastDay); times are in \(event.timeZone).",
      "# Apply with: hadir agenda apply FILE --event \(event.code)",
    ]
    lines.append("rooms:")
    if agenda.rooms.isEmpty { lines[lines.count - 1] += " []" }
    for room in agenda.rooms {
      lines.append("  - name: \(scalar(room.name))")
      if let seats = room.seats { lines.append("    seats: \(seats)") }
    }
    lines.append("speakers:")
    if agenda.speakers.isEmpty { lines[lines.count - 1] += " []" }
    for speaker in agenda.speakers {
      lines.append("  - key: \(scalar(speaker.key))")
      lines.append("    name: \(scalar(speaker.name))")
      if !speaker.affiliation.isEmpty { lines.append("    affiliation: \(scalar(speaker.affiliation))") }
      if !speaker.title.isEmpty { lines.append("    title: \(scalar(speaker.title))") }
      if !speaker.contact.isEmpty { lines.append("    contact: \(scalar(speaker.contact))") }
    }
    lines.append("sessions:")
    if agenda.sessions.isEmpty { lines[lines.count - 1] += " []" }
    for session in agenda.sessions {
      lines.append("  - key: \(scalar(session.key))")
      lines.append("    day: \(session.day)")
      lines.append("    start: \"\(session.start)\"")
      lines.append("    end: \"\(session.end)\"")
      lines.append("    room: \(scalar(session.room))")
      lines.append("    kind: \(session.kind.rawValue)")
      lines.append("    title: \(scalar(session.title))")
      if !session.description.isEmpty { lines.append("    description: \(scalar(session.description))") }
      if let capacity = session.capacity { lines.append("    capacity: \(capacity)") }
      if !session.slots.isEmpty { lines.append("    slots:") }
      for slot in session.slots {
        lines.append("      - role: \(slot.role.rawValue)")
        if let speaker = slot.speaker { lines.append("        speaker: \(scalar(speaker))") }
        if !slot.note.isEmpty { lines.append("        note: \(scalar(slot.note))") }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `text` as a YAML scalar: plain when that reads back the same, else double-quoted.
  static func scalar(_ text: String) -> String {
    let plainSafe = text.unicodeScalars.allSatisfy {
      CharacterSet.alphanumerics.contains($0) || " .,()/'&-_+@".unicodeScalars.contains($0)
    }
    let first = text.unicodeScalars.first
    let keyword = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"].contains(text.lowercased())
    if !text.isEmpty && plainSafe && !keyword && first.map({ CharacterSet.letters.contains($0) }) == true
      && !text.hasSuffix(" ")
    {
      return text
    }
    var escaped = "\""
    for character in text {
      switch character {
      case "\"": escaped += "\\\""
      case "\\": escaped += "\\\\"
      case "\n": escaped += "\\n"
      case "\t": escaped += "\\t"
      case "\r\n": escaped += "\\n"
      default: escaped.append(character)
      }
    }
    return escaped + "\""
  }

  private static func describe(_ error: YamlError) -> String {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
      return "Line \(mark.line): the agenda file is not valid YAML (\(problem)). Check the indentation and the quotes there."
    default:
      return "The agenda file is not valid YAML: \(error)."
    }
  }

  /// One node of the file, with where it is, for errors that point at the line.
  struct Reader {
    let node: Node
    let what: String

    init(_ node: Node, _ what: String) {
      self.node = node
      self.what = what
    }

    var line: Int { node.mark?.line ?? 0 }

    func fail(_ message: String) -> HadirError {
      HadirError.invalid("agenda", "Line \(line): \(message)")
    }

    func mapping(allowed: Set<String>) throws(HadirError) -> Fields {
      guard let mapping = node.mapping else { throw fail("\(what) should be a set of \"name: value\" lines.") }
      var fields: [String: Reader] = [:]
      for (key, value) in mapping {
        guard let name = key.string else { throw Reader(key, what).fail("a field name is missing.") }
        guard allowed.contains(name) else {
          throw Reader(key, name).fail(
            "\"\(name)\" is not a field of \(what); expected \(allowed.sorted().joined(separator: ", ")).")
        }
        fields[name] = Reader(value, "\"\(name)\"")
      }
      return Fields(owner: self, fields: fields)
    }

    func list() throws(HadirError) -> [Reader] {
      if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" { return [] }
      guard let sequence = node.sequence else { throw fail("\(what) should be a list, one item per \"- \" line.") }
      return sequence.map { Reader($0, "an item of \(what)") }
    }

    func text() throws(HadirError) -> String {
      guard case .scalar(let scalar) = node else { throw fail("\(what) should be a single value.") }
      do {
        return try TextRules.singleLine(scalar.string, field: "text")
      } catch {
        throw fail("\(what): \(error.message)")
      }
    }

    func key() throws(HadirError) -> String {
      let value = try text()
      guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
        throw fail("\(what) \"\(value)\" should be a short name of letters, digits, - and _, such as d1-opening.")
      }
      return value
    }

    func number() throws(HadirError) -> Int {
      let value = try text()
      guard let number = Int(value), number > 0 else { throw fail("\(what) should be a whole number above 0, not \"\(value)\".") }
      return number
    }

    func day() throws(HadirError) -> CalendarDay {
      let value = try text()
      guard let day = CalendarDay(value) else { throw fail("\(what) \"\(value)\" is not a date; write it as 2025-05-27.") }
      return day
    }

    func time() throws(HadirError) -> TimeOfDay {
      let value = try text()
      guard let time = TimeOfDay(value) else { throw fail("\(what) \"\(value)\" is not a time; write it as \"08:30\".") }
      return time
    }

    /// A session kind or a speaker role, in Indonesian or in English.
    func choice<Choice: AgendaChoice>(_: Choice.Type) throws(HadirError) -> Choice {
      let value = try text()
      guard let choice = Choice(word: value) else {
        throw fail("\(what) \"\(value)\" is not a \(Choice.noun); write one of \(Choice.acceptedWords).")
      }
      return choice
    }
  }

  struct Fields {
    let owner: Reader
    let fields: [String: Reader]

    subscript(name: String) -> Reader? { fields[name] }

    func required(_ name: String) throws(HadirError) -> Reader {
      guard let field = fields[name] else { throw owner.fail("\(owner.what) needs a \"\(name)\".") }
      return field
    }
  }
}
