import Foundation
import Testing

@testable import HadirCore

/// Days and times at the venue are worked out by arithmetic for the zones Indonesia uses;
/// they must be what Foundation's calendar says, for every instant since 1988.
@Suite("Days and times at the venue")
struct VenueClockTests {
  func calendar(_ zone: String) -> Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone)!
    return calendar
  }

  @Test("the day and the time of day of 100,000 random instants are the calendar's", arguments: Array(VenueClock.fixedOffsets.keys.sorted()))
  func daysAndTimes(zone: String) {
    let clock = VenueClock(timeZone: zone)
    let calendar = calendar(zone)
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<100_000 {
      let date = Date(timeIntervalSince1970: Double.random(in: VenueClock.fixedSince...4_102_444_800, using: &generator))
      let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
      let day = CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)!
      let second = parts.hour! * 3_600 + parts.minute! * 60 + parts.second!
      guard clock.day(at: date) == day, clock.secondOfDay(at: date) == second else {
        Issue.record("\(zone) \(date.timeIntervalSince1970): \(clock.day(at: date)) \(clock.secondOfDay(at: date)) against \(day) \(second)")
        return
      }
    }
  }

  @Test("the instant of a time on a day is the calendar's", arguments: Array(VenueClock.fixedOffsets.keys.sorted()))
  func instants(zone: String) {
    let clock = VenueClock(timeZone: zone)
    let calendar = calendar(zone)
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      let day = CalendarDay(daysSince1970: Int.random(in: 6_575...47_480, using: &generator))!
      let minute = Int.random(in: 0..<1_440, using: &generator)
      let expected = calendar.date(
        from: DateComponents(year: day.year, month: day.month, day: day.day, hour: minute / 60, minute: minute % 60))!
      guard clock.instant(day, minute: minute) == expected else {
        Issue.record("\(zone) \(day) \(minute): \(clock.instant(day, minute: minute)) against \(expected)")
        return
      }
    }
  }

  @Test("RFC 3339 text of 200,000 random instants is Foundation's ISO 8601 text")
  func rfc3339() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<200_000 {
      let date = Date(timeIntervalSince1970: Double.random(in: VenueClock.fixedSince...4_102_444_800, using: &generator))
      guard date.rfc3339 == date.formatted(.iso8601) else {
        Issue.record("\(date.timeIntervalSince1970): \(date.rfc3339) against \(date.formatted(.iso8601))")
        return
      }
    }
    let midnight = Date(timeIntervalSince1970: 1_748_304_000)  // 2025-05-27T00:00:00Z
    for offset in [-0.001, -0.5, 0, 0.4999, 0.5, 0.999] {
      let date = midnight.addingTimeInterval(offset)
      #expect(date.rfc3339 == date.formatted(.iso8601), "\(offset)")
    }
    // A hair before a whole second, counted from 2001 as a Date counts: still the second before.
    for _ in 0..<20_000 {
      let second = Double(Int.random(in: -410_227_200...3_124_137_600, using: &generator))
      let date = Date(timeIntervalSinceReferenceDate: second.nextDown)
      guard date.rfc3339 == date.formatted(.iso8601) else {
        Issue.record("\(date.timeIntervalSinceReferenceDate): \(date.rfc3339) against \(date.formatted(.iso8601))")
        return
      }
      let jakarta = VenueClock(timeZone: "Asia/Jakarta")
      let parts = calendar("Asia/Jakarta").dateComponents([.hour, .minute, .second], from: date)
      #expect(jakarta.secondOfDay(at: date) == parts.hour! * 3_600 + parts.minute! * 60 + parts.second!)
    }
  }

  @Test("RFC 3339 timestamps with a Z or an offset, with or without fractions, read as Foundation reads them")
  func readingRFC3339() throws {
    var generator = SystemRandomNumberGenerator()
    let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    for index in 0..<20_000 {
      let date = Date(timeIntervalSince1970: Double(Int.random(in: 567_993_600...4_102_444_800, using: &generator)))
      let offset = [0, 7 * 3_600, 8 * 3_600, -5 * 3_600 - 30 * 60][index % 4]
      let local = VenueClock.utc
      let shifted = date.addingTimeInterval(Double(offset))
      let second = local.secondOfDay(at: shifted)
      var text = local.day(at: shifted).description
        + String(format: "T%02d:%02d:%02d", second / 3_600, second / 60 % 60, second % 60)
      let milliseconds = index % 3 == 0 ? Int.random(in: 0..<1_000, using: &generator) : nil
      if let milliseconds { text += String(format: ".%03d", milliseconds) }
      text += offset == 0 ? "Z" : String(format: "%@%02d:%02d", offset < 0 ? "-" : "+", abs(offset) / 3_600, abs(offset) / 60 % 60)
      let ours = try #require(Date(rfc3339: text), "\(text)")
      let theirs = try Date(text, strategy: milliseconds == nil ? .iso8601 : fractional)
      guard abs(ours.timeIntervalSince(theirs)) < 1e-6 else {
        Issue.record("\(text): \(ours.timeIntervalSince1970) against \(theirs.timeIntervalSince1970)")
        return
      }
    }
    #expect(Date(rfc3339: "2025-05-27T03:15:00.123456789Z")!.timeIntervalSince1970 == 1_748_315_700.123456789)
    for text in ["", "2025-05-27", "2025-05-27T03:15:00", "2025-05-27T03:15:00+0800", "2025-02-30T03:15:00Z", "2025-05-27T03:15:00Zx", "2025-05-27T03:15:00.Z"] {
      #expect(Date(rfc3339: text) == nil, "\(text)")
    }
  }

  @Test("Pontianak was WITA until 1988: earlier instants are read through the calendar")
  func beforeTheFixedOffsets() {
    // 1987-12-31T15:30:00Z was 23:30 in Pontianak (UTC+8 until 16:00Z that day), not 22:30.
    let date = Date(timeIntervalSince1970: 567_963_000)
    let clock = VenueClock(timeZone: "Asia/Pontianak")
    #expect(clock.day(at: date) == CalendarDay(year: 1987, month: 12, day: 31))
    #expect(clock.secondOfDay(at: date) == 23 * 3_600 + 30 * 60)
  }

  @Test("other zones keep their daylight-saving rules: a skipped time moves forward")
  func daylightSaving() {
    let clock = VenueClock(timeZone: "Europe/Berlin")
    let day = CalendarDay(year: 2025, month: 3, day: 30)!
    // 02:30 does not exist that night; clocks go from 02:00 CET to 03:00 CEST.
    #expect(clock.instant(day, minute: 150) == Date(timeIntervalSince1970: 1_743_298_200))  // 01:30Z
    #expect(clock.secondOfDay(at: Date(timeIntervalSince1970: 1_743_298_200)) == 3 * 3_600 + 30 * 60)
    #expect(VenueClock(timeZone: "Asia/Makassar").instant(day, minute: 150) == Date(timeIntervalSince1970: 1_743_273_000))
  }

  @Test("an event's days are counted across months and years")
  func eventDays() throws {
    let event = try Event(
      code: "ILP-BANGGAI-25", title: "Kick-off", venue: "Luwuk", timeZone: "Asia/Makassar",
      firstDay: CalendarDay(year: 2024, month: 12, day: 30)!, lastDay: CalendarDay(year: 2025, month: 1, day: 2)!,
      capacity: 75, createdAt: Date(), updatedAt: Date())
    #expect(event.days.map(\.description) == ["2024-12-30", "2024-12-31", "2025-01-01", "2025-01-02"])
  }
}
