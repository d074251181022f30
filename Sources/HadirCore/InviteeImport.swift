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
  /// punctuation), after the explicit `mapping` (header as in the file -> field name).
  public static func resolve(headers: [String], mapping: [String: String]) throws(HadirError) -> InviteeColumns {
    var indexes: [InviteeField: Int] = [:]
    let keys = headers.map(key)
    for (header, fieldName) in mapping {
      guard let field = InviteeField(rawValue: fieldName.lowercased()) else {
        throw HadirError.invalid(
          "columns",
          "\"\(fieldName)\" is not a field; use one of \(InviteeField.allCases.map(\.rawValue).joined(separator: ", ")).")
      }
      guard let index = keys.firstIndex(of: key(header)) else {
        throw HadirError.invalid(
          "columns", "The file has no column \"\(header)\". Its columns are: \(headers.joined(separator: ", ")).")
      }
      indexes[field] = index
    }
    for field in InviteeField.allCases where indexes[field] == nil {
      let names = InviteeField.synonyms[field]!
      if let index = keys.indices.first(where: { names.contains(keys[$0]) && !indexes.values.contains($0) }) {
        indexes[field] = index
      }
    }
    guard indexes[.name] != nil else {
      throw HadirError.invalid(
        "columns",
        "The file has no column for the name (such as \"Nama\" or \"Name\"). Its columns are: \(headers.joined(separator: ", ")). Name the right one with --column \"HEADER=name\".")
    }
    return InviteeColumns(indexes: indexes)
  }

  /// A header as compared: lower case, accents dropped, letters and digits only.
  static func key(_ header: String) -> String {
    NameSearch.words(header).joined()
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
  public var reason: String
  public var field: String?
  /// The row as it was in the file.
  public var values: [String]

  public init(line: Int, reason: String, field: String?, values: [String]) {
    self.line = line
    self.reason = reason
    self.field = field
    self.values = values
  }
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
  public var invitees: [Invitee]
  public var rejected: [RejectedRow]

  /// Checks every row. The same person twice in the file (same external id, else e-mail,
  /// else phone) becomes one invitee, the later row's details filling in the earlier's.
  public init(_ file: InviteeFile, columns: InviteeColumns) {
    var invitees: [Invitee] = []
    var rejected: [RejectedRow] = []
    var byIdentity: [Person.Identity: Int] = [:]
    for row in file.rows {
      if row.values.count > file.headers.count, row.values[file.headers.count...].contains(where: { !$0.isEmpty }) {
        rejected.append(
          RejectedRow(
            line: row.line,
            reason: "The row has \(row.values.count) values but the header has \(file.headers.count) columns; a value probably contains the delimiter without quotes.",
            field: nil, values: row.values))
        continue
      }
      let person: Person
      do {
        person = try columns.person(row.values).normalized()
      } catch {
        rejected.append(RejectedRow(line: row.line, reason: error.message, field: error.field, values: row.values))
        continue
      }
      if let identity = person.identity, let earlier = byIdentity[identity] {
        invitees[earlier].person = invitees[earlier].person.filled(from: person)
        continue
      }
      if let identity = person.identity { byIdentity[identity] = invitees.count }
      invitees.append(Invitee(line: row.line, person: person))
    }
    self.invitees = invitees
    self.rejected = rejected
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
  /// The new registrations put on the waitlist, in file order.
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
