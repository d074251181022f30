import Foundation
import GRDB
import HadirCore

extension AppDatabase {
  /// Applies a checked invitee list to an event in one transaction: people already
  /// registered (same external id, else e-mail, else phone) are updated or left as they are;
  /// new people are confirmed in list order while places remain, then waitlisted. The
  /// result names at most `listing` of the people put on the waitlist (it counts them all).
  ///
  /// The list is written as it is checked: the invitees handed over are written while the
  /// rest of the file is still read, and once the file's check has ended, `applies` says
  /// whether to keep what was written (false: a dry run, or a list refused for its rows;
  /// then the result says what would have happened). The outcome is exactly that of the
  /// whole checked list written at once
  /// (``importInvitees(eventCode:invitees:by:at:listing:db:codes:)``): when a row changed
  /// someone already handed over, what was written is rolled back and the whole list
  /// written again.
  ///
  /// The import holds the writer while the file is checked: start it once the check can
  /// run. A check that fails, or stops, rolls back everything. Once the write has ended,
  /// however it ended (refused, failed, or cancelled before it started), `invitees` is
  /// stopped, so a check still handing over stops too.
  ///
  /// - Parameter expecting: about how many people the list holds, to make room once.
  public func importInvitees(
    eventCode: String, handedOver invitees: Handover<[InviteeToWrite], CheckedInviteeFile>, expecting: Int, by actor: Actor,
    at now: Date, listing: Int = .max, applies: @escaping @Sendable (CheckedInviteeFile) -> Bool
  ) async throws -> ImportResult {
    defer { invitees.stop() }
    return try await writeAlone { db in
      var result = ImportResult()
      var file: CheckedInviteeFile?
      try db.inTransaction {
        var writer = try InviteeWriter(
          eventCode: eventCode, expecting: expecting, by: actor, at: now, listing: listing, db: db)
        while file == nil {
          switch try invitees.next() {
          case .batch(let batch): for next in batch { try writer.add(next.invitee, searchKey: next.searchKey) }
          case .end(let end): file = end
          }
        }
        guard let file, !file.revisedAfterHandingOn else { return .rollback }
        result = try writer.finish()
        return applies(file) ? .commit : .rollback
      }
      guard let file, file.revisedAfterHandingOn else { return result }
      try db.inTransaction {
        result = try Self.importInvitees(
          eventCode: eventCode, invitees: file.checked.invitees, by: actor, at: now, listing: listing, db: db)
        return applies(file) ? .commit : .rollback
      }
      return result
    }
  }

  /// The whole checked list written at once, inside the caller's transaction.
  ///
  /// - Parameter codes: where new registration codes come from; tests pass their own to
  ///   make codes collide.
  static func importInvitees(
    eventCode: String, invitees: [Invitee], by actor: Actor, at now: Date, listing: Int, db: Database,
    codes: @escaping () -> String = RegistrationCode.generate
  ) throws -> ImportResult {
    var writer = try InviteeWriter(
      eventCode: eventCode, expecting: invitees.count, by: actor, at: now, listing: listing, db: db, codes: codes)
    for invitee in invitees {
      try writer.add(invitee, searchKey: NameSearch.key(name: invitee.person.name, organization: invitee.person.organization))
    }
    return try writer.finish()
  }
}

/// An invitee handed over to be written, with the person's search key (``NameSearch``),
/// made by whoever hands them over (the check's thread) rather than by the import's writer,
/// which every other write waits for. Held only until written.
public struct InviteeToWrite: Sendable {
  public var invitee: Invitee
  public var searchKey: String

  public init(_ invitee: Invitee) {
    self.invitee = invitee
    self.searchKey = NameSearch.key(name: invitee.person.name, organization: invitee.person.organization)
  }
}

/// An import's writing inside its transaction, one invitee at a time in list order, then
/// ``finish()``: what the event's registrations become, and what the report says.
struct InviteeWriter {
  let db: Database
  let eventID: Int64
  let actor: Actor
  let now: Date
  private var counts: AppDatabase.Counts
  private var result = ImportResult()
  private let update: Statement
  private var live: LiveRegistrations
  private var pending: NewRegistrations

