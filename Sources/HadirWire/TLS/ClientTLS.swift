import Foundation
import NIOCore
import NIOSSL
import NIOTLS
import Synchronization

/// How a client decides to trust a server's certificate on a TCP connection.
public struct ClientTLS: Sendable, Hashable {
  public enum Trust: Sendable, Hashable {
    /// The certificate authorities this machine trusts, and the server's name or address.
    case systemRoots
    /// Certificates signed by the authority in this PEM file, and the server's name or address.
    case authority(file: String)
    /// Exactly the certificate with this fingerprint, whatever names it carries: for a
    /// server with a self-signed certificate (`hadird --tls auto`).
    case pinned(CertificateFingerprint)
  }

  public var trust: Trust

  public init(trust: Trust) {
    self.trust = trust
  }

  /// The context every connection of one client shares (loading trust roots is not free).
  /// A trust file that cannot be used is a ``TransportFailure`` of kind tls-setup.
  func makeContext(for address: WireAddress) throws -> NIOSSLContext {
    if case .authority(let file) = trust {
      let cause: String?
      if !FileManager.default.fileExists(atPath: file) {
        cause = "no such file"
      } else if !FileManager.default.isReadableFile(atPath: file) {
        cause = "permission denied"
      } else if (try? NIOSSLCertificate.fromPEMFile(file))?.isEmpty != false {
        cause = "it holds no PEM certificate"
      } else {
        cause = nil
      }
      if let cause {
        throw TransportFailure(
          kind: .tlsSetup, address: address, facts: ["hadir-tls-file": file, "hadir-cause": cause],
          message: "Cannot use the trusted authority \(file) for the Hadir server at \(address): \(cause). Check the file given with --tls-ca.")
      }
    }
    var configuration = TLSConfiguration.makeClientConfiguration()
    configuration.minimumTLSVersion = .tlsv12
    switch trust {
    case .systemRoots:
      configuration.trustRoots = .default
    case .authority(let file):
      configuration.trustRoots = .file(file)
    case .pinned:
      // Names do not matter: the callback below compares the fingerprint instead.
      configuration.certificateVerification = .noHostnameVerification
    }
    return try NIOSSLContext(configuration: configuration)
  }

  /// The handler that runs TLS on one new connection to `host`; `observation` records what
  /// it sees of the server's certificate, to explain a refusal.
  func makeHandler(context: NIOSSLContext, host: String, observation: TLSHandshakeObservation) throws -> NIOSSLClientHandler {
    // SNI and name checks take host names only; an address is checked against the
    // certificate's IP addresses instead.
    let serverName = WireAddress.ipAddressBytes(host) == nil ? host : nil
    guard case .pinned(let pin) = trust else {
      return try NIOSSLClientHandler(context: context, serverHostname: serverName)
    }
    return try NIOSSLClientHandler(context: context, serverHostname: serverName) { certificates, promise in
      guard let leaf = certificates.first, let der = try? leaf.toDERBytes() else {
        promise.succeed(.failed)
        return
      }
      let presented = CertificateFingerprint(certificateDER: der)
      let expiry = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
      let start = Date(timeIntervalSince1970: TimeInterval(leaf.notValidBefore))
      observation.record(presented: presented, notValidAfter: expiry)
      let now = Date()
      promise.succeed(presented == pin && start <= now && now < expiry ? .certificateVerified : .failed)
    }
  }

  /// Why the connection to the server at `address` failed in its TLS handshake, as facts
  /// a client can put in its own words; nil when the handshake completed (the failure was
  /// something else).
  func explain(_ observation: TLSHandshakeObservation, address: WireAddress) -> TransportFailure? {
    let seen = observation.seen
    if seen.handshakeCompleted { return nil }
    if case .pinned(let pin) = trust, let presented = seen.presented {
      if presented != pin {
        return TransportFailure(
          kind: .tlsPinMismatch, address: address, facts: ["hadir-tls-expected": "\(pin)", "hadir-tls-presented": "\(presented)"],
          message: "The Hadir server at \(address) presented the certificate \(presented), not the pinned \(pin). If the server's certificate was made anew, pin the fingerprint hadird prints; otherwise this is not your server.")
      }
      if let expiry = seen.notValidAfter, expiry <= Date() {
        let day = expiry.formatted(.iso8601.year().month().day())
        return TransportFailure(
          kind: .tlsCertificateExpired, address: address, facts: ["hadir-tls-expired-on": day],
          message: "The Hadir server at \(address) presented a certificate that expired on \(day). Ask its operator to renew it.")
      }
    }
    // Refused by the chain's check, or by the name or address the certificate is for.
    if let error = seen.error, error.contains("CERTIFICATE_VERIFY_FAILED") || error.contains("failedToValidateHostname") {
      return TransportFailure(
        kind: .tlsUntrusted, address: address, facts: [:],
        message: "The Hadir server at \(address) presented a certificate this machine does not trust (expired, signed by an unknown authority, or for another name). For a server with its own certificate, pin it with --tls-pin.")
    }
    return TransportFailure(
      kind: .tlsNotOffered, address: address, facts: [:],
      message: "The Hadir server at \(address) did not answer in TLS: it may not use TLS. Connect without --tls, or ask its operator.")
  }
}

/// What one handshake saw of the server's certificate, and how it ended.
final class TLSHandshakeObservation: Sendable {
  struct Seen {
    var presented: CertificateFingerprint?
    var notValidAfter: Date?
    var handshakeCompleted = false
    /// The first error on the connection, as text.
    var error: String?
  }

  private let state = Mutex(Seen())

  func record(presented: CertificateFingerprint, notValidAfter: Date) {
    state.withLock { seen in
      seen.presented = presented
      seen.notValidAfter = notValidAfter
    }
  }

  func recordHandshakeCompleted() {
    state.withLock { $0.handshakeCompleted = true }
  }

  func record(error: any Error) {
    state.withLock { seen in if seen.error == nil { seen.error = "\(error)" } }
  }

  var seen: Seen { state.withLock { $0 } }
}

/// Sits behind the TLS handler and records how the handshake ended: the connection
/// may report only "closed channel" for a refused certificate.
final class TLSHandshakeRecorder: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer

  private let observation: TLSHandshakeObservation

  init(observation: TLSHandshakeObservation) {
    self.observation = observation
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if case .handshakeCompleted? = event as? TLSUserEvent {
      observation.recordHandshakeCompleted()
      context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
    context.fireUserInboundEventTriggered(event)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    observation.record(error: error)
    context.fireErrorCaught(error)
  }
}
