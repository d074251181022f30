import ArgumentParser
import HadirClient

/// The round trip of the most trivial call: the ceiling for every other call.
struct ServerInfo: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "server-info",
    abstract: "Rate and latency of GetServerInfo, a unary call that touches no database.")

  @OptionGroup var options: BenchOptions

  func run() async throws {
    let counts = try options.connectionCounts
    print("GetServerInfo over loopback TCP, \(options.duration) s per run after \(options.warmup) s warm-up")
    print("machine: \(machineDescription())")
    print(RunResult.header)
    try await withBenchServer(options) { address, _ in
      for connections in counts {
        let result = try await measure(
          address: address, token: nil, connections: connections, warmup: options.warmup, duration: options.duration
        ) { client in
          _ = try await client.serverStatus()
        }
        print(result.row)
      }
    }
  }
}
