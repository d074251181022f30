import Crypto
import Foundation

/// The SHA-256 digest of a certificate's DER bytes: what a desk pins to trust exactly one
/// server, written `sha256:` and 64 hex digits.
public struct CertificateFingerprint: Hashable, Sendable, CustomStringConvertible {
  public let digest: [UInt8]

  /// The fingerprint of a certificate in DER form.
  public init(certificateDER: [UInt8]) {
    self.digest = Array(SHA256.hash(data: certificateDER))
  }

  /// Parses what a person types or pastes: `sha256:` and 64 hex digits, in either case,
  /// with or without the prefix, and with any colons or spaces between the digits (as
  /// `openssl x509 -fingerprint` prints them).
  public init(parsing text: String) throws(CertificateFingerprintError) {
    var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
    if body.lowercased().hasPrefix("sha256:") { body = body.dropFirst("sha256:".count) }
    let hex = body.filter { $0 != ":" && $0 != " " }
    guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else { throw CertificateFingerprintError(text: text) }
    var digest: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      digest.append(UInt8(hex[index..<next], radix: 16)!)
      index = next
    }
    self.digest = digest
  }

  public var description: String {
    "sha256:" + digest.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
  }
}

/// A pin that is not `sha256:` and 64 hex digits.
public struct CertificateFingerprintError: Error, Hashable, CustomStringConvertible {
  public var text: String

  public var description: String {
    "'\(text)' is not a certificate fingerprint. Expected sha256: followed by 64 hex digits, as hadird prints it when it starts."
  }
}