  init(
    eventCode: String, expecting: Int, by actor: Actor, at now: Date, listing: Int, db: Database,
    codes: @escaping () -> String = RegistrationCode.generate
  ) throws {
    self.db = db
    self.actor = actor
    self.now = now
    let event = try EventRow.require(code: eventCode, in: db)
    eventID = event.id!
    counts = try AppDatabase.Counts.of(eventID: eventID, db: db)
    update = try db.cachedStatement(
      sql: """
        UPDATE registration SET name = ?, organization = ?, position = ?, category = ?, phone = ?, email = ?,
          external_id = ?, search_key = ? WHERE id = ?
        """)
    live = try LiveRegistrations(eventID: eventID, expecting: expecting, db: db)
    // Bound once: converting a date for SQLite is not free, and every row has the same one.
    pending = NewRegistrations(
      eventID: eventID, registeredAt: StoredDate.text(now), listing: listing, codes: codes)
  }

  /// The next invitee of the list, with their search key: someone already registered is
  /// updated or left as they are; someone new is confirmed while places remain, then
  /// waitlisted.
  mutating func add(_ invitee: Invitee, searchKey: String) throws {
    let person = invitee.person
    if let index = live.index(of: person) {
      // Someone added earlier in this import, not written yet: written now, for the id.
      if live.people[index].id == LiveRegistrations.notWrittenYet {
        try pending.write(into: &live, result: &result, db: db)
      }
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
      return
    }
    let confirmed = counts.confirmed < counts.capacity
    live.add(id: LiveRegistrations.notWrittenYet, person: person)
    result.created += 1
    if confirmed {
      counts.confirmed += 1
      result.confirmed += 1
    } else {
      counts.waitlisted += 1
      result.waitlisted += 1
    }
    pending.add(
      person, searchKey: searchKey, status: confirmed ? .confirmed : .waitlisted, line: invitee.line,
      liveIndex: live.people.count - 1, waitlistPosition: confirmed ? 0 : counts.waitlisted)
    if pending.isFull { try pending.write(into: &live, result: &result, db: db) }
  }

  /// Writes who is still waiting to be written and the audit entry; what the import did.
  mutating func finish() throws -> ImportResult {
    try pending.write(into: &live, result: &result, db: db)
    if result.created + result.updated > 0 {
      try audit(
        db, actor, "import", eventID: eventID,
        detail: "\(result.created) created (\(result.confirmed) confirmed, \(result.waitlisted) waitlisted), \(result.updated) updated, \(result.unchanged) unchanged",
        at: now)
    }
    return result
  }
}

/// New people of an import, written a hundred rows per INSERT: executing a statement (and
/// the live-count trigger's program with it) once per row costs SQLite about as much again
/// as the rows themselves.
struct NewRegistrations {
  struct Waiting {
    var person: Person
    var searchKey: String
    var status: RegistrationStatus
    var line: Int
    /// Where the person is in ``LiveRegistrations/people``, to be given their id.
    var liveIndex: Int
    /// Their place on the waitlist; 0 when confirmed.
    var waitlistPosition: Int
  }

  static let rowsPerStatement = 100
  static let columns = 12

  let eventID: Int64
  /// When they registered, as the database stores it.
  let registeredAt: String
  /// Most waitlisted people the result names.
  let listing: Int
  let codes: () -> String
  private var rows: [Waiting] = []
  private var fullStatement: DirectStatement?

  init(eventID: Int64, registeredAt: String, listing: Int, codes: @escaping () -> String) {
    self.eventID = eventID
    self.registeredAt = registeredAt
    self.listing = listing
    self.codes = codes
    rows.reserveCapacity(Self.rowsPerStatement)
  }

  var isFull: Bool { rows.count >= Self.rowsPerStatement }

  mutating func add(
    _ person: Person, searchKey: String, status: RegistrationStatus, line: Int, liveIndex: Int, waitlistPosition: Int
  ) {
    rows.append(
      Waiting(
        person: person, searchKey: searchKey, status: status, line: line, liveIndex: liveIndex,
        waitlistPosition: waitlistPosition))
  }

