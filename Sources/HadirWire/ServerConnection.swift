import Foundation
import GRPCCore
import Logging
import NIOCore
import Synchronization

/// Serves one accepted connection: checks the Hello, opens a GRPCCore stream for each
/// request head, routes the client's frames to their streams and the responses back,
/// enforces the idle and hello timeouts, and answers protocol violations with a GoAway.
final class ServerConnection: Sendable {
  typealias Inbound = RPCAsyncSequence<RPCRequestPart<[UInt8]>, any Error>
  typealias Outbound = RPCWriter<RPCResponsePart<[UInt8]>>.Closable
  typealias StreamHandler = @Sendable (RPCStream<Inbound, Outbound>, ServerContext) async -> Void

  private struct OpenStream {
    var inbound: AsyncThrowingStream<RPCRequestPart<[UInt8]>, any Error>.Continuation
    /// Tells this call apart from a later one that reuses its stream id.
    var serial: UInt64
    var halfClosed = false
    var cancellation: ServerContext.RPCCancellationHandle?
    var cancelRequested = false
  }

  private struct State {
    var streams: [UInt32: OpenStream] = [:]
    var highestStreamID: UInt32 = 0
    var nextSerial: UInt64 = 0
    var helloReceived = false
    var goingAway = false
    var lastFrameAt = ContinuousClock.now
  }

  private let channel: any Channel
  private let configuration: WireConfiguration
  private let logger: Logger
  private let remotePeer: String
  private let localPeer: String
  private let state = Mutex(State())
  private let shutdownSignal: AsyncStream<Void>.Continuation
  private let shutdownRequests: AsyncStream<Void>

  init(channel: any Channel, configuration: WireConfiguration, logger: Logger) {
    self.channel = channel
    self.configuration = configuration
    self.remotePeer = Self.describe(channel.remoteAddress)
    self.localPeer = Self.describe(channel.localAddress)
    var logger = logger
    logger[metadataKey: "peer"] = "\(self.remotePeer)"
    self.logger = logger
    (self.shutdownRequests, self.shutdownSignal) = AsyncStream.makeStream(
      bufferingPolicy: .bufferingNewest(1))
  }

  /// Tells the client to go away: open calls finish, new ones are refused, and the
  /// connection closes when the last call has ended.
  func beginGracefulShutdown() {
    self.shutdownSignal.yield()
  }

  /// The trailer that refuses a call, worded by the server for the call's metadata.
  private func refusal(_ refusal: TransportRefusal, streamID: UInt32, metadata: Metadata) -> Hadir_V1_Frame {
    let (message, trailerMetadata) = self.describe(refusal, metadata: metadata)
    return Hadir_V1_Frame.trailer(streamID: streamID, status: Status(code: refusal.code, message: message), metadata: trailerMetadata)
  }

  func describe(_ refusal: TransportRefusal, metadata: Metadata) -> (message: String, metadata: Metadata) {
    self.configuration.describeRefusal(refusal, metadata)
  }

  /// Serves the connection until the client leaves, breaks the protocol, idles out, or the
  /// server shuts down.
  func run(_ asyncChannel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, handler: @escaping StreamHandler) async {
    self.logger.debug("connection opened")
    do {
      try await asyncChannel.executeThenClose { inbound, outbound in
        let writer = FrameWriter(outbound: outbound)
        try await writer.write(self.configuration.hello)
        await withDiscardingTaskGroup { group in
          group.addTask { await self.watchTimeouts(writer) }
          group.addTask { await self.awaitShutdown(writer) }
          do {
            for try await payload in inbound {
              try await self.receive(payload, writer: writer, group: &group, handler: handler)
            }
          } catch let violation as ProtocolViolation {
            self.logger.info("closing connection: \(violation.description)")
            try? await writer.write(violation.goAway)
          } catch let tooLarge as FrameTooLargeError {
            self.logger.info("closing connection: \(tooLarge.description)")
            try? await writer.write(ProtocolViolation(tooLarge.description, code: .frameTooLarge).goAway)
          } catch {
            self.logger.debug("connection failed: \(error)")
          }
          self.abandonOpenStreams()
          self.shutdownSignal.finish()
          group.cancelAll()
        }
      }
    } catch {
      self.logger.debug("connection ended with error: \(error)")
    }
    self.logger.debug("connection closed")
  }

  // MARK: Receiving

