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

  @Test("invitees are handed on batch by batch, in file order, and together are the list")
  func handedOnInOrder() throws {
    // The same person twice in one batch: merged before that batch is handed on.
    var lines = ["Nama,NIP", "Siti Nurhaliza,197001011990031001", "Budi Santoso,197001011990031002"]
    lines += (0..<1_200).map { "Orang \($0),\(197_101_011_990_031_000 + $0)" }
    lines.append("Hj. Siti Nurhaliza,197001011990031001")
    let single = try checkHandingOn(Array((lines.prefix(5).joined(separator: "\n") + "\n").utf8))
    #expect(!single.file.revisedAfterHandingOn)
    #expect(single.handedOn.joined().map(\.line) == [2, 3, 4, 5])

    let (file, handedOn) = try checkHandingOn(Array((lines.joined(separator: "\n") + "\n").utf8))
    #expect(handedOn.count > 4)
    #expect(file.checked.merged.map(\.line) == [1_204])
    // The merged row is past the first batch: Siti was handed on before it was read.
    #expect(file.revisedAfterHandingOn)
    #expect(file.checked.invitees.first?.person.name == "Hj. Siti Nurhaliza")
    #expect(handedOn.joined().first?.person.name == "Siti Nurhaliza")
    // Nothing is handed on once the list has changed under what was handed on.
    let handed = Array(handedOn.joined())
    #expect(handed.map(\.line) == file.checked.invitees.prefix(handed.count).map(\.line))
    #expect(handed.count < file.checked.invitees.count)

    var unchanged = lines
    unchanged.removeLast()
    let whole = try checkHandingOn(Array((unchanged.joined(separator: "\n") + "\n").utf8))
    #expect(!whole.file.revisedAfterHandingOn)
    #expect(Array(whole.handedOn.joined()) == whole.file.checked.invitees)
    #expect(whole.file.checked.invitees.count == 1_202)
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
