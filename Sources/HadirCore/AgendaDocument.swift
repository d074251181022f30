import Foundation
import Yams

/// The agenda as one human-editable YAML file: what `hadir agenda apply` reads and
/// `hadir agenda export --format yaml` writes, so the two round-trip.
public enum AgendaDocument {
  /// Reads an agenda file. A file that is not YAML is one error; otherwise the error lists
  /// every mistake of the file, each with its line, in the order of the file.
  public static func parse(_ text: String) throws(HadirError) -> Agenda {
    let root: Node?
    do {
      // Every value is read as text and checked here, so YAML's implicit types are not
      // needed: the basic resolver spares a regular expression per value.
      root = try Yams.compose(yaml: text, .basic)
    } catch let error as YamlError {
      throw HadirError.invalid("agenda", describe(error))
    } catch {
      throw HadirError.invalid("agenda", Notice(.agendaNotYAML, [.value: "\(error)"]))
    }
    guard let root else { return Agenda() }
    let mistakes = Mistakes()
    let agenda = agenda(from: Reader(root, "file", mistakes))
    let found = mistakes.inFileOrder
    guard found.isEmpty else {
      let lines = found.map { Notice(.agendaMistake, [.line: "\($0.line)", .value: $0.notice.json]).json }
      throw HadirError.invalid("agenda", Notice(.agendaFileMistakes, [.count: "\(lines.count)", .items: Notice.list(lines)]))
    }
    return agenda
  }

