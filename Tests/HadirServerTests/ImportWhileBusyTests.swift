import Dispatch
import Foundation
import HadirClient
import HadirCore
import Synchronization
import Testing

@testable import HadirStore

/// An import writes as its file is checked, so it waits for the writer; a file that cannot
/// be imported at all must not wait for it.
@Suite("Importing while the writer is busy", .timeLimit(.minutes(1)))
struct ImportWhileBusyTests {
  /// Set once, read from any thread.
  final class Flag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var isSet: Bool { state.withLock { $0 } }
  }

  @Test("a file refused whole is answered at once, while another write holds the writer")
  func refusedWhileTheWriterIsBusy() async throws {
    // On a file, as the server runs: reads (the caller's token) never wait for the writer.
    try await withDatabaseFile { database, _ in
      try await withTestServer(database: database) { server in
        _ = try await server.client { try await $0.createEvent(banggai) }
        // A write that holds the writer until it is let go.
        let started = Flag()
        let gate = DispatchSemaphore(value: 0)
        async let held: Void = server.database.writeAlone { _ in
          started.set()
          gate.wait()
        }
        while !started.isSet { try await Task.sleep(for: .milliseconds(5)) }
        let order = Mutex<[String]>([])
        let letGo = Task {
          try? await Task.sleep(for: .seconds(10))
          order.withLock { $0.append("writer let go") }
          gate.signal()
        }
        let file = Array("Kota,Provinsi\nLuwuk,Sulawesi Tengah\n".utf8)
        let refused = await #expect(throws: HadirClientError.self) {
          try await server.client {
            try await $0.importInvitees(eventCode: "ILP-BANGGAI-25", file: file, options: ImportOptions())
          }
        }
        order.withLock { $0.append("import answered") }
        letGo.cancel()
        await letGo.value
        try await held
        #expect(refused?.field == "columns")
        #expect(order.withLock { $0 } == ["import answered", "writer let go"])
        // The write it queued was dropped, not left behind: the next write goes through.
        let list = Array("Nama\nSiti Nurhaliza\n".utf8)
        let next = try await server.client {
          try await $0.importInvitees(eventCode: "ILP-BANGGAI-25", file: list, options: ImportOptions())
        }
        #expect(next.created == 1)
      }
    }
  }
}
