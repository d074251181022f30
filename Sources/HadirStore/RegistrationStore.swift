import Foundation
import GRDB
import HadirCore

/// Which registrations to list.
public struct RegistrationFilter: Sendable {
  public var status: RegistrationStatus?
  /// Organizations containing this text, ignoring case.
  public var organization: String?
  /// Names or organizations matching these words (see ``NameSearch``).
  public var search: String?

  public init(status: RegistrationStatus? = nil, organization: String? = nil, search: String? = nil) {
    self.status = status
    self.organization = organization
    self.search = search
  }
}

extension AppDatabase {
  /// Registers a person, confirmed while places remain, else waitlisted; or returns the
  /// person's live registration when they are registered already.
  public func register(eventCode: String, person: Person, by actor: Actor, at now: Date) async throws -> Registered {
    try await write { db in
      let event = try EventRow.require(code: eventCode, in: db)
      return try Self.register(person, in: event, by: actor, at: now, db: db)
    }
  }

  /// Registers many people in one transaction, in order, with the same rules as
  /// ``register(eventCode:person:by:at:)``: all of them or, on any error, none.
  public func registerAll(eventCode: String, people: [Person], by actor: Actor, at now: Date) async throws -> [Registered] {
    try await write { db in
      let event = try EventRow.require(code: eventCode, in: db)
      return try people.map { try Self.register($0, in: event, by: actor, at: now, db: db) }
    }
  }

  /// The registration part of ``register(eventCode:person:by:at:)``, inside a transaction.
  static func register(_ person: Person, in event: EventRow, by actor: Actor, at now: Date, db: Database) throws
    -> Registered
  {
    let eventID = event.id!
    if let existing = try existingRegistration(of: person, eventID: eventID, db: db) {
      return Registered(registration: try existing.registration(eventCode: event.code, in: db), alreadyRegistered: true)
    }
    let counts = try Counts.of(eventID: eventID, db: db)
    let status = CapacityRules.status(confirmed: counts.confirmed, capacity: counts.capacity)
    var row = RegistrationRow(eventID: eventID, code: "", person: person, status: status, at: now)
    (row.id, row.code) = try insertRegistration(person, eventID: eventID, status: status, at: now.stored.databaseValue, db: db)
    // The newest waitlisted registration is last in line.
    let position = status == .waitlisted ? counts.waitlisted + 1 : 0
    let registration = row.registration(eventCode: event.code, waitlistPosition: position)
    let detail = status == .confirmed ? "confirmed" : "waitlisted at position \(position)"
    try audit(db, actor, "register", eventID: eventID, code: row.code, detail: detail, at: now)
    return Registered(registration: registration, alreadyRegistered: false)
  }

  /// Cancels a registration and, if it held a place, confirms the oldest waitlisted person
  /// in the same transaction. Cancelling twice changes nothing.
  /// - Parameter inEvent: when given, the registration must belong to this event.
  public func cancelRegistration(
    code: String, inEvent: String? = nil, limitedToEvent: String?, by actor: Actor, at now: Date
  ) async throws -> (cancelled: Registration, promoted: Registration?) {
    try await write { db in
      var row = try Self.requireRegistration(code: code, db: db)
      let event = try EventRow.filter(Column("id") == row.eventId).fetchOne(db)!
      try Self.requireVisible(code, eventCode: event.code, limitedTo: limitedToEvent)
      if let inEvent, inEvent != event.code {
        throw HadirError(.notFound, field: "code", Notice(.codeNotInEvent, [.code: code, .event: inEvent]))
      }
      guard try row.registrationStatus != .cancelled else {
        return (try row.registration(eventCode: event.code, in: db), nil)
      }
      row.status = RegistrationStatus.cancelled.rawValue
      row.cancelledAt = now
      try row.update(db)
      try audit(db, actor, "cancel", eventID: event.id, code: row.code, at: now)
      let promoted = try Self.promoteWaitlisted(event: event, by: actor, at: now, db: db)
      return (try row.registration(eventCode: event.code, in: db), promoted.first)
    }
  }

