import Foundation
import Testing

@testable import HadirCore

@Suite("Reading agenda files")
struct AgendaDocumentTests {
  /// A file of one session of `kind` with one slot of `role`.
  static func file(kind: String, role: String = "narasumber") -> String {
    """
    rooms:
      - name: Aula
    sessions:
      - key: s1
        day: 2025-05-27
        start: "08:00"
        end: "09:00"
        room: Aula
        kind: \(kind)
        title: Sesi
        slots:
          - role: \(role)
    """
  }

  func failure(_ text: String) -> String? {
    let error = #expect(throws: HadirError.self) { try AgendaDocument.parse(text) }
    #expect(error?.kind == .invalidInput && error?.field == "agenda")
    return error?.message
  }

  @Test(
    "session kinds in Indonesian, in any case, are read as the stored kinds",
    arguments: [
      ("pembukaan", SessionKind.opening), ("Presentasi", .presentation), ("paparan", .presentation),
      ("MATERI", .presentation), ("diskusi", .discussion), ("Tanya Jawab", .discussion), ("panel", .panel),
      ("diskusi panel", .panel), ("rehat", .break), ("istirahat", .break), ("Coffee Break", .break),
      ("rehat kopi", .break), ("ishoma", .meal), ("makan siang", .meal), ("penutupan", .closing),
      ("lainnya", .other), ("presentation", .presentation), ("Break", .break),
    ])
  func indonesianKinds(word: String, kind: SessionKind) throws {
    let agenda = try AgendaDocument.parse(Self.file(kind: word))
    #expect(agenda.sessions.first?.kind == kind)
  }

  @Test(
    "speaker roles in Indonesian are read as the stored roles",
    arguments: [
      ("narasumber", SlotRole.narasumber), ("Pemateri", .narasumber), ("moderator", .moderator),
      ("pembicara utama", .keynote), ("panelis", .panelist), ("keynote", .keynote), ("panelist", .panelist),
    ])
  func indonesianRoles(word: String, role: SlotRole) throws {
    let agenda = try AgendaDocument.parse(Self.file(kind: "paparan", role: word))
    #expect(agenda.sessions.first?.slots.first?.role == role)
  }

  @Test("the export writes the stored kind, which reads back the same")
  func exportIsCanonical() throws {
    let event = try NewEvent(
      code: "ILP-X-25", title: "Workshop", venue: "Luwuk", timeZone: "Asia/Makassar", firstDay: "2025-05-27",
      lastDay: "", capacity: 75
    ).event(at: Date(timeIntervalSince1970: 0))
    let agenda = try AgendaDocument.parse(Self.file(kind: "ishoma", role: "panelis"))
    let yaml = AgendaDocument.render(agenda, event: event)
    #expect(yaml.contains("    kind: meal\n") && yaml.contains("      - role: panelist\n"))
    #expect(try AgendaDocument.parse(yaml) == agenda)
  }

  @Test("an unknown kind or role is refused, listing the words accepted in both languages")
  func unknownWords() {
    #expect(
      failure(Self.file(kind: "Seminar"))
        == "Line 9: \"kind\" \"Seminar\" is not a session kind; write one of pembukaan, presentasi, paparan, materi, diskusi, tanya jawab, panel, diskusi panel, rehat, istirahat, coffee break, rehat kopi, ishoma, makan siang, penutupan, lainnya (in English: opening, presentation, discussion, panel, break, meal, closing, other)."
    )
    #expect(
      failure(Self.file(kind: "paparan", role: "pembicara"))
        == "Line 12: \"role\" \"pembicara\" is not a speaker role; write one of narasumber, pemateri, moderator, pembicara utama, panelis (in English: narasumber, moderator, keynote, panelist)."
    )
  }

  @Test("every mistake of a file is reported, each with its line, in the order of the file")
  func everyMistake() {
    let file = """
      rooms:
        - name: Aula
          sets: 30
      speakers:
        - key: dr tuti
          name: dr. Tuti
      sessions:
        - key: s1
          end: "10:00"
          start: "9h45"
          day: 2025-02-30
          room: Aula
          kind: seminar
          title: Pembukaan
        - key: s2
          day: 2025-05-27
          start: "10:00"
          end: "11:00"
          room: Aula
          capacity: nol
          slots:
            - role: pembicara
        - Rehat kopi
      """
    let message = failure(file)
    #expect(
      message == """
        The agenda file has 9 mistakes:
        Line 3: "sets" is not a field of an item of "rooms"; expected name, seats.
        Line 5: "key" "dr tuti" should be a short name of letters, digits, - and _, such as d1-opening.
        Line 10: "start" "9h45" is not a time; write it as "08:30".
        Line 11: "day" "2025-02-30" is not a date; write it as 2025-05-27.
        Line 13: "kind" "seminar" is not a session kind; write one of \(SessionKind.acceptedWords).
        Line 15: an item of "sessions" needs a "title".
        Line 20: "capacity" should be a whole number above 0, not "nol".
        Line 22: "role" "pembicara" is not a speaker role; write one of \(SlotRole.acceptedWords).
        Line 23: an item of "sessions" should be a set of "name: value" lines.
        """, "\(message ?? "")")
  }

  @Test("a part that is wrong as a whole is one mistake, not one per field it lacks")
  func noCascades() {
    #expect(failure("rooms: Aula\nsessions:\n  - 08:00 Pembukaan\n") == """
      The agenda file has 2 mistakes:
      Line 1: "rooms" should be a list, one item per "- " line.
      Line 3: an item of "sessions" should be a set of "name: value" lines.
      """)
    #expect(failure("- rooms\n- sessions\n") == "Line 1: the agenda file should be a set of \"name: value\" lines.")
  }

  @Test("a file that is not YAML is one error")
  func notYAML() {
    let message = failure("rooms:\n  - name: \"Aula\n    seats: 30\nsessions: [\n")
    #expect(message?.hasPrefix("Line ") == true && message?.contains("is not valid YAML") == true, "\(message ?? "")")
    #expect(message?.contains("\n") == false)
  }
}
