import Foundation
import HadirClient
import Testing

/// Scalars a terminal obeys rather than shows; none may reach it from a value.
func hasTerminalControl(_ text: String, allowingLineFeeds: Bool = true) -> Bool {
  text.unicodeScalars.contains { scalar in
    switch scalar.value {
    case 0x0A: !allowingLineFeeds
    case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
    default: false
    }
  }
}

/// The function every value goes through before `hadir` prints it.
@Suite("Printing values safely on a terminal", .timeLimit(.minutes(1)))
struct TerminalSafetyTests {
  func safe(_ text: String, keepingLineBreaks: Bool = false) throws -> String {
    terminalSafe(text, keepingLineBreaks: keepingLineBreaks)
  }

  @Test(
    "control sequences become visible stand-ins naming the character",
    arguments: [
      // ESC and CSI: colours, cursor moves, clearing the screen.
      ("\u{1B}[31mMerah\u{1B}[0m", "<U+001B>[31mMerah<U+001B>[0m"),
      ("\u{1B}[2J\u{1B}[HBudi", "<U+001B>[2J<U+001B>[HBudi"),
      // OSC 52: writes the clerk's clipboard.
      ("\u{1B}]52;c;ZXZpbA==\u{07}Budi", "<U+001B>]52;c;ZXZpbA==<U+0007>Budi"),
      // NUL, backspace, carriage return, DEL.
      ("Andi\u{0}Wijaya", "Andi<U+0000>Wijaya"),
      ("Andi\u{8}\u{8}Budi", "Andi<U+0008><U+0008>Budi"),
      ("Andi\rBudi", "Andi<U+000D>Budi"),
      ("Andi\u{7F}", "Andi<U+007F>"),
      // C1: U+009B is a one-character CSI on some terminals.
      ("\u{9B}31mMerah", "<U+009B>31mMerah"),
      ("\u{85}next line", "<U+0085>next line"),
      // Bidirectional override and isolate: text that reads backwards.
      ("Budi \u{202E}fdp.exe", "Budi <U+202E>fdp.exe"),
      ("\u{2066}Siti\u{2069}", "<U+2066>Siti<U+2069>"),
      // Line and paragraph separators, tab and line feed inside one value.
      ("Siti\u{2028}Nur", "Siti<U+2028>Nur"),
      ("Siti\u{2029}Nur", "Siti<U+2029>Nur"),
      ("Siti\tNur\nHaliza", "Siti<U+0009>Nur<U+000A>Haliza"),
    ])
  func controls(input: String, printed: String) throws {
    let output = try safe(input)
    #expect(output == printed)
    #expect(!hasTerminalControl(output, allowingLineFeeds: false))
  }

  @Test(
    "Indonesian names, with and without letters beyond ASCII, pass unchanged",
    arguments: [
      "Hj. Siti Nurhaliza, S.Kep", "Ni Made Sukmawati Dèwi", "Ahmad Syafi’i, S.K.M.", "I Gusti Ngurah Agung Ardhana",
      "Nurʼaini · Dinas Kesehatan Kab. Banggai", "Andi Pe\u{301}tta", "Ma'ruf Amin", "",
    ])
  func ordinaryText(name: String) throws {
    #expect(try safe(name) == name)
  }

  @Test("for a block of text, line feeds (and CRLF) stay; a lone carriage return does not")
  func blocks() throws {
    #expect(try safe("BEGIN:VCALENDAR\r\nSUMMARY:Pembukaan\r\nEND\n", keepingLineBreaks: true)
      == "BEGIN:VCALENDAR\r\nSUMMARY:Pembukaan\r\nEND\n")
    #expect(try safe("a\rb\n\u{1B}[2Jc\r", keepingLineBreaks: true) == "a<U+000D>b\n<U+001B>[2Jc<U+000D>")
  }

  @Test("what has been made safe stays the same when made safe again")
  func idempotent() throws {
    let once = try safe("\u{1B}]52;c;ZXZpbA==\u{07}\u{9B}\u{202E}x")
    #expect(try safe(once) == once)
  }

  @Test("the error line: a file name as typed cannot command the terminal, and stays one line")
  func errorLine() throws {
    let name = "/nonexistent-\(UUID().uuidString)/\u{1B}]52;c;ZXZpbA==\u{07}\u{9B}2J\u{202E}Siti\u{2028}Dèwi.csv"
    let result = try run("hadir", ["import", name, "--server", "127.0.0.1:1"])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("error: Cannot read /nonexistent-"))
    #expect(result.stderr.contains("<U+001B>]52;c;ZXZpbA==<U+0007><U+009B>2J<U+202E>Siti<U+2028>Dèwi.csv"))
    #expect(result.stderr.filter { $0 == "\n" }.count == 1 && result.stderr.hasSuffix("\n"))
    #expect(!hasTerminalControl(result.stderr))
  }

  @Test("a wrong command line: the message is safe, and the exit code is 2 as documented")
  func usageError() throws {
    let result = try run("hadir", ["status", "--\u{1B}[2Jbogus\u{202E}"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("Unknown option '--<U+001B>[2Jbogus<U+202E>'"))
    #expect(!hasTerminalControl(result.stderr))
    #expect(result.stdout.isEmpty)
  }
}

