import Foundation
import HadirCore
import Testing

@Suite("Text that enters Hadir")
struct TextRulesTests {
  @Test(
    "a character a terminal obeys is refused, naming the field and the character",
    arguments: [
      ("Budi\u{1B}[31m", "U+001B"),
      ("\u{1B}]52;c;ZXZpbA==\u{07}Budi", "U+001B"),
      ("Bu\u{0}di", "U+0000"),
      ("Budi\u{7F}", "U+007F"),
      ("Budi\u{9B}31m", "U+009B"),
      ("\u{202E}idub", "U+202E"),
      ("Budi\u{2066}x\u{2069}", "U+2066"),
    ])
  func refused(text: String, code: String) throws {
    let error = #expect(throws: HadirError.self) { try TextRules.singleLine(text, field: "name") }
    #expect(error?.kind == .invalidInput)
    #expect(error?.field == "name")
    #expect(error?.message.contains(code) == true)
    #expect(error?.message.hasPrefix("The name contains a control character") == true)
  }

  @Test("tabs and line breaks are white space: one space between words")
  func whitespace() throws {
    #expect(try TextRules.singleLine("  Dinas\tKesehatan\r\nKabupaten   Banggai ", field: "organization")
      == "Dinas Kesehatan Kabupaten Banggai")
  }

  @Test("text made only of invisible characters is refused; joiners inside words are kept")
  func invisible() throws {
    let error = #expect(throws: HadirError.self) {
      try TextRules.singleLine("\u{200B}\u{200D}\u{FEFF}", field: "organization")
    }
    #expect(error?.field == "organization")
    #expect(error?.message.contains("only invisible characters") == true)
    #expect(try TextRules.singleLine("", field: "venue") == "")
    // Zero-width joiners are part of Indic scripts and emoji.
    #expect(try TextRules.singleLine("क्\u{200D}ष", field: "name") == "क्\u{200D}ष")
  }

  @Test("names in any script pass unchanged")
  func scripts() throws {
    for name in ["dr. Ni Komang Ayu Suryaningsih, M.Kes", "José Müller", "محمد", "王小明", "Dr. Hj. Sitti Ma'rifah"] {
      #expect(try TextRules.singleLine(name, field: "name") == name)
    }
  }

  @Test("a person's fields are checked one by one, naming the field at fault")
  func person() throws {
    let fields: [(String, Person)] = [
      ("name", Person(name: "Budi\u{1B}")),
      ("organization", Person(name: "Budi", organization: "Dinkes\u{7}")),
      ("position", Person(name: "Budi", position: "\u{202E}x")),
      ("category", Person(name: "Budi", category: "\u{0}")),
      ("phone", Person(name: "Budi", phone: "0812\u{1B}")),
      ("email", Person(name: "Budi", email: "b@x.id\u{9B}")),
      ("external_id", Person(name: "Budi", externalID: "1971\u{1B}")),
    ]
    for (field, person) in fields {
      let error = #expect(throws: HadirError.self) { try person.normalized() }
      #expect(error?.field == field, "field \(field)")
    }
  }

  @Test("event titles and venues, token names and agenda texts follow the same rule")
  func otherFields() throws {
    let event = NewEvent(
      code: "ILP-X-25", title: "Kick-off\u{1B}]0;pwned\u{7}", venue: "Luwuk", timeZone: "Asia/Makassar",
      firstDay: "2025-05-27", lastDay: "", capacity: 75)
    #expect((#expect(throws: HadirError.self) { try event.event(at: .now) })?.field == "title")
    #expect((#expect(throws: HadirError.self) { try AccessToken.validateName("desk\u{1B}[2J") })?.field == "name")
    let agenda = """
      rooms:
        - name: "Aula\\e[5m"
      """
    let error = #expect(throws: HadirError.self) { try AgendaDocument.parse(agenda) }
    #expect(error?.message.contains("U+001B") == true)
    #expect(error?.message.hasPrefix("Line 2") == true)
  }
}

@Suite("Request ids")
struct RequestIDTests {
  @Test("empty means none; up to 64 visible ASCII characters are kept")
  func accepted() throws {
    #expect(try RequestID.validate("") == nil)
    let uuid = "6F9619FF-8B86-D011-B42D-00C04FC964FF"
    #expect(try RequestID.validate(uuid) == uuid)
    let longest = String(repeating: "a", count: 64)
    #expect(try RequestID.validate(longest) == longest)
  }

