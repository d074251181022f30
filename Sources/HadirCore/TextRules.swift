/// The rule for every piece of text that enters Hadir: names, organizations, titles, venues,
/// token names, agenda fields, search words.
///
/// Such text is later printed on the desk's terminal, in reports and spreadsheets. A
/// character that a terminal or an editor treats as a command rather than as a letter (the
/// escape character that starts colour and clipboard sequences, NUL, the other control
/// characters, the bidirectional overrides that make text read backwards) is refused with
/// the field named, and text made only of invisible characters counts as no text at all.
/// Tabs and line breaks are ordinary white space: they become one space.
public enum TextRules {
  /// `raw` trimmed, with every run of white space made one space; or INVALID_ARGUMENT naming
  /// `field` when it holds a character that is not text.
  public static func singleLine(_ raw: String, field: String) throws(HadirError) -> String {
    if let refusal = refusal(for: raw, field: field) { throw refusal }
    let text = collapseSpaces(raw)
    if !text.isEmpty, text.unicodeScalars.allSatisfy(isInvisible) {
      throw .invalid(field, Notice(.onlyInvisible, [.field: field]))
    }
    return text
  }

  /// The error for the first character of `text` that is not text, or nil when it is clean.
  public static func refusal(for text: String, field: String) -> HadirError? {
    // Most values are printable ASCII, checked byte by byte.
    if text.utf8.allSatisfy({ (0x20..<0x7F).contains($0) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return nil }
    guard let scalar = text.unicodeScalars.first(where: isForbidden) else { return nil }
    let hex = String(scalar.value, radix: 16, uppercase: true)
    let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    return .invalid(field, Notice(.controlCharacter, [.field: field, .value: code]))
  }

  /// Characters a terminal or a text renderer obeys instead of showing: C0 controls other
  /// than tab and line breaks, DEL, C1 controls, and the bidirectional embeddings,
  /// overrides and isolates.
  public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: false
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isDefaultIgnorableCodePoint || scalar.properties.isWhitespace
  }
}
