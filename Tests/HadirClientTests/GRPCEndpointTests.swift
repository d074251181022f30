import Foundation
import Testing

/// hadird --grpc-listen, checked by a client that is not ours: Python's grpcio with stubs
/// generated from proto/ (clients/python/grpc_check.py), as any team with gRPC tooling
/// would call Hadir.
@Suite("The standard gRPC endpoint", .timeLimit(.minutes(3)))
struct GRPCEndpointTests {
  static let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("clients/python/grpc_check.py")

  func python(_ arguments: [String]) throws -> CommandResult {
    let process = Process()
    // Debian's Python, where python3-grpcio and python3-grpc-tools are installed.
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = [Self.checker.path] + arguments
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: err, as: UTF8.self))
  }

  @Test("a stock Python gRPC client: calls, bearer tokens, errors with their reason, a server stream")
  func plaintext() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory, extraArguments: ["--grpc-listen", "127.0.0.1:0"])
    let address = try #require(server.grpcAddress, "\(server.log)")
    let result = try python(["--address", address, "--token", try server.adminToken])
    #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
    #expect(result.stdout.contains("all checks passed"))
    #expect(server.terminate() == 0)
  }

  @Test("a gRPC address that is taken, or is a name, is refused at start with what to do")
  func refusedAddresses() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let first = try ServerProcess(directory: directory, extraArguments: ["--grpc-listen", "127.0.0.1:0"])
    let taken = try #require(first.grpcAddress)
    let other = directory.appendingPathComponent("other.sqlite").path
    let inUse = try run("hadird", ["--listen", "127.0.0.1:0", "--database", other, "--grpc-listen", taken])
    #expect(inUse.status == 3)
    #expect(inUse.stderr.contains("Cannot serve gRPC on \(taken)") && inUse.stderr.contains("--grpc-listen"), "\(inUse.stderr)")
    let named = try run("hadird", ["--listen", "127.0.0.1:0", "--database", other, "--grpc-listen", "venue-laptop:7401"])
    #expect(named.status == 64)
    #expect(named.stderr.contains("--grpc-listen takes an IP address"), "\(named.stderr)")
    #expect(first.terminate() == 0)
  }

  @Test("the gRPC endpoint uses the server's TLS certificate")
  func overTLS() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let authority = try TestCertificateAuthority(in: directory)
    let server = try ServerProcess(
      directory: directory,
      extraArguments: [
        "--grpc-listen", "127.0.0.1:0", "--tls-cert", authority.serverCertificateFile.path, "--tls-key",
        authority.serverKeyFile.path,
      ])
    let address = try #require(server.grpcAddress, "\(server.log)")
    let result = try python(["--address", address, "--token", try server.adminToken, "--root-cert", authority.certificateFile.path])
    #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
    #expect(result.stdout.contains("all checks passed"))
    #expect(server.terminate() == 0)
  }
}
