import GRPCCore
import GRPCProtobuf
import SwiftProtobuf

extension RPCRouter {
  /// Registers a unary method that takes a protobuf request and answers with what
  /// `serializer` writes of the handler's result.
  mutating func registerUnary<Input: SwiftProtobuf.Message, Output: Sendable>(
    _ method: MethodDescriptor,
    serializer: some MessageSerializer<Output>,
    _ handler: @escaping @Sendable (Input, ServerContext) async throws -> Output
  ) {
    self.registerHandler(forMethod: method, deserializer: ProtobufDeserializer<Input>(), serializer: serializer) {
      request, context in
      let single = try await ServerRequest(stream: request)
      let answer = try await handler(single.message, context)
      return StreamingServerResponse(single: ServerResponse(message: answer, metadata: [:]))
    }
  }
}

/// A protobuf message serialized once and sent as is, for an answer many callers read
/// unchanged.
struct SerializedMessage: Sendable {
  let bytes: [UInt8]

  struct Serializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: SerializedMessage) throws -> Bytes {
      Bytes(message.bytes)
    }
  }
}
