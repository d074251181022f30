
/// `text` made safe to write to a terminal: every character a terminal would obey instead of
/// showing becomes a visible stand-in, `<U+XXXX>`, naming the character that was there.
///
/// Replaced: the C0 controls U+0000–U+001F (escape, which starts colour, cursor and
/// clipboard sequences; BEL, which ends them; NUL; backspace and carriage return, which
/// overwrite what was shown; and tab and line breaks inside one value, which would break a
/// table's columns or a one-line answer), DEL, the C1 controls U+0080–U+009F (U+009B is a
/// one-character CSI on some terminals), the bidirectional embeddings, overrides and
/// isolates U+202A–U+202E and U+2066–U+2069 (which make text read backwards), and the line
/// and paragraph separators U+2028 and U+2029. Everything else, Indonesian names with
/// accents included, passes unchanged.
///
/// Every text that came from the server, or from a file or the command line, goes through
/// this before it is printed, and before the CLI wraps it in its own colours (`Style`).
/// With `keepingLineBreaks`, a line feed (alone or after a carriage return) stays: for
/// whole blocks of text of our own making, such as a usage message, or an export shown on
/// a terminal.
public func terminalSafe(_ text: String, keepingLineBreaks: Bool = false) -> String {
  // Most values are printable ASCII or letters: nothing to do, checked without copying.
  guard text.unicodeScalars.contains(where: isTerminalControl) else { return text }
  var result = String.UnicodeScalarView()
  let scalars = Array(text.unicodeScalars)
  for (index, scalar) in scalars.enumerated() {
    if !isTerminalControl(scalar) {
      result.append(scalar)
    } else if keepingLineBreaks
      && (scalar == "\n" || (scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n"))
    {
      result.append(scalar)
    } else {
      result.append(contentsOf: standIn(scalar).unicodeScalars)
    }
  }
  return String(result)
}

/// Whether a terminal or a text renderer could obey `scalar` rather than show it.
public func isTerminalControl(_ scalar: Unicode.Scalar) -> Bool {
  switch scalar.value {
  case 0x00...0x1F, 0x7F...0x9F: true
  case 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
  default: false
  }
}

/// The visible stand-in for a control character: `<U+001B>`.
private func standIn(_ scalar: Unicode.Scalar) -> String {
  "<U+" + hex4(scalar.value) + ">"
}

private func hex4(_ value: UInt32) -> String {
  let hex = String(value, radix: 16, uppercase: true)
  return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}

/// JSON text with the characters that JSON allows raw but a terminal obeys (DEL, the C1
/// controls, the bidirectional controls, U+2028 and U+2029) written as `\uXXXX` escapes.
/// The encoder escapes U+0000–U+001F inside strings itself, and its line feeds between
/// values are layout, so those stay. The others can stand only inside JSON strings, so the
/// result is the same JSON value.
public func terminalSafeJSON(_ json: String) -> String {
  func needsEscape(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x7F && isTerminalControl(scalar) }
  guard json.unicodeScalars.contains(where: needsEscape) else { return json }
  var result = String.UnicodeScalarView()
  for scalar in json.unicodeScalars {
    if needsEscape(scalar) {
      result.append(contentsOf: ("\\u" + hex4(scalar.value).lowercased()).unicodeScalars)
    } else {
      result.append(scalar)
    }
  }
  return String(result)
}
