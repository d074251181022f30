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
}
