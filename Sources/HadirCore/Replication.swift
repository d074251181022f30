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
  /// What is wrong, in words; nil when nothing is known to be wrong.
  public var problem: String?

  public init(configured: Bool, lastReplicatedAt: Date? = nil, pendingTransactions: Int? = nil, problem: String? = nil) {
    self.configured = configured
    self.lastReplicatedAt = lastReplicatedAt
    self.pendingTransactions = pendingTransactions
    self.problem = problem
  }

  /// A server without a replica.
  public static let none = Replication(configured: false)
}
