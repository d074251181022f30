import Foundation
import GRPCCore
import Testing

@testable import HadirWire

/// TLS on the framed protocol, over real loopback sockets: a desk trusts one certificate by
/// its fingerprint, is told plainly when anything is wrong, and never hangs on a port that
/// speaks the other way.
@Suite("TLS", .timeLimit(.minutes(1)))
struct TLSTests {
  /// A folder with a self-signed certificate valid over `validity` and its key.
  struct CertificateFolder {
    let directory: URL
    var certificate: String { directory.appendingPathComponent("cert.pem").path }
    var key: String { directory.appendingPathComponent("key.pem").path }

    init(validity: ClosedRange<Date> = Date().addingTimeInterval(-3600)...Date().addingTimeInterval(86_400)) throws {
      directory = FileManager.default.temporaryDirectory.appendingPathComponent("hadir-tls-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try SelfSignedCertificate.write(
        certificateFile: certificate, keyFile: key, hostNames: ["venue-laptop"], ipAddresses: [],
        notValidBefore: validity.lowerBound, notValidAfter: validity.upperBound)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
  }

  @Test("fingerprints are read as hadird prints them and as openssl does, and refused otherwise")
  func fingerprintParsing() throws {
    let hex = String(repeating: "0a", count: 32)
    let printed = try CertificateFingerprint(parsing: "sha256:\(hex)")
    #expect(printed.description == "sha256:\(hex)")
    #expect(try CertificateFingerprint(parsing: hex) == printed)
    let openssl = stride(from: 0, to: 64, by: 2).map { i in hex.dropFirst(i).prefix(2).uppercased() }.joined(separator: ":")
    #expect(try CertificateFingerprint(parsing: "SHA256:\(openssl)") == printed)
    for bad in ["", "sha256:", "sha256:\(hex.dropLast())", "sha256:\(hex)00", "sha1:\(hex)", "sha256:" + String(repeating: "zz", count: 32)] {
      #expect(throws: CertificateFingerprintError.self, "\(bad)") { try CertificateFingerprint(parsing: bad) }
    }
  }

  @Test("the fingerprint is the SHA-256 of the certificate, as openssl computes it")
  func fingerprintMatchesOpenSSL() throws {
    let folder = try CertificateFolder()
    defer { folder.remove() }
    let tls = try ServerTLS(certificateFile: folder.certificate, keyFile: folder.key)
    let openssl = Process()
    openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    openssl.arguments = ["x509", "-in", folder.certificate, "-noout", "-fingerprint", "-sha256"]
    let output = Pipe()
    openssl.standardOutput = output
    try openssl.run()
    openssl.waitUntilExit()
    let line = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let printed = try #require(line.split(separator: "=").last)
    #expect(try CertificateFingerprint(parsing: String(printed)) == tls.fingerprint)
  }

  @Test("a client that pins the server's certificate calls it over TLS")
  func pinned() async throws {
    let folder = try CertificateFolder()
    defer { folder.remove() }
    let tls = try ServerTLS(certificateFile: folder.certificate, keyFile: folder.key)
    try await withEchoServer(tls: tls) { address, _ in
      try await withEchoClient(address, tls: ClientTLS(trust: .pinned(tls.fingerprint))) { client async throws in
        #expect(try await client.echo(EchoService.get, "selamat pagi") == "selamat pagi")
        // Calls after the first share the connection.
        #expect(try await client.echo(EchoService.get, "lagi") == "lagi")
      }
    }
  }