  /// The registration with `code`, or NOT_FOUND.
  public func registration(code: String, limitedToEvent: String?) async throws -> Registration {
    try await read { db in
      let row = try Self.requireRegistration(code: code, db: db)
      let eventCode = try String.fetchOne(db, sql: "SELECT code FROM event WHERE id = ?", arguments: [row.eventId])!
      try Self.requireVisible(code, eventCode: eventCode, limitedTo: limitedToEvent)
      return try row.registration(eventCode: eventCode, in: db)
    }
  }

  /// Registrations of an event in the order they came, a page at a time.
  public func registrations(eventCode: String, filter: RegistrationFilter, pageSize: Int, pageToken: String?) async throws
    -> RegistrationPage
  {
    guard pageToken == nil || pageToken.flatMap(Int64.init) != nil else {
      throw HadirError.invalid("page_token", Notice(.pageTokenInvalid))
    }
    return try await read { db in
      let event = try EventRow.require(code: eventCode, in: db)
      var request = RegistrationRow.filter(Column("event_id") == event.id!)
      if let status = filter.status { request = request.filter(Column("status") == status.rawValue) }
      if let organization = filter.organization, !organization.isEmpty {
        request = request.filter(Column("organization").like("%\(organization)%"))
      }
      if let search = filter.search {
        let words = NameSearch.words(search)
        if words.isEmpty { throw HadirError.invalid("search", Notice(.searchNoLetters)) }
        request = Self.filter(request, searchingFor: search)
      }
      let after = pageToken.flatMap(Int64.init) ?? 0
      let rows: [RegistrationRow]
      let total: Int
      if let search = filter.search {
        // Words are matched in SQL roughly, then exactly: the candidates are few.
        let matches = try request.order(Column("id")).fetchAll(db)
          .filter { NameSearch.matches(query: search, key: $0.searchKey) }
        total = matches.count
        rows = Array(matches.filter { $0.id! > after }.prefix(pageSize + 1))
      } else {
        total = try request.fetchCount(db)
        rows = try request.filter(Column("id") > after).order(Column("id")).limit(pageSize + 1).fetchAll(db)
      }
      let page = rows.prefix(pageSize)
      let positions = try Self.waitlistPositions(
        eventID: event.id!, of: page.filter { $0.status == RegistrationStatus.waitlisted.rawValue }.map { $0.id! }, db: db)
      return RegistrationPage(
        registrations: page.map { $0.registration(eventCode: event.code, waitlistPosition: positions[$0.id!] ?? 0) },
        nextPageToken: rows.count > pageSize ? page.last.map { String($0.id!) } : nil, total: total)
    }
  }

  /// The waitlist positions of the registrations `ids`, in one pass over the waitlist.
  static func waitlistPositions(eventID: Int64, of ids: [Int64], db: Database) throws -> [Int64: Int] {
    guard let last = ids.max() else { return [:] }
    let wanted = Set(ids)
    var positions: [Int64: Int] = [:]
    let rows = try Int64.fetchCursor(
      db, sql: "SELECT id FROM registration WHERE event_id = ? AND status = 'waitlisted' AND id <= ? ORDER BY id",
      arguments: [eventID, last])
    var position = 0
    while let id = try rows.next() {
      position += 1
      if wanted.contains(id) { positions[id] = position }
    }
    return positions
  }

  // MARK: Rules shared by the writes

  /// The person's live registration in the event: same external id, else e-mail, else phone.
  static func existingRegistration(of person: Person, eventID: Int64, db: Database) throws -> RegistrationRow? {
    guard let identity = person.identity else { return nil }
    let (column, value): (String, String)
    switch identity {
    case .externalID(let id): (column, value) = ("external_id", id)
    case .email(let email): (column, value) = ("email", email)
    case .phone(let phone): (column, value) = ("phone", phone)
    }
    // "<> ''" repeats the condition of the partial index on the column, so that SQLite uses it.
    let sql = """
      SELECT * FROM registration WHERE event_id = ? AND \(column) = ? AND \(column) <> '' AND status <> 'cancelled'
      ORDER BY id LIMIT 1
      """
    return try RegistrationRow.fetchOne(db.cachedStatement(sql: sql), arguments: [eventID, value])
  }