  /// Writes the rows waiting, in order, gives each its id in `live`, and names the
  /// waitlisted ones in `result`. A statement refused for a code already taken (codes are
  /// random) is written again one row at a time, each with a new code until it is free;
  /// any other refusal is thrown, as it would be for one row.
  mutating func write(into live: inout LiveRegistrations, result: inout ImportResult, db: Database) throws {
    guard !rows.isEmpty else { return }
    defer { rows.removeAll(keepingCapacity: true) }
    var codesByRow = rows.map { _ in codes() }
    var ids: [Int64]
    do {
      ids = try insertAll(codes: codesByRow, db: db)
    } catch let error as DatabaseError
      where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE && error.message?.contains("registration.code") == true
    {
      ids = []
      for (index, row) in rows.enumerated() {
        let (id, code) = try AppDatabase.insertRegistration(
          row.person, eventID: eventID, status: row.status, at: registeredAt.databaseValue, db: db, codes: codes)
        ids.append(id)
        codesByRow[index] = code
      }
    }
    for (index, row) in rows.enumerated() {
      live.setID(ids[index], at: row.liveIndex)
      if row.waitlistPosition > 0 && result.waitlistedPeople.count < listing {
        result.waitlistedPeople.append(
          .init(line: row.line, name: row.person.name, code: codesByRow[index], position: row.waitlistPosition))
      }
    }
  }

  /// One INSERT of every row waiting; their ids, in the rows' order.
  private mutating func insertAll(codes: [String], db: Database) throws -> [Int64] {
    let insert = try statement(rows: rows.count, db: db)
    var parameter: Int32 = 0
    func bind(_ text: String) throws {
      parameter += 1
      try insert.bind(text, at: parameter)
    }
    for (index, row) in rows.enumerated() {
      let person = row.person
      parameter += 1
      try insert.bind(eventID, at: parameter)
      try bind(codes[index])
      try bind(person.name)
      try bind(person.organization)
      try bind(person.position)
      try bind(person.category)
      try bind(person.phone)
      try bind(person.email)
      try bind(person.externalID)
      try bind(row.searchKey)
      try bind(row.status.rawValue)
      try bind(registeredAt)
    }
    // RETURNING names no order: the codes, unique, tell the rows apart.
    var idsByCode: [String: Int64] = [:]
    idsByCode.reserveCapacity(rows.count)
    try insert.run { idsByCode[insert.text(1)] = insert.int64(0) }
    return try codes.map { code in
      guard let id = idsByCode[code] else {
        throw DatabaseError(resultCode: .SQLITE_INTERNAL, message: "the insert returned no id for code \(code)")
      }
      return id
    }
  }

  /// The INSERT of `count` rows; the full one is looked up once per import.
  private mutating func statement(rows count: Int, db: Database) throws -> DirectStatement {
    if count == Self.rowsPerStatement, let full = fullStatement { return full }
    let placeholders = "(" + Array(repeating: "?", count: Self.columns).joined(separator: ", ") + ")"
    let statement = try DirectStatement(
      """
      INSERT INTO registration (event_id, code, name, organization, position, category, phone, email, external_id,
        search_key, status, registered_at)
      VALUES \(Array(repeating: placeholders, count: count).joined(separator: ", "))
      RETURNING id, code
      """, db: db)
    if count == Self.rowsPerStatement { fullStatement = statement }
    return statement
  }
}

/// The event's live registrations, held in memory during an import, so that finding the
/// same person costs a dictionary lookup instead of a query per row.
struct LiveRegistrations {
  /// The id of someone added by this import and not written yet.
  static let notWrittenYet: Int64 = -1

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

  mutating func setID(_ id: Int64, at index: Int) {
    people[index].id = id
  }

  mutating func replace(_ index: Int, with person: Person) {
    people[index].person = person
    self.index(index)
  }

  /// The earliest registration wins a key, as the lookup by query does (ORDER BY id).
  private mutating func index(_ index: Int) {
    let person = people[index].person
    if !person.externalID.isEmpty { byExternalID.keepFirst(index, for: person.externalID) }
    if !person.email.isEmpty { byEmail.keepFirst(index, for: person.email) }
    if !person.phone.isEmpty { byPhone.keepFirst(index, for: person.phone) }
  }
}

extension Dictionary {
  /// Gives `key` the value unless it has one already, hashing the key once.
  fileprivate mutating func keepFirst(_ value: Value, for key: Key) {
    func leave(_: inout Value) {}
    leave(&self[key, default: value])
  }
}
