import Foundation
import Testing

@testable import HadirCore

/// The spelling of a name's word is what every stored search key is made of: it must stay
/// exactly as it was when the keys were written, however it is computed.
@Suite("Name spellings")
struct NameSpellingTests {
  /// The rule as first written, with Foundation's replacing: the reference.
  func reference(_ word: String) -> String {
    var text = word
    for (old, new) in [("oe", "u"), ("dj", "j"), ("tj", "c"), ("ch", "h"), ("z", "s")] where text.contains(old) {
      text = text.replacingOccurrences(of: old, with: new)
    }
    var result = ""
    var run: (character: Character, count: Int)?
    func flush() {
      guard let run else { return }
      result += String(repeating: run.character, count: run.count == 2 ? 1 : run.count)
    }
    for character in text {
      if run?.character == character {
        run!.count += 1
      } else {
        flush()
        run = (character, 1)
      }
    }
    flush()
    return result
  }

  @Test("every word made of the letters the rule touches is spelled as the reference spells it")
  func matchesReference() {
    var generator = SystemRandomNumberGenerator()
    let letters: [Character] = ["o", "e", "d", "j", "t", "c", "h", "z", "s", "u", "a", "é", "1"]
    var words = ["soekarno", "djoko", "tjahjo", "mochammad", "nurhaliza", "sitti", "zzzz", "ooee", "tdj", "dtj", "cch", "oee"]
    for _ in 0..<20_000 {
      let length = Int.random(in: 1...9, using: &generator)
      words.append(String((0..<length).map { _ in letters.randomElement(using: &generator)! }))
    }
    for word in words {
      #expect(NameSearch.letterSpelling(word) == reference(word), "\(word)")
    }
  }

  /// A key as first made: every word in its reference spelling, Muhammad's forms as one.
  func referenceKey(name: String, organization: String) -> String {
    let muhammad: Set<String> = ["muhamad", "mohamad", "muhamed", "mohamed", "moh", "muh", "mhd", "mohd"]
    return NameSearch.words(name + " " + organization).map { word in
      let letters = reference(word)
      return muhammad.contains(letters) ? "muhamad" : letters
    }.joined(separator: " ")
  }

  @Test("keys of ASCII names, made byte by byte, are the keys the words and spellings make")
  func asciiKeys() {
    var generator = SystemRandomNumberGenerator()
    let characters = Array("oOeEdDjJtTcChHzZsSaMmUu 1.,-'()/")
    var pairs: [(String, String)] = [
      ("Hj. Siti Nurhaliza, S.Kep", "Puskesmas Luwuk"), ("Moch. Soekarno", "Dinkes"), ("MUHAMMAD  Djoko", ""), ("", "Tjahjo"),
      ("Mohd.", "mhd"), ("zzzz", "OOEE"), ("", ""), (" - ", "."),
    ]
    for _ in 0..<20_000 {
      func random() -> String {
        String((0..<Int.random(in: 0...14, using: &generator)).map { _ in characters.randomElement(using: &generator)! })
      }
      pairs.append((random(), random()))
    }
    for (name, organization) in pairs {
      #expect(NameSearch.key(name: name, organization: organization) == referenceKey(name: name, organization: organization), "\(name) | \(organization)")
    }
  }

  @Test("the names in the example lists keep their search keys")
  func exampleNames() throws {
    let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("examples")
    var checked = 0
    for file in try FileManager.default.contentsOfDirectory(atPath: examples.path) where file.hasSuffix(".csv") {
      let text = try String(contentsOf: examples.appendingPathComponent(file), encoding: .utf8)
      for word in NameSearch.words(text) {
        #expect(NameSearch.letterSpelling(word) == reference(word), "\(word)")
        checked += 1
      }
      for line in text.split(separator: "\n") {
        #expect(NameSearch.key(name: String(line), organization: "") == referenceKey(name: String(line), organization: ""))
      }
    }
    #expect(checked > 500)
  }
}
