import Foundation
import NIOCore
import Testing

@testable import HadirWire

@Suite("Frame decoder")
struct FrameDecoderTests {
  private func sampleFrames() -> [Hadir_V1_Frame] {
    [clientHello(), requestHead(1, EchoService.get), message(1, "hello, Luwuk"), halfClose(1)]
  }

  private func decode(_ chunks: [[UInt8]], max: Int = 1024) throws -> [Hadir_V1_Frame] {
    let processor = NIOSingleStepByteToMessageProcessor(FrameDecoder(maxFrameSize: max))
    var frames: [Hadir_V1_Frame] = []
    for chunk in chunks {
      try processor.process(buffer: ByteBuffer(bytes: chunk)) { frames.append(try Hadir_V1_Frame(payload: $0)) }
    }
    try processor.finishProcessing(seenEOF: true) { frames.append(try Hadir_V1_Frame(payload: $0)) }
    return frames
  }

  @Test("many frames in one read decode in order")
  func manyFramesInOneRead() throws {
    let frames = sampleFrames()
    let wire = try frames.flatMap(bytes)
    #expect(try decode([wire]) == frames)
  }

  @Test("a stream split at every byte boundary decodes the same")
  func splitAtEveryByte() throws {
    let frames = sampleFrames()
    let wire = try frames.flatMap(bytes)
    for cut in 1..<wire.count {
      #expect(try decode([Array(wire[..<cut]), Array(wire[cut...])]) == frames, "cut at \(cut)")
    }
    // And one byte at a time.
    #expect(try decode(wire.map { [$0] }) == frames)
  }

  @Test("a length above the maximum is refused from the prefix alone")
  func oversizedRefusedBeforeBuffering() throws {
    // Only the four length bytes arrive: the decoder must not wait for the payload.
    let prefix: [UInt8] = [0x00, 0x00, 0x04, 0x01]  // 1025 bytes
    #expect(throws: FrameTooLargeError(length: 1025, limit: 1024)) {
      _ = try decode([prefix], max: 1024)
    }
  }

  @Test("a frame of exactly the maximum is accepted")
  func exactlyMaximum() throws {
    var payload = Hadir_V1_Message()
    payload.data = Data(repeating: 7, count: 100)
    let frame = Hadir_V1_Frame(streamID: 3, body: .message(payload))
    let wire = try bytes(frame)
    #expect(try decode([wire], max: wire.count - 4) == [frame])
  }

  @Test("a connection that ends mid-frame is reported")
  func truncated() throws {
    let wire = try bytes(clientHello())
    #expect(throws: TruncatedFrameError.self) {
      _ = try decode([Array(wire.dropLast(2))])
    }
  }
}
