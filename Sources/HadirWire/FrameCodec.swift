import Foundation
import NIOCore
import SwiftProtobuf

/// The limits every Hadir connection enforces on frames.
public enum FrameLimits {
  /// Default largest frame payload accepted, in bytes: 4 MiB, as in gRPC.
  public static let defaultMaxFrameSize = 4 * 1024 * 1024
  /// Bytes of the big-endian length that precedes every frame.
  static let lengthPrefixSize = 4

  /// The bytes a unary call of `method` puts on the wire each way, with a request message of
  /// `requestBytes` and a response message of `responseBytes`: what a raw round trip must
  /// carry to be compared with the call.
  public static func unaryCallBytes(method: String, requestBytes: Int, responseBytes: Int, timeoutMicros: UInt64)
    throws -> (sent: Int, received: Int)
  {
    var head = Hadir_V1_RequestHead()
    head.method = method
    head.timeoutMicros = timeoutMicros
    var request = Hadir_V1_Message()
    request.data = Data(count: requestBytes)
    var response = Hadir_V1_Message()
    response.data = Data(count: responseBytes)
    let sent = try [
      Hadir_V1_Frame(streamID: 1, body: .requestHead(head)), Hadir_V1_Frame(streamID: 1, body: .message(request)),
      Hadir_V1_Frame(streamID: 1, body: .halfClose(Hadir_V1_HalfClose())),
    ].map { try $0.encoded().readableBytes }.reduce(0, +)
    let received = try [
      Hadir_V1_Frame(streamID: 1, body: .message(response)), Hadir_V1_Frame(streamID: 1, body: .trailer(Hadir_V1_Trailer())),
    ].map { try $0.encoded().readableBytes }.reduce(0, +)
    return (sent, received)
  }
}

/// A frame announced a payload longer than the receiver accepts.
///
/// Raised as soon as the 4-byte length is read, before any of the payload is buffered.
public struct FrameTooLargeError: Error, Hashable, CustomStringConvertible {
  public var length: Int
  public var limit: Int

  public var description: String {
    "A frame of \(length) bytes arrived; the limit is \(limit) bytes."
  }
}

/// The connection ended in the middle of a frame.
public struct TruncatedFrameError: Error, Hashable, CustomStringConvertible {
  public var bufferedBytes: Int

  public var description: String {
    "The connection closed in the middle of a frame (\(bufferedBytes) bytes of it had arrived)."
  }
}

/// Splits a byte stream into frame payloads: a 4-byte big-endian length, then that many bytes.
///
/// Each decoded element is the payload of one frame, still serialized; turning it into a
/// `Frame` is the connection's job, so that a payload that is not a valid `Frame` can be
/// answered as a protocol error rather than a transport failure.
struct FrameDecoder: NIOSingleStepByteToMessageDecoder {
  typealias InboundOut = ByteBuffer

  let maxFrameSize: Int

  init(maxFrameSize: Int) {
    self.maxFrameSize = maxFrameSize
  }

  mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
    guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self)
    else { return nil }
    guard Int(length) <= self.maxFrameSize else {
      throw FrameTooLargeError(length: Int(length), limit: self.maxFrameSize)
    }
    guard buffer.readableBytes >= FrameLimits.lengthPrefixSize + Int(length) else { return nil }
    buffer.moveReaderIndex(forwardBy: FrameLimits.lengthPrefixSize)
    return buffer.readSlice(length: Int(length))
  }

  mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
    if let frame = try self.decode(buffer: &buffer) { return frame }
    if seenEOF, buffer.readableBytes > 0 {
      let pending = buffer.readableBytes
      buffer.clear()
      throw TruncatedFrameError(bufferedBytes: pending)
    }
    return nil
  }
}

extension Hadir_V1_Frame {
  /// The frame as it goes on the wire: length prefix and payload.
  func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) throws -> ByteBuffer {
    var buffer = allocator.buffer(capacity: 0)
    try self.encode(into: &buffer)
    return buffer
  }

  /// Appends the frame as it goes on the wire to `buffer`.
  func encode(into buffer: inout ByteBuffer) throws {
    let payload: [UInt8] = try self.serializedBytes()
    buffer.reserveCapacity(minimumWritableBytes: FrameLimits.lengthPrefixSize + payload.count)
    buffer.writeInteger(UInt32(payload.count), endianness: .big)
    buffer.writeBytes(payload)
  }

  /// Parses one frame payload, as produced by `FrameDecoder`.
  init(payload: ByteBuffer) throws {
    try self.init(serializedBytes: Array(payload.readableBytesView))
  }

  init(streamID: UInt32, body: Hadir_V1_Frame.OneOf_Body) {
    self.init()
    self.streamID = streamID
    self.body = body
  }
}