  private func receive(
    _ payload: ByteBuffer,
    writer: FrameWriter,
    group: inout DiscardingTaskGroup,
    handler: @escaping StreamHandler
  ) async throws {
    let frame: Hadir_V1_Frame
    do {
      frame = try Hadir_V1_Frame(payload: payload)
    } catch {
      throw ProtocolViolation(
        "A frame of \(payload.readableBytes) bytes is not a valid hadir.v1.Frame message.")
    }
    let id = frame.streamID
    let helloSeen = self.state.withLock { state in
      state.lastFrameAt = .now
      return state.helloReceived
    }

    guard let body = frame.body else {
      throw ProtocolViolation("A frame on stream \(id) has no body; every frame carries exactly one kind.")
    }
    if case .hello(let hello) = body {
      try self.receiveHello(hello, streamID: id, alreadySeen: helloSeen)
      return
    }
    guard helloSeen else {
      throw ProtocolViolation("The first frame on a connection must be a Hello on stream 0; got \(body.kindName).")
    }

    switch body {
    case .hello:
      break
    case .ping(let ping):
      try Self.requireConnectionStream(id, body)
      var pong = Hadir_V1_Pong()
      pong.payload = ping.payload
      try await writer.write(Hadir_V1_Frame(streamID: 0, body: .pong(pong)))
    case .pong:
      try Self.requireConnectionStream(id, body)
    case .goAway:
      try Self.requireConnectionStream(id, body)
      self.beginGracefulShutdown()
    case .requestHead(let head):
      try await self.openStream(id, head: head, writer: writer, group: &group, handler: handler)
    case .message(let message):
      try self.withOpenStream(id, body) { stream in
        guard !stream.halfClosed else {
          throw ProtocolViolation("Stream \(id) sent a message after its half-close.")
        }
        if case .dropped = stream.inbound.yield(.message(Array(message.data))) {
          // The client sends faster than the call takes its messages: the call's requests
          // end with RESOURCE_EXHAUSTED, and what follows is dropped, rather than held in an
          // unbounded queue.
          stream.inbound.finish(
            throwing: RPCError(
              code: .resourceExhausted,
              message: "More than \(self.configuration.maxQueuedMessagesPerStream) messages waited for this call; send them more slowly."))
        }
      }
    case .halfClose:
      try self.withOpenStream(id, body) { stream in
        stream.halfClosed = true
        stream.inbound.finish()
      }
    case .cancel:
      var handle: ServerContext.RPCCancellationHandle?
      try self.withOpenStream(id, body) { stream in
        stream.inbound.finish(throwing: RPCError(code: .cancelled, message: "The client cancelled the call."))
        stream.cancelRequested = true
        handle = stream.cancellation
      }
      handle?.cancel()
    case .responseHead, .trailer:
      throw ProtocolViolation("A \(body.kindName) frame goes from server to client only.")
    }
  }

  private func receiveHello(_ hello: Hadir_V1_Hello, streamID: UInt32, alreadySeen: Bool) throws {
    guard streamID == 0, !alreadySeen else {
      throw ProtocolViolation("A Hello may be sent only once, as the first frame, on stream 0.")
    }
    guard hello.protocolVersion == WireConfiguration.protocolVersion else {
      throw ProtocolViolation(
        "This server speaks Hadir protocol version \(WireConfiguration.protocolVersion); the client sent version \(hello.protocolVersion). Use a client made for protocol version \(WireConfiguration.protocolVersion).",
        code: .unsupportedVersion)
    }
    self.state.withLock { $0.helloReceived = true }
    self.logger.debug("hello", metadata: ["agent": "\(hello.agent)"])
  }

  private static func requireConnectionStream(_ id: UInt32, _ body: Hadir_V1_Frame.OneOf_Body) throws {
    guard id == 0 else {
      throw ProtocolViolation("A \(body.kindName) frame belongs on stream 0, not stream \(id).")
    }
  }

  /// Applies `change` to an open stream. A frame for a stream that has already ended is
  /// dropped (the server may finish a call before the client has stopped sending); a frame
  /// for a stream id above every id opened so far is a protocol violation.
  private func withOpenStream(
    _ id: UInt32,
    _ body: Hadir_V1_Frame.OneOf_Body,
    _ change: (inout OpenStream) throws -> Void
  ) throws {
    guard id != 0 else {
      throw ProtocolViolation("A \(body.kindName) frame needs a call's stream id; stream 0 is the connection itself.")
    }
    try self.state.withLock { state in
      if var stream = state.streams[id] {
        try change(&stream)
        state.streams[id] = stream
      } else if id > state.highestStreamID {
        throw ProtocolViolation("A \(body.kindName) frame arrived on stream \(id) before its RequestHead.")
      }
    }
  }

