import Foundation

extension Date {
  /// This instant as RFC 3339 in UTC, to the second ("2025-05-27T00:30:00Z"): what
  /// Foundation's `.iso8601` style writes, by arithmetic (Foundation's formatters load
  /// ICU, 5 MB of memory kept for as long as the server runs).
  public var rfc3339: String {
    let clock = VenueClock.utc
    var text = DateTextWriter(capacity: 20)
    text.append(clock.day(at: self))
    text.append("T")
    text.appendTime(millisecondOfDay: clock.secondOfDay(at: self) * 1_000, milliseconds: false)
    text.append("Z")
    return text.text
  }

  /// The instant an RFC 3339 timestamp names ("2025-05-27T03:15:00Z",
  /// "2025-05-27T11:15:00.123456789+08:00"), read by arithmetic; nil for anything else.
  public init?(rfc3339 text: String) {
    var reader = DateTextReader(text)
    guard let (day, secondOfDay) = reader.dayAndTime(separators: "Tt ") else { return nil }
    var fraction = 0.0
    if reader.skip(".") {
      var scale = 0.1
      var digits = 0
      while let digit = reader.digit() {
        fraction += Double(digit) * scale
        scale /= 10
        digits += 1
      }
      guard digits > 0 else { return nil }
    }
    var offset = 0
    if let sign = reader.one(of: "+-") {
      let east = sign == UInt8(ascii: "+")
      guard let hours = reader.number(2), reader.skip(":"), let minutes = reader.number(2), hours < 24, minutes < 60
      else { return nil }
      offset = (hours * 3_600 + minutes * 60) * (east ? 1 : -1)
    } else if !reader.skip("Zz") {
      return nil
    }
    guard reader.isAtEnd else { return nil }
    self.init(timeIntervalSince1970: Double(day.daysSince1970 * 86_400 + secondOfDay - offset) + fraction)
  }
}
