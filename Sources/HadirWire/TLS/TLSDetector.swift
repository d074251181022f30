import Logging
import NIOCore

/// The first handler of an accepted TCP connection. It looks at the first byte the client
/// sends, since a TLS handshake always starts with 0x16 while a Hadir frame starts with the
/// top byte of its length, which is far below that for any frame a server accepts.
///
/// On a TLS listener, a client speaking plain frames is sent one plain GoAway
/// (TLS_REQUIRED) that its program can explain, instead of a failed handshake. On a plain
/// listener, a client starting TLS is disconnected at once, instead of being answered
/// with a GoAway about a 369 MB frame; its TLS library then reports that the server does
/// not speak TLS.
final class TLSDetector: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer
  typealias OutboundOut = ByteBuffer

  /// The record type that starts every TLS handshake.
  static let handshakeRecord: UInt8 = 0x16

  private let expectsTLS: Bool
  private let logger: Logger
  private var refused = false

  init(expectsTLS: Bool, logger: Logger) {
    self.expectsTLS = expectsTLS
    self.logger = logger
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard !refused else { return }
    let buffer = Self.unwrapInboundIn(data)
    guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return }
    let clientStartsTLS = first == Self.handshakeRecord
    if clientStartsTLS == expectsTLS {
      context.fireChannelRead(data)
      context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
      return
    }
    refused = true
    let peer = context.remoteAddress.map { "\($0)" } ?? "unknown"
    if expectsTLS {
      logger.info("a client sent plain frames to a TLS listener; told it to use TLS", metadata: ["peer": "\(peer)"])
      var goAway = Hadir_V1_GoAway()
      goAway.code = .tlsRequired
      goAway.message = "This Hadir server takes TLS connections only. Connect with TLS (hadir --tls-pin sha256:…, with the fingerprint hadird prints)."
      guard let frame = try? Hadir_V1_Frame(streamID: 0, body: .goAway(goAway)).encoded(allocator: context.channel.allocator) else {
        context.close(promise: nil)
        return
      }
      context.writeAndFlush(Self.wrapOutboundOut(frame)).whenComplete { _ in context.close(promise: nil) }
    } else {
      logger.info("a client started TLS on a plain listener; disconnected it", metadata: ["peer": "\(peer)"])
      context.close(promise: nil)
    }
  }
}
