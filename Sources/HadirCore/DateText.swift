/// Writes dates and times as text ("2025-05-27 08:15:30.250"), digit by digit into one
/// buffer: the database's dates are written on every check-in, and joining a dozen small
/// strings cost more than the rest of the arithmetic.
public struct DateTextWriter {
  private var bytes: [UInt8] = []

  public init(capacity: Int) {
    bytes.reserveCapacity(capacity)
  }

  /// Appends `value` in decimal with at least `width` digits, zeros in front.
  public mutating func append(_ value: Int, width: Int) {
    guard value >= 0 else {
      // Not a part of a date; written as before, the sign among the padding.
      let digits = String(value)
      bytes.append(contentsOf: String(repeating: "0", count: max(0, width - digits.count)).utf8)
      bytes.append(contentsOf: digits.utf8)
      return
    }
    var digits = 1
    var power = 1
    while value / power >= 10 {
      digits += 1
      power *= 10
    }
    for _ in 0..<max(0, width - digits) { bytes.append(UInt8(ascii: "0")) }
    var rest = value
    while power > 0 {
      bytes.append(UInt8(ascii: "0") + UInt8(rest / power))
      rest %= power
      power /= 10
    }
  }

  /// Appends a separator ("-", ":", " ", "T").
  public mutating func append(_ separator: Unicode.Scalar) {
    bytes.append(UInt8(ascii: separator))
  }

  /// Appends a day as "yyyy-MM-dd".
  public mutating func append(_ day: CalendarDay) {
    append(day.year, width: 4)
    append("-")
    append(day.month, width: 2)
    append("-")
    append(day.day, width: 2)
  }

  /// Appends a time of day, given in milliseconds since midnight, as "HH:mm:ss", and
  /// ".SSS" after it if `milliseconds`.
  public mutating func appendTime(millisecondOfDay: Int, milliseconds: Bool) {
    append(millisecondOfDay / 3_600_000, width: 2)
    append(":")
    append(millisecondOfDay / 60_000 % 60, width: 2)
    append(":")
    append(millisecondOfDay / 1_000 % 60, width: 2)
    if milliseconds {
      append(".")
      append(millisecondOfDay % 1_000, width: 3)
    }
  }

  public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Reads dates and times written as text ("2025-05-27 08:15:30"), digit by digit: the
/// database's dates and RFC 3339 are read with it rather than with Foundation's formatters,
/// which load ICU (5 MB of memory kept for as long as the server runs).
public struct DateTextReader {
  private var bytes: ArraySlice<UInt8>

  public init(_ text: String) {
    bytes = Array(text.utf8)[...]
  }

  /// Whether the whole text has been read.
  public var isAtEnd: Bool { bytes.isEmpty }

  /// The next `digits` digits as a number, or nil when they are not all digits.
  public mutating func number(_ digits: Int) -> Int? {
    guard bytes.count >= digits else { return nil }
    var value = 0
    for byte in bytes.prefix(digits) {
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    bytes = bytes.dropFirst(digits)
    return value
  }

  /// The next digit, read only when there is one.
  public mutating func digit() -> Int? {
    guard let byte = bytes.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
    bytes = bytes.dropFirst()
    return Int(byte - UInt8(ascii: "0"))
  }

  /// Reads the next character when it is one of `allowed` (ASCII), and says which.
  public mutating func one(of allowed: String) -> UInt8? {
    guard let byte = bytes.first, allowed.utf8.contains(byte) else { return nil }
    bytes = bytes.dropFirst()
    return byte
  }

  /// Reads the next character when it is one of `allowed` (ASCII).
  public mutating func skip(_ allowed: String) -> Bool {
    one(of: allowed) != nil
  }

  /// "yyyy-MM-dd", one of `separators`, "HH:mm:ss": a valid day and the second of that
  /// day, or nil.
  public mutating func dayAndTime(separators: String) -> (day: CalendarDay, second: Int)? {
    guard let year = number(4), skip("-"), let month = number(2), skip("-"), let dayOfMonth = number(2),
      skip(separators), let hour = number(2), skip(":"), let minute = number(2), skip(":"), let second = number(2),
      hour < 24, minute < 60, second < 60, let day = CalendarDay(year: year, month: month, day: dayOfMonth)
    else { return nil }
    return (day, hour * 3_600 + minute * 60 + second)
  }
}
