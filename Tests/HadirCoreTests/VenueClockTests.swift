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
