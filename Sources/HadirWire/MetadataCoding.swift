import Foundation
import GRPCCore

/// Converts between GRPCCore's `Metadata` and the wire's metadata entries, and carries the
/// call deadline, which GRPCCore keeps in the `grpc-timeout` entry, as the request head's
/// `timeout_micros` field instead.
enum MetadataCoding {
  static let timeoutKey = "grpc-timeout"

  static func entries(_ metadata: Metadata) -> [Hadir_V1_MetadataEntry] {
    metadata.compactMap { key, value in
      guard key != timeoutKey else { return nil }
      var entry = Hadir_V1_MetadataEntry()
      entry.key = key
      switch value {
      case .string(let text): entry.text = text
      case .binary(let bytes): entry.binary = Data(bytes)
      }
      return entry
    }
  }

  /// The metadata of `entries`; a binary value under a key that does not end in "-bin",
  /// or a deadline smuggled in as a "grpc-timeout" entry, is a protocol error.
  static func metadata(_ entries: [Hadir_V1_MetadataEntry]) throws(ProtocolViolation) -> Metadata {
    var metadata = Metadata()
    for entry in entries {
      if entry.key == timeoutKey {
        throw ProtocolViolation("The metadata key \(timeoutKey) is reserved; send a deadline in RequestHead.timeout_micros.")
      }
      switch entry.value {
      case .text(let text): metadata.addString(text, forKey: entry.key)
      case .binary(let data):
        guard entry.key.hasSuffix("-bin") else {
          throw ProtocolViolation("The metadata entry \"\(entry.key)\" carries a binary value, but only keys ending in -bin may.")
        }
        metadata.addBinary(Array(data), forKey: entry.key)
      case nil: metadata.addString("", forKey: entry.key)
      }
    }
    return metadata
  }

  /// The deadline GRPCCore wrote into `metadata`, in microseconds; 0 when there is none.
  static func timeoutMicros(in metadata: Metadata) -> UInt64 {
    guard let text = metadata[stringValues: timeoutKey].first(where: { _ in true }),
      let unit = text.last, let amount = UInt64(text.dropLast())
    else { return 0 }
    let micros: UInt64
    switch unit {
    case "H": micros = amount * 3_600_000_000
    case "M": micros = amount * 60_000_000
    case "S": micros = amount * 1_000_000
    case "m": micros = amount * 1_000
    case "u": micros = amount
    case "n": micros = max(1, amount / 1_000)
    default: return 0
    }
    return max(micros, 1)
  }

  /// The `grpc-timeout` text for a deadline in microseconds (at most 8 digits, as gRPC requires).
  static func timeoutText(micros: UInt64) -> String {
    if micros <= 99_999_999 { return "\(micros)u" }
    if micros / 1_000 <= 99_999_999 { return "\(micros / 1_000)m" }
    return "\(min(micros / 1_000_000, 99_999_999))S"
  }
}
