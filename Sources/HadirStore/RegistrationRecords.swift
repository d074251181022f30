import Foundation
import GRDB
import HadirCore

/// A row of the `registration` table.
struct RegistrationRow: Encodable, FetchableRecord, MutablePersistableRecord {
  static let databaseTableName = "registration"

  var id: Int64?
  var eventId: Int64
  var code: String
  var name: String
  var organization: String
  var position: String
  var category: String
  var phone: String
  var email: String
  var externalId: String
  var searchKey: String
  var status: String
  var registeredAt: Date
  var cancelledAt: Date?

  enum CodingKeys: String, CodingKey {
    case id, code, name, organization, position, category, phone, email, status
    case eventId = "event_id"
    case externalId = "external_id"
    case searchKey = "search_key"
    case registeredAt = "registered_at"
    case cancelledAt = "cancelled_at"
  }

  init(eventID: Int64, code: String, person: Person, status: RegistrationStatus, at: Date) {
    self.eventId = eventID
    self.code = code
    self.name = person.name
    self.organization = person.organization
    self.position = person.position
    self.category = person.category
    self.phone = person.phone
    self.email = person.email
    self.externalId = person.externalID
    self.searchKey = NameSearch.key(name: person.name, organization: person.organization)
    self.status = status.rawValue
    self.registeredAt = at
  }

  /// Read column by column: a registration is read on every check-in, and this costs a
  /// fraction of decoding the row through `Decodable`.
  init(row: Row) throws {
    id = row["id"]
    eventId = row["event_id"]
    code = row["code"]
    name = row["name"]
    organization = row["organization"]
    position = row["position"]
    category = row["category"]
    phone = row["phone"]
    email = row["email"]
    externalId = row["external_id"]
    searchKey = row["search_key"]
    status = row["status"]
    registeredAt = row["registered_at"]
    cancelledAt = row["cancelled_at"]
  }

  var person: Person {
    Person(
      name: name, organization: organization, position: position, category: category, phone: phone, email: email,
      externalID: externalId)
  }

  var registrationStatus: RegistrationStatus {
    get throws {
      guard let status = RegistrationStatus(rawValue: status) else {
        throw DatabaseCorruption("registration \(code) has status \(self.status)")
      }
      return status
    }
  }

  /// The domain registration, with its waitlist position worked out.
  func registration(eventCode: String, in db: Database) throws -> Registration {
    var position = 0
    if try registrationStatus == .waitlisted {
      position = try Int.fetchOne(
        db.cachedStatement(sql: "SELECT count(*) FROM registration WHERE event_id = ? AND status = 'waitlisted' AND id <= ?"),
        arguments: [eventId, id]) ?? 0
    }
    return registration(eventCode: eventCode, waitlistPosition: position)
  }

  /// The domain registration, when its waitlist position is known.
  func registration(eventCode: String, waitlistPosition: Int) -> Registration {
    Registration(
      code: code, eventCode: eventCode, person: person, status: RegistrationStatus(rawValue: status) ?? .cancelled,
      waitlistPosition: waitlistPosition, registeredAt: registeredAt, cancelledAt: cancelledAt)
  }

  static func fetch(code: String, in db: Database) throws -> RegistrationRow? {
    try RegistrationRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM registration WHERE code = ?"), arguments: [code])
  }
}

/// One entry of the audit log: who did what, when.
func audit(
  _ db: Database, _ actor: Actor, _ action: String, eventID: Int64?, code: String? = nil, detail: String = "",
  at: Date
) throws {
  try db.cachedStatement(
    sql: """
      INSERT INTO audit_log (at, token_id, actor, action, event_id, registration_code, detail)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """
  ).execute(arguments: [at, actor.tokenID, actor.name, action, eventID, code, detail])
}
