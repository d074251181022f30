import Foundation
import GRPCCore
import NIOCore
import Synchronization
import NIOPosix
import Testing

@testable import HadirWire

/// Runs an echo server on a loopback port chosen by the system and hands its address to `body`.
func withEchoServer<T: Sendable>(
  configuration: WireConfiguration = WireConfiguration(agent: "test-server"),
  addresses: [WireAddress] = [.tcp(host: "127.0.0.1", port: 0)],
  tls: ServerTLS? = nil,
  probe: Probe = Probe(),
  _ body: (_ address: WireAddress, _ transport: FramedServerTransport) async throws -> T
) async throws -> T {
  let transport = FramedServerTransport(addresses: addresses, tls: tls, configuration: configuration)
  return try await withGRPCServer(transport: transport, services: [EchoService(probe: probe)]) { _ in
    let address = try await transport.listeningAddresses()[0]
    return try await body(address, transport)
  }
}

/// Runs a client connected to `address`.
func withEchoClient<T: Sendable>(
  _ address: WireAddress,
  tls: ClientTLS? = nil,
  _ body: (GRPCClient<FramedClientTransport>) async throws -> T
) async throws -> T {
  try await withGRPCClient(transport: FramedClientTransport(address: address, tls: tls)) { client async throws in
    try await body(client)
  }
}

extension GRPCClient {
  /// A unary call to one of the echo methods, with text in and out.
  func echo(
    _ method: MethodDescriptor, _ text: String, metadata: Metadata = [:], timeout: Duration? = nil
  ) async throws -> String {
    var options = CallOptions.defaults
    options.timeout = timeout
    return try await self.unary(
      request: ClientRequest(message: Array(text.utf8), metadata: metadata),
      descriptor: method, serializer: BytesCoder(), deserializer: BytesCoder(), options: options
    ) { response in
      String(decoding: try response.message, as: UTF8.self)
    }
  }
}

/// A client that writes raw bytes, for feeding a server what no well-behaved client would.
struct RawConnection {
  let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

  static func open(_ address: WireAddress) async throws -> RawConnection {
    guard case .tcp(let host, let port) = address else { fatalError("raw tests use TCP") }
    let channel = try await ClientBootstrap(group: .singletonMultiThreadedEventLoopGroup)
      .connect(host: host, port: port) { channel in
        channel.eventLoop.makeCompletedFuture {
          try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
      }
    return RawConnection(channel: channel)
  }

  /// Sends the chunks in order, then collects every frame the server sends until it closes
  /// the connection (or `limit` passes). Before each chunk after the first, waits
  /// `pauseBetween`, and until `readyForNext` holds for the frames received so far, so
  /// that a busy machine cannot reorder what the test means to happen.
  func exchange(
    _ chunks: [[UInt8]], pauseBetween: Duration = .zero, limit: Duration = .seconds(10),
    readyForNext: @escaping @Sendable ([Hadir_V1_Frame]) -> Bool = { _ in true }
  ) async throws -> [Hadir_V1_Frame] {
    let received = FrameLog()
    return try await self.channel.executeThenClose { inbound, outbound in
      try await withThrowingTaskGroup(of: [Hadir_V1_Frame].self) { group in
        group.addTask {
          let processor = NIOSingleStepByteToMessageProcessor(FrameDecoder(maxFrameSize: 1 << 24))
          for try await buffer in inbound {
            try processor.process(buffer: buffer) { payload in
              received.append(try Hadir_V1_Frame(payload: payload))
            }
          }
          return received.frames
        }
        group.addTask {
          try await Task.sleep(for: limit)
          throw TimeoutError()
        }
        for (index, chunk) in chunks.enumerated() {
          if index > 0 {
            if pauseBetween > .zero { try await Task.sleep(for: pauseBetween) }
            let deadline = ContinuousClock.now + limit
            while !readyForNext(received.frames) && ContinuousClock.now < deadline {
              try await Task.sleep(for: .milliseconds(5))
            }
          }
          try await outbound.write(ByteBuffer(bytes: chunk))
        }
        let frames = try await group.next()!
        group.cancelAll()
        return frames
      }
    }
  }
}

/// Frames received so far, shared between the reading task and the sender.
final class FrameLog: Sendable {
  private let storage = Mutex<[Hadir_V1_Frame]>([])

  func append(_ frame: Hadir_V1_Frame) { storage.withLock { $0.append(frame) } }
  var frames: [Hadir_V1_Frame] { storage.withLock { $0 } }
}

struct TimeoutError: Error {}

func bytes(_ frame: Hadir_V1_Frame) throws -> [UInt8] {
  Array(try frame.encoded().readableBytesView)
}

func clientHello(version: UInt32 = WireConfiguration.protocolVersion) -> Hadir_V1_Frame {
  var hello = Hadir_V1_Hello()
  hello.protocolVersion = version
  hello.agent = "raw-test"
  return Hadir_V1_Frame(streamID: 0, body: .hello(hello))
}

func requestHead(_ streamID: UInt32, _ method: MethodDescriptor) -> Hadir_V1_Frame {
  var head = Hadir_V1_RequestHead()
  head.method = method.path
  return Hadir_V1_Frame(streamID: streamID, body: .requestHead(head))
}

func message(_ streamID: UInt32, _ text: String) -> Hadir_V1_Frame {
  var message = Hadir_V1_Message()
  message.data = Data(text.utf8)
  return Hadir_V1_Frame(streamID: streamID, body: .message(message))
}

func halfClose(_ streamID: UInt32) -> Hadir_V1_Frame {
  Hadir_V1_Frame(streamID: streamID, body: .halfClose(Hadir_V1_HalfClose()))
}

extension Array where Element == Hadir_V1_Frame {
  var goAway: Hadir_V1_GoAway? {
    for frame in self { if case .goAway(let goAway) = frame.body { return goAway } }
    return nil
  }
}