  @Test("a pin that does not match is refused, naming both fingerprints; the server serves others")
  func pinMismatch() async throws {
    let folder = try CertificateFolder()
    defer { folder.remove() }
    let tls = try ServerTLS(certificateFile: folder.certificate, keyFile: folder.key)
    let wrong = try CertificateFingerprint(parsing: "sha256:" + String(repeating: "ab", count: 32))
    try await withEchoServer(tls: tls) { address, _ in
      let got = await withEchoClientFailure(address, tls: ClientTLS(trust: .pinned(wrong)))
      #expect(got?.kind == "tls-pin-mismatch")
      #expect(got?.metadata[stringValues: "hadir-tls-expected"].first(where: { _ in true }) == "\(wrong)")
      #expect(got?.metadata[stringValues: "hadir-tls-presented"].first(where: { _ in true }) == "\(tls.fingerprint)")
      #expect(got?.message.contains("\(tls.fingerprint)") == true)
      try await withEchoClient(address, tls: ClientTLS(trust: .pinned(tls.fingerprint))) { client async throws in
        #expect(try await client.echo(EchoService.get, "still serving") == "still serving")
      }
    }
  }

  @Test("an expired certificate is refused by a client that pins it, with the day it expired")
  func expiredPinned() async throws {
    let expiredOn = Date().addingTimeInterval(-2 * 86_400)
    let folder = try CertificateFolder(validity: expiredOn.addingTimeInterval(-86_400)...expiredOn)
    defer { folder.remove() }
    // hadird refuses to start with it; a server that still had it would be refused by desks.
    #expect(throws: TLSSetupError.self) { try ServerTLS(certificateFile: folder.certificate, keyFile: folder.key) }
    let tls = try ServerTLS(certificateFile: folder.certificate, keyFile: folder.key, now: .distantPast)
    try await withEchoServer(tls: tls) { address, _ in
      let got = await withEchoClientFailure(address, tls: ClientTLS(trust: .pinned(tls.fingerprint)))
      #expect(got?.kind == "tls-certificate-expired")
      #expect(
        got?.metadata[stringValues: "hadir-tls-expired-on"].first(where: { _ in true })
          == expiredOn.formatted(.iso8601.year().month().day()))
    }
  }

  @Test("a self-signed certificate is not trusted through the system's authorities")
  func untrustedBySystemRoots() async throws {
    let folder = try CertificateFolder()
    defer { folder.remove() }
    let tls = try ServerTLS(certificateFile: folder.certificate, keyFile: folder.key)
    try await withEchoServer(tls: tls) { address, _ in
      let got = await withEchoClientFailure(address, tls: ClientTLS(trust: .systemRoots))
      #expect(got?.kind == "tls-untrusted")
    }
  }

  @Test("a plain client at a TLS port is told to use TLS, in one plain GoAway")
  func plainClientAtTLSPort() async throws {
    let folder = try CertificateFolder()
    defer { folder.remove() }
    let tls = try ServerTLS(certificateFile: folder.certificate, keyFile: folder.key)
    try await withEchoServer(tls: tls) { address, _ in
      let got = await withEchoClientFailure(address, tls: nil)
      #expect(got?.kind == "tls-required")
      let frames = try await RawConnection.open(address).exchange([try bytes(clientHello())])
      #expect(frames.count == 1)
      guard case .goAway(let goAway) = frames.first?.body else {
        Issue.record("expected one GoAway, got \(frames)")
        return
      }
      #expect(goAway.code == .tlsRequired)
    }
  }

  @Test("a TLS client at a plain port is told the server does not speak TLS, without waiting")
  func tlsClientAtPlainPort() async throws {
    try await withEchoServer { address, _ in
      let pin = try CertificateFingerprint(parsing: "sha256:" + String(repeating: "ab", count: 32))
      let started = ContinuousClock.now
      let got = await withEchoClientFailure(address, tls: ClientTLS(trust: .pinned(pin)))
      #expect(got?.kind == "tls-not-offered")
      #expect(ContinuousClock.now - started < .seconds(5))
      try await withEchoClient(address) { client async throws in
        #expect(try await client.echo(EchoService.get, "plain still works") == "plain still works")
      }
    }
  }

