import Foundation
import Synchronization
import Testing

@testable import HadirCore

/// `InviteeFile.check` reads on one thread and checks on another; what it finds must be
/// exactly what reading and checking row by row finds.
@Suite("Checking a whole invitee file")
struct InviteeFileCheckTests {
  /// A list of `people` rows that crosses many batches and has what real lists have:
  /// quoted values with the delimiter and with line breaks, blank lines, rows refused
  /// (bad phone, no name, too many values), and the same person again far later (merged
  /// across batches).
  static func list(people: Int, seed: UInt64) -> String {
    var generator = SeededGenerator(seed: seed)
    var lines = ["Nama,Instansi,Jabatan,No HP,Email,NIP"]
    for index in 0..<people {
      let nip = String(197_001_011_990_031_000 + index)
      switch Int.random(in: 0..<50, using: &generator) {
      case 0: lines.append("")
      case 1: lines.append("Tanpa Nomor \(index),Puskesmas,Staf,bukan nomor,,\(nip)")
      case 2: lines.append(",Puskesmas,Staf,,,\(nip)")
      case 3: lines.append("Terlalu \(index),Puskesmas,Staf,,,\(nip),lebih")
      case 4: lines.append("\"Hj. Siti \(index), S.Kep\",\"Dinas Kesehatan\nKab. Banggai\",Perawat,,,\(nip)")
      case 5 where index > 2_000:
        // Someone from much earlier again, with an e-mail added: merged into the first row.
        let earlier = Int.random(in: 0..<1_000, using: &generator)
        lines.append("Orang \(earlier),,,,orang\(earlier)@example.id,\(197_001_011_990_031_000 + earlier)")
      default:
        lines.append("Orang \(index),\"Puskesmas \(index % 17), Luwuk\",Bidan,0812 \(3000_0000 + index),,\(nip)")
      }
    }
    // Excel on Windows ends lines with CRLF, other exports with LF.
    return lines.joined(separator: seed % 2 == 0 ? "\r\n" : "\n") + "\n"
  }

  @Test("a list of many batches is read and checked exactly as row by row", arguments: [1, 2, 3] as [UInt64])
  func sameAsRowByRow(seed: UInt64) throws {
    let bytes = Array(Self.list(people: 9_500, seed: seed).utf8)
    let whole = try InviteeFile.parse(bytes)
    let columns = try InviteeColumns.resolve(headers: whole.headers, mapping: [:], strict: false)
    let expected = CheckedInvitees(whole, columns: columns)
    #expect(expected.merged.count > 10)
    #expect(expected.rejected.count > 100)

    let file = try InviteeFile.check(bytes, mapping: [:], skipInvalid: true)
    #expect(file.rows == whole.rows.count)
    #expect(file.headers == whole.headers)
    #expect(file.delimiter == whole.delimiter)
    #expect(file.columns == columns)
    #expect(file.checked.invitees == expected.invitees)
    #expect(file.checked.rejected == expected.rejected)
    #expect(file.checked.merged == expected.merged)
  }

