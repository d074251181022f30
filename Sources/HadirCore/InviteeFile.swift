import CSV
import Foundation

/// An invitee list as organizers receive it: a spreadsheet exported to CSV, often by Excel
/// in an Indonesian locale (semicolons, a byte-order mark, CRLF). Read with CSV.swift;
/// this type adds what the library does not do: checking the encoding, finding the
/// delimiter, knowing on which line of the file each row starts, and taking off the
/// apostrophe `CSVText` puts before a cell that starts like a formula (`'+6281…` reads as
/// `+6281…`), so that the errors file of an import, once fixed, imports as written.
public enum InviteeFile {
  public enum Delimiter: String, Sendable, CaseIterable {
    case comma, semicolon, tab

    /// The character, for writing a CSV with this delimiter.
    public var character: Character { Character(scalar) }

    var scalar: UnicodeScalar {
      switch self {
      case .comma: ","
      case .semicolon: ";"
      case .tab: "\t"
      }
    }
  }

  /// One data row and the line of the file where it starts (the header is line 1).
  public struct Row: Sendable, Equatable {
    public var line: Int
    public var values: [String]
  }

  /// Reads a file one row at a time, so that a large list is never held as text and as
  /// rows at once, or explains in one sentence why it cannot be read: an unclosed quote
  /// at once, and after the last row what else is wrong with the file as a whole (no
  /// people at all, CSV that cannot be read).
  public struct Reader {
    public let delimiter: Delimiter
    public let headers: [String]
    private let csv: CSVReader
    /// An odd number of quotes: a quoted value was never closed.
    private let unclosedQuote: Bool
    private var line: Int
    private var rowsRead = 0
    private var lastRowLine: Int?
    private var lastMultilineRowLine: Int?

    /// Decodes the file and reads its header row, or explains why it cannot be read.
    public init(_ bytes: [UInt8]) throws(HadirError) {
      var text = try InviteeFile.decodeUTF8(bytes)
      if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
      if text.allSatisfy(\.isWhitespace) {
        throw HadirError.invalid("file", "The file is empty. Export the invitee list again, with a header row and one row per person.")
      }
      self.delimiter = InviteeFile.detectDelimiter(in: text)
      do {
        self.csv = try CSVReader(string: text, hasHeaderRow: true, trimFields: false, delimiter: self.delimiter.scalar)
      } catch {
        throw HadirError.invalid("file", "The file cannot be read as CSV: \(error).")
      }
      self.headers = (self.csv.headerRow ?? []).map { collapseSpaces(CSVText.removingFormulaGuard($0)) }
      self.line = 1 + InviteeFile.lineBreaks(in: self.csv.headerRow ?? [])
      // Quotes come in pairs ("" inside a quoted value is two); an odd count means a quoted
      // value was never closed and swallowed the rest of the file.
      self.unclosedQuote = text.utf8.lazy.filter({ $0 == UInt8(ascii: "\"") }).count % 2 == 1
      if self.unclosedQuote {
        // That is said before anything else about the file, with the line it starts on,
        // which takes reading the rows.
        var scan = self
        while try scan.next() != nil {}
      }
    }

    /// The next row with something in it, or nil after the last one.
    public mutating func next() throws(HadirError) -> Row? {
      while let values = self.csv.next() {
        self.line += 1
        let start = self.line
        self.line += InviteeFile.lineBreaks(in: values)
        if values.count == 1 && values[0].isEmpty { continue }  // a blank line
        self.rowsRead += 1
        self.lastRowLine = start
        if InviteeFile.containsNewline(values) { self.lastMultilineRowLine = start }
        return Row(line: start, values: values.map(CSVText.removingFormulaGuard))
      }
      if let error = self.csv.error {
        throw HadirError.invalid("file", "The file cannot be read as CSV near line \(self.line): \(error).")
      }
      if self.unclosedQuote {
        let line = self.lastMultilineRowLine ?? self.lastRowLine ?? 1
        throw HadirError.invalid(
          "file", "Line \(line): a quoted value is never closed (a \" is missing), so the rest of the file ran into it.")
      }
      if self.rowsRead == 0 {
        throw HadirError.invalid("file", "The file has a header row but no people in it.")
      }
      return nil
    }
  }

  /// The text, or an error that gives the line of the first byte that is not UTF-8 and
  /// how to save the file as UTF-8.
  static func decodeUTF8(_ bytes: [UInt8]) throws(HadirError) -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    var line = 1
    loop: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
      case .emptyInput, .error: break loop
      }
    }
    throw HadirError.invalid(
      "file",
      "Line \(line) is not UTF-8 text; the file was probably saved in a Windows (ANSI) encoding. In Excel use Save As → \"CSV UTF-8 (Comma delimited)\", or in LibreOffice choose the character set \"Unicode (UTF-8)\", and import again.")
  }

  /// The delimiter that splits the header row into the most columns: the header is the one
  /// row whose shape is known (names, not data with commas in addresses).
  static func detectDelimiter(in text: String) -> Delimiter {
    var counts: [Delimiter: Int] = [.comma: 0, .semicolon: 0, .tab: 0]
    var quoted = false
    for scalar in text.unicodeScalars {
      if scalar == "\"" { quoted.toggle(); continue }
      if !quoted && (scalar == "\n" || scalar == "\r") { break }
      if quoted { continue }
      switch scalar {
      case ",": counts[.comma, default: 0] += 1
      case ";": counts[.semicolon, default: 0] += 1
      case "\t": counts[.tab, default: 0] += 1
      default: break
      }
    }
    let (comma, semicolon, tab) = (counts[.comma]!, counts[.semicolon]!, counts[.tab]!)
    if semicolon > comma && semicolon >= tab { return .semicolon }
    if tab > comma { return .tab }
    return .comma
  }

  /// Whether a value of the row has a line break of any kind in it (looked at character
  /// by character only when a byte could start one).
  static func containsNewline(_ values: [String]) -> Bool {
    values.contains { value in
      value.utf8.contains { (0x0A...0x0D).contains($0) || $0 >= 0x80 } && value.contains(where: \.isNewline)
    }
  }

  /// Line breaks inside the values of one row (a quoted value may span lines).
  static func lineBreaks(in values: [String]) -> Int {
    var count = 0
    for value in values where value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
      for character in value where character.isNewline { count += 1 }
    }
    return count
  }
}
