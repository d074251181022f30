import Foundation

/// Finding people the way a desk clerk types: any part of the name or organization, in any
/// case, with or without the titles and degrees around a name ("siti nur" finds
/// "Hj. Siti Nurhaliza, S.Kep"), and in the spellings an Indonesian name is written in
/// ("sitti nurhalisa" finds her too; "moh" finds Muhammad).
public enum NameSearch {
  /// The searchable form of a person: each word lower case, without accents or
  /// punctuation, in its ``spelling(_:)``, one space between words.
  public static func key(name: String, organization: String) -> String {
    asciiKey(name, organization) ?? words(name + " " + organization).map(spelling).joined(separator: " ")
  }

  /// ``key(name:organization:)`` of ASCII text, the usual case, made in one pass over its
  /// bytes without a string per word: an import makes one for every person it adds.
  static func asciiKey(_ name: String, _ organization: String) -> String? {
    guard name.utf8.allSatisfy({ $0 < 0x80 }), organization.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
    var key: [UInt8] = []
    key.reserveCapacity(name.utf8.count + organization.utf8.count + 1)
    var word: [UInt8] = []
    func endWord() {
      guard !word.isEmpty else { return }
      if !key.isEmpty { key.append(UInt8(ascii: " ")) }
      let letters = letterSpelling(bytes: word)
      key += muhammadBytes.contains(letters) ? Array("muhamad".utf8) : letters
      word.removeAll(keepingCapacity: true)
    }
    for text in [name, organization] {
      for byte in text.utf8 {
        if isASCIILetterOrDigit(byte) {
          word.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
        } else {
          endWord()
        }
      }
      endWord()
    }
    return String(decoding: key, as: UTF8.self)
  }

  private static let muhammadBytes: Set<[UInt8]> = Set(muhammad.map { Array($0.utf8) })

  /// ``letterSpelling(_:)`` of an ASCII word.
  private static func letterSpelling(bytes word: [UInt8]) -> [UInt8] {
    spelled(word, rules: oldSpellingBytes)
  }

  /// Whether every word of `query` starts some word of `key`, in any of its spellings.
  public static func matches(query: String, key: String) -> Bool {
    let wanted = alternatives(query)
    guard !wanted.isEmpty else { return false }
    let have = key.split(separator: " ")
    return wanted.allSatisfy { forms in have.contains { word in forms.contains { word.hasPrefix($0) } } }
  }

  /// For each word of `query`, the forms that may start a word of a key: the word as
  /// typed (so that "muh" still finds Muhlis) and its spelling (so that "muh" finds
  /// Muhammad, and "sitti" Siti).
  public static func alternatives(_ query: String) -> [[String]] {
    words(query).map { word in
      let spelled = spelling(word)
      let lettersOnly = letterSpelling(word)
      return Array(Set([lettersOnly, spelled]))
    }
  }

  /// The one spelling of a name's word that its variants share. Letters: a doubled letter
  /// once (Sitti, Muhammad; a longer run, typed by mistake, stays as it is), z as s (Nurhaliza, Nurhalisa), the old spellings oe, dj, tj
  /// and ch as u, j, c and h (Soekarno, Djoko, Tjahjo, Mochammad). Then the abbreviations
  /// of Muhammad (Moh., Muh., Mhd.) and its spellings as Muhamad.
  public static func spelling(_ word: String) -> String {
    let letters = letterSpelling(word)
    return muhammad.contains(letters) ? "muhamad" : letters
  }

  /// The ways Muhammad is written, after ``letterSpelling(_:)``.
  private static let muhammad: Set<String> = ["muhamad", "mohamad", "muhamed", "mohamed", "moh", "muh", "mhd", "mohd"]

  /// The old spellings, replaced in this order, each left to right (as one pass of
  /// `replacingOccurrences` each): oe, dj, tj, ch, then z.
  private static let oldSpellings: [(old: [Unicode.Scalar], new: Unicode.Scalar)] = [
    (["o", "e"], "u"), (["d", "j"], "j"), (["t", "j"], "c"), (["c", "h"], "h"), (["z"], "s"),
  ]
  /// ``oldSpellings`` as the bytes of ASCII words.
  private static let oldSpellingBytes: [(old: [UInt8], new: UInt8)] = oldSpellings.map { rule in
    (rule.old.map { UInt8($0.value) }, UInt8(rule.new.value))
  }

  /// Runs once for every word of every name stored and searched (100,000 times in a large
  /// import), so it works on the word's scalars rather than through Foundation's searches.
  static func letterSpelling(_ word: String) -> String {
    var result = String.UnicodeScalarView()
    result.append(contentsOf: spelled(Array(word.unicodeScalars), rules: oldSpellings))
    return String(result)
  }

  /// The letter rules on a word's units (scalars, or the bytes of an ASCII word): the old
  /// spellings replaced in order, each left to right, then every run of two of one unit
  /// written once.
  private static func spelled<Unit: Equatable>(_ word: [Unit], rules: [(old: [Unit], new: Unit)]) -> [Unit] {
    var units = word
    for (oldUnits, new) in rules {
      // Most words have none of the old spellings: nothing is copied for them.
      guard units.count >= oldUnits.count,
        let first = (0...(units.count - oldUnits.count)).first(where: {
          units[$0..<$0 + oldUnits.count].elementsEqual(oldUnits)
        })
      else { continue }
      var replaced = Array(units[..<first])
      replaced.reserveCapacity(units.count)
      var index = first
      while index < units.count {
        if index + oldUnits.count <= units.count && units[index..<index + oldUnits.count].elementsEqual(oldUnits) {
          replaced.append(new)
          index += oldUnits.count
        } else {
          replaced.append(units[index])
          index += 1
        }
      }
      units = replaced
    }
    guard zip(units, units.dropFirst()).contains(where: { $0 == $1 }) else { return units }
    var result: [Unit] = []
    result.reserveCapacity(units.count)
    var start = 0
    while start < units.count {
      var end = start + 1
      while end < units.count && units[end] == units[start] { end += 1 }
      let length = end - start
      for _ in 0..<(length == 2 ? 1 : length) { result.append(units[start]) }
      start = end
    }
    return result
  }

  /// The query's words, lower case, without accents or punctuation.
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
