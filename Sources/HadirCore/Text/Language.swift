/// The languages Hadir speaks. Indonesian comes first: the people at the desk and the
/// organizers work in it. English is for everyone else.
public enum Language: String, CaseIterable, Sendable, Codable {
  case indonesian = "id"
  case english = "en"

  /// The language a person chose: `flag` (e.g. `--lang en`), else `environment` (e.g.
  /// `HADIR_LANG`), else Indonesian. The machine's locale is not asked: it says little
  /// about the person at the desk. nil when a value given is not a language Hadir speaks.
  public static func chosen(flag: String?, environment: String?) -> Language? {
    for value in [flag, environment] {
      guard let value, !value.isEmpty else { continue }
      return Language(code: value)
    }
    return .indonesian
  }

  /// "id", "in", "id-ID", "en", "en-US" and the like, in any case.
  public init?(code: String) {
    let primary = code.trimmedOfSpaces.lowercased()
      .split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
    switch primary {
    case "id", "in", "ind": self = .indonesian
    case "en", "eng": self = .english
    default: return nil
    }
  }

  /// The language a caller asked for in an `accept-language` value such as
  /// "en-US,en;q=0.9,id;q=0.8": the first one Hadir speaks, by weight; Indonesian when none.
  public init(acceptLanguage header: String?) {
    guard let header else {
      self = .indonesian
      return
    }
    var best: (weight: Double, language: Language)?
    for (index, item) in header.split(separator: ",").enumerated() {
      let parts = item.split(separator: ";").map(\.trimmedOfSpaces)
      guard let first = parts.first, let language = Language(code: first) else { continue }
      var weight = 1.0
      for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
        weight = Double(parameter.dropFirst(2)) ?? 0
      }
      // Earlier entries win ties.
      let score = weight - Double(index) * 1e-6
      if weight > 0, best == nil || score > best!.weight { best = (score, language) }
    }
    self = best?.language ?? .indonesian
  }
}

extension StringProtocol {
  /// Without the spaces and tabs around it; read on every call, so without Foundation.
  fileprivate var trimmedOfSpaces: String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return String(self[first...last])
  }
}