  @Test("a new request id is a version 4 UUID the server accepts, different each time")
  func random() throws {
    let ids = (0..<1000).map { _ in RequestID.random() }
    #expect(Set(ids).count == ids.count)
    for id in ids {
      let uuid = try #require(UUID(uuidString: id))
      #expect(uuid.uuidString == id)
      #expect(try RequestID.validate(id) == id)
      let bytes = withUnsafeBytes(of: uuid.uuid, Array.init)
      #expect(bytes[6] >> 4 == 4, "version 4")
      #expect(bytes[8] >> 6 == 0b10, "the RFC 9562 variant")
    }
  }

  @Test("longer, or with spaces, controls or non-ASCII, is refused naming request_id")
  func refused() {
    for bad in [String(repeating: "a", count: 65), String(repeating: "x", count: 4 << 20), "a b", "a\u{1B}", "é"] {
      let error = #expect(throws: HadirError.self) { try RequestID.validate(bad) }
      #expect(error?.field == "request_id")
    }
  }
}

@Suite("Who sees what")
struct VisibilityTests {
  let registration = Registration(
    code: "K7M4PQX", eventCode: "ILP-BANGGAI-25",
    person: Person(
      name: "Budi", organization: "Dinkes", position: "Kepala", category: "peserta", phone: "+6281234567890",
      email: "budi@dinkes.go.id", externalID: "197001011990031001"),
    status: .confirmed, registeredAt: .now)

  @Test("a desk sees who someone is and where they stand, not how to reach them")
  func desk() {
    let shown = registration.visible(to: .desk)
    #expect(shown.person.phone.isEmpty && shown.person.email.isEmpty && shown.person.externalID.isEmpty)
    #expect(shown.person.name == "Budi" && shown.person.organization == "Dinkes" && shown.person.position == "Kepala")
    #expect(shown.code == registration.code && shown.status == .confirmed)
  }

  @Test("organizers and administrators see everything")
  func organizers() {
    #expect(registration.visible(to: .organizer) == registration)
    #expect(registration.visible(to: .admin) == registration)
  }

  @Test("an admin token cannot be limited to one event; other roles can")
  func adminScope() throws {
    let error = #expect(throws: HadirError.self) { try AccessToken.validateScope(role: .admin, eventCode: "ILP-BANGGAI-25") }
    #expect(error?.field == "event_code")
    try AccessToken.validateScope(role: .admin, eventCode: nil)
    try AccessToken.validateScope(role: .organizer, eventCode: "ILP-BANGGAI-25")
    try AccessToken.validateScope(role: .desk, eventCode: "ILP-BANGGAI-25")
  }
}

@Suite("Wrong tokens are slowed per peer")
struct FailedAuthenticationsTests {
  @Test("each failure of a peer doubles the wait for its answer, up to the maximum")
  func doubling() {
    var failures = FailedAuthentications()
    var delays: [Double] = []
    for second in 0..<7 {
      let (delay, _) = failures.failed("10.0.0.9", at: Double(second))
      failures.answered("10.0.0.9")
      delays.append(delay)
    }
    #expect(delays == [0.25, 0.5, 1, 2, 4, 5, 5])
  }

  @Test("peers are counted apart: another machine's answer is not held back")
  func separatePeers() {
    var failures = FailedAuthentications()
    for second in 0..<5 { _ = failures.failed("10.0.0.9", at: Double(second)) }
    #expect(failures.failed("10.0.0.7", at: 5).delay == 0.25)
  }

  @Test("while its held-back answers are at the limit, a peer's attempts are not checked at all")
  func pendingLimit() {
    var failures = FailedAuthentications()
    for _ in 0..<failures.settings.maxPending {
      #expect(failures.admits("10.0.0.9"))
      _ = failures.failed("10.0.0.9", at: 0)
    }
    #expect(!failures.admits("10.0.0.9"))
    #expect(failures.admits("10.0.0.7"))
    failures.answered("10.0.0.9")
    #expect(failures.admits("10.0.0.9"))
  }

  @Test("a peer that stops failing is forgotten after the memory time")
  func forgetting() {
    var failures = FailedAuthentications()
    for second in 0..<4 {
      _ = failures.failed("10.0.0.9", at: Double(second))
      failures.answered("10.0.0.9")
    }
    let later = failures.failed("10.0.0.9", at: 3 + failures.settings.memory + 1)
    #expect(later.delay == 0.25 && later.failures == 1)
  }

  @Test("the number of peers remembered is bounded")
  func bounded() {
    var settings = FailedAuthentications.Settings()
    settings.maxPeers = 100
    var failures = FailedAuthentications(settings: settings)
    for peer in 0..<1_000 {
      _ = failures.failed("10.0.\(peer / 256).\(peer % 256)", at: Double(peer))
      failures.answered("10.0.\(peer / 256).\(peer % 256)")
    }
    #expect(failures.peerCount <= 100)
  }
}
