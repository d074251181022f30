import Testing

@testable import HadirCore

@Suite("People: phones, e-mails, identity, name search")
struct PersonTests {
  @Test(
    "Indonesian numbers written five ways are one number",
    arguments: ["0812-3456-7890", "081234567890", "62812 3456 7890", "+62 812-3456-7890", "+62 (0)812 3456 7890", "812.3456.7890"])
  func indonesianPhones(_ text: String) throws {
    #expect(try PhoneNumber.normalize(text) == "+6281234567890")
  }

  @Test("a foreign number in international form is kept")
  func foreignPhone() throws {
    #expect(try PhoneNumber.normalize("+61 412 345 678") == "+61412345678")
  }

  @Test("what is not a phone number is refused naming the phone field", arguments: ["12345", "0812-ABCD-7890", "+62 0", "08123", "tel: 0812"])
  func badPhones(_ text: String) {
    do {
      _ = try PhoneNumber.normalize(text)
      Issue.record("\(text) was accepted")
    } catch {
      #expect(error.field == "phone")
    }
  }

  @Test("a person is cleaned: spaces collapsed, e-mail lower case, phone in E.164, id without spaces")
  func normalized() throws {
    let person = try Person(
      name: "  Hj.  Siti   Nurhaliza, S.Kep ", organization: " Puskesmas  Luwuk ", category: "Peserta",
      phone: "0812 3456 7890", email: " Siti.N@Dinkes.Banggaikab.go.id ", externalID: "19800101 200501 2 001"
    ).normalized()
    #expect(person.name == "Hj. Siti Nurhaliza, S.Kep")
    #expect(person.organization == "Puskesmas Luwuk")
    #expect(person.category == "peserta")
    #expect(person.phone == "+6281234567890")
    #expect(person.email == "siti.n@dinkes.banggaikab.go.id")
    #expect(person.externalID == "198001012005012001")
    #expect(person.identity == .externalID("198001012005012001"))
  }

  @Test("identity falls back from external id to e-mail to phone")
  func identity() throws {
    #expect(try Person(name: "A", phone: "0812 3456 7890", email: "a@b.id").normalized().identity == .email("a@b.id"))
    #expect(try Person(name: "A", phone: "0812 3456 7890").normalized().identity == .phone("+6281234567890"))
    #expect(try Person(name: "A").normalized().identity == nil)
  }

  @Test("a missing name or a bad e-mail is refused naming the field")
  func invalid() {
    #expect(throws: HadirError.invalid("name", Notice(.nameMissing))) { try Person(name: "   ").normalized() }
    do {
      _ = try Person(name: "A", email: "siti at dinkes").normalized()
      Issue.record("a bad e-mail was accepted")
    } catch {
      #expect(error.field == "email")
    }
  }

  @Test(
    "name search forgives case, spaces, titles and degrees",
    arguments: [
      ("siti nur", true), ("  SITI   nurhal ", true), ("nurhaliza", true), ("puskesmas luwuk", true), ("kep", true),
      ("siti luwuk", true), ("siti budi", false), ("haliza", false), ("", false),
    ])
  func nameSearch(_ query: String, _ expected: Bool) {
    let key = NameSearch.key(name: "Hj. Siti Nurhaliza, S.Kep", organization: "Puskesmas Luwuk")
    #expect(NameSearch.matches(query: query, key: key) == expected)
  }

  @Test("accents do not matter to the search")
  func accents() {
    #expect(NameSearch.matches(query: "rene", key: NameSearch.key(name: "René Sitepu", organization: "")))
  }

  @Test(
    "name search finds the spellings Indonesian names are written in",
    arguments: [
      ("Hj. Siti Nurhaliza", "sitti nurhalisa", true), ("Sitti Nurhalisa", "siti nurhaliza", true),
      ("Muhammad Rizal", "moh rizal", true), ("Moh. Rizal", "muhammad", true), ("Mochammad Rizal", "muhamad", true),
      ("Muh. Arif", "mohammad arif", true), ("Muhlis Lamba", "muh", true), ("Muhammad Rizal", "muh", true),
      ("Soekarno", "sukarno", true), ("Djoko Susilo", "joko", true), ("Tjahjo Kumolo", "cahjo", true),
      ("Muhlis Lamba", "muhammad", false), ("Siti Aminah", "sitti nurhalisa", false), ("Rizal", "risa", true),
      // A run of one letter typed by mistake is no shorter word that finds everyone.
      ("Siti Nurhaliza", "zzzz", false), ("Sukarno", "sss", false),
    ])
  func spellingVariants(_ name: String, _ query: String, _ expected: Bool) {
    #expect(NameSearch.matches(query: query, key: NameSearch.key(name: name, organization: "")) == expected)
  }
}
