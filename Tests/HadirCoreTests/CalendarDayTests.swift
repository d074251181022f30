import Testing

@testable import HadirCore

@Suite("Calendar days")
struct CalendarDayTests {
  @Test("YYYY-MM-DD parses and prints back the same")
  func roundTrip() {
    let day = CalendarDay("2025-05-27")
    #expect(day == CalendarDay(year: 2025, month: 5, day: 27))
    #expect(day?.description == "2025-05-27")
    #expect(CalendarDay(year: 7, month: 1, day: 2)?.description == "0007-01-02")
  }

  @Test(
    "text that is not a real day is refused",
    arguments: ["2025-02-29", "2025-13-01", "2025-04-31", "2025-5-27", "27-05-2025", "2025/05/27", "", "2025-05-27x", "２０２５-05-27"])
  func refused(_ text: String) {
    #expect(CalendarDay(text) == nil)
  }

  @Test("numbers are written with zeros in front up to their width, as %0*d writes them")
  func zeroPaddedNumbers() {
    for width in 1...5 {
      for value in Array(0..<2_000) + [9_999, 10_000, 99_999, 100_000, 1_234_567] {
        var text = DateTextWriter(capacity: width)
        text.append(value, width: width)
        let expected = String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
        guard text.text == expected else {
          Issue.record("\(value) at width \(width): \(text.text), expected \(expected)")
          return
        }
      }
    }
  }

  @Test("leap days exist only in leap years")
  func leapYears() {
    #expect(CalendarDay("2024-02-29") != nil)
    #expect(CalendarDay("2000-02-29") != nil)
    #expect(CalendarDay("1900-02-29") == nil)
  }

  @Test("days between two days count across months and years")
  func distance() throws {
    let first = try #require(CalendarDay("2025-05-27"))
    #expect(first.days(to: try #require(CalendarDay("2025-05-28"))) == 1)
    #expect(first.days(to: try #require(CalendarDay("2025-06-01"))) == 5)
    #expect(try #require(CalendarDay("2024-12-31")).days(to: try #require(CalendarDay("2025-01-01"))) == 1)
    #expect(try #require(CalendarDay("2024-02-28")).days(to: try #require(CalendarDay("2024-03-01"))) == 2)
    #expect(first.days(to: first) == 0)
    #expect(try #require(CalendarDay("2025-05-28")).days(to: first) == -1)
  }

  @Test("days order by date")
  func ordering() throws {
    #expect(try #require(CalendarDay("2025-05-28")) > (try #require(CalendarDay("2025-05-27"))))
    #expect(try #require(CalendarDay("2024-12-31")) < (try #require(CalendarDay("2025-01-01"))))
  }
}
