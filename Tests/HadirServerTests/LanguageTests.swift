import Foundation
import GRPCCore
import GRPCProtobuf
import HadirClient
import HadirCore
import HadirProto
import HadirWire
import SwiftProtobuf
import Testing

/// The server's sentences in the caller's language, and its refusals as facts.
@Suite("Languages and reasons over the wire", .timeLimit(.minutes(1)))
struct LanguageTests {
  /// A refused GetEvent, seen raw: the trailer's message and metadata as the server sent them.
  func refusedGetEvent(_ server: TestServer, acceptLanguage: String?) async throws -> RPCError {
    try await withGRPCClient(transport: FramedClientTransport(address: server.address)) { grpc in
      var metadata: Metadata = ["authorization": "Bearer \(server.adminSecret)"]
      if let acceptLanguage { metadata.addString(acceptLanguage, forKey: "accept-language") }
      var request = Hadir_V1_GetEventRequest()
      request.code = "ILP-XYZ-25"
      do {
        _ = try await Hadir_V1_Events.Client(wrapping: grpc).getEvent(request, metadata: metadata)
        Issue.record("an event that does not exist was found")
        return RPCError(code: .unknown, message: "")
      } catch let error as RPCError {
        return error
      }
    }
  }

  @Test("a refusal is written in the language asked, Indonesian when none is, and carries its reason and facts")
  func refusal() async throws {
    try await withTestServer { server in
      let indonesian = try await refusedGetEvent(server, acceptLanguage: nil)
      #expect(indonesian.code == .notFound)
      #expect(indonesian.message == "Tidak ada kegiatan dengan kode ILP-XYZ-25.")
      let english = try await refusedGetEvent(server, acceptLanguage: "en-US,en;q=0.9,id;q=0.8")
      #expect(english.message == "There is no event with code ILP-XYZ-25.")
      let bytes = try #require(english.metadata[binaryValues: "hadir-error-info-bin"].first(where: { _ in true }))
      let info = try Hadir_V1_ErrorInfo(serializedBytes: bytes)
      #expect(info.reason == "EVENT_NOT_FOUND" && info.domain == "hadir" && info.metadata == ["event": "ILP-XYZ-25"])
      #expect(english.metadata[stringValues: "hadir-field"].first(where: { _ in true }) == "event")
    }
  }

  @Test("a call to a method the server lacks is refused by the transport in the caller's language, with its reason")
  func transportRefusal() async throws {
    try await withTestServer { server in
      let method = MethodDescriptor(fullyQualifiedService: "hadir.v1.Desk", method: "Teleport")
      for (language, expected) in [
        ("id", "Server ini tidak punya metode /hadir.v1.Desk/Teleport."), ("en", "This server has no method /hadir.v1.Desk/Teleport."),
      ] {
        let error = try await withGRPCClient(transport: FramedClientTransport(address: server.address)) { grpc in
          do {
            _ = try await grpc.unary(
              request: ClientRequest(message: Hadir_V1_CheckInRequest(), metadata: ["accept-language": "\(language)"]),
              descriptor: method, serializer: ProtobufSerializer(), deserializer: ProtobufDeserializer<Hadir_V1_CheckInResponse>(),
              options: .defaults
            ) { try $0.message }
            Issue.record("a method that does not exist answered")
            return RPCError(code: .unknown, message: "")
          } catch let error as RPCError {
            return error
          }
        }
        #expect(error.code == .unimplemented)
        #expect(error.message.hasPrefix(expected), "\(error.message)")
        let bytes = try #require(error.metadata[binaryValues: "hadir-error-info-bin"].first(where: { _ in true }))
        let info = try Hadir_V1_ErrorInfo(serializedBytes: bytes)
        #expect(info.reason == "NO_SUCH_METHOD" && info.metadata == ["value": "/hadir.v1.Desk/Teleport"])
      }
    }
  }

  @Test("the desk's answer comes in the client's language; the client renders a refusal from its reason")
  func deskAnswer() async throws {
    try await withTestServer { server in
      _ = try await server.client { try await $0.createEvent(banggai) }
      let code = try await server.client {
        try await $0.register(eventCode: "ILP-BANGGAI-25", person: Person(name: "Siti Nurhaliza", organization: "Dinkes")).registration.code
      }
      let answer = try await server.client(language: .indonesian) { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: code) }
      #expect(answer.message == "Siti Nurhaliza (Dinkes) tercatat hadir. Selamat datang!")
      let again = try await server.client(language: .english) { try await $0.checkIn(eventCode: "ILP-BANGGAI-25", code: code) }
      #expect(again.message.hasPrefix("Siti Nurhaliza (Dinkes) was already checked in today at "))
      let refused = await failure {
        _ = try await server.client(language: .indonesian) { try await $0.event(code: "ILP-XYZ-25") }
      }
      #expect(refused?.reason == Notice(.eventNotFound, [.event: "ILP-XYZ-25"]))
      #expect(refused?.message == "Tidak ada kegiatan dengan kode ILP-XYZ-25.")
    }
  }
}
