import Crypto
import Foundation
import SwiftASN1
import X509

/// A self-signed server certificate for a machine with no domain name and no CA (a venue
/// laptop): clients trust it by its fingerprint, not by a signature.
public enum SelfSignedCertificate {
  /// Makes a P-256 key and a certificate for `hostNames` and `ipAddresses` (plus localhost),
  /// and writes them as PEM: the key with mode 0600. Each file is written whole, then
  /// renamed into place, so a crash never leaves half of one.
  public static func write(
    certificateFile: String, keyFile: String, hostNames: [String], ipAddresses: [String],
    notValidBefore: Date, notValidAfter: Date
  ) throws {
    let key = P256.Signing.PrivateKey()
    let commonName = hostNames.first ?? "localhost"
    let name = try DistinguishedName {
      CommonName(commonName)
      OrganizationName("Hadir")
    }
    var alternativeNames: [GeneralName] = (hostNames + ["localhost"]).map { .dnsName($0) }
    for address in ipAddresses + ["127.0.0.1", "::1"] {
      if let bytes = WireAddress.ipAddressBytes(address) {
        alternativeNames.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes))))
      }
    }
    let certificate = try Certificate(
      version: .v3,
      serialNumber: Certificate.SerialNumber(),
      publicKey: .init(key.publicKey),
      notValidBefore: notValidBefore,
      notValidAfter: notValidAfter,
      issuer: name,
      subject: name,
      signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.notCertificateAuthority)
        Critical(KeyUsage(digitalSignature: true))
        try ExtendedKeyUsage([.serverAuth])
        SubjectAlternativeNames(alternativeNames)
      },
      issuerPrivateKey: .init(key))
    try Self.writeWhole(Data(key.pemRepresentation.utf8), to: keyFile, mode: 0o600)
    try Self.writeWhole(Data(certificate.serializeAsPEM().pemString.utf8), to: certificateFile, mode: 0o644)
  }

  private static func writeWhole(_ data: Data, to path: String, mode: Int) throws {
    let partial = path + ".partial"
    _ = unlink(partial)
    guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: mode]) else {
      throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: partial])
    }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: partial))
    try handle.write(contentsOf: data)
    try handle.synchronize()
    try handle.close()
    guard rename(partial, path) == 0 else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
    }
  }
}
