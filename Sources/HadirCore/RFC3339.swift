import Foundation

extension Date {
  /// This instant as RFC 3339 in UTC, to the second ("2025-05-27T00:30:00Z"): what
  /// Foundation's `.iso8601` style writes, by arithmetic (Foundation's formatters load
  /// ICU, 5 MB of memory kept for as long as the server runs).
  public var rfc3339: String {
    let clock = VenueClock.utc
    let second = clock.secondOfDay(at: self)
    return clock.day(at: self).description
      + "T\(twoDigits(second / 3_600)):\(twoDigits(second / 60 % 60)):\(twoDigits(second % 60))Z"
  }

  /// The instant an RFC 3339 timestamp names ("2025-05-27T03:15:00Z",
  /// "2025-05-27T11:15:00.123456789+08:00"), read by arithmetic; nil for anything else.
  public init?(rfc3339 text: String) {
    var bytes = Array(text.utf8)[...]
    func number(_ digits: Int) -> Int? {
      guard bytes.count >= digits else { return nil }
      var value = 0
      for byte in bytes.prefix(digits) {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      bytes = bytes.dropFirst(digits)
      return value
    }
    func skip(_ allowed: String) -> Bool {
      guard let byte = bytes.first, allowed.utf8.contains(byte) else { return false }
      bytes = bytes.dropFirst()
      return true
    }
    guard let year = number(4), skip("-"), let month = number(2), skip("-"), let dayOfMonth = number(2),
      skip("Tt "), let hour = number(2), skip(":"), let minute = number(2), skip(":"), let second = number(2),
      let day = CalendarDay(year: year, month: month, day: dayOfMonth), hour < 24, minute < 60, second < 60
    else { return nil }
    var fraction = 0.0
    if skip(".") {
      var scale = 0.1
      var digits = 0
      while let byte = bytes.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
        fraction += Double(byte - UInt8(ascii: "0")) * scale
        scale /= 10
        digits += 1
        bytes = bytes.dropFirst()
      }
      guard digits > 0 else { return nil }
    }
    var offset = 0
    if skip("Zz") {
      offset = 0
    } else if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
      bytes = bytes.dropFirst()
      guard let hours = number(2), skip(":"), let minutes = number(2), hours < 24, minutes < 60 else { return nil }
      offset = (hours * 3_600 + minutes * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
    } else {
      return nil
    }
    guard bytes.isEmpty else { return nil }
    let seconds = day.daysSince1970 * 86_400 + hour * 3_600 + minute * 60 + second - offset
    self.init(timeIntervalSince1970: Double(seconds) + fraction)
  }
}

private func twoDigits(_ value: Int) -> String {
  value < 10 ? "0\(value)" : "\(value)"
}
