import Foundation
import GRDB
import HadirCore

extension AppDatabase {
  /// Applies a checked invitee list to an event in one transaction: people already
  /// registered (same external id, else e-mail, else phone) are updated or left as they are;
  /// new people are confirmed in list order while places remain, then waitlisted. With
  /// `dryRun`, the same work is done and rolled back, so the result says what would happen.
  public func importInvitees(
    eventCode: String, invitees: [Invitee], dryRun: Bool, by actor: Actor, at now: Date
  ) throws -> ImportResult {
    try writer.writeWithoutTransaction { db in
      var result = ImportResult()
      try db.inTransaction {
        result = try Self.importInvitees(eventCode: eventCode, invitees: invitees, by: actor, at: now, db: db)
        return dryRun ? .rollback : .commit
      }
      return result
    }
  }

  private static func importInvitees(
    eventCode: String, invitees: [Invitee], by actor: Actor, at now: Date, db: Database
  ) throws -> ImportResult {
    let event = try EventRow.require(code: eventCode, in: db)
    let eventID = event.id!
    var counts = try Counts.of(eventID: eventID, db: db)
    var result = ImportResult()
    let insert = try db.cachedStatement(
      sql: """
        INSERT INTO registration (event_id, code, name, organization, position, category, phone, email, external_id,
          search_key, status, registered_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    let update = try db.cachedStatement(
      sql: """
        UPDATE registration SET name = ?, organization = ?, position = ?, category = ?, phone = ?, email = ?,
          external_id = ?, search_key = ? WHERE id = ?
        """)
    // Bound once: converting a date for SQLite is not free, and every row has the same one.
    let registeredAt = now.databaseValue
    for invitee in invitees {
      let person = invitee.person
      if let existing = try existingRegistration(of: person, eventID: eventID, db: db) {
        let merged = existing.person.filled(from: person)
        if merged == existing.person {
          result.unchanged += 1
        } else {
          try update.execute(arguments: [
            merged.name, merged.organization, merged.position, merged.category, merged.phone, merged.email,
            merged.externalID, NameSearch.key(name: merged.name, organization: merged.organization), existing.id,
          ])
          result.updated += 1
        }
        continue
      }
      let confirmed = counts.confirmed < counts.capacity
      let code = try unusedCode(db)
      try insert.execute(arguments: [
        eventID, code, person.name, person.organization, person.position, person.category, person.phone, person.email,
        person.externalID, NameSearch.key(name: person.name, organization: person.organization),
        confirmed ? "confirmed" : "waitlisted", registeredAt,
      ])
      result.created += 1
      if confirmed {
        counts.confirmed += 1
        result.confirmed += 1
      } else {
        counts.waitlisted += 1
        result.waitlisted += 1
        result.waitlistedPeople.append(
          .init(line: invitee.line, name: person.name, code: code, position: counts.waitlisted))
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
