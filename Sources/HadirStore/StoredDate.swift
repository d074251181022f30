import Foundation
import GRDB
import GRDBSQLite
import HadirCore

/// A date as the database keeps it: "yyyy-MM-dd HH:mm:ss.SSS" in UTC, the text GRDB writes
/// for a `Date`, written and read here by arithmetic. GRDB goes through Foundation's
/// `DateFormatter` and `Calendar`, which load ICU's code and data: 5 MB more memory for
/// as long as the server runs, from its first call that touches a date. From 1583 (the first
/// whole year of the Gregorian calendar, which Foundation's follows back to 1582) to 9999 the
/// text and the dates are the same to the bit (tests compare them with GRDB's on random
/// dates); outside those years GRDB itself writes and reads them.
struct StoredDate: DatabaseValueConvertible, StatementColumnConvertible {
  var date: Date

  init(_ date: Date) { self.date = date }

  var databaseValue: DatabaseValue { Self.text(date).databaseValue }

  static func fromDatabaseValue(_ value: DatabaseValue) -> StoredDate? {
    switch value.storage {
    case .string(let text): date(text).map(StoredDate.init)
    case .int64, .double: Date.fromDatabaseValue(value).map(StoredDate.init)
    case .null, .blob: nil
    }
  }

  init?(sqliteStatement: SQLiteStatement, index: CInt) {
    guard sqlite3_column_type(sqliteStatement, index) == SQLITE_TEXT, let text = sqlite3_column_text(sqliteStatement, index)
    else {
      guard let date = Date(sqliteStatement: sqliteStatement, index: index) else { return nil }
      self.init(date)
      return
    }
    guard let date = Self.date(String(cString: text)) else { return nil }
    self.init(date)
  }

  /// Seconds from 1970 to 2001, Foundation's reference date.
  private static let referenceFrom1970 = 978_307_200.0

  /// The stored text of `date`, rounded to the millisecond as Foundation's formatter
  /// rounds (half a millisecond added, then cut).
  static func text(_ date: Date) -> String {
    let scaled = ((date.timeIntervalSinceReferenceDate + referenceFrom1970) * 1000.0 + 0.5).rounded(.down)
    guard abs(scaled) < 1e15 else { return String.fromDatabaseValue(date.databaseValue)! }
    let (days, millisecondOfDay) = floorDivision(Int64(scaled), 86_400_000)
    guard let day = CalendarDay(daysSince1970: Int(days)), day.year >= 1583 else {
      return String.fromDatabaseValue(date.databaseValue)!
    }
    var text = DateTextWriter(capacity: 23)
    text.append(day)
    text.append(" ")
    text.appendTime(millisecondOfDay: Int(millisecondOfDay), milliseconds: true)
    return text.text
  }

  /// The date in a stored text: "yyyy-MM-dd HH:mm:ss.SSS" as written here, or the other
  /// forms SQLite's own date functions write ("yyyy-MM-dd HH:mm:ss", a "T" for the space),
  /// read as GRDB reads them; anything else is left to GRDB.
  static func date(_ text: String) -> Date? {
    let length = text.utf8.count
    var reader = DateTextReader(text)
    guard length == 19 || length == 23, let (day, secondOfDay) = reader.dayAndTime(separators: " T"), day.year >= 1583
    else { return Date.fromDatabaseValue(text.databaseValue) }
    var millisecond = 0
    if length == 23 {
      guard reader.skip("."), let fraction = reader.number(3) else { return Date.fromDatabaseValue(text.databaseValue) }
      millisecond = fraction
    }
    // Summed as Foundation's Gregorian calendar sums them, so that the double is the same.
    let dayStart = Double(day.daysSince1970 * 86_400) - referenceFrom1970
    let timeOfDay = Double(secondOfDay) + Double(millisecond * 1_000_000) / 1e9
    return Date(timeIntervalSinceReferenceDate: dayStart + timeOfDay)
  }

}

extension Date {
  /// This date as the database keeps it, for a statement's arguments.
  var stored: StoredDate { StoredDate(self) }
}

/// A record whose dates are written and read as ``StoredDate`` does, not through
/// Foundation's formatter.
protocol StoresDates: EncodableRecord {}

extension StoresDates {
  static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
    .custom { StoredDate($0) }
  }
}

extension StoresDates where Self: FetchableRecord & Decodable {
  static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
    .custom { StoredDate.fromDatabaseValue($0)?.date }
  }
}
