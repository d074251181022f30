import Foundation
import NIOCore
import SwiftProtobuf
import Testing

@testable import HadirWire

/// The shared vectors pin the exact bytes of each kind of frame; the C client's tests
/// check the same files.
@Suite("Shared wire vectors")
struct VectorTests {
  static let directory = Bundle.module.url(forResource: "Vectors", withExtension: nil)!

  static var names: [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return files.filter { $0.hasSuffix(".hex") }.map { String($0.dropLast(4)) }.sorted()
  }

  @Test("there is a vector for every kind of frame")
  func coverage() throws {
    var kinds = Set<String>()
    for name in Self.names {
      kinds.insert(try Self.expectedFrame(name).body?.kindName ?? "none")
    }
    #expect(kinds == ["Hello", "RequestHead", "Message", "HalfClose", "ResponseHead", "Trailer", "Cancel", "Ping", "Pong", "GoAway"])
  }

  @Test("each vector decodes to its text form and encodes back to the same bytes", arguments: names)
  func vector(_ name: String) throws {
    let hex = try String(contentsOf: Self.directory.appendingPathComponent(name + ".hex"), encoding: .utf8)
    let wire = try #require(Self.decodeHex(hex.trimmingCharacters(in: .whitespacesAndNewlines)))
    let expected = try Self.expectedFrame(name)

    let length = wire.prefix(4).reduce(0) { $0 << 8 | Int($1) }
    #expect(length == wire.count - 4)

    let processor = NIOSingleStepByteToMessageProcessor(FrameDecoder(maxFrameSize: FrameLimits.defaultMaxFrameSize))
    var decoded: [Hadir_V1_Frame] = []
    try processor.process(buffer: ByteBuffer(bytes: wire)) { decoded.append(try Hadir_V1_Frame(payload: $0)) }
    #expect(decoded == [expected])
    #expect(try bytes(expected) == wire)
  }

  static func expectedFrame(_ name: String) throws -> Hadir_V1_Frame {
    let text = try String(contentsOf: directory.appendingPathComponent(name + ".txtpb"), encoding: .utf8)
    return try Hadir_V1_Frame(textFormatString: text)
  }

  static func decodeHex(_ hex: String) -> [UInt8]? {
    guard hex.count % 2 == 0 else { return nil }
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
      result.append(byte)
      index = next
    }
    return result
  }
}
