import ArgumentParser
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
  }

  func run() async throws {
    let address = try connection.address
    try await connection.withClient { client in
      let status = try await client.serverStatus()
      let output = Output(
        server: address.description, name: status.name, version: status.version,
        protocolVersion: status.protocolVersion, uptimeSeconds: status.uptimeSeconds,
        role: status.callerRole?.rawValue, eventCode: status.callerEventCode)
      if connection.json { return try printJSON(output) }
      print(
        "Server:   \(terminalSafe(status.name)) \(terminalSafe(status.version)) at \(terminalSafe(address.description)), protocol \(status.protocolVersion), up \(formatDuration(status.uptimeSeconds))")
      switch (status.callerRole, status.callerEventCode) {
      case (nil, _): print("Token:    none sent (set HADIR_TOKEN or pass --token)")
      case (let role?, nil): print("Token:    \(role.rawValue), all events")
      case (let role?, let event?): print("Token:    \(role.rawValue), event \(terminalSafe(event)) only")
      }
    }
  }
}

func formatDuration(_ seconds: Int) -> String {
  if seconds < 60 { return "\(seconds)s" }
  if seconds < 3600 { return "\(seconds / 60)m \(seconds % 60)s" }
  if seconds < 86400 { return "\(seconds / 3600)h \(seconds % 3600 / 60)m" }
  return "\(seconds / 86400)d \(seconds % 86400 / 3600)h"
}
