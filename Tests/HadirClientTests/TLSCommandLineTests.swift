import Foundation
import Testing
import X509

/// TLS as an operator and a desk use it: hadird --tls auto prints the fingerprint to hand to
/// the desks, hadir pins it; an organization's own CA works too; and every mistake is
/// said plainly, in the desk's language.
@Suite("TLS from the command line", .timeLimit(.minutes(2)))
struct TLSCommandLineTests {
  @Test("--tls auto: the fingerprint is printed, a pinned desk works, a plain one is told to use TLS")
  func automatic() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory, extraArguments: ["--tls", "auto"])
    let fingerprint = try #require(
      server.output.split(separator: "\n").first { $0.hasPrefix("TLS fingerprint: ") }?.split(separator: " ").last)
    #expect(server.log.contains("fingerprint \(fingerprint)"))
    let token = try server.adminToken
    let keyMode = try FileManager.default.attributesOfItem(
      atPath: directory.appendingPathComponent("hadir.sqlite-tls-key.pem").path)[.posixPermissions] as? NSNumber
    #expect(keyMode?.intValue == 0o600)

    let pinned = try run("hadir", ["--server", server.address, "--tls-pin", String(fingerprint), "status", "--token", token])
    #expect(pinned.status == 0, "\(pinned.stderr)")
    #expect(pinned.stdout.contains("hadird"))
    // The same pin from the environment, as a desk laptop would keep it.
    let fromEnvironment = try run(
      "hadir", ["event", "list", "--server", server.address, "--token", token],
      environment: ["HADIR_TLS_PIN": String(fingerprint)])
    #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")

    let plain = try run("hadir", ["status", "--server", server.address, "--token", token, "--lang", "id"])
    #expect(plain.status == 3)
    #expect(plain.stderr.contains("hanya menerima sambungan TLS"), "\(plain.stderr)")

    let wrongPin = "sha256:" + String(repeating: "ab", count: 32)
    let mismatch = try run("hadir", ["status", "--server", server.address, "--tls-pin", wrongPin, "--lang", "en"])
    #expect(mismatch.status == 3)
    #expect(mismatch.stderr.contains(String(fingerprint)) && mismatch.stderr.contains(wrongPin), "\(mismatch.stderr)")

    let badPin = try run("hadir", ["status", "--server", server.address, "--tls-pin", "sha256:1234", "--lang", "id"])
    #expect(badPin.status == 2)
    #expect(badPin.stderr.contains("64 digit heksadesimal"), "\(badPin.stderr)")
    #expect(server.terminate() == 0)

    // A restart keeps the certificate: the desks' pin still holds.
    let restarted = try ServerProcess(directory: directory, extraArguments: ["--tls", "auto"])
    #expect(restarted.output.contains("TLS fingerprint: \(fingerprint)"))
    #expect(restarted.terminate() == 0)
  }

  @Test("an organization's own certificate: hadird --tls-cert/--tls-key, hadir --tls-ca; the system's CAs refuse it")
  func ownAuthority() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let authority = try TestCertificateAuthority(in: directory)
    let server = try ServerProcess(
      directory: directory,
      extraArguments: ["--tls-cert", authority.serverCertificateFile.path, "--tls-key", authority.serverKeyFile.path])
    let token = try server.adminToken
    let trusted = try run(
      "hadir", ["status", "--server", server.address, "--tls-ca", authority.certificateFile.path, "--token", token])
    #expect(trusted.status == 0, "\(trusted.stderr)")
    let system = try run("hadir", ["status", "--server", server.address, "--tls", "--lang", "en"])
    #expect(system.status == 3)
    #expect(system.stderr.contains("does not trust"), "\(system.stderr)")
    let missing = try run("hadir", ["status", "--server", server.address, "--tls-ca", "/nonexistent/ca.pem", "--lang", "en"])
    #expect(missing.status == 3)
    #expect(
      missing.stderr.contains("Cannot use the trusted authority /nonexistent/ca.pem") && missing.stderr.contains("no such file"),
      "\(missing.stderr)")
    #expect(server.terminate() == 0)
  }

  @Test("a certificate signed by the trusted CA but made for another name is refused as untrusted, not as plain")
  func anotherName() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let authority = try TestCertificateAuthority(in: directory, serverNames: [.dnsName("pendaftaran.example")])
    let server = try ServerProcess(
      directory: directory,
      extraArguments: ["--tls-cert", authority.serverCertificateFile.path, "--tls-key", authority.serverKeyFile.path])
    let refused = try run(
      "hadir", ["status", "--server", server.address, "--tls-ca", authority.certificateFile.path, "--lang", "id"])
    #expect(refused.status == 3)
    #expect(refused.stderr.contains("tidak dipercaya komputer ini"), "\(refused.stderr)")
    #expect(server.terminate() == 0)
  }

  @Test("hadird refuses a certificate without its key, or one it cannot read, saying which file")
  func refusedAtStart() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("hadir.sqlite").path
    let alone = try run("hadird", ["--listen", "127.0.0.1:0", "--database", database, "--tls-cert", "cert.pem"])
    #expect(alone.status == 64)
    #expect(alone.stderr.contains("--tls-cert and --tls-key together"), "\(alone.stderr)")
    let missing = try run(
      "hadird",
      ["--listen", "127.0.0.1:0", "--database", database, "--tls-cert", "/nonexistent/cert.pem", "--tls-key", "/nonexistent/key.pem"])
    #expect(missing.status == 3)
    #expect(missing.stderr.contains("/nonexistent/cert.pem: no such file"), "\(missing.stderr)")
  }

  @Test("the desk is told that a server does not speak TLS, in Indonesian, without waiting")
  func tlsClientAtPlainServer() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try ServerProcess(directory: directory)
    let started = Date()
    let result = try run(
      "hadir", ["status", "--server", server.address, "--tls-pin", "sha256:" + String(repeating: "cd", count: 32)],
      environment: ["HADIR_LANG": "id"])
    #expect(result.status == 3)
    #expect(result.stderr.contains("tidak menjawab dengan TLS"), "\(result.stderr)")
    #expect(Date().timeIntervalSince(started) < 10)
    #expect(server.terminate() == 0)
  }
}
