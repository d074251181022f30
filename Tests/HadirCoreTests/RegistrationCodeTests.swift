import Testing

@testable import HadirCore

@Suite("Registration codes")
struct RegistrationCodeTests {
  @Test("generated codes are seven characters from the unambiguous alphabet and read back as valid")
  func generated() {
    for _ in 0..<2000 {
      let code = RegistrationCode.generate()
      #expect(code.count == 7)
      #expect(code.allSatisfy { RegistrationCode.alphabet.contains($0) })
      #expect(!code.contains { "ILOU".contains($0) })
      #expect(RegistrationCode.read(code) == .valid(code))
    }
  }

  @Test("input forgives case, spaces, hyphens and O/0, I/L/1 confusions")
  func forgiving() {
    let code = "K7M0P1X"
    let check = RegistrationCode.checkCharacter(for: Array(code.prefix(6)))
    let full = String(code.prefix(6)) + String(check)
    #expect(RegistrationCode.read(full) == .valid(full))
    let sloppy = " k7m-oPi" + String(check).lowercased() + " "
    #expect(RegistrationCode.read(sloppy) == .valid(full))
    let withL = "K7MOPL" + String(check)
    #expect(RegistrationCode.read(withL) == .valid(full))
    #expect(RegistrationCode.display(full) == "K7M-0P1" + String(check))
  }

  @Test("every single mistyped character is caught by the check character")
  func singleSubstitutions() {
    for _ in 0..<200 {
      let code = Array(RegistrationCode.generate())
      for position in 0..<code.count {
        for replacement in RegistrationCode.alphabet where replacement != code[position] {
          var typo = code
          typo[position] = replacement
          #expect(RegistrationCode.read(String(typo)) == .badCheckCharacter(String(typo)))
        }
      }
    }
  }

  @Test("swapping two different neighbours is caught")
  func adjacentTranspositions() {
    var caught = 0
    var total = 0
    for _ in 0..<2000 {
      let code = Array(RegistrationCode.generate())
      for position in 0..<(code.count - 1) where code[position] != code[position + 1] {
        var swapped = code
        swapped.swapAt(position, position + 1)
        total += 1
        if case .badCheckCharacter = RegistrationCode.read(String(swapped)) { caught += 1 }
      }
    }
    // Luhn mod N misses only swaps of one specific pair of values; nearly all are caught.
    #expect(Double(caught) / Double(total) > 0.99)
  }

  @Test("wrong lengths and foreign characters are not codes", arguments: ["", "K7M", "K7M4PQXZ", "K7M 4PQ!", "K7M-4PQ#", "ÄBCDEFG"])
  func malformed(_ text: String) {
    #expect(RegistrationCode.read(text) == .malformed)
  }
}
