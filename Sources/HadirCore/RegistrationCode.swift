#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Registration codes: seven characters, shown as "K7M-4PQX", easy to read aloud and to
/// type. The alphabet is Crockford's base 32 (no I, L, O or U), so the usual confusions
/// are forgiven on input (O is read as 0; I and L as 1), and the last character is a
/// Luhn mod 32 check, so a mistyped character or two swapped neighbours are caught as a
/// typo rather than taken for another person's code.
public enum RegistrationCode {
  static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
  /// The alphabet as bytes, for making codes without comparing characters.
  static let asciiAlphabet = alphabet.map { $0.asciiValue! }
  static let bodyLength = 6
  public static let length = bodyLength + 1

  /// What a typed or scanned code turned out to be.
  public enum Reading: Equatable, Sendable {
    /// A well-formed code, in its stored form (seven characters, no hyphen).
    case valid(String)
    /// The right shape, but the check character does not match: a typo.
    case badCheckCharacter(String)
    /// Not a code at all.
    case malformed
  }

  /// A new random code from the C library's cryptographic generator.
  public static func generate() -> String {
    // One draw of 64 random bits gives all six characters (5 bits each).
    var bits: UInt64 = 0
    arc4random_buf(&bits, MemoryLayout<UInt64>.size)
    var values: [Int] = []
    values.reserveCapacity(length)
    for _ in 0..<bodyLength {
      values.append(Int(bits & 31))
      bits >>= 5
    }
    values.append(checkValue(for: values))
    return String(decoding: values.map { asciiAlphabet[$0] }, as: UTF8.self)
  }

  /// Reads what someone typed: case, spaces, hyphens and the usual confusions forgiven.
  public static func read(_ text: String) -> Reading {
    var characters: [Character] = []
    for character in text.uppercased() {
      switch character {
      case " ", "-", "\t": continue
      case "O": characters.append("0")
      case "I", "L": characters.append("1")
      default:
        guard alphabet.contains(character) else { return .malformed }
        characters.append(character)
      }
    }
    guard characters.count == length else { return .malformed }
    let code = String(characters)
    return checkCharacter(for: Array(characters.prefix(bodyLength))) == characters.last ? .valid(code) : .badCheckCharacter(code)
  }

  /// The code grouped for people: "K7M4PQX" becomes "K7M-4PQX".
  public static func display(_ code: String) -> String {
    guard code.count == length else { return code }
    return "\(code.prefix(3))-\(code.suffix(4))"
  }

  /// The check character of a code's six characters.
  static func checkCharacter(for body: [Character]) -> Character {
    alphabet[checkValue(for: body.map { alphabet.firstIndex(of: $0)! })]
  }

  /// Luhn mod N over the characters' places in the alphabet (N = 32).
  static func checkValue(for body: [Int]) -> Int {
    let n = alphabet.count
    var factor = 2
    var sum = 0
    for value in body.reversed() {
      let product = factor * value
      sum += product / n + product % n
      factor = factor == 2 ? 1 : 2
    }
    return (n - sum % n) % n
  }
}
