import ArgumentParser
import Foundation
import HadirCore
import HadirClient

struct Status: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: helpText(.helpStatus))

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
        connection.text(
          .statusServer,
          [
            .name: terminalSafe(status.name), .value: terminalSafe(status.version),
            .address: terminalSafe(address.description), .count: "\(status.protocolVersion)",
            .time: formatDuration(status.uptimeSeconds),
          ]))
      switch (status.callerRole, status.callerEventCode) {
      case (nil, _): print(connection.text(.statusNoToken))
      case (let role?, nil): print(connection.text(.statusTokenAll, [.role: role.rawValue]))
      case (let role?, let event?): print(connection.text(.statusTokenEvent, [.role: role.rawValue, .event: terminalSafe(event)]))
      }
      if let replication = status.replication {
        print(connection.text(.statusReplica, [.value: Self.describe(replication, now: Date(), connection: connection)]))
      }
    }
  }
}

extension Status {
  /// One line on how far the database's replica is, for administrators.
  static func describe(_ replication: Replication, now: Date, connection: ConnectionOptions) -> String {
    guard replication.configured else { return connection.text(.replicaNone) }
    var parts = ["Litestream"]
    if let at = replication.lastReplicatedAt {
      parts.append(connection.text(.replicaWritten, [.time: formatDuration(max(0, Int(now.timeIntervalSince(at))))]))
      switch replication.pendingTransactions {
      case 0?: parts.append(connection.text(.replicaCaughtUp))
      case let pending?: parts.append(connection.text(.replicaPending, [.count: "\(pending)"]))
      case nil: break
      }
    }
    if let problem = replication.problem {
      parts.append(connection.text(.replicaProblem, [.value: terminalSafe(problem.text(in: connection.language))]))
    }
    return parts.joined(separator: "; ")
  }
}

func formatDuration(_ seconds: Int) -> String {
  if seconds < 60 { return "\(seconds)s" }
  if seconds < 3600 { return "\(seconds / 60)m \(seconds % 60)s" }
  if seconds < 86400 { return "\(seconds / 3600)h \(seconds % 3600 / 60)m" }
  return "\(seconds / 86400)d \(seconds % 86400 / 3600)h"
}