  /// An event's capacity and live counts, kept by the schema's triggers.
  struct Counts {
    var capacity: Int
    var confirmed: Int
    var waitlisted: Int

    static func of(eventID: Int64, db: Database) throws -> Counts {
      let row = try Row.fetchOne(
        db.cachedStatement(sql: "SELECT capacity, confirmed_count, waitlisted_count FROM event WHERE id = ?"),
        arguments: [eventID])!
      return Counts(capacity: row[0], confirmed: row[1], waitlisted: row[2])
    }
  }

  static func confirmedCount(eventID: Int64, db: Database) throws -> Int {
    try Counts.of(eventID: eventID, db: db).confirmed
  }

  static func waitlistedCount(eventID: Int64, db: Database) throws -> Int {
    try Counts.of(eventID: eventID, db: db).waitlisted
  }

  /// Confirms waitlisted registrations, oldest first, while places remain.
  static func promoteWaitlisted(event: EventRow, by actor: Actor, at now: Date, db: Database) throws -> [Registration] {
    var free = event.capacity - (try confirmedCount(eventID: event.id!, db: db))
    var promoted: [Registration] = []
    while free > 0 {
      guard
        var next = try RegistrationRow.filter(Column("event_id") == event.id! && Column("status") == "waitlisted")
          .order(Column("id")).fetchOne(db)
      else { break }
      next.status = RegistrationStatus.confirmed.rawValue
      try next.update(db)
      try audit(db, actor, "promote", eventID: event.id, code: next.code, detail: "confirmed from the waitlist", at: now)
      promoted.append(try next.registration(eventCode: event.code, in: db))
      free -= 1
    }
    return promoted
  }

  /// Inserts a new registration under a fresh random code, drawing another in the rare case
  /// that the code is taken (the unique index says so). Returns the row id and the code.
  static func insertRegistration(
    _ person: Person, eventID: Int64, status: RegistrationStatus, at registeredAt: DatabaseValue, db: Database,
    codes: () -> String = RegistrationCode.generate
  ) throws -> (id: Int64, code: String) {
    let insert = try db.cachedStatement(
      sql: """
        INSERT INTO registration (event_id, code, name, organization, position, category, phone, email, external_id,
          search_key, status, registered_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    while true {
      let code = codes()
      do {
        try insert.execute(arguments: [
          eventID, code, person.name, person.organization, person.position, person.category, person.phone,
          person.email, person.externalID, NameSearch.key(name: person.name, organization: person.organization),
          status.rawValue, registeredAt,
        ])
        return (db.lastInsertedRowID, code)
      } catch let error as DatabaseError
        where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE && error.message?.contains("registration.code") == true
      {
        continue
      }
    }
  }

  /// Registrations whose search key holds every word of `query` in one of its spellings:
  /// a rough first filter in SQL, which ``NameSearch/matches(query:key:)`` then makes exact.
  static func filter(_ request: QueryInterfaceRequest<RegistrationRow>, searchingFor query: String)
    -> QueryInterfaceRequest<RegistrationRow>
  {
    NameSearch.alternatives(query).reduce(request) { request, forms in
      request.filter(forms.map { Column("search_key").like("%\($0)%") }.joined(operator: .or))
    }
  }

  static func requireRegistration(code: String, db: Database) throws -> RegistrationRow {
    guard case .valid(let stored) = RegistrationCode.read(code), let row = try RegistrationRow.fetch(code: stored, in: db)
    else {
      throw HadirError(.notFound, field: "code", Notice(.registrationNotFound, [.code: code]))
    }
    return row
  }

  /// NOT_FOUND, exactly as for a code nobody has, when a token limited to one event asks for
  /// another event's registration: the answer must not tell that the code exists, nor
  /// which event it belongs to.
  static func requireVisible(_ code: String, eventCode: String, limitedTo: String?) throws {
    if let limitedTo, limitedTo != eventCode {
      throw HadirError(.notFound, field: "code", Notice(.registrationNotFound, [.code: code]))
    }
  }
}
