import Foundation
import GRDB
import GRDBSQLite

/// One of GRDB's cached statements, bound, run and read through SQLite's C API, for the
/// writes that run most often: the import's hundred-row INSERT and every check-in's
/// statements. GRDB's arguments (a `DatabaseValue` per value, through existentials) and its
/// row cursors cost as much per statement as SQLite's own work there.
///
/// Errors are GRDB's `DatabaseError`, with SQLite's extended code and message, so callers
/// handle them as they would any other statement's. GRDB does not see these statements run:
/// no transaction observer hears of them (the server has none on its writer). A statement
/// is always left reset, so GRDB may use it again.
struct DirectStatement {
  private let statement: Statement
  private let connection: SQLiteConnection

  /// The statement of `sql` on the connection `db` runs on, from GRDB's cache; it must not
  /// be used outside the database access it was taken in.
  init(_ sql: String, db: Database) throws {
    guard let connection = db.sqliteConnection else {
      throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database connection is closed", sql: sql)
    }
    self.statement = try db.cachedStatement(sql: sql)
    self.connection = connection
  }

  private var sqlite: SQLiteStatement { statement.sqliteStatement }

  /// Binds a parameter (counting from 1) to an integer.
  func bind(_ value: Int64, at index: Int32) throws {
    try check(sqlite3_bind_int64(sqlite, index, value))
  }

  /// Binds a parameter (counting from 1) to a text; an empty string stays a text, never NULL.
  func bind(_ value: String, at index: Int32) throws {
    try check(value.withCString { text in sqlite3_bind_text(sqlite, index, text, Int32(value.utf8.count), sqliteTransient) })
  }

  /// Binds a parameter (counting from 1) to a value.
  func bind(_ value: BoundValue, at index: Int32) throws {
    switch value {
    case .integer(let integer): try bind(integer, at: index)
    case .text(let text): try bind(text, at: index)
    case .blob(let data):
      try check(data.withUnsafeBytes { bytes in
        sqlite3_bind_blob(sqlite, index, bytes.baseAddress, Int32(bytes.count), sqliteTransient)
      })
    case .null: try check(sqlite3_bind_null(sqlite, index))
    }
  }

  /// Binds every parameter, in order: as many values as the statement has parameters.
  func bind(_ values: [BoundValue]) throws {
    guard values.count == Int(sqlite3_bind_parameter_count(sqlite)) else {
      throw DatabaseError(
        resultCode: .SQLITE_MISUSE,
        message: "\(values.count) values for \(sqlite3_bind_parameter_count(sqlite)) parameters", sql: statement.sql)
    }
    for (index, value) in values.enumerated() { try bind(value, at: Int32(index + 1)) }
  }

  /// Runs the statement with `values`, for what it does, not what it returns.
  func execute(_ values: BoundValue...) throws {
    try bind(values)
    try run {}
  }

  /// Runs the statement with `values` and reads its first row with `read`; nil when there
  /// is none.
  func fetchFirst<T>(_ values: BoundValue..., read: () throws -> T) throws -> T? {
    try bind(values)
    var first: T?
    try run { if first == nil { first = try read() } }
    return first
  }

  private func check(_ code: Int32) throws {
    guard code == SQLITE_OK else { throw error }
  }

  /// Runs the statement, handing each row it returns to `row` (read its columns with
  /// ``int64(_:)``, ``text(_:)`` and the others), then resets it for the next bindings.
  func run(_ row: () throws -> Void) throws {
    defer {
      sqlite3_reset(sqlite)
      sqlite3_clear_bindings(sqlite)
    }
    while true {
      let code = sqlite3_step(sqlite)
      switch code {
      case SQLITE_ROW: try row()
      case SQLITE_DONE: return
      default: throw error
      }
    }
  }

  /// A column of the row being read, counting from 0.
  func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(sqlite, column) }

  /// A text column of the row being read, counting from 0; empty when NULL.
  func text(_ column: Int32) -> String {
    guard let text = sqlite3_column_text(sqlite, column) else { return "" }
    return String(cString: text)
  }

  /// A text column of the row being read, counting from 0; nil when NULL.
  func optionalText(_ column: Int32) -> String? {
    sqlite3_column_type(sqlite, column) == SQLITE_NULL ? nil : text(column)
  }

  /// A blob column of the row being read, counting from 0; nil when NULL.
  func blob(_ column: Int32) -> Data? {
    guard sqlite3_column_type(sqlite, column) != SQLITE_NULL else { return nil }
    let count = Int(sqlite3_column_bytes(sqlite, column))
    guard count > 0, let bytes = sqlite3_column_blob(sqlite, column) else { return Data() }
    return Data(bytes: bytes, count: count)
  }

  /// A date column of the row being read, counting from 0, as ``StoredDate`` reads it; nil
  /// when NULL or unreadable.
  func date(_ column: Int32) -> Date? {
    StoredDate(sqliteStatement: sqlite, index: column)?.date
  }

  private var error: DatabaseError {
    DatabaseError(
      resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
      message: String(cString: sqlite3_errmsg(connection)), sql: statement.sql)
  }
}

/// A value for a ``DirectStatement``'s parameter.
enum BoundValue {
  case integer(Int64)
  case text(String)
  case blob(Data)
  case null

  /// A date as the database keeps it (``StoredDate``).
  static func date(_ date: Date) -> BoundValue { .text(StoredDate.text(date)) }

  static func text(_ text: String?) -> BoundValue { text.map(BoundValue.text) ?? .null }
  static func integer(_ integer: Int64?) -> BoundValue { integer.map(BoundValue.integer) ?? .null }
  static func date(_ date: Date?) -> BoundValue { date.map(BoundValue.date) ?? .null }
}

/// SQLite copies a bound text or blob before binding returns (SQLITE_TRANSIENT).
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