  private enum Admission {
    case accepted, goingAway, tooMany
  }

  private func openStream(
    _ id: UInt32,
    head: Hadir_V1_RequestHead,
    writer: FrameWriter,
    group: inout DiscardingTaskGroup,
    handler: @escaping StreamHandler
  ) async throws {
    guard id != 0 else {
      throw ProtocolViolation("A RequestHead needs a stream id from 1 up; stream 0 is the connection itself.")
    }
    let (requests, continuation) = AsyncThrowingStream.makeStream(
      of: RPCRequestPart<[UInt8]>.self, bufferingPolicy: .bufferingOldest(self.configuration.maxQueuedMessagesPerStream))
    let (admission, serial) = try self.state.withLock { state -> (Admission, UInt64) in
      guard state.streams[id] == nil else {
        throw ProtocolViolation("Stream id \(id) is already open on this connection; each open call needs its own stream id.")
      }
      state.highestStreamID = max(state.highestStreamID, id)
      state.nextSerial += 1
      if state.goingAway { return (.goingAway, state.nextSerial) }
      if state.streams.count >= self.configuration.maxConcurrentStreams { return (.tooMany, state.nextSerial) }
      state.streams[id] = OpenStream(inbound: continuation, serial: state.nextSerial)
      return (.accepted, state.nextSerial)
    }

    var metadata = try MetadataCoding.metadata(head.metadata)
    let outbound = Outbound(
      wrapping: ServerStreamWriter(
        streamID: id, serial: serial, writer: writer, connection: self,
        maxFrameSize: self.configuration.maxFrameSize,
        deadline: head.timeoutMicros > 0 ? .now + .microseconds(head.timeoutMicros) : nil, method: head.method,
        requestMetadata: metadata))
    // Refusals are written before the next frame is read: a client that does not read its
    // answers stops being read itself, instead of piling up answers in the server.
    switch admission {
    case .accepted:
      break
    case .goingAway:
      try await writer.write(self.refusal(.shuttingDown, streamID: id, metadata: metadata))
      return
    case .tooMany:
      try await writer.write(
        self.refusal(.tooManyCalls(limit: self.configuration.maxConcurrentStreams), streamID: id, metadata: metadata))
      return
    }
    guard let descriptor = MethodDescriptor(path: head.method) else {
      self.streamEnded(id, serial: serial)
      try await writer.write(self.refusal(.notAMethodName(head.method), streamID: id, metadata: metadata))
      return
    }

    if head.timeoutMicros > 0 {
      metadata.replaceOrAddString(MetadataCoding.timeoutText(micros: head.timeoutMicros), forKey: MetadataCoding.timeoutKey)
    }
    continuation.yield(.metadata(metadata))
    let stream = RPCStream(descriptor: descriptor, inbound: Inbound(wrapping: requests), outbound: outbound)

    group.addTask {
      await withServerContextRPCCancellationHandle { handle in
        if self.attach(handle, toStream: id) { handle.cancel() }
        let context = ServerContext(
          descriptor: descriptor, remotePeer: self.remotePeer, localPeer: self.localPeer, cancellation: handle)
        // A cancelled call (client cancel, deadline, lost connection) also cancels the
        // handler's task, so that work in progress stops.
        await withTaskGroup(of: Void.self) { race in
          race.addTask { await handler(stream, context) }
          race.addTask { try? await handle.cancelled }
          await race.next()
          race.cancelAll()
        }
      }
      self.streamEnded(id, serial: serial)
    }
  }

  /// Records the cancellation handle of a stream; true if the call is already over for
  /// the client: it cancelled, or the connection was lost before the handler started.
  private func attach(_ handle: ServerContext.RPCCancellationHandle, toStream id: UInt32) -> Bool {
    self.state.withLock { state in
      guard var stream = state.streams[id] else { return true }
      stream.cancellation = handle
      state.streams[id] = stream
      return stream.cancelRequested
    }
  }

  /// Forgets a stream once its trailer is written or its handler has returned, and closes
  /// the connection if it is going away and this was the last call.
  func streamEnded(_ id: UInt32, serial: UInt64) {
    if self.forgetStream(id, serial: serial) { self.channel.close(promise: nil) }
  }

