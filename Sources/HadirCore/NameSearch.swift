import Foundation

/// Finding people the way a desk clerk types: any part of the name or organization, in any
/// case, with or without the titles and degrees around a name ("siti nur" finds
/// "Hj. Siti Nurhaliza, S.Kep").
public enum NameSearch {
  /// The searchable form of a person: lower case, accents and punctuation removed, one
  /// space between words.
  public static func key(name: String, organization: String) -> String {
    words(name + " " + organization).joined(separator: " ")
  }

  /// Whether every word of `query` starts some word of `key`.
  public static func matches(query: String, key: String) -> Bool {
    let wanted = words(query)
    guard !wanted.isEmpty else { return false }
    let have = key.split(separator: " ")
    return wanted.allSatisfy { word in have.contains { $0.hasPrefix(word) } }
  }

  /// The query's words, for a first filter in the database.
  public static func words(_ text: String) -> [String] {
    if text.utf8.allSatisfy({ $0 < 0x80 }) {
      // Plain ASCII, the usual case: no accents to fold.
      return text.utf8.split(whereSeparator: { !isASCIILetterOrDigit($0) }).map { bytes in
        String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
      }
    }
    let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    return folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
  }

  private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
  }
}
