import ArgumentParser
import Foundation

/// The `hadird` built next to this program, run as its own process on a database in
/// `directory`, for benchmarks that measure the server as a process (its memory, as an
/// operator sees it). Stopped when `stop()` is called.
final class BuiltServer {
  let process = Process()
  let log: URL
  /// Where it listens, as `host:port`.
  private(set) var address = ""
  /// The first administrator token it wrote.
  private(set) var token = ""

  /// - Parameter executable: the `hadird` to run; nil for the one built next to this program.
  init(in directory: URL, arguments: [String], executable: URL? = nil) throws {
    let bin = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    process.executableURL = executable ?? bin.appendingPathComponent("hadird")
    process.arguments =
      ["--listen", "127.0.0.1:0", "--database", directory.appendingPathComponent("hadir.sqlite").path] + arguments
    log = directory.appendingPathComponent("hadird.log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    process.standardError = try FileHandle(forWritingTo: log)
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    address = try logged(after: "listening on ")
    token = try String(contentsOf: directory.appendingPathComponent("hadir.sqlite.admin-token"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The word the log has after `marker` (an address, a URL), waiting up to 20 s for it.
  func logged(after marker: String) throws -> String {
    for _ in 0..<400 {
      let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
      if let range = text.range(of: marker) {
        return String(text[range.upperBound...].prefix { !$0.isWhitespace && $0 != "," })
      }
      guard process.isRunning else { break }
      Thread.sleep(forTimeInterval: 0.05)
    }
    throw ValidationError("hadird did not log \"\(marker)\":\n\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
  }

  func stop() {
    process.terminate()
    process.waitUntilExit()
  }
}

/// A process's memory as the kernel reports it in `/proc/PID/status`.
enum ProcessMemory {
  /// The value of `field` ("VmRSS", "VmHWM", "RssAnon", "RssFile"), in KiB; 0 when unknown.
  static func kibibytes(_ field: String, of pid: Int32) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") })
    else { return 0 }
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
  }
}