  /// Forgets a stream; true if the connection is going away and this was its last call,
  /// so that the caller closes the connection once it has written what it still owes.
  func forgetStream(_ id: UInt32, serial: UInt64) -> Bool {
    self.state.withLock { state -> Bool in
      if let stream = state.streams[id], stream.serial == serial {
        state.streams.removeValue(forKey: id)
        stream.inbound.finish()
        // The idle timeout counts from the end of the last call, not from its request.
        state.lastFrameAt = .now
      }
      return state.goingAway && state.streams.isEmpty
    }
  }

  /// Closes the connection.
  func close() {
    self.channel.close(promise: nil)
  }

  /// Whether the call is still open on a live connection. A call abandoned because the
  /// connection broke or was closed for a protocol error sends nothing more.
  func isOpen(_ id: UInt32, serial: UInt64) -> Bool {
    self.state.withLock { $0.streams[id]?.serial == serial }
  }

  private func abandonOpenStreams() {
    let streams = self.state.withLock { state in
      state.goingAway = true
      defer { state.streams.removeAll() }
      return Array(state.streams.values)
    }
    for stream in streams {
      stream.inbound.finish(throwing: RPCError(code: .cancelled, message: "The connection closed."))
      stream.cancellation?.cancel()
    }
  }

  // MARK: Timers and shutdown

  private func awaitShutdown(_ writer: FrameWriter) async {
    for await _ in self.shutdownRequests {
      let closeNow = self.state.withLock { state -> Bool in
        state.goingAway = true
        return state.streams.isEmpty
      }
      var goAway = Hadir_V1_GoAway()
      goAway.code = .shutdown
      goAway.message = "The server is shutting down. Calls in progress will finish; reconnect for new ones."
      try? await writer.write(Hadir_V1_Frame(streamID: 0, body: .goAway(goAway)))
      if closeNow { self.channel.close(promise: nil) }
      return
    }
  }

  private func watchTimeouts(_ writer: FrameWriter) async {
    let opened = ContinuousClock.now
    let tick = min(
      .seconds(1),
      min(self.configuration.idleTimeout, min(self.configuration.helloTimeout, self.configuration.slowReaderTimeout)) / 4)
    while !Task.isCancelled {
      do { try await Task.sleep(for: tick) } catch { return }
      let now = ContinuousClock.now
      let violation: ProtocolViolation? = self.state.withLock { state in
        if !state.helloReceived, now - opened > self.configuration.helloTimeout {
          return ProtocolViolation("No Hello arrived within \(self.configuration.helloTimeout).")
        }
        if state.streams.isEmpty, now - state.lastFrameAt > self.configuration.idleTimeout {
          state.goingAway = true
          return ProtocolViolation(
            "The connection was idle for \(self.configuration.idleTimeout) and is closed; reconnect to continue.",
            code: .idle)
        }
        return nil
      }
      if let stalled = writer.progress.stalled, stalled > self.configuration.slowReaderTimeout {
        // The client reads nothing while answers wait for it: close the connection, so that
        // its calls end and what they hold is freed. The GoAway is sent without waiting,
        // since nothing the client does not read can be waited for.
        self.logger.info("closing connection: the client read no answers for \(stalled)")
        var goAway = Hadir_V1_GoAway()
        goAway.code = .protocolError
        goAway.message = "The client read no answers for \(self.configuration.slowReaderTimeout); the connection is closed."
        if let frame = try? Hadir_V1_Frame(streamID: 0, body: .goAway(goAway)).encoded() {
          self.channel.writeAndFlush(frame, promise: nil)
        }
        self.channel.close(promise: nil)
        return
      }
      if let violation {
        self.logger.debug("closing connection: \(violation.description)")
        try? await writer.write(violation.goAway)
        self.channel.close(promise: nil)
        return
      }
    }
  }

  private static func describe(_ address: SocketAddress?) -> String {
    guard let address else { return "unknown" }
    switch address {
    case .v4, .v6:
      return "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
    case .unixDomainSocket:
      return "unix:\(address.pathname ?? "")"
    }
  }
}

/// Turns one stream's GRPCCore response parts into frames.
struct ServerStreamWriter: ClosableRPCWriterProtocol {
  typealias Element = RPCResponsePart<[UInt8]>

  let streamID: UInt32
  let serial: UInt64
  let writer: FrameWriter
  let connection: ServerConnection
  let maxFrameSize: Int
  /// When the client stops waiting; a call that fails after it reports DEADLINE_EXCEEDED.
  let deadline: ContinuousClock.Instant?
  /// The method called, as the client named it.
  let method: String
  /// The call's metadata: the language a refusal is worded in.
  let requestMetadata: Metadata

