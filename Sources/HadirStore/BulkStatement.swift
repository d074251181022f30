import GRDB
import GRDBSQLite

/// A statement run through SQLite's C API, for writes of many rows at once: GRDB's
/// arguments (a `DatabaseValue` per value, converted through a key path) and its row
/// cursors cost as much per row as SQLite's own work for the import's hundred-row INSERT.
/// Errors are GRDB's `DatabaseError`, with SQLite's extended code and message, so callers
/// handle them as they would any other statement's. GRDB does not see these statements run:
/// no transaction observer hears of them (the server has none on its writer).
final class BulkStatement {
  private let connection: SQLiteConnection
  private let statement: SQLiteStatement
  private let sql: String

  /// Prepares `sql` on the connection `db` runs on; the statement lives as long as this
  /// object, which must not outlive the database access it was made in.
  init(_ sql: String, db: Database) throws {
    guard let connection = db.sqliteConnection else {
      throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database connection is closed", sql: sql)
    }
    var statement: SQLiteStatement?
    let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
    guard code == SQLITE_OK, let statement else {
      throw Self.error(connection, sql)
    }
    self.connection = connection
    self.statement = statement
    self.sql = sql
  }

  deinit { sqlite3_finalize(statement) }

  /// Binds a parameter (counting from 1) to an integer.
  func bind(_ value: Int64, at index: Int32) throws {
    try check(sqlite3_bind_int64(statement, index, value))
  }

  /// Binds a parameter (counting from 1) to a text; an empty string stays a text, never NULL.
  func bind(_ value: String, at index: Int32) throws {
    try check(value.withCString { text in sqlite3_bind_text(statement, index, text, Int32(value.utf8.count), sqliteTransient) })
  }

  private func check(_ code: Int32) throws {
    guard code == SQLITE_OK else { throw Self.error(connection, sql) }
  }

  /// Runs the statement, handing each row it returns to `row` (read its columns with
  /// ``int64(_:)`` and ``text(_:)``), then resets it for the next bindings.
  func run(_ row: () throws -> Void) throws {
    defer { sqlite3_reset(statement) }
    while true {
      let code = sqlite3_step(statement)
      switch code {
      case SQLITE_ROW: try row()
      case SQLITE_DONE: return
      default: throw Self.error(connection, sql)
      }
    }
  }

  /// A column of the row being read, counting from 0.
  func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

  /// A text column of the row being read, counting from 0; empty when NULL.
  func text(_ column: Int32) -> String {
    guard let text = sqlite3_column_text(statement, column) else { return "" }
    return String(cString: text)
  }

  private static func error(_ connection: SQLiteConnection, _ sql: String) -> DatabaseError {
    DatabaseError(
      resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
      message: String(cString: sqlite3_errmsg(connection)), sql: sql)
  }
}

/// SQLite copies a bound text before `sqlite3_bind_text` returns (SQLITE_TRANSIENT).
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
