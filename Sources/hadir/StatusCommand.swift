import ArgumentParser
import Foundation
import HadirCore
import HadirClient

struct Status: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Check that the server answers, and what your token allows.")

  @OptionGroup var connection: ConnectionOptions

  struct Output: Encodable {
    var server: String
    var name: String
    var version: String
    var protocolVersion: Int
    var uptimeSeconds: Int
    var role: String?
    var eventCode: String?
    var replication: Replication?
  }

  func run() async throws {
    let address = try connection.address
    try await connection.withClient { client in
      let status = try await client.serverStatus()
      let output = Output(
        server: address.description, name: status.name, version: status.version,
        protocolVersion: status.protocolVersion, uptimeSeconds: status.uptimeSeconds,
        role: status.callerRole?.rawValue, eventCode: status.callerEventCode,
        replication: status.replication)
      if connection.json { return try printJSON(output) }
      print(
        "Server:   \(terminalSafe(status.name)) \(terminalSafe(status.version)) at \(terminalSafe(address.description)), protocol \(status.protocolVersion), up \(formatDuration(status.uptimeSeconds))")
      switch (status.callerRole, status.callerEventCode) {
      case (nil, _): print("Token:    none sent (set HADIR_TOKEN or pass --token)")
      case (let role?, nil): print("Token:    \(role.rawValue), all events")
      case (let role?, let event?): print("Token:    \(role.rawValue), event \(terminalSafe(event)) only")
      }
      if let replication = status.replication {
        print("Replica:  \(Self.describe(replication, now: Date()))")
      }
    }
  }
}

extension Status {
  /// One line on how far the database's replica is, for administrators.
  static func describe(_ replication: Replication, now: Date) -> String {
    guard replication.configured else {
      return "none. If this machine is lost, everything on it is lost; see \"When the machine is lost\" in docs/operations.md."
    }
    var parts = ["Litestream"]
    if let at = replication.lastReplicatedAt {
      parts.append("newest change on the replica written \(formatDuration(max(0, Int(now.timeIntervalSince(at))))) ago")
      switch replication.pendingTransactions {
      case 0?: parts.append("nothing waiting")
      case let pending?: parts.append("\(pending) transaction\(pending == 1 ? "" : "s") not yet on the replica")
      case nil: break
      }
    }
    if let problem = replication.problem { parts.append("PROBLEM: \(terminalSafe(problem))") }
    return parts.joined(separator: "; ")
  }
}

func formatDuration(_ seconds: Int) -> String {
  if seconds < 60 { return "\(seconds)s" }
  if seconds < 3600 { return "\(seconds / 60)m \(seconds % 60)s" }
  if seconds < 86400 { return "\(seconds / 3600)h \(seconds % 3600 / 60)m" }
  return "\(seconds / 86400)d \(seconds % 86400 / 3600)h"
}
