import Foundation
import HadirCore
import Testing

/// `hadir … --help` in the language of the person reading it: options and arguments are
/// explained in Bahasa Indonesia by default, in English with `--lang en` or HADIR_LANG=en.
@Suite("The help of hadir's options and arguments, in the chosen language")
struct HelpLanguageTests {
  /// Every command that takes options or arguments, as typed after `hadir`.
  static let commands: [[String]] = [
    ["status"], ["token", "create"], ["token", "list"], ["token", "revoke"],
    ["event", "create"], ["event", "list"], ["event", "show"], ["event", "update"],
    ["register"], ["cancel"], ["registrations"], ["checkin"], ["undo"], ["find"], ["walkin"], ["watch"],
    ["report", "attendance"], ["audit"], ["badges"], ["invitations"], ["desk"], ["import"],
    ["agenda", "show"], ["agenda", "apply"], ["agenda", "check"], ["agenda", "export"],
    ["agenda", "add", "room"], ["agenda", "add", "speaker"], ["agenda", "add", "session"], ["agenda", "add", "slot"],
    ["agenda", "assign"], ["agenda", "unassign"], ["agenda", "move"], ["agenda", "remove"],
  ]

  /// The help text of every option and argument.
  static let optionPhrases = Phrase.allCases.filter { $0.rawValue.hasPrefix("HELP_OPTION_") }

  /// `hadir <arguments>`'s help on one line: the help wraps its columns at spaces, so
  /// joining every run of spaces and line breaks gives back each sentence whole.
  func help(_ arguments: [String], environment: [String: String]) throws -> String {
    let result = try run("hadir", arguments, environment: environment)
    #expect(result.status == 0, "hadir \(arguments.joined(separator: " ")): \(result.stderr)")
    return result.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
  }

  @Test("hadir import --help and hadir checkin --help explain their options in Indonesian by default, in English on request")
  func importAndCheckIn() throws {
    let unset = ["HADIR_LANG": ""]

    let imported = try help(["import", "--help"], environment: unset)
    #expect(imported.contains("<file> Berkas CSV."))
    #expect(imported.contains("--skip-invalid Impor baris yang benar, walaupun ada baris yang ditolak."))
    #expect(imported.contains("--token <token> Token akses (env HADIR_TOKEN)."))
    #expect(!imported.contains("Import the good rows"))

    let importedEnglish = try help(["import", "--help", "--lang", "en"], environment: unset)
    #expect(importedEnglish.contains("<file> The CSV file."))
    #expect(importedEnglish.contains("--skip-invalid Import the good rows even if some rows are rejected."))
    #expect(importedEnglish.contains("--token <token> Access token (env HADIR_TOKEN)."))
    #expect(!importedEnglish.contains("Impor baris yang benar"))

    let checkIn = try help(["checkin", "--help"], environment: ["HADIR_LANG": "id"])
    #expect(checkIn.contains("<code> Kode pendaftaran, seperti yang tercetak atau terpindai."))
    #expect(checkIn.contains("--day <day> Catat kehadiran pada hari kegiatan ini (TTTT-BB-HH), bukan hari ini; khusus panitia."))
    #expect(!checkIn.contains("organizers only"))

    // --lang wins over HADIR_LANG, and HADIR_LANG=en alone is English too.
    for english in [
      try help(["checkin", "--help", "--lang", "en"], environment: ["HADIR_LANG": "id"]),
      try help(["checkin", "--help"], environment: ["HADIR_LANG": "en"]),
    ] {
      #expect(english.contains("<code> The registration code, as printed or scanned."))
      #expect(english.contains("--day <day> Record this event day (YYYY-MM-DD) instead of today; organizers only."))
      #expect(!english.contains("khusus panitia"))
    }
  }

  @Test("every command's options and arguments are explained in the chosen language only, and every such text is used")
  func everyCommand() throws {
    for language in [Language.indonesian, .english] {
      let other: Language = language == .indonesian ? .english : .indonesian
      var pages: [String] = []
      for command in Self.commands {
        pages.append(try help(command + ["--help", "--lang", language.rawValue], environment: [:]))
      }
      let all = pages.joined(separator: "\n")
      for phrase in Self.optionPhrases {
        let text = Notice(phrase).text(in: language)
        let used = all.contains(text)
        #expect(used, "\(phrase) is in no command's help in \(language): \(text)")
        let foreign = Notice(phrase).text(in: other)
        for (command, page) in zip(Self.commands, pages) {
          let mixed = page.contains(foreign)
          #expect(!mixed, "hadir \(command.joined(separator: " ")) --help in \(language) says \(foreign)")
        }
      }
    }
  }
}
