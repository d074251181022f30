import Foundation
import GRPCCore
import HadirCore
import HadirProto
import HadirWire

/// A connection to a Hadir server, with typed calls that speak in domain values. Used by
/// the `hadir` CLI, the benchmark and the end-to-end tests.
public struct HadirClient: Sendable {
  private let grpc: GRPCClient<FramedClientTransport>
  private let token: String?
  /// The language the server writes its messages in, and this client its errors.
  public let language: Language
  /// How long each call may take before it fails with a clear message.
  public var callTimeout: Duration

  private init(grpc: GRPCClient<FramedClientTransport>, token: String?, language: Language, callTimeout: Duration) {
    self.grpc = grpc
    self.token = token
    self.language = language
    self.callTimeout = callTimeout
  }

  /// Connects to `server`, runs `body`, then closes the connection.
  ///
  /// - Parameters:
  ///   - tls: how to trust the server over TCP; nil for plain frames (Unix sockets are
  ///     always plain).
  ///   - token: the bearer secret sent with every call; nil for none.
  ///   - language: the language of the messages (sent as `accept-language`). The `hadir`
  ///     CLI passes its user's choice; English for other programs unless they say.
  public static func with<T: Sendable>(
    server: WireAddress,
    tls: ClientTLS? = nil,
    token: String?,
    language: Language = .english,
    callTimeout: Duration = .seconds(15),
    _ body: (HadirClient) async throws -> T
  ) async throws -> T {
    let transport = FramedClientTransport(address: server, tls: tls)
    return try await withGRPCClient(transport: transport) { grpc in
      try await body(HadirClient(grpc: grpc, token: token, language: language, callTimeout: callTimeout))
    }
  }

  var options: CallOptions {
    var options = CallOptions.defaults
    options.timeout = callTimeout
    return options
  }

  var metadata: Metadata {
    var metadata: Metadata = ["accept-language": "\(language.rawValue)"]
    if let token { metadata.addString("Bearer \(token)", forKey: "authorization") }
    return metadata
  }

  /// Runs one call, turning a transport or status error into a ``HadirClientError``.
  func call<Result: Sendable>(_ body: (GRPCClient<FramedClientTransport>) async throws -> Result) async throws -> Result {
    do {
      return try await body(grpc)
    } catch let error as RPCError {
      throw HadirClientError(error, language: language)
    }
  }
}
