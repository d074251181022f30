import Crypto
import Foundation
import SwiftASN1
import X509

/// A certificate authority of the tests' own, as an organization with its own CA would
/// have: it signs a server certificate for 127.0.0.1 that clients trust through the CA's
/// certificate (hadir --tls-ca, a stock gRPC client's root certificates).
struct TestCertificateAuthority {
  let certificateFile: URL
  let serverCertificateFile: URL
  let serverKeyFile: URL

  /// - Parameter serverNames: the names the server certificate is for; by default
  ///   localhost and 127.0.0.1.
  init(in directory: URL, serverNames: [GeneralName] = [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))]) throws {
    certificateFile = directory.appendingPathComponent("ca.pem")
    serverCertificateFile = directory.appendingPathComponent("server-cert.pem")
    serverKeyFile = directory.appendingPathComponent("server-key.pem")
    let now = Date()
    let caKey = P256.Signing.PrivateKey()
    let caName = try DistinguishedName { CommonName("Dinas Kesehatan test CA") }
    let ca = try Certificate(
      version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey),
      notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86_400),
      issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
        Critical(KeyUsage(keyCertSign: true))
      },
      issuerPrivateKey: .init(caKey))
    let serverKey = P256.Signing.PrivateKey()
    let server = try Certificate(
      version: .v3, serialNumber: .init(), publicKey: .init(serverKey.publicKey),
      notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86_400),
      issuer: caName, subject: try DistinguishedName { CommonName("localhost") }, signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.notCertificateAuthority)
        Critical(KeyUsage(digitalSignature: true))
        try ExtendedKeyUsage([.serverAuth])
        SubjectAlternativeNames(serverNames)
      },
      issuerPrivateKey: .init(caKey))
    try ca.serializeAsPEM().pemString.write(to: certificateFile, atomically: true, encoding: .utf8)
    try server.serializeAsPEM().pemString.write(to: serverCertificateFile, atomically: true, encoding: .utf8)
    try serverKey.pemRepresentation.write(to: serverKeyFile, atomically: true, encoding: .utf8)
  }
}
