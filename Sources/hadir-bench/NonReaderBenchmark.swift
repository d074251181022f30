import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif
import GRPCCore
import HadirClient
import HadirCore
import HadirProto
import HadirWire
import NIOCore
import NIOPosix
import SwiftProtobuf

/// A client that sends calls and never reads the answers, against a real hadird: how much
/// the server grows, whether it lets the client go, and whether its memory comes back.
struct NonReaderBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "non-reader",
    abstract: "The server's memory while a client sends --calls GetAgenda calls and reads nothing.",
    discussion: """
      Starts the hadird built next to this program on a temporary database, gives an event an \
      agenda of 200 sessions (each answer about 40 KB), then opens a raw connection that sends \
      its Hello and --calls calls at once and never reads. Samples the server's resident memory \
      (VmRSS) every 100 ms until the server closes the connection (it should, once its answers \
      have waited --slow-reader-timeout seconds) and 2 s after. Build everything first: \
      swift build -c release.
      """)

  @Option(help: "Calls sent without reading.") var calls: Int = 2000
  @Option(help: "Seconds to wait at most for the server to close the connection (it waits 30 s for a reader).")
  var wait: Double = 60

  func run() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    print("A client that sends \(calls) GetAgenda calls and reads nothing, against hadird")
    print("machine: \(machineDescription())")

    let server = try BuiltServer(in: directory, arguments: ["--metrics-listen", "127.0.0.1:0"])
    defer { server.stop() }
    let address = server.address
    let token = server.token
    guard let metrics = URL(string: try server.logged(after: "metrics at ")) else {
      throw ValidationError("hadird did not say where its metrics are")
    }
    let wire = try WireAddress(parsing: address)
    try await HadirClient.with(server: wire, token: token) { client in
      let event = try await client.createEvent(
        NewEvent(
          code: "BENCH-NONREADER", title: "Five-day training", venue: "Luwuk", timeZone: "Asia/Makassar",
          firstDay: "2025-06-02", lastDay: "2025-06-06", capacity: 200))
      _ = try await client.applyAgenda(
        eventCode: event.code, document: AgendaDocument.render(AgendaApplyBench.agenda(sessions: 200, event: event), event: event))
    }
    let pid = server.process.processIdentifier
    // Let the server settle after the setup calls.
    try await Task.sleep(for: .seconds(1))
    let before = ProcessMemory.kibibytes("VmRSS", of: pid)

    var request = Hadir_V1_GetAgendaRequest()
    request.eventCode = "BENCH-NONREADER"
    let requestBytes: [UInt8] = try request.serializedBytes()
    var bytes = try RawClientFrames.hello()
    for index in 0..<calls {
      bytes += try RawClientFrames.unaryCall(
        streamID: UInt32(2 * index + 1), method: "/hadir.v1.Agenda/GetAgenda", request: requestBytes,
        metadata: ["authorization": "Bearer \(token)"])
    }
    guard case .tcp(let host, let port) = wire else { throw ValidationError("hadird listens on \(address)") }
    let channel = try await ClientBootstrap(group: .singletonMultiThreadedEventLoopGroup)
      .channelOption(.autoRead, value: false)
      .connect(host: host, port: port).get()
    let started = ContinuousClock.now
    // Written in pieces: the server stops reading when it cannot write its answers, and
    // then so do the writes.
    channel.writeAndFlush(channel.allocator.buffer(bytes: bytes), promise: nil)

    var peak = before
    var closedAfter: Duration?
    let deadline = started + .milliseconds(Int(wait * 1000))
    while ContinuousClock.now < deadline {
      peak = max(peak, ProcessMemory.kibibytes("VmRSS", of: pid))
      // The server's own count of open connections says when it let the client go (a
      // client that reads nothing would not see it close).
      if try await Self.openConnections(metrics) == 0 {
        closedAfter = ContinuousClock.now - started
        break
      }
      try await Task.sleep(for: .milliseconds(100))
    }
    if closedAfter == nil { try? await channel.close() }
    try await Task.sleep(for: .seconds(2))
    let after = ProcessMemory.kibibytes("VmRSS", of: pid)
    let sent = Double(bytes.count) / 1_048_576
    print(String(format: "sent:       %d calls, %.1f MB, none of the answers read", calls, sent))
    print(String(format: "hadird RSS: %.0f MiB before, %.0f MiB at most while the client did not read (+%.0f MiB), %.0f MiB 2 s after",
                 Double(before) / 1024, Double(peak) / 1024, Double(peak - before) / 1024, Double(after) / 1024))
    if let closedAfter {
      print(String(format: "the server closed the connection after %.1f s", Double(closedAfter.components.seconds) + Double(closedAfter.components.attoseconds) / 1e18))
    } else {
      print("the server had not closed the connection after \(wait) s")
    }
  }

  /// hadir_open_connections, as hadird reports it.
  static func openConnections(_ metrics: URL) async throws -> Int? {
    var request = URLRequest(url: metrics)
    request.cachePolicy = .reloadIgnoringLocalCacheData
    let (data, _) = try await URLSession.shared.data(for: request)
    let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("hadir_open_connections") }
    return line.flatMap { Double($0.split(separator: " ").last ?? "") }.map { Int($0) }
  }
}
