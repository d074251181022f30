import Foundation
import Testing

import HadirCore

/// A registration as JSON: for scripts (`--json`), and inside the answers the store
/// remembers for retried check-ins, some written before the code had its hyphen there.
@Suite("Registrations as JSON")
struct RegistrationCodingTests {
  let registration = Registration(
    code: "K7M4PQX", eventCode: "ILP-BANGGAI-25",
    person: Person(name: "Siti Nurhaliza", organization: "Dinkes Banggai", position: "", category: "peserta", phone: "", email: "", externalID: ""),
    status: .confirmed, registeredAt: Date(timeIntervalSince1970: 1_747_700_000))

  @Test("the code is written as people read it, and reads back as stored")
  func roundTrip() throws {
    let data = try JSONEncoder().encode(registration)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(object["code"] as? String == "K7M-4PQX")
    #expect(try JSONDecoder().decode(Registration.self, from: data) == registration)
  }

  @Test("an answer remembered before, with the code written without its hyphen, still reads")
  func olderForm() throws {
    let older = """
      {"code":"K7M4PQX","eventCode":"ILP-BANGGAI-25","person":{"name":"Siti Nurhaliza","organization":"Dinkes Banggai",\
      "position":"","category":"peserta","phone":"","email":"","externalID":""},"status":"confirmed","waitlistPosition":0,\
      "registeredAt":\(Date(timeIntervalSince1970: 1_747_700_000).timeIntervalSinceReferenceDate)}
      """
    #expect(try JSONDecoder().decode(Registration.self, from: Data(older.utf8)) == registration)
  }
}
