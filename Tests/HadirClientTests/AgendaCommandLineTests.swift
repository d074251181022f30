import Foundation
import Testing

/// `hadir agenda` as an organizer uses it, against a real hadird.
@Suite("The agenda from the command line", .serialized, .timeLimit(.minutes(2)))
struct AgendaCommandLineTests {
  @Test("build an agenda item by item, see a conflict refused, export and apply it back")
  func itemByItem() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let secret = try String(contentsOf: directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let env = ["HADIR_SERVER": server.address, "HADIR_TOKEN": secret, "HADIR_EVENT": "ILP-BANGGAI-25", "NO_COLOR": "1"]
    func hadir(_ arguments: String...) throws -> CommandResult { try run("hadir", arguments, environment: env) }

    #expect(try hadir("event", "create", "ILP-BANGGAI-25", "--title", "Kick-off", "--first-day", "2025-05-27",
                      "--last-day", "2025-05-28", "--capacity", "75").status == 0)
    #expect(try hadir("agenda", "add", "room", "Ballroom", "--seats", "80").status == 0)
    #expect(try hadir("agenda", "add", "speaker", "ppni", "--name", "Ns. Hartini Saleh", "--affiliation", "PPNI").status == 0)
    #expect(try hadir("agenda", "add", "session", "d1-ppni", "--day", "2025-05-27", "--start", "10:45", "--end", "11:45",
                      "--room", "Ballroom", "--kind", "presentation", "--title", "Peran perawat").status == 0)
    #expect(try hadir("agenda", "add", "slot", "d1-ppni", "--role", "narasumber", "--note", "from PPNI, to be named").status == 0)

    let open = try hadir("agenda", "check")
    #expect(open.status == 0)
    #expect(open.stdout.contains("OPEN  Session \"Peran perawat\" on 2025-05-27 10:45–11:45 has an open narasumber slot (from PPNI, to be named)."))

    #expect(try hadir("agenda", "assign", "d1-ppni", "1", "ppni").status == 0)
    let shown = try hadir("agenda", "show")
    #expect(shown.stdout.hasPrefix("Tuesday 2025-05-27  (Asia/Makassar)\n"))
    #expect(shown.stdout.contains("10:45–11:45  Ballroom  Peran perawat  [presentation]"))
    #expect(shown.stdout.contains("narasumber: Ns. Hartini Saleh, PPNI"))
    // A long room name is never cut, and the Indonesian timetable names the day and the zone.
    #expect(try hadir("agenda", "add", "room", "Ruang Rapat Lantai 2 Kantor Bupati").status == 0)
    #expect(try hadir("agenda", "add", "session", "d2-rapat", "--day", "2025-05-28", "--start", "09:00", "--end", "10:00",
                      "--room", "Ruang Rapat Lantai 2 Kantor Bupati", "--kind", "diskusi", "--title", "Rencana aksi").status == 0)
    let jadwal = try run("hadir", ["agenda", "show"], environment: env.merging(["HADIR_LANG": "id"]) { $1 })
    #expect(jadwal.stdout.hasPrefix("Selasa, 27 Mei 2025  (WITA)\n"), "\(jadwal.stdout)")
    #expect(jadwal.stdout.contains("10:45–11:45  Ballroom  Peran perawat  [presentasi]"))
    #expect(jadwal.stdout.contains("Rabu, 28 Mei 2025  (WITA)"))
    #expect(jadwal.stdout.contains("09:00–10:00  Ruang Rapat Lantai 2 Kantor Bupati  Rencana aksi  [diskusi]"))

    let clash = try hadir("agenda", "add", "session", "d1-lunch", "--day", "2025-05-27", "--start", "11:30", "--end", "13:00",
                          "--room", "Ballroom", "--kind", "meal", "--title", "Ishoma")
    #expect(clash.status == 1)
    #expect(clash.stderr.contains("\"Peran perawat\" (10:45–11:45) and \"Ishoma\" (11:30–13:00) are both in room \"Ballroom\" on 2025-05-27."))
    let bentrok = try run(
      "hadir",
      ["agenda", "add", "session", "d1-lunch", "--day", "2025-05-27", "--start", "11:30", "--end", "13:00", "--room", "Ballroom",
       "--kind", "ishoma", "--title", "Ishoma"], environment: env.merging(["HADIR_LANG": "id"]) { $1 })
    #expect(bentrok.stderr.contains("Agenda tidak disimpan: \"Peran perawat\" (10:45–11:45) dan \"Ishoma\" (11:30–13:00) sama-sama di ruang \"Ballroom\" pada Selasa, 27 Mei 2025."), "\(bentrok.stderr)")

    let ics = directory.appendingPathComponent("agenda.ics")
    #expect(try hadir("agenda", "export", "--format", "ics", "-o", ics.path).status == 0)
    let calendar = try String(contentsOf: ics, encoding: .utf8)
    #expect(calendar.contains("UID:d1-ppni.ilp-banggai-25@hadir\r\nDTSTAMP:"))
    #expect(calendar.contains("DTSTART:20250527T024500Z"))

    let yaml = directory.appendingPathComponent("agenda.yaml")
    #expect(try hadir("agenda", "export", "--format", "yaml", "-o", yaml.path).status == 0)
    let again = try hadir("agenda", "apply", yaml.path)
    #expect(again.stdout.contains("Nothing changed"))
    #expect(server.terminate() == 0)
  }

  @Test("kinds and roles in Indonesian on the command line; an unknown one lists the words")
  func indonesianWords() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let secret = try String(contentsOf: directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let env = ["HADIR_SERVER": server.address, "HADIR_TOKEN": secret, "HADIR_EVENT": "ILP-BANGGAI-25", "NO_COLOR": "1"]
    func hadir(_ arguments: String...) throws -> CommandResult { try run("hadir", arguments, environment: env) }

    #expect(try hadir("event", "create", "ILP-BANGGAI-25", "--title", "Kick-off", "--first-day", "2025-05-27",
                      "--capacity", "75").status == 0)
    #expect(try hadir("agenda", "add", "room", "Ballroom").status == 0)
    #expect(try hadir("agenda", "add", "session", "d1-ppni", "--day", "2025-05-27", "--start", "10:45", "--end", "11:45",
                      "--room", "Ballroom", "--kind", "Paparan", "--title", "Peran perawat").status == 0)
    #expect(try hadir("agenda", "add", "session", "d1-lunch", "--day", "2025-05-27", "--start", "11:45", "--end", "13:00",
                      "--room", "Ballroom", "--kind", "makan siang", "--title", "Ishoma").status == 0)
    #expect(try hadir("agenda", "add", "slot", "d1-ppni", "--role", "pembicara utama").status == 0)
    let shown = try hadir("agenda", "show")
    #expect(shown.stdout.contains("Peran perawat  [presentation]"))
    #expect(shown.stdout.contains("Ishoma  [meal]"))
    #expect(try hadir("agenda", "export", "--format", "yaml").stdout.contains("      - role: keynote\n"))

    let unknown = try hadir("agenda", "add", "session", "d1-x", "--day", "2025-05-27", "--start", "13:00", "--end", "14:00",
                            "--room", "Ballroom", "--kind", "seminar", "--title", "X")
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("The value 'seminar' is invalid for '--kind <kind>': write one of pembukaan, presentasi, paparan,"))
    #expect(unknown.stderr.contains("(in English: opening, presentation, discussion, panel, break, meal, closing, other)."))
    #expect(server.terminate() == 0)
  }

  @Test("every mistake of an agenda file is printed on its own line")
  func everyMistake() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let secret = try String(contentsOf: directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let env = ["HADIR_SERVER": server.address, "HADIR_TOKEN": secret, "HADIR_EVENT": "ILP-BANGGAI-25"]
    #expect(try run("hadir", ["event", "create", "ILP-BANGGAI-25", "--title", "Kick-off", "--first-day", "2025-05-27",
                              "--capacity", "75"], environment: env).status == 0)

    let file = directory.appendingPathComponent("agenda.yaml")
    try Data("""
      rooms:
        - name: Aula
      sessions:
        - key: d1-opening
          day: 2025-05-27
          start: "8.30"
          end: "9h30"
          room: Aula
          kind: pembukaan
          title: Pembukaan
          slots:
            - role: pembicara utama
              speaker: bupati banggai

      """.utf8).write(to: file)
    for command in [["agenda", "apply", file.path], ["agenda", "check", file.path]] {
      let result = try run("hadir", command, environment: env)
      #expect(result.status == 1)
      #expect(result.stderr == """
        error: The agenda file has 2 mistakes:
        Line 7: "end" "9h30" is not a time; write it as "08:30".
        Line 13: "speaker" "bupati banggai" should be a short name of letters, digits, - and _, such as d1-opening.

        """, "\(command)")
    }
    // The same mistakes, in the organizer's language.
    let indonesian = try run("hadir", ["agenda", "check", file.path], environment: env.merging(["HADIR_LANG": "id"]) { $1 })
    #expect(indonesian.stderr == """
      error: Berkas agenda memiliki 2 kesalahan:
      Baris 7: "end" "9h30" bukan jam; tulis seperti "08:30".
      Baris 13: "speaker" "bupati banggai" harus berupa nama pendek dari huruf, angka, - dan _, misalnya d1-pembukaan.

      """)
    #expect(server.terminate() == 0)
  }
}
