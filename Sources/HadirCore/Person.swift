import Foundation

/// A participant as the organizers know them. Every field but the name may be empty.
public struct Person: Equatable, Sendable, Codable {
  public var name: String
  public var organization: String
  public var position: String
  /// e.g. "peserta", "narasumber", "panitia".
  public var category: String
  /// E.164, e.g. "+6281234567890"; empty when unknown.
  public var phone: String
  /// Lower case; empty when unknown.
  public var email: String
  /// An identifier such as NIP or NIK, without spaces; empty when unknown.
  public var externalID: String

  public init(
    name: String, organization: String = "", position: String = "", category: String = "", phone: String = "",
    email: String = "", externalID: String = ""
  ) {
    self.name = name
    self.organization = organization
    self.position = position
    self.category = category
    self.phone = phone
    self.email = email
    self.externalID = externalID
  }

  /// The person with every field cleaned (spaces collapsed, phone in E.164, e-mail in lower
  /// case), or an error naming the first field that cannot be used.
  public func normalized() throws(HadirError) -> Person {
    let name = try TextRules.singleLine(self.name, field: "name")
    if name.isEmpty { throw .invalid("name", Notice(.nameMissing)) }
    if name.count > 200 { throw .invalid("name", Notice(.tooLong, [.field: "name", .limit: "200"])) }
    let phone = try TextRules.singleLine(self.phone, field: "phone")
    let email = try TextRules.singleLine(self.email, field: "email").lowercased()
    if !email.isEmpty && !Self.isPlausibleEmail(email) {
      throw .invalid("email", Notice(.emailInvalid, [.value: email]))
    }
    if let refusal = TextRules.refusal(for: self.externalID, field: "external_id") { throw refusal }
    let externalID =
      self.externalID.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x80 })
      ? self.externalID.filter { !$0.isWhitespace } : self.externalID
    if externalID.count > 64 { throw .invalid("external_id", Notice(.tooLong, [.field: "external_id", .limit: "64"])) }
    let organization = try TextRules.singleLine(self.organization, field: "organization")
    let position = try TextRules.singleLine(self.position, field: "position")
    let category = try TextRules.singleLine(self.category, field: "category")
    for (field, value) in [("organization", organization), ("position", position), ("category", category)]
    where value.count > 200 {
      throw .invalid(field, Notice(.tooLong, [.field: field, .limit: "200"]))
    }
    return Person(
      name: name, organization: organization, position: position,
      category: category.lowercased(), phone: phone.isEmpty ? "" : try PhoneNumber.normalize(phone),
      email: email, externalID: externalID)
  }

  /// One "@", something before it, a dotted domain after it, no spaces.
  static func isPlausibleEmail(_ text: String) -> Bool {
    let bytes = text.utf8
    if bytes.allSatisfy({ $0 < 0x80 }) {
      // ASCII, the usual case, checked byte by byte.
      guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at != bytes.startIndex,
        !bytes[bytes.index(after: at)...].contains(UInt8(ascii: "@")),
        !bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F })
      else { return false }
      let domain = bytes[bytes.index(after: at)...].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
      return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
    let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
    return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
  }

  /// How this person is recognised when registered again: external id, else e-mail, else
  /// phone; nil when none is known (then every registration is a new person).
  public var identity: Identity? {
    if !externalID.isEmpty { return .externalID(externalID) }
    if !email.isEmpty { return .email(email) }
    if !phone.isEmpty { return .phone(phone) }
    return nil
  }

  public enum Identity: Hashable, Sendable {
    case externalID(String)
    case email(String)
    case phone(String)
  }
}
