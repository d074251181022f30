import Foundation
import Testing

@testable import HadirCore

@Suite("The catalogs: every sentence in both languages")
struct CatalogTests {
  /// Every fact filled with a token that shows where it went, e.g. «day».
  func tokens() -> [Fact: String] {
    Dictionary(uniqueKeysWithValues: Fact.allCases.map { ($0, "«\($0.rawValue)»") })
  }

  func factsUsed(in text: String) -> Set<String> {
    Set(Fact.allCases.map { "«\($0.rawValue)»" }.filter { text.contains($0) })
  }

  @Test("every phrase exists in Indonesian and in English, speaks of the same facts in both, and is not left in English")
  func bothLanguages() {
    // Words that are the same in both languages.
    let same: Set<Phrase> = [.headingStatus, .headingID, .headingNo, .csvNo, .agendaBadText, .delimiterTab]
    for phrase in Phrase.allCases {
      let notice = Notice(phrase, tokens())
      let indonesian = notice.text(in: .indonesian)
      let english = notice.text(in: .english)
      #expect(!indonesian.isEmpty && !english.isEmpty, "\(phrase)")
      #expect(factsUsed(in: indonesian) == factsUsed(in: english), "\(phrase): \(indonesian) | \(english)")
      if !same.contains(phrase) { #expect(indonesian != english, "\(phrase) is the same in both: \(english)") }
    }
  }

  @Test("every action, role and field named in a refusal has its own words in each language")
  func namedThings() {
    for action in Action.allCases {
      let indonesian = Notice.indonesianAction(action)
      let english = Notice.englishAction(action)
      #expect(!indonesian.isEmpty && indonesian != english, "\(action)")
    }
    #expect(Notice.indonesianRole(.organizer) == "panitia" && Notice.englishRole(.organizer) == "organizer")
    #expect(Notice.indonesianField("organization") == "instansi" && Notice.englishField("external_id") == "external id")
  }

  @Test("a refusal, rendered: the desk's answers and a permission refusal, with days the Indonesian way")
  func rendered() {
    let refusal = Notice(.roleCannot, [.role: "desk", .roles: Notice.list(["admin", "organizer"]), .action: "create-events"])
    #expect(refusal.text(in: .english) == "A desk token cannot create events; it needs an admin or organizer token. Ask your Hadir administrator for one.")
    #expect(refusal.text(in: .indonesian) == "Token meja registrasi tidak dapat membuat kegiatan; diperlukan token admin atau panitia. Mintalah kepada administrator Hadir.")
    let notDay = Notice(.notEventDay, [.day: "2025-05-27"])
    #expect(notDay.text(in: .indonesian) == "Selasa, 27 Mei 2025 bukan hari kegiatan ini; hari ini tidak ada yang bisa dicatat hadir.")
    #expect(notDay.text(in: .english) == "2025-05-27 is not a day of this event; nobody can be checked in today.")
    let dropped = Notice(.attendedDaysDropped, [.first: "2025-05-28", .last: "2025-05-28", .items: Notice.list(["2025-05-27=3"])])
    #expect(dropped.text(in: .english).contains("people checked in on 2025-05-27 (3 check-ins)"))
    #expect(dropped.text(in: .indonesian).contains("hadir pada Selasa, 27 Mei 2025 (3 kehadiran)"))
    #expect(Notice(.checkedIn).text(in: .indonesian) == "Peserta ini tercatat hadir. Selamat datang!")
  }

  @Test("a notice travels as a reason and facts, and comes back the same; an unknown reason is nil")
  func wire() {
    let notice = Notice(.eventNotFound, [.event: "ILP-BANGGAI-25"])
    #expect(notice.reason == "EVENT_NOT_FOUND")
    #expect(Notice(reason: notice.reason, facts: notice.wireFacts) == notice)
    #expect(Notice(reason: "SOMETHING_NEWER", facts: [:]) == nil)
    // A fact this version does not know is left out, not a failure.
    #expect(Notice(reason: "EVENT_NOT_FOUND", facts: ["event": "X-1", "future": "y"]) == Notice(.eventNotFound, [.event: "X-1"]))
  }

  @Test("the language: the flag, else the environment, else Indonesian; accept-language by weight")
  func language() {
    #expect(Language.chosen(flag: nil, environment: nil) == .indonesian)
    #expect(Language.chosen(flag: nil, environment: "en_US.UTF-8") == .english)
    #expect(Language.chosen(flag: "id", environment: "en") == .indonesian)
    #expect(Language.chosen(flag: "jv", environment: "en") == nil)
    #expect(Language.chosen(flag: "", environment: "") == .indonesian)
    #expect(Language(acceptLanguage: nil) == .indonesian)
    #expect(Language(acceptLanguage: "en") == .english)
    #expect(Language(acceptLanguage: "id-ID") == .indonesian)
    #expect(Language(acceptLanguage: "fr, en;q=0.5, id;q=0.9") == .indonesian)
    #expect(Language(acceptLanguage: "en-US,en;q=0.9,id;q=0.8") == .english)
    #expect(Language(acceptLanguage: "fr, de") == .indonesian)
    #expect(Language(acceptLanguage: "en;q=0") == .indonesian)
    #expect(Language(acceptLanguage: " fr ,\ten ; q=0.5 ,  id\t;q=0.9 ") == .indonesian)
    #expect(Language(acceptLanguage: "\t en-GB \t") == .english)
    #expect(Language(acceptLanguage: " , ;q=1") == .indonesian)
  }
}

@Suite("The reasons are documented")
struct ReasonDocumentationTests {
  @Test("docs/PROTOCOL.md lists every reason a refusal can carry")
  func everyReasonDocumented() throws {
    let protocolText = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/PROTOCOL.md"),
      encoding: .utf8)
    #expect(Notice.refusalReasons.count > 50)
    for phrase in Notice.refusalReasons {
      #expect(protocolText.contains("| `\(phrase.rawValue)` |"), "\(phrase.rawValue) is not in docs/PROTOCOL.md")
    }
  }
}
