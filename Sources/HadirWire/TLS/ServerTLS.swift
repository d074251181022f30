import Foundation
import NIOSSL

/// The certificate and private key a server proves itself with on its TCP listeners
/// (Unix sockets stay plain: they never leave the machine).
public struct ServerTLS: Sendable {
  public let certificateFile: String
  public let keyFile: String
  /// What desks pin (`--tls-pin`): the SHA-256 of the certificate.
  public let fingerprint: CertificateFingerprint
  public let notValidAfter: Date
  let context: NIOSSLContext

  /// Loads a PEM certificate (chain) and its PEM private key, and checks that they belong
  /// together and that the certificate is valid now.
  public init(certificateFile: String, keyFile: String, now: Date = Date()) throws(TLSSetupError) {
    let chain: [NIOSSLCertificate]
    do {
      chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
    } catch {
      throw TLSSetupError.unreadable(role: "certificate", path: certificateFile, cause: Self.cause(error, path: certificateFile))
    }
    guard let leaf = chain.first else {
      throw TLSSetupError.unreadable(role: "certificate", path: certificateFile, cause: "it holds no PEM certificate")
    }
    let key: NIOSSLPrivateKey
    do {
      key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
    } catch {
      throw TLSSetupError.unreadable(role: "private key", path: keyFile, cause: Self.cause(error, path: keyFile))
    }
    let expiry = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
    guard expiry > now else { throw TLSSetupError.expired(path: certificateFile, on: expiry) }
    var configuration = TLSConfiguration.makeServerConfiguration(
      certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    configuration.minimumTLSVersion = .tlsv12
    do {
      self.context = try NIOSSLContext(configuration: configuration)
    } catch {
      throw TLSSetupError.keyMismatch(certificate: certificateFile, key: keyFile)
    }
    self.certificateFile = certificateFile
    self.keyFile = keyFile
    guard let der = try? leaf.toDERBytes() else {
      throw TLSSetupError.unreadable(role: "certificate", path: certificateFile, cause: "it cannot be read back as DER")
    }
    self.fingerprint = CertificateFingerprint(certificateDER: der)
    self.notValidAfter = expiry
  }

  /// `hadird --tls auto`: the server's own self-signed certificate, kept in `certificateFile`
  /// and `keyFile` (mode 0600). Made on first start, and made anew when it has expired or
  /// will within `renewBefore`; `created` says so, since desks pinned to the old one must be
  /// given the new fingerprint.
  public static func automatic(
    certificateFile: String, keyFile: String, hostNames: [String], ipAddresses: [String],
    renewBefore: TimeInterval = 30 * 86_400, now: Date = Date()
  ) throws(TLSSetupError) -> (tls: ServerTLS, created: Bool) {
    let files = FileManager.default
    switch (files.fileExists(atPath: certificateFile), files.fileExists(atPath: keyFile)) {
    case (true, true):
      if let existing = try? ServerTLS(certificateFile: certificateFile, keyFile: keyFile, now: now),
        existing.notValidAfter > now.addingTimeInterval(renewBefore)
      {
        return (existing, false)
      }
      // Expired or about to: made by hadird, so made anew. A pair that cannot be read at
      // all is reported (below), never overwritten: it may be the operator's.
      _ = try ServerTLS(certificateFile: certificateFile, keyFile: keyFile, now: .distantPast)
    case (true, false):
      throw TLSSetupError.halfPair(present: certificateFile, missing: keyFile)
    case (false, true):
      throw TLSSetupError.halfPair(present: keyFile, missing: certificateFile)
    case (false, false):
      break
    }
    do {
      try SelfSignedCertificate.write(
        certificateFile: certificateFile, keyFile: keyFile, hostNames: hostNames, ipAddresses: ipAddresses,
        notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(5 * 365 * 86_400))
    } catch {
      throw TLSSetupError.cannotCreate(path: certificateFile, cause: "\(error)")
    }
    return (try ServerTLS(certificateFile: certificateFile, keyFile: keyFile, now: now), true)
  }

  private static func cause(_ error: any Error, path: String) -> String {
    if !FileManager.default.fileExists(atPath: path) { return "no such file" }
    if !FileManager.default.isReadableFile(atPath: path) { return "permission denied" }
    return "it is not in PEM form (\(error))"
  }
}

/// Why a server's certificate or key cannot be used; said to the operator at start.
public enum TLSSetupError: Error, CustomStringConvertible {
  case unreadable(role: String, path: String, cause: String)
  case expired(path: String, on: Date)
  case keyMismatch(certificate: String, key: String)
  case halfPair(present: String, missing: String)
  case cannotCreate(path: String, cause: String)

  public var description: String {
    switch self {
    case .unreadable(let role, let path, let cause):
      return "Cannot use the TLS \(role) \(path): \(cause). Give a readable PEM certificate and its key with --tls-cert and --tls-key, or let hadird make its own with --tls auto."
    case .expired(let path, let date):
      return "The TLS certificate \(path) expired on \(date.formatted(.iso8601)). Renew it, or with --tls auto delete it and its key to have a new one made (desks then need the new fingerprint)."
    case .keyMismatch(let certificate, let key):
      return "The TLS private key \(key) does not belong to the certificate \(certificate). Give the key that was made with it."
    case .halfPair(let present, let missing):
      return "Found \(present) but not \(missing). Restore the missing file, or delete both to have a new certificate made (desks then need the new fingerprint)."
    case .cannotCreate(let path, let cause):
      return "Cannot create the TLS certificate \(path): \(cause). hadird must be able to write in the database's folder."
    }
  }
}
