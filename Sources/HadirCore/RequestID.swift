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
}
