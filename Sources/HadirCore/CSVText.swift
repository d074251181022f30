import CSV
import Foundation

/// CSV as Hadir writes it for people (attendance lists, rejected rows, agenda exports):
/// RFC 4180 quoting by CSV.swift's writer, CRLF line ends, and a byte-order mark so that
/// Excel opens it as UTF-8.
public enum CSVText {
  public static func render(_ rows: [[String]], delimiter: Character = ",") -> String {
    let stream = OutputStream(toMemory: ())
    stream.open()
    do {
      let writer = try CSVWriter(stream: stream, delimiter: String(delimiter), newline: .crlf)
      for row in rows { try writer.write(row: row) }
    } catch {
      // Writing to memory cannot fail; an empty table is the only honest fallback.
      return "\u{FEFF}"
    }
    stream.close()
    let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
    return "\u{FEFF}" + String(decoding: data, as: UTF8.self) + (rows.isEmpty ? "" : "\r\n")
  }
}
