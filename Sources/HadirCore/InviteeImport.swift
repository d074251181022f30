/// The fields of a person an invitee list can fill.
public enum InviteeField: String, CaseIterable, Sendable {
  case name, organization, position, category, phone, email
  case externalID = "external_id"

  /// Header spellings recognised for each field, written as ``InviteeColumns/key(_:)``
  /// makes them: lower case, letters and digits only.
  static let synonyms: [InviteeField: [String]] = [
    .name: ["name", "nama", "namalengkap", "namapeserta", "fullname", "namadangelar"],
    .organization: [
      "organization", "organisation", "organisasi", "instansi", "asalinstansi", "unitkerja", "institution", "satuankerja",
      "satker", "lembaga",
    ],
    .position: ["position", "jabatan", "job", "jobtitle"],
    .category: ["category", "kategori", "peran", "jenispeserta"],
    .phone: [
      "phone", "nohp", "hp", "nohpwa", "nowa", "wa", "whatsapp", "telepon", "telp", "notelp", "notelepon", "phonenumber",
      "mobile", "nomorhp", "nomortelepon",
    ],
    .email: ["email", "emailaddress", "alamatemail", "surel"],
    .externalID: ["externalid", "nip", "nik", "nipnik", "niknip", "idpegawai"],
  ]
}

/// Which column of the file holds which field.
public struct InviteeColumns: Sendable, Equatable {
  public var indexes: [InviteeField: Int]

  /// Matches headers to fields by name (English or Indonesian, ignoring case, spaces and
  /// punctuation), after the explicit `mapping` (header as in the file -> field name). A
  /// header that could name two fields is refused when `strict` (all or nothing), and left
  /// unused otherwise (the report names every column not used).
  public static func resolve(headers: [String], mapping: [String: String], strict: Bool = true) throws(HadirError)
    -> InviteeColumns
  {
    var indexes: [InviteeField: Int] = [:]
    let keys = headers.map(key)
    for (header, fieldName) in mapping {
      guard let field = InviteeField(rawValue: fieldName.lowercased()) else {
        throw HadirError.invalid(
          "columns", Notice(.notAField, [.value: fieldName, .items: Notice.list(InviteeField.allCases.map(\.rawValue))]))
      }
      guard let index = keys.firstIndex(of: key(header)) else {
        throw HadirError.invalid("columns", Notice(.noSuchColumn, [.value: header, .items: Notice.list(headers)]))
      }
      indexes[field] = index
    }
    for (index, header) in headers.enumerated() where !indexes.values.contains(index) {
      switch recognise(header) {
      case .field(let field):
        if indexes[field] == nil { indexes[field] = index }
      case .ambiguous(let fields):
        guard strict else { continue }
        let names = fields.map(\.rawValue).sorted()
        throw HadirError.invalid("columns", Notice(.columnAmbiguous, [.value: header, .items: Notice.list(names)]))
      case .unknown:
        break
      }
    }
    guard indexes[.name] != nil else {
      throw HadirError.invalid("columns", Notice(.noNameColumn, [.items: Notice.list(headers)]))
    }
    return InviteeColumns(indexes: indexes)
  }

  /// A header as compared: lower case, accents dropped, letters and digits only.
  static func key(_ header: String) -> String {
    NameSearch.words(header).joined()
  }

  enum Recognition: Equatable {
    case field(InviteeField)
    case ambiguous(Set<InviteeField>)
    case unknown
  }

  /// The field a header names. Real exports combine words: "Instansi/Unit Kerja",
  /// "No. HP / WA", "NIP / NIK", "Nama Lengkap (dengan gelar)": a note in parentheses is left
  /// out, and a header whose parts (split at "/") all name one field names that field; parts
  /// naming different fields ("Email / No HP") make it ambiguous.
  static func recognise(_ header: String) -> Recognition {
    func field(_ text: Substring) -> InviteeField? {
      let key = key(String(text))
      return InviteeField.allCases.first { InviteeField.synonyms[$0]!.contains(key) }
    }
    if let whole = field(Substring(header)) { return .field(whole) }
    var main = ""
    var depth = 0
    for character in header {
      if character == "(" { depth += 1 } else if character == ")" { depth = max(0, depth - 1) } else if depth == 0 {
        main.append(character)
      }
    }
    if let whole = field(Substring(main)) { return .field(whole) }
    let parts = main.split(separator: "/").filter { !key(String($0)).isEmpty }
    guard parts.count > 1 else { return .unknown }
    let fields = parts.map(field)
    let named = Set(fields.compactMap { $0 })
    if named.count > 1 { return .ambiguous(named) }
    if named.count == 1, fields.allSatisfy({ $0 != nil }) { return .field(named.first!) }
    return .unknown
  }

  /// The field each header fills, in file order; nil for a column the import does not use.
  public func uses(headers: [String]) -> [(header: String, field: InviteeField?)] {
    headers.enumerated().map { index, header in
      (header, indexes.first { $0.value == index }?.key)
    }
  }

  /// The person in `values`, not yet checked.
  public func person(_ values: [String]) -> Person {
    func value(_ field: InviteeField) -> String {
      guard let index = indexes[field], index < values.count else { return "" }
      return values[index]
    }
    return Person(
      name: value(.name), organization: value(.organization), position: value(.position), category: value(.category),
      phone: value(.phone), email: value(.email), externalID: value(.externalID))
  }
}