  @Test("what is wrong with the file as a whole comes before its columns, as row by row")
  func wholeFileFirst() throws {
    // No people and no name column: the file is named, not its columns.
    let empty = #expect(throws: HadirError.self) {
      _ = try InviteeFile.check(Array("Kota,Provinsi\n\n".utf8), mapping: [:], skipInvalid: false)
    }
    #expect(empty?.field == "file")
    #expect(empty?.message == "The file has a header row but no people in it.")
    let noName = #expect(throws: HadirError.self) {
      _ = try InviteeFile.check(Array("Kota,Provinsi\nLuwuk,Sulawesi Tengah\n".utf8), mapping: [:], skipInvalid: false)
    }
    #expect(noName?.field == "columns")
  }

  @Test("a check that is cancelled takes no batch after the one in hand, and says so")
  func cancelled() throws {
    let bytes = Array(Self.list(people: 20_000, seed: 7).utf8)
    let batchesTaken = Atomic<Int>(0)
    #expect(throws: CancellationError.self) {
      _ = try InviteeFile.check(bytes, mapping: [:], skipInvalid: true) {
        batchesTaken.add(1, ordering: .relaxed).newValue > 3
      }
    }
    #expect(batchesTaken.load(ordering: .relaxed) == 4)
  }

  /// Checks `bytes` handing on, and collects what was handed on.
  func checkHandingOn(_ bytes: [UInt8]) throws -> (file: CheckedInviteeFile, handedOn: [[Invitee]]) {
    var handedOn: [[Invitee]] = []
    let file = try InviteeFile.check(
      bytes, mapping: [:], skipInvalid: true,
      handingOn: {
        handedOn.append($0)
        return true
      })
    return (file, handedOn)
  }

  /// A header, then people on lines 2 to 1,201, each with their own NIP, then `later`.
  /// The check hands on line 2 alone, then lines 3–252, 253–502 and so on.
  func people(then later: [String] = []) -> [UInt8] {
    let lines = ["Nama,NIP"] + (0..<1_200).map { "Orang \($0 + 2),\(197_101_011_990_031_000 + $0 + 2)" } + later
    return Array((lines.joined(separator: "\n") + "\n").utf8)
  }

  @Test("invitees are handed on batch by batch, in file order, and together are the list")
  func handedOnInOrder() throws {
    let (file, handedOn) = try checkHandingOn(people())
    #expect(handedOn.map(\.count) == [1, 250, 250, 250, 250, 199])
    #expect(!file.revisedAfterHandingOn)
    #expect(Array(handedOn.joined()) == file.checked.invitees)
    #expect(file.checked.invitees.count == 1_200)
  }

  @Test("a row that changes someone already handed on stops the handing on, and the result says so")
  func changedAfterHandingOn() throws {
    // Line 1,202 gives line 2's person a new name; line 2 was handed on long before.
    let (file, handedOn) = try checkHandingOn(people(then: ["Hj. Orang 2,197101011990031002"]))
    #expect(file.checked.merged.map { [$0.firstLine, $0.line] } == [[2, 1_202]])
    #expect(file.revisedAfterHandingOn)
    #expect(file.checked.invitees.first?.person.name == "Hj. Orang 2")
    #expect(handedOn.joined().first?.person.name == "Orang 2")
    // What was handed on is a beginning of the list, and nothing after the change.
    let handed = Array(handedOn.joined())
    #expect(handed.map(\.line) == file.checked.invitees.prefix(handed.count).map(\.line))
    #expect(handed.count < file.checked.invitees.count)
  }

  @Test("a change to the last person handed on counts; one to someone not handed on yet does not")
  func changeAtTheEdge() throws {
    // Lines 3–252 are handed on before line 253 is read. Line 300 changes line 252: handed on.
    var lines = (0..<1_200).map { "Orang \($0 + 2),\(197_101_011_990_031_000 + $0 + 2)" }
    lines[298] = "Hj. Orang 252,197101011990031252"
    let edge = try checkHandingOn(Array(("Nama,NIP\n" + lines.joined(separator: "\n") + "\n").utf8))
    #expect(edge.file.checked.merged.map { [$0.firstLine, $0.line] } == [[252, 300]])
    #expect(edge.file.revisedAfterHandingOn)
    // Line 300 changes line 253 instead, which is in its own batch: merged before that batch
    // is handed on.
    lines[298] = "Hj. Orang 253,197101011990031253"
    let inBatch = try checkHandingOn(Array(("Nama,NIP\n" + lines.joined(separator: "\n") + "\n").utf8))
    #expect(inBatch.file.checked.merged.map { [$0.firstLine, $0.line] } == [[253, 300]])
    #expect(!inBatch.file.revisedAfterHandingOn)
    #expect(Array(inBatch.handedOn.joined()) == inBatch.file.checked.invitees)
    #expect(inBatch.file.checked.invitees.first { $0.line == 253 }?.person.name == "Hj. Orang 253")
  }

  @Test("a row that only repeats someone already handed on changes nothing that was handed on")
  func repeatedRow() throws {
    let (file, handedOn) = try checkHandingOn(people(then: ["Orang 2,197101011990031002"]))
    #expect(file.checked.merged.map(\.changedFirst) == [false])
    #expect(!file.revisedAfterHandingOn)
    #expect(Array(handedOn.joined()) == file.checked.invitees)
  }

  @Test("line breaks are counted across a file however it ends its lines", arguments: [
    ("", 0), ("Nama", 0), ("Nama\n", 1), ("Nama\r\nSiti\r\nBudi", 2), ("Nama\n\"Siti\nNurhaliza\"\n", 3),
  ])
  func lineBreaks(text: String, count: Int) {
    let bytes = Array(text.utf8)
    #expect(bytes.withUnsafeBytes { InviteeFile.lineBreaks(in: $0) } == count)
  }

  @Test("a taker that gives up stops the check")
  func takerGivesUp() throws {
    let bytes = Array(Self.list(people: 5_000, seed: 4).utf8)
    var handedOn = 0
    #expect(throws: CancellationError.self) {
      _ = try InviteeFile.check(
        bytes, mapping: [:], skipInvalid: true,
        handingOn: { _ in
          handedOn += 1
          return handedOn < 3
        })
    }
    #expect(handedOn == 3)
  }
}

/// SplitMix64: the same list for the same seed on every machine.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D4_9BB4_6331_11EB
    return z ^ (z >> 31)
  }
}
