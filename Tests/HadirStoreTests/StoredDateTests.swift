import Foundation
import GRDB
import HadirCore
import Testing

@testable import HadirStore

/// Dates are written and read without Foundation's formatter; what is stored and what is
/// read back must be exactly what GRDB itself writes and reads.
@Suite("Dates as the database keeps them")
struct StoredDateTests {
  /// GRDB's own text for a date.
  func grdbText(_ date: Date) -> String { String.fromDatabaseValue(date.databaseValue)! }

  @Test("the stored text of 200,000 random dates is GRDB's, to the millisecond and its rounding")
  func randomTexts() {
    var generator = SystemRandomNumberGenerator()
    // 1990 to 2100, at any fraction of a second.
    let range = -347_155_200.0...3_155_760_000.0
    for _ in 0..<200_000 {
      let date = Date(timeIntervalSinceReferenceDate: Double.random(in: range, using: &generator))
      let text = StoredDate.text(date)
      guard text == grdbText(date) else {
        Issue.record("\(date.timeIntervalSinceReferenceDate): \(text) against GRDB's \(grdbText(date))")
        return
      }
    }
  }

  @Test(
    "half a millisecond, the end of a second, of a day and of a year, a leap day, before 1970",
    arguments: [
      "2025-05-27 08:00:00.000", "2025-05-27 23:59:59.999", "2024-02-29 12:00:00.500", "2024-12-31 23:59:59.999",
      "2000-01-01 00:00:00.000", "1969-12-31 23:59:59.999", "1970-01-01 00:00:00.001", "2100-02-28 23:59:59.999",
    ])
  func edges(text: String) throws {
    let date = try #require(Date.fromDatabaseValue(text.databaseValue))
    for offset in [0.0, 0.0004, 0.000_499_9, 0.0005, 0.000_500_1, 0.0009, -0.0004, -0.0005, -0.0006] {
      let shifted = date.addingTimeInterval(offset)
      #expect(StoredDate.text(shifted) == grdbText(shifted), "\(text) \(offset)")
    }
  }

  @Test("dates before 1583, when Foundation's calendar is Julian, are written as GRDB writes them")
  func julianDates() throws {
    for text in ["1582-10-04 12:00:00.000", "1000-06-15 08:30:00.250"] {
      let date = try #require(Date.fromDatabaseValue(text.databaseValue))
      #expect(StoredDate.text(date) == grdbText(date))
    }
  }

  @Test("200,000 random stored texts read back as the very dates GRDB reads")
  func randomReads() {
    var generator = SystemRandomNumberGenerator()
    for index in 0..<200_000 {
      let day = CalendarDay(daysSince1970: Int.random(in: 7_300...47_500, using: &generator))!
      let time = (
        Int.random(in: 0..<24, using: &generator), Int.random(in: 0..<60, using: &generator),
        Int.random(in: 0..<60, using: &generator), Int.random(in: 0..<1_000, using: &generator)
      )
      var text = day.description + (index % 3 == 0 ? "T" : " ")
      text += String(format: "%02d:%02d:%02d", time.0, time.1, time.2)
      if index % 5 != 0 { text += String(format: ".%03d", time.3) }
      let ours = StoredDate.date(text)
      let theirs = Date.fromDatabaseValue(text.databaseValue)
      guard ours?.timeIntervalSinceReferenceDate.bitPattern == theirs?.timeIntervalSinceReferenceDate.bitPattern else {
        Issue.record("\(text): \(String(describing: ours?.timeIntervalSinceReferenceDate)) against GRDB's \(String(describing: theirs?.timeIntervalSinceReferenceDate))")
        return
      }
    }
  }

  @Test("other forms SQLite writes, impossible dates and years before 1583 are read as GRDB reads them", arguments: [
    "2025-05-27", "2025-05-27 08:15", "2025-05-27T08:15:30.25", "2025-05-27 08:15:30.123456", "1748334930", "not a date",
    "2025-02-30 08:15:30", "2025-05-27 24:00:00.000", "2025-05-27 08:60:00", "1582-10-04 12:00:00.000",
    "1000-01-01 00:00:00",
  ])
  func otherForms(text: String) {
    #expect(StoredDate.date(text) == Date.fromDatabaseValue(text.databaseValue))
  }

  @Test("a date written and read through a statement comes back as GRDB's would")
  func throughTheDatabase() throws {
    let queue = try DatabaseQueue()
    let now = Date()
    try queue.write { db in
      try db.execute(sql: "CREATE TABLE t (at TEXT)")
      try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [now.stored])
      let text = try String.fetchOne(db, sql: "SELECT at FROM t")
      #expect(text == grdbText(now))
      #expect(try StoredDate.fetchOne(db, sql: "SELECT at FROM t")?.date == Date.fetchOne(db, sql: "SELECT at FROM t"))
      let row = try #require(try Row.fetchOne(db, sql: "SELECT at FROM t"))
      #expect((row[0] as StoredDate).date == (row[0] as Date))
    }
  }

  @Test("every day from 1900 to 2200 counts from 1970 and back")
  func daysSince1970() {
    #expect(CalendarDay(year: 1900, month: 1, day: 1)!.daysSince1970 == -25_567)
    #expect(CalendarDay(year: 1970, month: 1, day: 1)!.daysSince1970 == 0)
    var count = -25_567
    for year in 1900..<2200 {
      for month in 1...12 {
        for dayOfMonth in 1...31 {
          guard let day = CalendarDay(year: year, month: month, day: dayOfMonth) else { continue }
          #expect(day.daysSince1970 == count)
          #expect(CalendarDay(daysSince1970: count) == day)
          count += 1
        }
      }
    }
  }
}