/// Numbers the wire cannot carry are refused as typed, before anything is sent.
@Suite("Command-line input edges", .timeLimit(.minutes(1)))
struct CommandLineEdgeTests {
  @Test(
    "event create and update refuse a capacity outside 1…100000 with exit 2, naming --capacity",
    arguments: ["1099511627776", "4294967296", "100001", "0", "-5"])
  func capacity(value: String) throws {
    // No server listens on port 1: a capacity that passed would exit 3 instead.
    let env = ["HADIR_SERVER": "127.0.0.1:1", "HADIR_TOKEN": "hadir_x"]
    for arguments in [
      ["event", "create", "X-25", "--title", "t", "--first-day", "2025-05-27", "--capacity=\(value)"],
      ["event", "update", "X-25", "--capacity=\(value)"],
    ] {
      let result = try run("hadir", arguments, environment: env)
      #expect(result.status == 2, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains("--capacity takes a number of participants from 1 to 100000, not \(value)."))
    }
  }

  @Test("a capacity inside the range is sent to the server", arguments: ["1", "75", "100000"])
  func capacityInRange(value: String) throws {
    let env = ["HADIR_SERVER": "127.0.0.1:1", "HADIR_TOKEN": "hadir_x"]
    let result = try run(
      "hadir", ["event", "create", "X-25", "--title", "t", "--first-day", "2025-05-27", "--capacity", value],
      environment: env)
    #expect(result.status == 3, "\(result.stderr)")
  }
}

/// The real programs: names as the desk sees them, and whatever a server echoes of a file.
@Suite("Terminal-safe output end to end", .serialized, .timeLimit(.minutes(2)))
struct TerminalSafetyEndToEndTests {
  static let names = ["Ni Made Sukmawati Dèwi", "Ahmad Syafi’i, S.K.M.", "Hj. Siti Nurhaliza, S.Kep"]
  static let organization = "Dinas Kesehatan Kab. Banggai · Bidang P2P"

