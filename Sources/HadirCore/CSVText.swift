import CSV
import Foundation

/// CSV as Hadir writes it for people (attendance lists, rejected rows, agenda exports):
/// RFC 4180 quoting by CSV.swift's writer, CRLF line ends, and a byte-order mark so that
/// Excel opens it as UTF-8.
///
/// Every cell that a spreadsheet would read as a formula is neutralized, as OWASP's rule for
/// CSV injection says: a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return
/// gets a leading apostrophe, so `=HYPERLINK(…)` in a name is shown as text rather than run,
/// and a phone number `+6281234567890` stays text instead of becoming a number. The
/// invitee-file reader (`InviteeFile`) takes that apostrophe off again, so a written file
/// (the import's errors file) imports with the values it was written from.
public enum CSVText {
  public static func render(_ rows: [[String]], delimiter: Character = ",") -> String {
    let stream = OutputStream(toMemory: ())
    stream.open()
    do {
      let writer = try CSVWriter(stream: stream, delimiter: String(delimiter), newline: .crlf)
      for row in rows {
        if row.contains(where: startsLikeFormula) {
          try writer.write(row: row.map { startsLikeFormula($0) ? "'" + $0 : $0 })
        } else {
          try writer.write(row: row)
        }
      }
    } catch {
      // Writing to memory cannot fail; an empty table is the only honest fallback.
      return "\u{FEFF}"
    }
    stream.close()
    let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
    return "\u{FEFF}" + String(decoding: data, as: UTF8.self) + (rows.isEmpty ? "" : "\r\n")
  }

  /// Whether a spreadsheet could take `cell` for a formula: its first byte is `=`, `+`,
  /// `-`, `@`, a tab or a carriage return. Only the first byte is looked at.
  static func startsLikeFormula(_ cell: String) -> Bool {
    guard let first = cell.utf8.first else { return false }
    return isFormulaTrigger(first)
  }

  /// `=`, `+`, `-`, `@`, tab, carriage return.
  static func isFormulaTrigger(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: true
    default: false
    }
  }

  /// `cell` without the apostrophe `render` put before a formula trigger: exactly one
  /// leading `'`, and only when the character after it is `=`, `+`, `-`, `@`, a tab or a
  /// carriage return. Any other cell is returned as it is.
  static func removingFormulaGuard(_ cell: String) -> String {
    var bytes = cell.utf8.makeIterator()
    guard bytes.next() == UInt8(ascii: "'"), let second = bytes.next(), isFormulaTrigger(second) else { return cell }
    return String(cell.unicodeScalars.dropFirst())
  }
}
