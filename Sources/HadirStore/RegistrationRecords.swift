import Foundation
import GRDB
import HadirCore

/// A row of the `registration` table.
struct RegistrationRow: Encodable, FetchableRecord, MutablePersistableRecord, StoresDates {
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
  /// fraction of decoding the row through `Decodable`. A value that cannot be read throws.
  init(row: Row) throws {
    id = try row.decode(forColumn: "id")
    eventId = try row.decode(forColumn: "event_id")
    code = try row.decode(forColumn: "code")
    name = try row.decode(forColumn: "name")
    organization = try row.decode(forColumn: "organization")
    position = try row.decode(forColumn: "position")
    category = try row.decode(forColumn: "category")
    phone = try row.decode(forColumn: "phone")
    email = try row.decode(forColumn: "email")
    externalId = try row.decode(forColumn: "external_id")
    searchKey = try row.decode(forColumn: "search_key")
    status = try row.decode(forColumn: "status")
    registeredAt = try row.decode(StoredDate.self, forColumn: "registered_at").date
    cancelledAt = try row.decode(StoredDate?.self, forColumn: "cancelled_at")?.date
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
  try DirectStatement(
    """
    INSERT INTO audit_log (at, token_id, actor, action, event_id, registration_code, detail)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    """, db: db
  ).execute(.date(at), .text(actor.tokenID), .text(actor.name), .text(action), .integer(eventID), .text(code), .text(detail))
}
