/// Slows down whoever guesses access tokens, without slowing anyone else.
///
/// A valid token is always checked and answered at once. Each wrong token from one peer (an
/// IP address, or the local socket) is answered only after a delay that doubles with every
/// recent failure of that peer, up to `maxDelay`; while `maxPending` of a peer's wrong
/// answers are being held back, its further attempts are refused without being checked at
/// all. So one peer can test at most `maxPending` tokens per `maxDelay`, whatever it sends,
/// and a peer that stops failing is forgotten after `memory` seconds. Times are seconds on
/// any monotonic clock.
public struct FailedAuthentications: Sendable {
  public struct Settings: Sendable {
    public var firstDelay: Double = 0.25
    public var maxDelay: Double = 5
    public var maxPending = 8
    public var memory: Double = 15 * 60
    /// Peers remembered at most; the longest quiet are forgotten first.
    public var maxPeers = 10_000

    public init() {}
  }

  private struct Peer {
    var failures = 0
    var pending = 0
    var lastFailure: Double = 0
  }

  public let settings: Settings
  private var peers: [String: Peer] = [:]

  public init(settings: Settings = Settings()) {
    self.settings = settings
  }

  /// Whether an attempt from `peer` is checked at all; false while too many of its wrong
  /// answers are held back.
  public func admits(_ peer: String) -> Bool {
    (peers[peer]?.pending ?? 0) < settings.maxPending
  }

  /// Records a wrong token from `peer` at `now`; returns how many seconds to hold the answer
  /// back and how many times the peer has failed recently. Call ``answered(_:)`` once the
  /// answer is sent.
  public mutating func failed(_ peer: String, at now: Double) -> (delay: Double, failures: Int) {
    var record = peers[peer] ?? Peer()
    if now - record.lastFailure > settings.memory { record.failures = 0 }
    record.failures += 1
    record.pending += 1
    record.lastFailure = now
    if peers[peer] == nil && peers.count >= settings.maxPeers { forgetQuietest(now: now) }
    peers[peer] = record
    let doublings = Double(min(record.failures - 1, 30))
    return (min(settings.firstDelay * pow2(doublings), settings.maxDelay), record.failures)
  }

  /// The held-back answer of a failed attempt from `peer` has been sent.
  public mutating func answered(_ peer: String) {
    guard var record = peers[peer] else { return }
    record.pending = max(0, record.pending - 1)
    peers[peer] = record
  }

  /// How many peers are remembered.
  public var peerCount: Int { peers.count }

  private mutating func forgetQuietest(now: Double) {
    peers = peers.filter { now - $0.value.lastFailure <= settings.memory || $0.value.pending > 0 }
    if peers.count >= settings.maxPeers,
      let quietest = peers.filter({ $0.value.pending == 0 }).min(by: { $0.value.lastFailure < $1.value.lastFailure })
    {
      peers.removeValue(forKey: quietest.key)
    }
  }

  private func pow2(_ exponent: Double) -> Double {
    var result = 1.0
    for _ in 0..<Int(exponent) { result *= 2 }
    return result
  }
}
