import Foundation

/// Days and times at the venue. UTC and the zones of Indonesia (WIB, WITA, WIT) have kept
/// one offset from UTC since 1988, so their days and times are worked out by arithmetic.
/// Any other zone, and any earlier date, goes through Foundation's calendar, which loads
/// ICU's code and time zone data: 5 MB more memory for as long as the server runs, for
/// what a check-in needs to know (which day it is at the venue). The offsets are written
/// here, not read from the time zone database: should Indonesia change its zones (a single
/// zone has been proposed before), ``fixedOffsets`` must change with it.
public struct VenueClock: Sendable {
  private enum Rule: Sendable {
    case fixed(secondsEastOfUTC: Int)
    case calendar(Calendar)
  }

  private let rule: Rule
  /// The same zone through Foundation's calendar, for dates before 1988.
  private let zoneName: String

  /// Offsets from UTC that have not changed since 1988-01-01 (when Pontianak moved to WIB).
  static let fixedOffsets: [String: Int] = [
    "UTC": 0, "Asia/Jakarta": 7 * 3_600, "Asia/Pontianak": 7 * 3_600, "Asia/Makassar": 8 * 3_600,
    "Asia/Jayapura": 9 * 3_600,
  ]
  /// 1988-01-01T00:00:00Z, from 1970.
  static let fixedSince = 567_993_600.0

  /// The clock of the zone with this IANA name; an unknown name is UTC.
  public init(timeZone name: String) {
    zoneName = name
    if let offset = Self.fixedOffsets[name] {
      rule = .fixed(secondsEastOfUTC: offset)
    } else {
      rule = .calendar(Self.calendar(name))
    }
  }

  /// UTC.
  public static let utc = VenueClock(timeZone: "UTC")

  /// The calendar day `date` falls on at the venue.
  public func day(at date: Date) -> CalendarDay {
    if let local = localSeconds(date), let day = CalendarDay(daysSince1970: Int(floorDivision(local, 86_400).quotient)) {
      return day
    }
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    return CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)!
  }

  /// Seconds since midnight at the venue (0 to 86,399).
  public func secondOfDay(at date: Date) -> Int {
    if let local = localSeconds(date) { return Int(floorDivision(local, 86_400).remainder) }
    let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
    return parts.hour! * 3_600 + parts.minute! * 60 + parts.second!
  }

  /// The instant of `minute` minutes after midnight on `day` at the venue. A time that
  /// does not exist on that day (skipped by a daylight-saving change) moves forward, as
  /// clocks do.
  public func instant(_ day: CalendarDay, minute: Int = 0) -> Date {
    if case .fixed(let offset) = rule, Double(day.daysSince1970) * 86_400 >= Self.fixedSince + 86_400 {
      return Date(timeIntervalSince1970: Double(day.daysSince1970 * 86_400 + minute * 60 - offset))
    }
    return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: minute / 60, minute: minute % 60))!
  }

  /// Whole seconds since 1970 at the venue's wall clock, when the offset is fixed at `date`.
  /// The second is cut where Foundation's calendar cuts it: after adding the offset to the
  /// seconds since 2001, the reference date a `Date` counts from (a hair before a whole
  /// second may round up to it in either addition, and must round as the calendar's does).
  private func localSeconds(_ date: Date) -> Int64? {
    guard case .fixed(let offset) = rule, date.timeIntervalSince1970 >= Self.fixedSince else { return nil }
    let local = (date.timeIntervalSinceReferenceDate + Double(offset)).rounded(.down)
    guard local < 1e11 else { return nil }
    return Int64(local) + 978_307_200
  }

  private var calendar: Calendar {
    if case .calendar(let calendar) = rule { return calendar }
    return Self.calendar(zoneName)
  }

  private static func calendar(_ name: String) -> Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: name) ?? .gmt
    return calendar
  }
}

/// Division rounding down, so that times before midnight (or 1970) fall on the day before.
public func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
  let quotient = value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
  return (quotient, value - quotient * divisor)
}