/// A row the import could not use, and why.
public struct RejectedRow: Sendable, Equatable {
  public var line: Int
  /// What is wrong with it, with the field at fault when there is one.
  public var problem: HadirError
  /// The row as it was in the file.
  public var values: [String]

  public init(line: Int, problem: HadirError, values: [String]) {
    self.line = line
    self.problem = problem
    self.values = values
  }

  /// What is wrong with it, in English.
  public var reason: String { problem.message }
  public var field: String? { problem.field }
}

/// A person from the list, checked and cleaned, with the line where they first appear.
public struct Invitee: Sendable, Equatable {
  public var line: Int
  public var person: Person

  public init(line: Int, person: Person) {
    self.line = line
    self.person = person
  }
}

/// The people of a list, checked: who can be imported, and which rows cannot and why.
public struct CheckedInvitees: Sendable {
  /// A row taken for a person already listed earlier in the same file.
  public struct MergedRow: Sendable, Equatable {
    /// The line where the person first appears, and the line merged into it.
    public var firstLine: Int
    public var line: Int
    public var name: String
    /// What made them the same person: the same NIP/NIK, e-mail or phone number.
    public var sameness: Notice
    /// Whether this row changed the person of the first (filled in or replaced a detail),
    /// rather than only saying again what was known.
    public var changedFirst: Bool

    /// What made them the same person in English, e.g. "the same NIP/NIK 197001011990031001".
    public var reason: String { sameness.text(in: .english) }
  }

  public var invitees: [Invitee] = []
  public var rejected: [RejectedRow] = []
  /// Rows merged into an earlier one, so that the organizer can check they are one person.
  public var merged: [MergedRow] = []
  private let columns: InviteeColumns
  private let headerCount: Int
  private var byIdentity: [Person.Identity: Int] = [:]

  /// Starts checking a file with `headerCount` columns, to be given its rows one by one.
  /// The same person twice in the file (same external id, else e-mail, else phone) becomes
  /// one invitee, the later row's details filling in the earlier's.
  public init(columns: InviteeColumns, headerCount: Int) {
    self.columns = columns
    self.headerCount = headerCount
  }

  /// Makes room for `people` invitees at once, rather than growing a large list step by step.
  mutating func reserveCapacity(_ people: Int) {
    invitees.reserveCapacity(people)
    byIdentity.reserveCapacity(people)
  }

  /// Checks the next row of the file.
  public mutating func check(_ row: InviteeFile.Row) {
    if row.values.count > headerCount, row.values[headerCount...].contains(where: { !$0.isEmpty }) {
      let problem = HadirError.invalid(
        "file", Notice(.rowTooManyValues, [.count: "\(row.values.count)", .limit: "\(headerCount)"]))
      rejected.append(RejectedRow(line: row.line, problem: problem, values: row.values))
      return
    }
    let person: Person
    do {
      person = try columns.person(row.values).normalized()
    } catch {
      rejected.append(RejectedRow(line: row.line, problem: error, values: row.values))
      return
    }
    if let identity = person.identity, let earlier = byIdentity[identity] {
      let filled = invitees[earlier].person.filled(from: person)
      let changed = filled != invitees[earlier].person
      merged.append(
        MergedRow(
          firstLine: invitees[earlier].line, line: row.line, name: person.name, sameness: Self.sameness(identity),
          changedFirst: changed))
      if changed { invitees[earlier].person = filled }
      return
    }
    if let identity = person.identity { byIdentity[identity] = invitees.count }
    invitees.append(Invitee(line: row.line, person: person))
  }

  private static func sameness(_ identity: Person.Identity) -> Notice {
    switch identity {
    case .externalID(let id): Notice(.sameExternalID, [.value: id])
    case .email(let email): Notice(.sameEmail, [.value: email])
    case .phone(let phone): Notice(.samePhone, [.value: phone])
    }
  }
}

extension Person {
  /// This person with every non-empty field of `newer` taking the place of the old value.
  public func filled(from newer: Person) -> Person {
    func pick(_ old: String, _ new: String) -> String { new.isEmpty ? old : new }
    return Person(
      name: pick(name, newer.name), organization: pick(organization, newer.organization),
      position: pick(position, newer.position), category: pick(category, newer.category), phone: pick(phone, newer.phone),
      email: pick(email, newer.email), externalID: pick(externalID, newer.externalID))
  }
}


/// What an import did, or would do.
public struct ImportResult: Sendable, Equatable {
  public var created = 0
  public var updated = 0
  public var unchanged = 0
  public var confirmed = 0
  public var waitlisted = 0
  /// The new registrations put on the waitlist, in file order (at most as many as the
  /// import asked to be named; ``waitlisted`` counts them all).
  public var waitlistedPeople: [WaitlistedInvitee] = []

  public init() {}

  public struct WaitlistedInvitee: Sendable, Equatable {
    public var line: Int
    public var name: String
    public var code: String
    public var position: Int

    public init(line: Int, name: String, code: String, position: Int) {
      self.line = line
      self.name = name
      self.code = code
      self.position = position
    }
  }
}