  @Test("a Unix socket stays plain, even with TLS configured on both sides")
  func unixSocketStaysPlain() async throws {
    let folder = try CertificateFolder()
    defer { folder.remove() }
    let tls = try ServerTLS(certificateFile: folder.certificate, keyFile: folder.key)
    let socket = folder.directory.appendingPathComponent("hadird.sock").path
    try await withEchoServer(addresses: [.unix(path: socket)], tls: tls) { address, _ in
      try await withEchoClient(address, tls: ClientTLS(trust: .pinned(tls.fingerprint))) { client async throws in
        #expect(try await client.echo(EchoService.get, "lokal") == "lokal")
      }
    }
  }

  @Test("--tls auto makes a certificate once (key 0600), keeps it, and makes a new one when it expires")
  func automaticCertificate() throws {
    let folder = try CertificateFolder()
    defer { folder.remove() }
    let certificate = folder.directory.appendingPathComponent("hadir.sqlite-tls-cert.pem").path
    let key = folder.directory.appendingPathComponent("hadir.sqlite-tls-key.pem").path
    let (first, created) = try ServerTLS.automatic(
      certificateFile: certificate, keyFile: key, hostNames: ["venue-laptop"], ipAddresses: ["192.168.1.20"])
    #expect(created)
    let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? NSNumber
    #expect(mode?.intValue == 0o600)
    let (again, createdAgain) = try ServerTLS.automatic(
      certificateFile: certificate, keyFile: key, hostNames: ["venue-laptop"], ipAddresses: [])
    #expect(!createdAgain)
    #expect(again.fingerprint == first.fingerprint)
    // Five years on, the certificate is about to expire: a new one replaces it.
    let later = first.notValidAfter.addingTimeInterval(-86_400)
    let (renewed, createdRenewed) = try ServerTLS.automatic(
      certificateFile: certificate, keyFile: key, hostNames: ["venue-laptop"], ipAddresses: [], now: later)
    #expect(createdRenewed)
    #expect(renewed.fingerprint != first.fingerprint)
    #expect(renewed.notValidAfter > later.addingTimeInterval(365 * 86_400))
    // Half a pair is never overwritten.
    try FileManager.default.removeItem(atPath: key)
    #expect(throws: TLSSetupError.self) {
      try ServerTLS.automatic(certificateFile: certificate, keyFile: key, hostNames: [], ipAddresses: [])
    }
  }

  @Test("a key that belongs to another certificate, or a file that is not PEM, is refused with the file named")
  func mismatchedFiles() throws {
    let one = try CertificateFolder()
    let other = try CertificateFolder()
    defer {
      one.remove()
      other.remove()
    }
    #expect {
      try ServerTLS(certificateFile: one.certificate, keyFile: other.key)
    } throws: { error in
      "\(error)".contains(other.key) && "\(error)".contains("does not belong")
    }
    try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: other.certificate))
    #expect {
      try ServerTLS(certificateFile: other.certificate, keyFile: other.key)
    } throws: { error in
      "\(error)".contains(other.certificate) && "\(error)".contains("PEM")
    }
    #expect {
      try ServerTLS(certificateFile: one.directory.appendingPathComponent("missing.pem").path, keyFile: one.key)
    } throws: { error in
      "\(error)".contains("no such file")
    }
  }
}

/// The transport failure of one call from a new client, or nil if the call succeeded.
func withEchoClientFailure(_ address: WireAddress, tls: ClientTLS?) async -> (kind: String, metadata: Metadata, message: String)? {
  do {
    try await withEchoClient(address, tls: tls) { client async throws in
      _ = try await client.echo(EchoService.get, "hello")
    }
    return nil
  } catch let error as RPCError {
    let kind = error.metadata[stringValues: "hadir-transport-failure"].first(where: { _ in true }) ?? "none: \(error)"
    return (kind, error.metadata, error.message)
  } catch {
    return ("unexpected \(error)", [:], "\(error)")
  }
}
