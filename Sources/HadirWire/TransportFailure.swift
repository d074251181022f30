import GRPCCore

/// Why a client could not get a working connection to a server, or could not go on with a
/// call on it, as facts a client program
/// can put in its own words (the metadata keys `hadir-transport-failure`, `hadir-address`
/// and the kind's own), with an English message for programs that just print it.
struct TransportFailure: Error, Sendable {
  enum Kind: String, Sendable {
    case unreachable
    case closedBeforeReady = "closed-before-ready"
    case connectionLost = "connection-lost"
    /// The caller left more of a call's answers unread than a call may hold (with
    /// `hadir-count`, the limit): the call was cancelled.
    case answersNotRead = "answers-not-read"
    case tlsRequired = "tls-required"
    case tlsNotOffered = "tls-not-offered"
    case tlsPinMismatch = "tls-pin-mismatch"
    case tlsCertificateExpired = "tls-certificate-expired"
    case tlsUntrusted = "tls-untrusted"
    case tlsSetup = "tls-setup"
  }

  var kind: Kind
  var address: WireAddress
  var facts: [String: String]
  var message: String

  /// The failure as every waiting call receives it.
  var rpcError: RPCError {
    var metadata: Metadata = ["hadir-transport-failure": "\(kind.rawValue)", "hadir-address": "\(address)"]
    for (key, value) in facts.sorted(by: { $0.key < $1.key }) { metadata.addString(value, forKey: key) }
    return RPCError(code: .unavailable, message: message, metadata: metadata)
  }
}
