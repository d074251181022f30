import Foundation

/// Whether the database is copied off this machine as it changes, and how far the copy is.
/// A laptop at the venue can be lost or stolen; an administrator needs to see at a glance
/// whether the day's check-ins would survive that.
public struct Replication: Sendable, Equatable, Codable {
  /// False when the server runs without a replica.
  public var configured: Bool
  /// When the newest change that reached the replica was written, if known.
  public var lastReplicatedAt: Date?
  /// Transactions written here and not yet on the replica, if known.
  public var pendingTransactions: Int?
  /// What is wrong; nil when nothing is known to be wrong.
  public var problem: Problem?

  /// What can be wrong with the replica.
  public enum Problem: Sendable, Equatable, Codable {
    /// The Litestream process that replicated the database (its process id) has stopped.
    case litestreamStopped(process: Int)
    /// Litestream could not be asked how far the replica is (its error).
    case statusUnknown(cause: String)
    /// A problem as a server worded it, for a client that received only the sentence.
    case worded(String)

    public func text(in language: Language) -> String {
      switch self {
      case .litestreamStopped(let process): Notice(.replicaLitestreamStopped, [.value: "\(process)"]).text(in: language)
      case .statusUnknown(let cause): Notice(.replicaStatusUnknown, [.cause: cause]).text(in: language)
      case .worded(let sentence): sentence
      }
    }
  }

  public init(configured: Bool, lastReplicatedAt: Date? = nil, pendingTransactions: Int? = nil, problem: Problem? = nil) {
    self.configured = configured
    self.lastReplicatedAt = lastReplicatedAt
    self.pendingTransactions = pendingTransactions
    self.problem = problem
  }

  /// A server without a replica.
  public static let none = Replication(configured: false)
}
