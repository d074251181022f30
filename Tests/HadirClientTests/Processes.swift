import Foundation

/// The package's built executables, next to the test bundle.
enum Executables {
  static var directory: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  }

  static func url(_ name: String) throws -> URL {
    let url = directory.appendingPathComponent(name)
    guard FileManager.default.isExecutableFile(atPath: url.path) else {
      throw Missing(description: "\(url.path) is not built; run `swift build` before the tests (scripts/test.sh does).")
    }
    return url
  }

  struct Missing: Error, CustomStringConvertible {
    var description: String
  }
}

/// What a finished command printed, and how it exited.
struct CommandResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs an executable of the package (or, given an absolute path, of the system) to completion.
func run(_ name: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> CommandResult {
  let process = Process()
  process.executableURL = name.hasPrefix("/") ? URL(fileURLWithPath: name) : try Executables.url(name)
  process.arguments = arguments
  var env = ProcessInfo.processInfo.environment
  env["HADIR_TOKEN"] = nil
  env["HADIR_SERVER"] = nil
  // Most tests read the English output; the Indonesian one (the default) has its own.
  env["HADIR_LANG"] = "en"
  for (key, value) in environment { env[key] = value }
  process.environment = env
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  if let input {
    let pipe = Pipe()
    process.standardInput = pipe
    pipe.fileHandleForWriting.write(Data(input.utf8))
    try pipe.fileHandleForWriting.close()
  }
  try process.run()
  let stdout = out.fileHandleForReading.readDataToEndOfFile()
  let stderr = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return CommandResult(
    status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
    stderr: String(decoding: stderr, as: UTF8.self))
}

/// A `hadird` process in a temporary working directory, on a free loopback port.
final class ServerProcess {
  let directory: URL
  let process = Process()
  private let logFile: URL
  private let outputFile: URL
  private(set) var address = ""

  init(directory: URL, extraArguments: [String] = []) throws {
    self.directory = directory
    let name = "hadird-\(UUID().uuidString.prefix(6))"
    self.logFile = directory.appendingPathComponent("\(name).log")
    self.outputFile = directory.appendingPathComponent("\(name).out")
    _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
    _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
    process.executableURL = try Executables.url("hadird")
    process.arguments = ["--listen", "127.0.0.1:0"] + extraArguments
    process.currentDirectoryURL = directory
    process.standardError = try FileHandle(forWritingTo: logFile)
    process.standardOutput = try FileHandle(forWritingTo: outputFile)
    try process.run()
    address = try waitForAddress()
  }

  var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

  /// The first administrator token the server wrote next to its database.
  var adminToken: String {
    get throws {
      try String(contentsOf: directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }
  /// What hadird wrote on standard output (such as its TLS fingerprint).
  var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

  /// The first line of the log that contains `text`, waiting up to 10 s for it: what a
  /// server logs once it listens may come after the line ``address`` was read from.
  func logLine(containing text: String) -> Substring? {
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      if let line = log.split(separator: "\n").first(where: { $0.contains(text) }) { return line }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return nil
  }

  /// Where hadird serves standard gRPC, from its log ("standard gRPC (HTTP/2) on HOST:PORT").
  var grpcAddress: String? {
    guard let line = logLine(containing: "standard gRPC (HTTP/2) on "),
      let range = line.range(of: "standard gRPC (HTTP/2) on ")
    else { return nil }
    return String(line[range.upperBound...].split(separator: " ")[0])
  }

  private func waitForAddress() throws -> String {
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline {
      if let line = log.split(separator: "\n").first(where: { $0.contains("listening on ") }),
        let range = line.range(of: "listening on ")
      {
        return String(line[range.upperBound...].split(separator: " ")[0])
      }
      guard process.isRunning else { throw StartFailed(log: log) }
      Thread.sleep(forTimeInterval: 0.05)
    }
    throw StartFailed(log: log)
  }

  /// Sends SIGTERM and waits for the exit status.
  func terminate() -> Int32 {
    process.terminate()
    process.waitUntilExit()
    return process.terminationStatus
  }

  deinit {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
  }

  struct StartFailed: Error, CustomStringConvertible {
    var log: String
    var description: String { "hadird did not start:\n\(log)" }
  }
}

func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-cli-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// A file of the project's examples/ folder: the one copy of the sample lists and agenda,
/// shared by the tests and by people trying Hadir.
func exampleFile(_ name: String) -> URL {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples").appendingPathComponent(name)
}
