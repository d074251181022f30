import ArgumentParser
#if canImport(CMalloc)
  import CMalloc
#endif
import Foundation
import HadirServer
import HadirStore
import HadirWire
import Logging
import ServiceLifecycle

/// The Hadir server.
@main
struct Hadird: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hadird",
    abstract: "The Hadir workshop registration server.",
    discussion: """
      Every option can also be set in the environment (HADIR_LISTEN, HADIR_SOCKET, HADIR_DATABASE, \
      HADIR_MAX_FRAME_SIZE, HADIR_MAX_IMPORT_SIZE, HADIR_IDLE_TIMEOUT, HADIR_SHUTDOWN_GRACE, HADIR_LITESTREAM_CONFIG, HADIR_METRICS_LISTEN, HADIR_TLS, HADIR_TLS_CERT, HADIR_TLS_KEY, HADIR_GRPC_LISTEN, HADIR_LOG_LEVEL); a flag wins over the environment.
      """,
    subcommands: [Serve.self, AdminToken.self, Backup.self],
    defaultSubcommand: Serve.self)
}

/// Settings both subcommands share.
struct DatabaseOptions: ParsableArguments {
  @Option(name: .long, help: "The SQLite database file; created when missing.")
  var database: String = environment("HADIR_DATABASE") ?? "hadir.sqlite"
}

func environment(_ name: String) -> String? {
  guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
  return value
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Everything the server creates (the database and its WAL, which hold personal data, the
/// lock file, the token file, the Unix socket) is for the server's own account only: 0600
/// from the moment it exists.
func createFilesPrivately() {
  umask(0o077)
}

/// Large buffers (an import's file and its lists, a report) are returned to the system as
/// soon as they are freed. By default glibc raises its threshold for that to the size of
/// the largest buffer freed, so the next ones stay in the heap, scattered among small
/// allocations, and a 100,000-row import left the server 10 MB larger at its peak.
func returnLargeBuffersToTheSystem() {
  #if canImport(CMalloc)
    _ = mallopt(M_MMAP_THRESHOLD, 256 * 1024)
  #endif
}
