import ArgumentParser
import Foundation

/// The server's resident memory at idle, as an operator sees it in `top`: on its first start
/// (a new database) and on the starts after it.
struct IdleMemoryBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "idle-memory",
    abstract: "hadird's resident memory (VmRSS) at idle, on a first start and on later starts.",
    discussion: """
      Starts hadird on a new temporary database, waits --settle seconds after it listens, \
      reads VmRSS, RssAnon and RssFile from /proc, stops it, and does the same --starts more \
      times on the same database. Most of an idle server's memory is its code, mapped from \
      files: how much of it is resident depends on how the files sit in the page cache (a \
      binary just written by the linker maps more than one read from disk). --cold, as root, \
      empties the page cache before each start, as after a reboot: the figure to compare.
      """)

  @Option(help: "The hadird to measure; by default the one built next to this program.")
  var hadird: String?
  @Option(help: "Starts after the first, on the same database.") var starts: Int = 3
  @Option(help: "Seconds to wait after the server listens before reading its memory.") var settle: Double = 4
  @ArgumentParser.Flag(help: "Empty the page cache before each start (needs root).") var cold = false

  func validate() throws {
    if cold && getuid() != 0 {
      throw ValidationError("--cold empties the system's page cache, which only root may do. Run as root, or without --cold.")
    }
  }

  func run() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let executable = hadird.map { URL(fileURLWithPath: $0) }
    print("hadird at idle, \(settle) s after it listens\(cold ? ", page cache emptied before each start" : "")")
    print("machine: \(machineDescription())")
    print("hadird: \(executable?.path ?? "built next to this program")")
    print("start        VmRSS       RssAnon     RssFile")
    var later: [Int] = []
    for start in 0...starts {
      if cold { try Self.emptyPageCache() }
      let server = try BuiltServer(in: directory, arguments: [], executable: executable)
      try await Task.sleep(for: .seconds(settle))
      let pid = server.process.processIdentifier
      let rss = ProcessMemory.kibibytes("VmRSS", of: pid)
      let anonymous = ProcessMemory.kibibytes("RssAnon", of: pid)
      let file = ProcessMemory.kibibytes("RssFile", of: pid)
      server.stop()
      if start > 0 { later.append(rss) }
      print(
        (start == 0 ? "first" : "later \(start)").padding(toLength: 13, withPad: " ", startingAt: 0)
          + Self.megabytes(rss) + Self.megabytes(anonymous) + Self.megabytes(file))
    }
    if let worst = later.max() {
      let mebibytes = Double(worst) / 1024
      print(
        "later starts: at most \(String(format: "%.1f", Double(worst * 1024) / 1e6)) MB = "
          + "\(String(format: "%.1f", mebibytes)) MiB (aim: at most 30 MiB)")
    }
  }

  private static func megabytes(_ kibibytes: Int) -> String {
    (String(format: "%.1f", Double(kibibytes * 1024) / 1e6) + " MB").padding(toLength: 12, withPad: " ", startingAt: 0)
  }

  /// Writes dirty pages out and drops the clean ones from the page cache, as a reboot would.
  private static func emptyPageCache() throws {
    sync()
    guard let handle = FileHandle(forWritingAtPath: "/proc/sys/vm/drop_caches") else {
      throw ValidationError("Cannot open /proc/sys/vm/drop_caches to empty the page cache.")
    }
    defer { try? handle.close() }
    try handle.write(contentsOf: Data("3\n".utf8))
  }
}
