import ArgumentParser
import Foundation
import HadirClient
import HadirServer
import HadirStore
import HadirWire
import Histogram
import Logging

/// Measures Hadir over its real transport, and prints the figures.
@main
struct HadirBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hadir-bench",
    abstract: "Measure Hadir over the real transport and print rates and latency percentiles.",
    discussion: """
      Without --server, starts a server in this process on a temporary database file \
      (WAL, synchronous=FULL) listening on 127.0.0.1, and measures against it. \
      Build with `swift build -c release` for meaningful figures.
      """,
    subcommands: [ServerInfo.self, WireComparison.self, CheckInBench.self, ImportBench.self, AgendaBench.self, AgendaApplyBench.self, NonReaderBench.self, IdleMemoryBench.self, BusyBench.self, ReportBench.self, RestoreDrill.self],
    defaultSubcommand: ServerInfo.self)
}

/// Options every benchmark shares.
struct BenchOptions: ParsableArguments {
  @Option(help: "Measure an already running server (host:port or socket path) instead of one in this process.")
  var server: String?

  @Option(help: "Comma-separated numbers of concurrent connections to measure, one run each.")
  var connections: String = "1,16"

  @Option(help: "Seconds to measure each run.")
  var duration: Double = 5

  @Option(help: "Seconds of calls before each run, not counted.")
  var warmup: Double = 1

  var connectionCounts: [Int] {
    get throws { try parseConnectionCounts(connections) }
  }
}

/// "1,8,32" as numbers of connections, each from 1 to 1024.
func parseConnectionCounts(_ text: String) throws -> [Int] {
  let counts = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
  guard !counts.isEmpty, counts.allSatisfy({ (1...1024).contains($0) }) else {
    throw ValidationError("--connections takes numbers from 1 to 1024 separated by commas, e.g. 1,16.")
  }
  return counts
}

/// Where the benchmark's server is: given, or started here on a temporary file.
func withBenchServer<T: Sendable>(
  _ options: BenchOptions, _ body: (WireAddress, AppDatabase?) async throws -> T
) async throws -> T {
  if let server = options.server {
    return try await body(try WireAddress(parsing: server), nil)
  }
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-bench-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: directory) }
  let database = try AppDatabase.onFile(directory.appendingPathComponent("bench.sqlite").path)
  return try await withLocalServer(on: database) { address in try await body(address, database) }
}

/// Runs `body` with a server in this process on `database`, listening on a free loopback port
/// (logging warnings only), and shuts the server down afterwards.
func withLocalServer<T: Sendable>(
  on database: AppDatabase, tls: ServerTLS? = nil, _ body: (WireAddress) async throws -> T
) async throws -> T {
  var logger = Logger(label: "hadir.bench")
  logger.logLevel = .warning
  let server = HadirServer(database: database, addresses: [.tcp(host: "127.0.0.1", port: 0)], tls: tls, logger: logger)
  return try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await server.serve() }
    defer { server.beginGracefulShutdown() }
    return try await body(try await server.listeningAddresses()[0])
  }
}

/// The outcome of one run: how many calls completed and how long each took.
struct RunResult {
  var connections: Int
  var calls: UInt64
  var seconds: Double
  var latencies: Histogram<UInt64>

  var rate: Double { Double(calls) / seconds }

  func micros(_ percentile: Double) -> String {
    String(format: "%.0f", Double(latencies.valueAtPercentile(percentile)) / 1000)
  }

  var row: String {
    let columns = [
      "\(connections)", "\(calls)", String(format: "%.0f", rate), micros(50), micros(99), micros(99.9),
      String(format: "%.0f", Double(latencies.maxRecorded) / 1000),
    ]
    return zip(columns, [11, 10, 10, 9, 9, 10, 9]).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
      .joined(separator: " ")
  }

  static let header = "connections calls      calls/s    p50 µs    p99 µs    p99.9 µs   max µs"
}

/// Runs `call` in a loop on each of `connections` clients for the warm-up, then for the
/// measured duration, and records every call's latency in nanoseconds.
func measure(
  address: WireAddress, tls: ClientTLS? = nil, token: String?, connections: Int, warmup: Double, duration: Double,
  call: @escaping @Sendable (HadirClient) async throws -> Void
) async throws -> RunResult {
  try await measureCallers(
    connections: connections, warmup: warmup, duration: duration,
    open: { body in try await HadirClient.with(server: address, tls: tls, token: token) { try await body($0) } },
    call: call)
}

/// Runs `call` back to back in each of `connections` tasks, each with the caller `open`
/// gives it, for the warm-up and then for the measured duration, recording every measured
/// call's latency in nanoseconds.
func measureCallers<Caller>(
  connections: Int, warmup: Double, duration: Double,
  open: @escaping @Sendable (_ body: (Caller) async throws -> Histogram<UInt64>) async throws -> Histogram<UInt64>,
  call: @escaping @Sendable (Caller) async throws -> Void
) async throws -> RunResult {
  let clock = ContinuousClock()
  let start = clock.now
  let measureFrom = start + .milliseconds(Int(warmup * 1000))
  let measureUntil = measureFrom + .milliseconds(Int(duration * 1000))
  let histograms = try await withThrowingTaskGroup(of: Histogram<UInt64>.self) { group in
    for _ in 0..<connections {
      group.addTask {
        try await open { caller in
          var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
          while true {
            let before = clock.now
            if before >= measureUntil { break }
            try await call(caller)
            let after = clock.now
            if before >= measureFrom {
              let elapsed = after - before
              _ = histogram.record(UInt64(elapsed.components.seconds) * 1_000_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000))
            }
          }
          return histogram
        }
      }
    }
    var all: [Histogram<UInt64>] = []
    for try await histogram in group { all.append(histogram) }
    return all
  }
  var merged = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
  for histogram in histograms { merged.add(histogram) }
  return RunResult(connections: connections, calls: merged.totalCount, seconds: duration, latencies: merged)
}

/// A one-line description of this machine, for the record.
func machineDescription() -> String {
  let cores = ProcessInfo.processInfo.activeProcessorCount
  let memory = ProcessInfo.processInfo.physicalMemory / (1 << 30)
  var model = "unknown CPU"
  if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
    let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
    let colon = line.firstIndex(of: ":")
  {
    model = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
  }
  #if DEBUG
    let build = "debug build (use -c release for real figures)"
  #else
    let build = "release build"
  #endif
  return "\(cores) cores, \(memory) GiB, \(model); \(build)"
}