  /// `status` as the client should read it, with `metadata` for its trailer:
  /// DEADLINE_EXCEEDED when the call failed because its time ran out, and a method the
  /// server does not have named, with what to check.
  private func reported(_ status: Status, metadata: Metadata = [:]) -> (Status, Metadata) {
    if status.code == .unimplemented && !status.message.contains(method) {
      let (message, reason) = self.connection.describe(.noSuchMethod(method), metadata: requestMetadata)
      return (Status(code: .unimplemented, message: message), reason)
    }
    guard status.code != .ok, let deadline, ContinuousClock.now >= deadline else { return (status, metadata) }
    return (Status(code: .deadlineExceeded, message: "The call did not finish within the time the client allowed."), [:])
  }

  func write(_ element: Element) async throws {
    switch element {
    case .metadata(let metadata):
      var head = Hadir_V1_ResponseHead()
      head.metadata = MetadataCoding.entries(metadata)
      try await self.writer.write(Hadir_V1_Frame(streamID: self.streamID, body: .responseHead(head)))
    case .message(let bytes):
      // The frame adds a few bytes of its own around the message.
      guard bytes.count + 16 <= self.maxFrameSize else {
        throw RPCError(
          code: .resourceExhausted,
          message: "The answer is \(bytes.count) bytes, more than the frame limit of \(self.maxFrameSize) bytes. Ask for less at a time.")
      }
      var message = Hadir_V1_Message()
      message.data = Data(bytes)
      try await self.writer.write(Hadir_V1_Frame(streamID: self.streamID, body: .message(message)))
    case .status(let status, let metadata):
      let (reportedStatus, reportedMetadata) = self.reported(status, metadata: metadata)
      let frame = Hadir_V1_Frame.trailer(streamID: self.streamID, status: reportedStatus, metadata: reportedMetadata)
      // The call stops counting against the connection's limit before its trailer leaves,
      // so a client that opens the next call on seeing it is never refused.
      guard self.connection.isOpen(self.streamID, serial: self.serial) else { return }
      let closeAfter = self.connection.forgetStream(self.streamID, serial: self.serial)
      defer { if closeAfter { self.connection.close() } }
      if Task.isCancelled {
        // A call ended by its deadline or by a cancel still owes the client its trailer,
        // and a cancelled task cannot write: the trailer goes out from a task of its own.
        try await Task { try await self.writer.write(frame) }.value
      } else {
        try await self.writer.write(frame)
      }
    }
  }

  func write(contentsOf elements: some Sequence<Element>) async throws {
    for element in elements {
      try await self.write(element)
    }
  }

  func finish() async {
    self.connection.streamEnded(self.streamID, serial: self.serial)
  }

  func finish(throwing error: any Error) async {
    let status = (error as? RPCError).map { Status(code: Status.Code($0.code), message: $0.message) }
      ?? Status(code: .unknown, message: "The server ended the call without an answer.")
    guard self.connection.isOpen(self.streamID, serial: self.serial) else { return }
    let closeAfter = self.connection.forgetStream(self.streamID, serial: self.serial)
    let (reportedStatus, reportedMetadata) = self.reported(status)
    try? await self.writer.write(
      Hadir_V1_Frame.trailer(streamID: self.streamID, status: reportedStatus, metadata: reportedMetadata))
    if closeAfter { self.connection.close() }
  }
}

extension Hadir_V1_Frame {
  static func trailer(streamID: UInt32, status: Status, metadata: Metadata = [:]) -> Hadir_V1_Frame {
    var trailer = Hadir_V1_Trailer()
    trailer.code = UInt32(status.code.rawValue)
    trailer.message = status.message
    trailer.metadata = MetadataCoding.entries(metadata)
    return Hadir_V1_Frame(streamID: streamID, body: .trailer(trailer))
  }
}

extension Hadir_V1_Frame.OneOf_Body {
  /// The kind's name as in docs/PROTOCOL.md, for error messages.
  var kindName: String {
    switch self {
    case .hello: "Hello"
    case .requestHead: "RequestHead"
    case .message: "Message"
    case .halfClose: "HalfClose"
    case .responseHead: "ResponseHead"
    case .trailer: "Trailer"
    case .cancel: "Cancel"
    case .ping: "Ping"
    case .pong: "Pong"
    case .goAway: "GoAway"
    }
  }
}
