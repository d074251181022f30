import ArgumentParser
import Foundation
import HadirClient
import HadirStore
import HadirWire

/// The round trip of the most trivial call: the ceiling for every other call.
struct ServerInfo: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "server-info",
    abstract: "Rate and latency of GetServerInfo, a unary call that touches no database.")

  @OptionGroup var options: BenchOptions

  @ArgumentParser.Flag(help: "Also measure the same calls over TLS (a self-signed certificate, pinned), in the same run.")
  var tls = false

  func validate() throws {
    if tls && options.server != nil { throw ValidationError("--tls measures a server of its own; leave out --server.") }
  }

  func run() async throws {
    let counts = try options.connectionCounts
    print("GetServerInfo over loopback TCP, \(options.duration) s per run after \(options.warmup) s warm-up")
    print("machine: \(machineDescription())")
    guard tls else {
      print(RunResult.header)
      try await withBenchServer(options) { address, _ in
        for connections in counts { print(try await self.run(address: address, tls: nil, connections: connections).row) }
      }
      return
    }
    // Two servers on one database, one plain and one with TLS, measured in turn.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let certificate = directory.appendingPathComponent("cert.pem").path
    let key = directory.appendingPathComponent("key.pem").path
    try SelfSignedCertificate.write(
      certificateFile: certificate, keyFile: key, hostNames: ["localhost"], ipAddresses: [],
      notValidBefore: Date().addingTimeInterval(-3600), notValidAfter: Date().addingTimeInterval(86_400))
    let serverTLS = try ServerTLS(certificateFile: certificate, keyFile: key)
    let database = try AppDatabase.onFile(directory.appendingPathComponent("bench.sqlite").path)
    print("transport  " + RunResult.header)
    try await withLocalServer(on: database) { plain in
      try await withLocalServer(on: database, tls: serverTLS) { secured in
        for connections in counts {
          print("plain      " + (try await self.run(address: plain, tls: nil, connections: connections)).row)
          let pinned = ClientTLS(trust: .pinned(serverTLS.fingerprint))
          print("TLS        " + (try await self.run(address: secured, tls: pinned, connections: connections)).row)
        }
      }
    }
  }

  private func run(address: WireAddress, tls: ClientTLS?, connections: Int) async throws -> RunResult {
    try await measure(
      address: address, tls: tls, token: nil, connections: connections, warmup: options.warmup, duration: options.duration
    ) { client in
      _ = try await client.serverStatus()
    }
  }
}
