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
  /// How long each call may take before it fails with a clear message.
  public var callTimeout: Duration

  private init(grpc: GRPCClient<FramedClientTransport>, token: String?, callTimeout: Duration) {
    self.grpc = grpc
    self.token = token
    self.callTimeout = callTimeout
  }

  /// Connects to `server`, runs `body`, then closes the connection.
  ///
  /// - Parameter token: the bearer secret sent with every call; nil for none.
  public static func with<T: Sendable>(
    server: WireAddress,
    token: String?,
    callTimeout: Duration = .seconds(15),
    _ body: (HadirClient) async throws -> T
  ) async throws -> T {
    let transport = FramedClientTransport(address: server)
    return try await withGRPCClient(transport: transport) { grpc in
      try await body(HadirClient(grpc: grpc, token: token, callTimeout: callTimeout))
    }
  }

  var options: CallOptions {
    var options = CallOptions.defaults
    options.timeout = callTimeout
    return options
  }

  var metadata: Metadata {
    guard let token else { return [:] }
    return ["authorization": "Bearer \(token)"]
  }

  /// Runs one call, turning a transport or status error into a ``HadirClientError``.
  func call<Result: Sendable>(_ body: (GRPCClient<FramedClientTransport>) async throws -> Result) async throws -> Result {
    do {
      return try await body(grpc)
    } catch let error as RPCError {
      throw HadirClientError(error)
    }
  }
}
