import GRPCCore
import Synchronization

/// Raw bytes as messages, so the transport can be tested without any generated code.
struct BytesCoder: MessageSerializer, MessageDeserializer {
  func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
  func deserialize<Bytes: GRPCContiguousBytes>(_ bytes: Bytes) throws -> [UInt8] {
    bytes.withUnsafeBytes { Array($0) }
  }
}

/// Records what the slow methods saw, so tests can wait for the server side to react.
final class Probe: Sendable {
  private struct Counts {
    var recorded: [String: Int] = [:]
    var awaited: [String: Int] = [:]
  }
  private let counts = Mutex(Counts())

  func record(_ event: String) {
    self.counts.withLock { $0.recorded[event, default: 0] += 1 }
  }

  var cancelled: Int { self.counts.withLock { $0.recorded["cancelled", default: 0] } }

  /// How many times `event` was recorded.
  func count(_ event: String) -> Int { self.counts.withLock { $0.recorded[event, default: 0] } }

  /// Waits for the next occurrence of `name` not yet waited for; false if it does not
  /// happen within `limit`, so a broken transport fails the test instead of hanging it.
  func next(_ name: String, within limit: Duration = .seconds(10)) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
      let seen = self.counts.withLock { counts -> Bool in
        guard counts.recorded[name, default: 0] > counts.awaited[name, default: 0] else { return false }
        counts.awaited[name, default: 0] += 1
        return true
      }
      if seen { return true }
      try? await Task.sleep(for: .milliseconds(5))
    }
    return false
  }
}

/// A service of test methods, named "test.Echo".
struct EchoService: RegistrableRPCService {
  static let get = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "Get")
  static let expand = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "Expand")
  static let collect = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "Collect")
  static let hang = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "Hang")
  static let pause = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "Pause")
  static let slowCollect = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "SlowCollect")
  static let answerLate = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "AnswerLate")

  let probe: Probe

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    // Answers with the request; echoes the "x-note" request metadata in the response head.
    router.registerHandler(forMethod: Self.get, deserializer: BytesCoder(), serializer: BytesCoder()) { request, _ in
      var messages: [[UInt8]] = []
      for try await message in request.messages { messages.append(message) }
      var metadata = Metadata()
      for note in request.metadata[stringValues: "x-note"] { metadata.addString(note, forKey: "x-note") }
      return StreamingServerResponse(
        single: ServerResponse(message: messages.first ?? [], metadata: metadata, trailingMetadata: ["x-done": "yes"]))
    }
    // Server streaming: the request is a count n, in decimal; answers "0", "1", ... "n-1".
    // Records "expand done" when it wrote them all, "expand stopped" when it could not.
    router.registerHandler(forMethod: Self.expand, deserializer: BytesCoder(), serializer: BytesCoder()) { request, _ in
      var messages: [[UInt8]] = []
      for try await message in request.messages { messages.append(message) }
      let count = Int(String(decoding: messages.first ?? [], as: UTF8.self)) ?? 0
      return StreamingServerResponse { writer in
        do {
          for index in 0..<count { try await writer.write(Array("\(index)".utf8)) }
          self.probe.record("expand done")
        } catch {
          self.probe.record("expand stopped")
          throw error
        }
        return [:]
      }
    }
    // Client streaming: answers with every request message joined.
    router.registerHandler(forMethod: Self.collect, deserializer: BytesCoder(), serializer: BytesCoder()) { request, _ in
      var joined: [UInt8] = []
      for try await message in request.messages { joined += message }
      return StreamingServerResponse(single: ServerResponse(message: joined))
    }
    // Never answers; records when it starts and when its work is cancelled.
    // A call cancelled before its handler got going counts as cancelled too.
    router.registerHandler(forMethod: Self.hang, deserializer: BytesCoder(), serializer: BytesCoder()) { request, _ in
      self.probe.record("entered")
      do {
        for try await _ in request.messages {}
        self.probe.record("started")
        try await Task.sleep(for: .seconds(60))
      } catch {
        self.probe.record("cancelled")
        throw error
      }
      return StreamingServerResponse(single: ServerResponse(message: []))
    }
    // Server streaming that pays no heed to cancellation: once cancelled, it still tries to
    // answer, and records whether the answer was written or refused.
    router.registerHandler(forMethod: Self.answerLate, deserializer: BytesCoder(), serializer: BytesCoder()) { request, _ in
      for try await _ in request.messages {}
      return StreamingServerResponse { writer in
        self.probe.record("started")
        while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
        do {
          try await writer.write(Array("late".utf8))
          self.probe.record("late answer written")
        } catch {
          self.probe.record("late answer refused")
          throw error
        }
        return [:]
      }
    }
    // Client streaming, slowly: waits half a second before taking the messages, then answers
    // with how many it took.
    router.registerHandler(forMethod: Self.slowCollect, deserializer: BytesCoder(), serializer: BytesCoder()) { request, _ in
      try await Task.sleep(for: .milliseconds(500))
      var count = 0
      for try await _ in request.messages { count += 1 }
      return StreamingServerResponse(single: ServerResponse(message: Array("\(count)".utf8)))
    }
    // Answers after the number of milliseconds in the request.
    router.registerHandler(forMethod: Self.pause, deserializer: BytesCoder(), serializer: BytesCoder()) { request, _ in
      var messages: [[UInt8]] = []
      for try await message in request.messages { messages.append(message) }
      self.probe.record("started")
      let millis = Int(String(decoding: messages.first ?? [], as: UTF8.self)) ?? 0
      try await Task.sleep(for: .milliseconds(millis))
      return StreamingServerResponse(single: ServerResponse(message: Array("slept".utf8)))
    }
  }
}
