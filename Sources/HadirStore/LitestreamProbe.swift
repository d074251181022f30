import Foundation
import HadirCore
import Synchronization

/// Asks Litestream how far its replica of the database is, for `hadir status`.
///
/// Runs `litestream status` (the last transaction Litestream has read from this database)
/// and `litestream ltx` (the transactions on the replica, with their times) off Swift's
/// cooperative pool, at most once per `cacheDuration`, and gives up after `timeout`.
public final class LitestreamProbe: Sendable {
  private let executable: String
  private let configPath: String
  private let databasePath: String
  private let cacheDuration: Duration
  private let timeout: Duration
  /// The Litestream process the server runs under (`litestream replicate -exec`), if it does.
  private let parent: (pid: Int32, name: String)?
  private let cached = Mutex<(at: ContinuousClock.Instant, value: Replication)?>(nil)

  /// - Parameters:
  ///   - executable: the litestream program; by default the one the server runs under, else
  ///     the one on PATH.
  ///   - configPath: the Litestream configuration naming this database.
  ///   - databasePath: the database, as the configuration names it.
  public init(
    executable: String? = nil, configPath: String, databasePath: String,
    cacheDuration: Duration = .seconds(10), timeout: Duration = .seconds(10)
  ) {
    self.configPath = configPath
    self.databasePath = databasePath
    self.cacheDuration = cacheDuration
    self.timeout = timeout
    let parentPID = getppid()
    let name = (try? String(contentsOfFile: "/proc/\(parentPID)/comm", encoding: .utf8))?
      .trimmingCharacters(in: .whitespacesAndNewlines)
    self.parent = name == "litestream" ? (parentPID, "litestream") : nil
    let parentProgram = parent == nil ? nil : try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(parentPID)/exe")
    self.executable = executable ?? parentProgram ?? "litestream"
  }

  /// Whether this process was started by Litestream (`litestream replicate -exec`).
  public var runsUnderLitestream: Bool { parent != nil }

  /// The replica's state, from Litestream itself.
  public func status() async -> Replication {
    let now = ContinuousClock.now
    if let cached = cached.withLock({ $0 }), now - cached.at < cacheDuration { return cached.value }
    let value = await ask()
    cached.withLock { $0 = (now, value) }
    return value
  }

  private func ask() async -> Replication {
    var problem: Replication.Problem?
    if let parent, getppid() != parent.pid {
      problem = .litestreamStopped(process: Int(parent.pid))
    }
    do {
      async let local = run(["status", "-config", configPath, "-json", databasePath])
      async let replica = run(["ltx", "-config", configPath, "-level", "all", "-json", databasePath])
      let progress = try Self.progress(status: try await local, ltx: try await replica)
      return Replication(
        configured: true, lastReplicatedAt: progress.lastReplicatedAt,
        pendingTransactions: progress.pendingTransactions, problem: problem)
    } catch {
      return Replication(configured: true, problem: problem ?? .statusUnknown(cause: "\(error)"))
    }
  }

  /// What Litestream's JSON says: the newest transaction on the replica and its time, and
  /// how many transactions Litestream has read here that the replica does not have yet.
  static func progress(status: Data, ltx: Data) throws -> (lastReplicatedAt: Date?, pendingTransactions: Int) {
    struct DatabaseStatus: Decodable {
      var local_txid: String
    }
    struct File: Decodable {
      var max_txid: String
      var timestamp: Date
    }
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
      let container = try decoder.singleValueContainer()
      let text = try container.decode(String.self)
      guard let date = Date(rfc3339: text) else {
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 time: \(text)")
      }
      return date
    }
    let databases = try decoder.decode([DatabaseStatus].self, from: status)
    guard let local = databases.first.flatMap({ UInt64($0.local_txid, radix: 16) }) else {
      throw ProbeFailure(description: "Litestream's configuration does not name this database")
    }
    let files = try decoder.decode([File].self, from: ltx)
    var newest: (txid: UInt64, at: Date)?
    for file in files {
      guard let txid = UInt64(file.max_txid, radix: 16) else { continue }
      if newest == nil || txid > newest!.txid || (txid == newest!.txid && file.timestamp > newest!.at) {
        newest = (txid, file.timestamp)
      }
    }
    let replicated = newest?.txid ?? 0
    return (newest?.at, local > replicated ? Int(local - replicated) : 0)
  }

  struct ProbeFailure: Error, CustomStringConvertible {
    var description: String
  }

  /// Runs litestream with `arguments` on a dispatch thread and returns what it printed.
  private func run(_ arguments: [String]) async throws -> Data {
    let executable = executable
    let timeout = timeout
    return try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        do {
          guard let program = Self.resolve(executable) else {
            throw ProbeFailure(description: "the litestream program is not on this server's PATH")
          }
          let process = Process()
          process.executableURL = URL(fileURLWithPath: program)
          process.arguments = arguments
          let output = Pipe()
          let errors = Pipe()
          process.standardOutput = output
          process.standardError = errors
          process.standardInput = FileHandle.nullDevice
          try process.run()
          let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
          DispatchQueue.global().asyncAfter(
            deadline: .now() + .milliseconds(Int(timeout / .milliseconds(1))), execute: timer)
          // Litestream writes little to stderr; read it on another thread so neither pipe fills.
          let errorText = Mutex(Data())
          let drained = DispatchSemaphore(value: 0)
          DispatchQueue.global().async {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            errorText.withLock { $0 = data }
            drained.signal()
          }
          let data = output.fileHandleForReading.readDataToEndOfFile()
          process.waitUntilExit()
          drained.wait()
          timer.cancel()
          guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let message = String(decoding: errorText.withLock { $0 }, as: UTF8.self)
              .trimmingCharacters(in: .whitespacesAndNewlines)
            throw ProbeFailure(
              description: "`litestream \(arguments[0])` failed"
                + (message.isEmpty ? " (exit \(process.terminationStatus))" : ": \(message)"))
          }
          continuation.resume(returning: data)
        } catch {
          continuation.resume(throwing: error)
        }
      }
    }
  }

  /// `name` found on PATH (or as given, when it is a path), if it is a program there.
  private static func resolve(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    let candidates = name.contains("/") ? [name] : path.split(separator: ":").map { "\($0)/\(name)" }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }
}