  func setUp(_ server: ServerProcess) throws -> [String: String] {
    let secret = try String(contentsOf: server.directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let env = ["HADIR_SERVER": server.address, "HADIR_TOKEN": secret, "HADIR_EVENT": "ILP-BANGGAI-25", "NO_COLOR": "1"]
    let created = try run(
      "hadir",
      ["event", "create", "ILP-BANGGAI-25", "--title", "Kick-off ILP Banggai", "--first-day", "2025-05-27", "--last-day",
       "2025-05-28", "--capacity", "75"], environment: env)
    #expect(created.status == 0, "\(created.stderr)")
    return env
  }

  /// The lines of a table whose header holds `column`, and where that column starts.
  func column(_ column: String, in output: String) throws -> (start: Int, lines: [Substring]) {
    let lines = output.split(separator: "\n")
    let header = try #require(lines.first { $0.contains(column) })
    let start = header.distance(from: header.startIndex, to: try #require(header.range(of: column)).lowerBound)
    return (start, lines)
  }

  @Test("registrations and find print Indonesian names unchanged, in aligned columns")
  func names() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let env = try setUp(server)
    for name in Self.names {
      let registered = try run("hadir", ["register", "--name", name, "--organization", Self.organization], environment: env)
      #expect(registered.status == 0, "\(registered.stderr)")
      #expect(registered.stdout.hasPrefix("Registered \(name): code "))
    }

    let listed = try run("hadir", ["registrations"], environment: env)
    #expect(listed.status == 0, "\(listed.stderr)")
    let table = try column("ORGANIZATION", in: listed.stdout)
    for name in Self.names {
      let line = try #require(table.lines.first { $0.contains(name) }, "\(name) missing from:\n\(listed.stdout)")
      let start = line.distance(from: line.startIndex, to: try #require(line.range(of: Self.organization)).lowerBound)
      #expect(start == table.start, "misaligned:\n\(listed.stdout)")
    }
    #expect(!hasTerminalControl(listed.stdout))

    let found = try run("hadir", ["find", "dewi"], environment: env)
    let foundAccented = try run("hadir", ["find", "syafi’i"], environment: env)
    for (result, name) in [(found, Self.names[0]), (foundAccented, Self.names[1])] {
      #expect(result.status == 0, "\(result.stderr)")
      if result.stdout.contains("Nobody matches") { continue }  // how the server folds accents is its business
      let line = try #require(result.stdout.split(separator: "\n").first { $0.contains(name) }, "\(result.stdout)")
      #expect(line.contains(Self.organization))
    }
    let all = try run("hadir", ["find", "banggai"], environment: env)
    #expect(all.status == 0, "\(all.stderr)")
    let findTable = try column("ORGANIZATION", in: all.stdout)
    for name in Self.names {
      let line = try #require(findTable.lines.first { $0.contains(name) }, "\(name) missing from:\n\(all.stdout)")
      let start = line.distance(from: line.startIndex, to: try #require(line.range(of: Self.organization)).lowerBound)
      #expect(start == findTable.start, "misaligned:\n\(all.stdout)")
    }
    #expect(server.terminate() == 0)
  }

  @Test("whatever a server echoes of a hostile file (its headers, rejected values) reaches the terminal harmless")
  func hostileFile() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let env = try setUp(server)
    let list = directory.appendingPathComponent("list.csv")
    try Data(
      ("Nama,Instansi,No HP,Catatan\u{1B}]52;c;ZXZpbA==\u{07}\u{9B}2J\u{202E}\u{2028}\r\n"
        + "Andi Wijaya,PPNI,0812 1111 2222,x\r\n"
        + "Budi\u{1B}[2J\u{202E},IDI,nomor\u{1B}[31m salah,y\r\n").utf8
    ).write(to: list)
    for arguments in [["import", list.path, "--dry-run"], ["import", list.path, "--dry-run", "--json"]] {
      let result = try run("hadir", arguments, environment: env)
      #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
      #expect(!hasTerminalControl(result.stdout), "\(arguments): \(result.stdout.debugDescription)")
      #expect(!hasTerminalControl(result.stderr), "\(arguments): \(result.stderr.debugDescription)")
      if arguments.contains("--json"), result.status == 0 || !result.stdout.isEmpty {
        #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil, "not JSON: \(result.stdout)")
      }
    }
    #expect(server.terminate() == 0)
  }

  @Test("a fixed errors file imports with the values that were rejected: the formula guard comes off")
  func errorsFileRoundTrip() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let env = try setUp(server)
    let list = directory.appendingPathComponent("list.csv")
    try Data("Nama;Instansi;No HP\r\nAndi Wijaya;PPNI;0812 1111 2222\r\n=1+1;@Dinkes;nomor salah\r\n".utf8).write(to: list)
    let errors = directory.appendingPathComponent("errors.csv")
    let skipped = try run("hadir", ["import", list.path, "--skip-invalid", "--errors", errors.path], environment: env)
    #expect(skipped.status == 0, "\(skipped.stderr)")
    let errorsText = String(decoding: try Data(contentsOf: errors).dropFirst(3), as: UTF8.self)
    #expect(errorsText.hasPrefix("Line;Nama;Instansi;No HP;Problem\r\n3;'=1+1;'@Dinkes;nomor salah;"))

    try Data(errorsText.replacingOccurrences(of: "nomor salah", with: "+62 813 3333 4444").utf8).write(to: errors)
    let fixed = try run("hadir", ["import", errors.path], environment: env)
    #expect(fixed.status == 0, "\(fixed.stdout)\(fixed.stderr)")
    let listed = try run("hadir", ["registrations", "--json"], environment: env)
    let people = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    let person = try #require(
      people.compactMap { $0["person"] as? [String: Any] }.first { ($0["phone"] as? String) == "+6281333334444" }, "\(listed.stdout)")
    #expect(person["name"] as? String == "=1+1")
    #expect(person["organization"] as? String == "@Dinkes")
    #expect(server.terminate() == 0)
  }
}
