import GRPCCore
import HadirCore
import Testing

@testable import HadirClient

/// What a person reads when the transport, not the server, ended a call.
@Suite("Transport failures in the client's words")
struct TransportFailureTextTests {
  @Test("a call stopped for answers left unread is UNAVAILABLE, said in the caller's language, so a screen watches again")
  func answersNotRead() {
    let error = RPCError(
      code: .unavailable, message: "More than 1000 answers of this call were waiting to be read, so it was stopped. Try again.",
      metadata: ["hadir-transport-failure": "answers-not-read", "hadir-address": "127.0.0.1:7400", "hadir-count": "1000"])
    let indonesian = HadirClientError(error, language: .indonesian)
    #expect(indonesian.kind == .unavailable)
    #expect(indonesian.reason == Notice(.answersNotRead, [.address: "127.0.0.1:7400", .count: "1000"]))
    #expect(
      indonesian.message
        == "Lebih dari 1000 jawaban dari server Hadir di 127.0.0.1:7400 belum dibaca, jadi panggilan ini dihentikan. Coba lagi.")
    #expect(
      HadirClientError(error, language: .english).message
        == "More than 1000 answers from the Hadir server at 127.0.0.1:7400 were waiting to be read, so the call was stopped. Try again.")
  }
}