  /// The agenda the file describes; a part with a mistake is left out once the mistake is
  /// recorded, so that it causes no others.
  private static func agenda(from file: Reader) -> Agenda {
    guard let top = file.mapping(allowed: ["rooms", "speakers", "sessions"]) else { return Agenda() }
    let rooms = top.list("rooms").compactMap { node -> Room? in
      guard let fields = node.mapping(allowed: ["name", "seats"]) else { return nil }
      let name = fields.required("name")?.text()
      let seats = fields["seats"]?.number()
      guard let name else { return nil }
      return Room(name: name, seats: seats)
    }
    let speakers = top.list("speakers").compactMap { node -> Speaker? in
      guard let fields = node.mapping(allowed: ["key", "name", "affiliation", "title", "contact"]) else { return nil }
      let key = fields.required("key")?.key()
      let name = fields.required("name")?.text()
      let affiliation = fields["affiliation"]?.text()
      let title = fields["title"]?.text()
      let contact = fields["contact"]?.text()
      guard let key, let name else { return nil }
      return Speaker(key: key, name: name, affiliation: affiliation ?? "", title: title ?? "", contact: contact ?? "")
    }
    let sessions = top.list("sessions").compactMap { node -> Session? in
      guard
        let fields = node.mapping(
          allowed: ["key", "day", "start", "end", "room", "kind", "title", "description", "capacity", "slots"])
      else { return nil }
      let key = fields.required("key")?.key()
      let day = fields.required("day")?.day()
      let start = fields.required("start")?.time()
      let end = fields.required("end")?.time()
      let room = fields.required("room")?.text()
      let kind: SessionKind? = if let field = fields["kind"] { field.choice(SessionKind.self) } else { .other }
      let title = fields.required("title")?.text()
      let description = fields["description"]?.text()
      let capacity = fields["capacity"]?.number()
      let slots = fields.list("slots").compactMap { slot -> SpeakerSlot? in
        guard let slotFields = slot.mapping(allowed: ["role", "speaker", "note"]) else { return nil }
        let role = slotFields.required("role")?.choice(SlotRole.self)
        let speaker = slotFields["speaker"]?.key()
        let note = slotFields["note"]?.text()
        guard let role else { return nil }
        return SpeakerSlot(role: role, speaker: speaker, note: note ?? "")
      }
      guard let key, let day, let start, let end, let room, let kind, let title else { return nil }
      return Session(
        key: key, day: day, start: start, end: end, room: room, kind: kind, title: title,
        description: description ?? "", capacity: capacity, slots: slots)
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

  private static func describe(_ error: YamlError) -> Notice {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
      return Notice(.agendaNotYAMLAt, [.line: "\(mark.line)", .value: problem])
    default:
      return Notice(.agendaNotYAML, [.value: "\(error)"])
    }
  }

  /// The mistakes found in a file, each with its line.
  final class Mistakes {
    private var found: [(line: Int, notice: Notice)] = []

    func add(line: Int, _ notice: Notice) { found.append((line, notice)) }

    /// By line; those on one line in the order they were found.
    var inFileOrder: [(line: Int, notice: Notice)] {
      found.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }
  }

  /// One node of the file, with where it is, for mistakes that point at the line. A reading
  /// that fails records its mistake and gives nil.
  struct Reader {
    let node: Node
    /// Where the node is, as the ``Fact/place`` fact says it: "file", "field:day",
    /// "item:field:sessions".
    let place: String
    let mistakes: Mistakes

    init(_ node: Node, _ place: String, _ mistakes: Mistakes) {
      self.node = node
      self.place = place
      self.mistakes = mistakes
    }

    var line: Int { node.mark?.line ?? 0 }

    /// Records a mistake at this node's line.
    func record(_ phrase: Phrase, _ facts: [Fact: String] = [:]) {
      mistakes.add(line: line, Notice(phrase, facts.merging([.place: place]) { $1 }))
    }

    /// Records a mistake and gives nil, for a reading that failed.
    func fail<Value>(_ phrase: Phrase, _ facts: [Fact: String] = [:]) -> Value? {
      record(phrase, facts)
      return nil
    }

    func mapping(allowed: Set<String>) -> Fields? {
      guard let mapping = node.mapping else { return fail(.agendaShouldBeMapping) }
      var fields: [String: Reader] = [:]
      for (key, value) in mapping {
        guard let name = key.string else {
          Reader(key, place, mistakes).record(.agendaFieldNameMissing)
          continue
        }
        guard allowed.contains(name) else {
          // A name is shown on one line, as is every mistake.
          Reader(key, place, mistakes).record(
            .agendaUnknownField, [.value: collapseSpaces(name), .items: Notice.list(allowed.sorted())])
          continue
        }
        fields[name] = Reader(value, "field:\(name)", mistakes)
      }
      return Fields(owner: self, fields: fields)
    }

    func list() -> [Reader]? {
      if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" { return [] }
      guard let sequence = node.sequence else { return fail(.agendaShouldBeList) }
      return sequence.map { Reader($0, "item:\(place)", mistakes) }
    }

    func text() -> String? {
      guard case .scalar(let scalar) = node else { return fail(.agendaShouldBeSingle) }
      do {
        return try TextRules.singleLine(scalar.string, field: "text")
      } catch {
        return fail(.agendaBadText, [.value: error.reason?.json ?? error.message])
      }
    }

    func key() -> String? {
      guard let value = text() else { return nil }
      guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
        return fail(.agendaBadKey, [.value: value])
      }
      return value
    }

    func number() -> Int? {
      guard let value = text() else { return nil }
      guard let number = Int(value), number > 0 else { return fail(.agendaBadNumber, [.value: value]) }
      return number
    }

    func day() -> CalendarDay? {
      guard let value = text() else { return nil }
      guard let day = CalendarDay(value) else { return fail(.agendaBadDay, [.value: value]) }
      return day
    }

    func time() -> TimeOfDay? {
      guard let value = text() else { return nil }
      guard let time = TimeOfDay(value) else { return fail(.agendaBadTime, [.value: value]) }
      return time
    }

    /// A session kind or a speaker role, in Indonesian or in English.
    func choice<Choice: AgendaChoice>(_: Choice.Type) -> Choice? {
      guard let value = text() else { return nil }
      guard let choice = Choice(word: value) else {
        return fail(.agendaBadChoice, [.value: value, .title: Choice.choiceKey])
      }
      return choice
    }
  }

  struct Fields {
    let owner: Reader
    let fields: [String: Reader]

    subscript(name: String) -> Reader? { fields[name] }

    func required(_ name: String) -> Reader? {
      guard let field = fields[name] else { return owner.fail(.agendaNeedsField, [.value: name]) }
      return field
    }

    /// The items of the list field `name`; none when it is absent or not a list.
    func list(_ name: String) -> [Reader] { fields[name]?.list() ?? [] }
  }
}
