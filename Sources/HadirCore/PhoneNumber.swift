/// Phone numbers as Indonesians write them ("0812-3456-7890", "62812…", "+62 812 …"),
/// reduced to one E.164 form ("+6281234567890") so that one number is one person.
public enum PhoneNumber {
  /// The E.164 form of `raw`, or an error naming the phone field and what was expected.
  public static func normalize(_ raw: String) throws(HadirError) -> String {
    var digitBytes: [UInt8] = []
    digitBytes.reserveCapacity(16)
    var plus = false
    var seenAnything = false
    for byte in raw.utf8 {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        digitBytes.append(byte)
        seenAnything = true
      case UInt8(ascii: "+") where !seenAnything:
        plus = true
        seenAnything = true
      case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"),
        UInt8(ascii: "/"), UInt8(ascii: "\t"):
        continue
      default:
        throw invalid(raw)
      }
    }
    let digits = String(decoding: digitBytes, as: UTF8.self)
    let national: String
    if plus {
      guard digits.hasPrefix("62") else {
        // Another country's number: keep it as given, if it is a plausible E.164 number.
        guard (8...15).contains(digits.count), digits.first != "0" else { throw invalid(raw) }
        return "+" + digits
      }
      national = String(digits.dropFirst(2))
    } else if digits.hasPrefix("62") {
      national = String(digits.dropFirst(2))
    } else if digits.hasPrefix("0") {
      national = String(digits.dropFirst())
    } else if digits.hasPrefix("8") {
      national = digits
    } else {
      throw invalid(raw)
    }
    let trimmed = national.hasPrefix("0") ? String(national.dropFirst()) : national
    guard (8...12).contains(trimmed.count), trimmed.first != "0" else { throw invalid(raw) }
    return "+62" + trimmed
  }

  private static func invalid(_ raw: String) -> HadirError {
    .invalid("phone", Notice(.phoneInvalid, [.value: raw]))
  }
}
