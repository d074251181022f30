import Foundation
import GRDB
import HadirCore

extension AppDatabase {
  /// Applies a checked invitee list to an event in one transaction: people already
  /// registered (same external id, else e-mail, else phone) are updated or left as they are;
  /// new people are confirmed in list order while places remain, then waitlisted. With
  /// `dryRun`, the same work is done and rolled back, so the result says what would happen.
  /// The result names at most `listing` of the people put on the waitlist (it counts them all).
  public func importInvitees(
    eventCode: String, invitees: [Invitee], dryRun: Bool, by actor: Actor, at now: Date, listing: Int = .max
  ) async throws -> ImportResult {
    try await writeAlone { db in
      var result = ImportResult()
      try db.inTransaction {
        result = try Self.importInvitees(
          eventCode: eventCode, invitees: invitees, by: actor, at: now, listing: listing, db: db)
        return dryRun ? .rollback : .commit
      }
      return result
    }
  }

  private static func importInvitees(
    eventCode: String, invitees: [Invitee], by actor: Actor, at now: Date, listing: Int, db: Database
  ) throws -> ImportResult {
    let event = try EventRow.require(code: eventCode, in: db)
    let eventID = event.id!
    var counts = try Counts.of(eventID: eventID, db: db)
    var result = ImportResult()
    let update = try db.cachedStatement(
      sql: """
        UPDATE registration SET name = ?, organization = ?, position = ?, category = ?, phone = ?, email = ?,
          external_id = ?, search_key = ? WHERE id = ?
        """)
    // Bound once: converting a date for SQLite is not free, and every row has the same one.
    let registeredAt = now.databaseValue
    var live = try LiveRegistrations(eventID: eventID, expecting: invitees.count, db: db)
    for invitee in invitees {
      let person = invitee.person
      if let index = live.index(of: person) {
        let existing = live.people[index]
        let merged = existing.person.filled(from: person)
        if merged == existing.person {
          result.unchanged += 1
        } else {
          try update.execute(arguments: [
            merged.name, merged.organization, merged.position, merged.category, merged.phone, merged.email,
            merged.externalID, NameSearch.key(name: merged.name, organization: merged.organization), existing.id,
          ])
          live.replace(index, with: merged)
          result.updated += 1
        }
        continue
      }
      let confirmed = counts.confirmed < counts.capacity
      let (id, code) = try insertRegistration(
        person, eventID: eventID, status: confirmed ? .confirmed : .waitlisted, at: registeredAt, db: db)
      live.add(id: id, person: person)
      result.created += 1
      if confirmed {
        counts.confirmed += 1
        result.confirmed += 1
      } else {
        counts.waitlisted += 1
        result.waitlisted += 1
        if result.waitlistedPeople.count < listing {
          result.waitlistedPeople.append(
            .init(line: invitee.line, name: person.name, code: code, position: counts.waitlisted))
        }
      }
    }
    if result.created + result.updated > 0 {
      try audit(
        db, actor, "import", eventID: eventID,
        detail: "\(result.created) created (\(result.confirmed) confirmed, \(result.waitlisted) waitlisted), \(result.updated) updated, \(result.unchanged) unchanged",
        at: now)
    }
    return result
  }
}

/// The event's live registrations, held in memory during an import, so that finding the
/// same person costs a dictionary lookup instead of a query per row.
struct LiveRegistrations {
  var people: [(id: Int64, person: Person)] = []
  private var byExternalID: [String: Int] = [:]
  private var byEmail: [String: Int] = [:]
  private var byPhone: [String: Int] = [:]

  /// Loads the live registrations, with room for `expecting` more.
  init(eventID: Int64, expecting: Int, db: Database) throws {
    people.reserveCapacity(expecting)
    byExternalID.reserveCapacity(expecting)
    byEmail.reserveCapacity(expecting)
    byPhone.reserveCapacity(expecting)
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT id, name, organization, position, category, phone, email, external_id FROM registration
        WHERE event_id = ? AND status <> 'cancelled' ORDER BY id
        """, arguments: [eventID])
    while let row = try rows.next() {
      add(
        id: row[0],
        person: Person(
          name: row[1], organization: row[2], position: row[3], category: row[4], phone: row[5], email: row[6],
          externalID: row[7]))
    }
  }

  /// The person's registration: same external id, else e-mail, else phone, as
  /// ``AppDatabase/existingRegistration(of:eventID:db:)`` decides.
  func index(of person: Person) -> Int? {
    switch person.identity {
    case .externalID(let id): byExternalID[id]
    case .email(let email): byEmail[email]
    case .phone(let phone): byPhone[phone]
    case nil: nil
    }
  }

  mutating func add(id: Int64, person: Person) {
    people.append((id, person))
    index(people.count - 1)
  }

  mutating func replace(_ index: Int, with person: Person) {
    people[index].person = person
    self.index(index)
  }

  /// The earliest registration wins a key, as the lookup by query does (ORDER BY id).
  private mutating func index(_ index: Int) {
    let person = people[index].person
    if !person.externalID.isEmpty && byExternalID[person.externalID] == nil { byExternalID[person.externalID] = index }
    if !person.email.isEmpty && byEmail[person.email] == nil { byEmail[person.email] = index }
    if !person.phone.isEmpty && byPhone[person.phone] == nil { byPhone[person.phone] = index }
  }
}
