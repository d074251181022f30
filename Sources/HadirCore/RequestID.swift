import Foundation

/// The rules for a desk's request id: the client's name for one check-in or walk-in, so
/// that a request retried after a lost answer gets the first answer again instead of a
/// second check-in.
public enum RequestID {
  /// Long enough for a UUID or 32 random bytes in hex, short enough that remembering them
  /// costs little.
  public static let maxLength = 64
  /// How long an answer is remembered. A desk retries within seconds or minutes (after a
  /// lost connection); a day covers a desk that was offline until the next morning.
  public static let retention: Double = 24 * 60 * 60

  /// The request id, nil when none was given, or INVALID_ARGUMENT naming `request_id`.
  public static func validate(_ raw: String) throws(HadirError) -> String? {
    if raw.isEmpty { return nil }
    guard raw.utf8.count <= maxLength, raw.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
      throw .invalid("request_id", Notice(.requestIDInvalid, [.limit: "\(maxLength)", .size: "\(raw.utf8.count)"]))
    }
    return raw
  }

  /// A new request id: a random (version 4) UUID in its usual text form, from the system's
  /// random source. (Foundation's `UUID()` opens /dev/urandom on every call on Linux, a
  /// cost a desk pays on every scan.)
  public static func random() -> String {
    var generator = SystemRandomNumberGenerator()
    var bytes = withUnsafeBytes(of: (generator.next() as UInt64, generator.next() as UInt64), Array.init)
    bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
    bytes[8] = bytes[8] & 0x3F | 0x80  // the RFC 9562 variant
    return UUID(uuid: bytes.withUnsafeBytes { $0.load(as: uuid_t.self) }).uuidString
  }
}
