import Foundation
import GRPCCore
import NIOCore
import Testing

@testable import HadirWire

/// The connection's rules on their own: frames and instants go in, actions come out. Time
/// is passed in, so the timeouts are checked at the exact instants around them.
@Suite("Server connection rules")
struct ServerConnectionStateMachineTests {
  typealias Machine = ServerConnectionStateMachine

  static let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

  static func at(_ seconds: Double) -> NIODeadline {
    start + .nanoseconds(Int64(seconds * 1e9))
  }

  static func machine(
    maxConcurrentStreams: Int = 100, idle: Duration = .seconds(300), hello: Duration = .seconds(10),
    slowReader: Duration = .seconds(30)
  ) -> Machine {
    var configuration = WireConfiguration(
      idleTimeout: idle, helloTimeout: hello, maxConcurrentStreams: maxConcurrentStreams)
    configuration.slowReaderTimeout = slowReader
    return Machine(limits: .init(configuration), openedAt: start)
  }

  /// A machine that has received the client's Hello at the start.
  static func greeted(maxConcurrentStreams: Int = 100) -> Machine {
    var machine = Self.machine(maxConcurrentStreams: maxConcurrentStreams)
    #expect(machine.received(clientHello(), at: start) == .none)
    #expect(machine.phase == .open)
    return machine
  }

  static func violation(_ action: Machine.FrameAction) -> ProtocolViolation? {
    if case .close(let violation) = action { return violation }
    return nil
  }

  static func startedSerial(_ action: Machine.FrameAction) -> UInt64? {
    if case .startCall(_, let serial, _, _) = action { return serial }
    return nil
  }

  // MARK: Frames

  @Test("a call before the Hello, a second Hello, and another protocol version close the connection")
  func helloRules() {
    var early = Self.machine()
    let beforeHello = Self.violation(early.received(requestHead(1, EchoService.get), at: Self.start))
    #expect(beforeHello?.description.contains("must be a Hello") == true)
    #expect(early.phase == .closed)
    #expect(early.received(clientHello(), at: Self.start) == .none, "a closed connection ignores what follows")

    var twice = Self.greeted()
    #expect(Self.violation(twice.received(clientHello(), at: Self.start))?.description.contains("only once") == true)

    var other = Self.machine()
    #expect(Self.violation(other.received(clientHello(version: 9), at: Self.start))?.code == .unsupportedVersion)
  }

  @Test("each call gets its own serial; an id still open may not be reused, an ended one may")
  func streamIDs() {
    var machine = Self.greeted()
    let first = Self.startedSerial(machine.received(requestHead(1, EchoService.get), at: Self.start))
    #expect(first != nil)
    let reused = Self.violation(machine.received(requestHead(1, EchoService.get), at: Self.start))
    #expect(reused?.description.contains("already open") == true)

    var again = Self.greeted()
    let one = Self.startedSerial(again.received(requestHead(1, EchoService.get), at: Self.start))!
    #expect(again.callEnded(1, serial: one, at: Self.start) == (true, false))
    let two = Self.startedSerial(again.received(requestHead(1, EchoService.get), at: Self.start))!
    #expect(two != one)
    #expect(!again.isOpen(1, serial: one))
    #expect(again.callEnded(1, serial: one, at: Self.start) == (false, false), "the old call cannot end the new one")
    #expect(again.isOpen(1, serial: two))
  }

  @Test("calls past the limit are refused TOO_MANY_CALLS until one ends")
  func streamLimit() {
    var machine = Self.greeted(maxConcurrentStreams: 2)
    let a = Self.startedSerial(machine.received(requestHead(1, EchoService.get), at: Self.start))!
    #expect(Self.startedSerial(machine.received(requestHead(3, EchoService.get), at: Self.start)) != nil)
    guard case .refuseCall(5, _, .tooManyCalls(limit: 2)) = machine.received(requestHead(5, EchoService.get), at: Self.start)
    else {
      Issue.record("the third call was not refused")
      return
    }
    #expect(machine.openCalls == 2)
    _ = machine.callEnded(1, serial: a, at: Self.start)
    #expect(Self.startedSerial(machine.received(requestHead(7, EchoService.get), at: Self.start)) != nil)
  }

  @Test("a method name GRPCCore cannot read is refused without opening a call")
  func badMethodName() {
    var machine = Self.greeted()
    var head = Hadir_V1_RequestHead()
    head.method = "no-slash"
    let action = machine.received(Hadir_V1_Frame(streamID: 1, body: .requestHead(head)), at: Self.start)
    #expect(action == .refuseCall(streamID: 1, head: head, .notAMethodName("no-slash")))
    #expect(machine.openCalls == 0)
  }

  @Test(
    "a path names a method only as /Service/Method, both parts present",
    arguments: [
      ("/hadir.v1.Desk/CheckIn", "hadir.v1.Desk", "CheckIn"), ("/a/b", "a", "b"), ("/Ünï.cødé/Mëthod", "Ünï.cødé", "Mëthod"),
    ])
  func methodPaths(path: String, service: String, method: String) {
    let descriptor = MethodDescriptor(path: path)
    #expect(descriptor?.service.fullyQualifiedService == service)
    #expect(descriptor?.method == method)
    #expect(descriptor?.path == path)
  }

  @Test(
    "a path of another shape names no method",
    arguments: ["", "/", "//", "no-slash", "hadir.v1.Desk/CheckIn", "/hadir.v1.Desk", "/hadir.v1.Desk/", "//CheckIn",
      "/a/b/c", "/a//b"])
  func notMethodPaths(path: String) {
    #expect(MethodDescriptor(path: path) == nil)
  }

  @Test("messages go to open calls; after a half-close or before a head they break the protocol")
  func messages() {
    var machine = Self.greeted()
    let serial = Self.startedSerial(machine.received(requestHead(1, EchoService.get), at: Self.start))!
    #expect(machine.received(message(1, "satu"), at: Self.start) == .deliverMessage(streamID: 1, Data("satu".utf8)))
    #expect(machine.received(halfClose(1), at: Self.start) == .finishRequests(streamID: 1))
    #expect(Self.violation(machine.received(message(1, "dua"), at: Self.start))?.description.contains("after its half-close") == true)

    var later = Self.greeted()
    _ = later.received(requestHead(3, EchoService.get), at: Self.start)
    #expect(Self.violation(later.received(message(5, "early"), at: Self.start))?.description.contains("before its RequestHead") == true)

    var ended = Self.greeted()
    let id = Self.startedSerial(ended.received(requestHead(3, EchoService.get), at: Self.start))!
    _ = ended.callEnded(3, serial: id, at: Self.start)
    #expect(ended.received(message(3, "late"), at: Self.start) == .none, "a call the server already ended drops late frames")
    #expect(!machine.isOpen(1, serial: serial), "a connection closed for a fault ends its calls")
  }

  @Test("a Cancel marks the call cancelled; frames of the connection belong on stream 0")
  func cancelAndStreamZero() {
    var machine = Self.greeted()
    let serial = Self.startedSerial(machine.received(requestHead(1, EchoService.get), at: Self.start))!
    #expect(!machine.isCancelled(1, serial: serial))
    #expect(machine.received(Hadir_V1_Frame(streamID: 1, body: .cancel(Hadir_V1_Cancel())), at: Self.start) == .cancelCall(streamID: 1))
    #expect(machine.isCancelled(1, serial: serial))

    var ping = Hadir_V1_Ping()
    ping.payload = 42
    #expect(machine.received(Hadir_V1_Frame(streamID: 0, body: .ping(ping)), at: Self.start) == .sendPong(payload: 42))
    #expect(Self.violation(machine.received(Hadir_V1_Frame(streamID: 3, body: .ping(ping)), at: Self.start)) != nil)
  }

  @Test("a server-only frame from the client breaks the protocol")
  func serverOnlyFrames() {
    var machine = Self.greeted()
    let action = machine.received(Hadir_V1_Frame(streamID: 1, body: .trailer(Hadir_V1_Trailer())), at: Self.start)
    #expect(Self.violation(action)?.description.contains("server to client only") == true)
  }

  // MARK: Shutdown

  @Test("going away refuses new calls, lets open ones end, and closes after the last")
  func gracefulShutdown() {
    var machine = Self.greeted()
    let serial = Self.startedSerial(machine.received(requestHead(1, EchoService.get), at: Self.start))!
    #expect(machine.beginGracefulShutdown() == .sendGoAway(closeNow: false))
    #expect(machine.beginGracefulShutdown() == .none, "one GoAway only")
    let refused = machine.received(requestHead(3, EchoService.get), at: Self.start)
    #expect(refused == .refuseCall(streamID: 3, head: requestHead(3, EchoService.get).requestHead, .shuttingDown))
    #expect(machine.received(message(1, "still served"), at: Self.start) == .deliverMessage(streamID: 1, Data("still served".utf8)))
    #expect(machine.callEnded(1, serial: serial, at: Self.start) == (true, true))
    #expect(machine.phase == .closed)

    var idle = Self.greeted()
    #expect(idle.beginGracefulShutdown() == .sendGoAway(closeNow: true))

    var client = Self.greeted()
    #expect(client.received(Hadir_V1_Frame(streamID: 0, body: .goAway(Hadir_V1_GoAway())), at: Self.start) == .beginShutdown)
  }

  @Test("going away closes only once the frames being written have left")
  func closeAfterLastWrite() {
    // The last call's trailer is on its way when the call ends: close after it, not before.
    var machine = Self.greeted()
    let serial = Self.startedSerial(machine.received(requestHead(1, EchoService.get), at: Self.start))!
    #expect(machine.beginGracefulShutdown() == .sendGoAway(closeNow: false))
    machine.writeStarted(at: Self.at(1))
    #expect(machine.callEnded(1, serial: serial, at: Self.at(1)) == (true, false))
    #expect(machine.phase == .closing)
    #expect(machine.received(requestHead(3, EchoService.get), at: Self.at(1)) == .refuseCall(streamID: 3, head: requestHead(3, EchoService.get).requestHead, .shuttingDown))
    #expect(machine.writeFinished(at: Self.at(2)) == true)
    #expect(machine.phase == .closed)

    // Asked to go away while another answer is being written, with no call open.
    var busy = Self.greeted()
    busy.writeStarted(at: Self.at(1))
    #expect(busy.beginGracefulShutdown() == .sendGoAway(closeNow: false))
    #expect(busy.writeFinished(at: Self.at(1)) == true)

    // Before the client's Hello, there is nothing to wait for.
    var early = Self.machine()
    #expect(early.beginGracefulShutdown() == .sendGoAway(closeNow: true))
  }

  @Test("a client that reads nothing is let go even while the connection closes")
  func slowReaderWhileClosing() {
    // After a protocol fault, the GoAway still has to be written.
    var faulted = Self.greeted()
    _ = faulted.received(requestHead(1, EchoService.get), at: Self.at(1))
    #expect(Self.violation(faulted.received(message(9, "x"), at: Self.at(1))) != nil)
    #expect(!faulted.isOpen(1, serial: 1), "no call writes once the connection is closed")
    faulted.writeStarted(at: Self.at(2))
    #expect(faulted.timerToSet() == Self.at(32))
    guard case .abandonSlowReader = faulted.timerFired(at: Self.at(32)) else {
      Issue.record("a closing connection kept a client that reads nothing")
      return
    }

    // Going away, the last trailer never taken by the client.
    var leaving = Self.greeted()
    let serial = Self.startedSerial(leaving.received(requestHead(1, EchoService.get), at: Self.at(1)))!
    _ = leaving.beginGracefulShutdown()
    leaving.writeStarted(at: Self.at(5))
    _ = leaving.callEnded(1, serial: serial, at: Self.at(5))
    guard case .abandonSlowReader = leaving.timerFired(at: Self.at(35)) else {
      Issue.record("a connection going away kept a client that reads nothing")
      return
    }

    // Once the connection is gone, no rule waits.
    var gone = Self.greeted()
    gone.writeStarted(at: Self.at(1))
    gone.connectionClosed()
    #expect(gone.nextDeadline == nil)
    #expect(gone.timerFired(at: Self.at(100)) == .none)
  }

  @Test("a lost connection forgets every call still open")
  func connectionLost() {
    var machine = Self.greeted()
    let one = Self.startedSerial(machine.received(requestHead(1, EchoService.get), at: Self.start))!
    _ = machine.received(requestHead(3, EchoService.get), at: Self.start)
    machine.connectionClosed()
    #expect(machine.openCalls == 0)
    #expect(!machine.isOpen(1, serial: one))
    #expect(machine.nextDeadline == nil)
  }

  // MARK: Time

  @Test("no Hello within the hello timeout closes the connection, not a moment before")
  func helloTimeout() {
    var machine = Self.machine(hello: .seconds(10))
    #expect(machine.timerToSet() == Self.at(10))
    #expect(machine.timerFired(at: Self.at(9.999)) == .none)
    guard case .close(let violation) = machine.timerFired(at: Self.at(10)) else {
      Issue.record("no close at the hello timeout")
      return
    }
    #expect(violation.description == "No Hello arrived within 10.0 seconds.")
    #expect(machine.phase == .closed)
  }

  @Test("the idle timeout counts from the last frame, and from the end of the last call")
  func idleTimeout() {
    var machine = Self.greeted()
    #expect(machine.timerToSet() == Self.at(300))

    // A frame moves the deadline later; the timer already set finds nothing due.
    var ping = Hadir_V1_Ping()
    ping.payload = 1
    _ = machine.received(Hadir_V1_Frame(streamID: 0, body: .ping(ping)), at: Self.at(100))
    #expect(machine.timerToSet() == nil, "a later deadline keeps the earlier timer")
    #expect(machine.timerFired(at: Self.at(300)) == .none)
    #expect(machine.timerToSet() == Self.at(400))

    // An open call is never idle, however long it runs.
    let serial = Self.startedSerial(machine.received(requestHead(1, EchoService.get), at: Self.at(200)))!
    #expect(machine.nextDeadline == nil)
    #expect(machine.timerFired(at: Self.at(400)) == .none)
    _ = machine.callEnded(1, serial: serial, at: Self.at(1_000))
    #expect(machine.timerToSet() == Self.at(1_300))
    guard case .close(let violation) = machine.timerFired(at: Self.at(1_300)) else {
      Issue.record("no close at the idle timeout")
      return
    }
    #expect(violation.code == .idle)
  }

  @Test("a client that takes no answers for the slow-reader timeout is abandoned; one that reads is not")
  func slowReader() {
    var machine = Self.greeted()
    _ = machine.received(requestHead(1, EchoService.get), at: Self.at(1))
    _ = machine.timerFired(at: Self.at(10))
    machine.writeStarted(at: Self.at(20))
    #expect(machine.timerToSet() == Self.at(50))
    machine.writeStarted(at: Self.at(21))
    // One of the two writes went through at 45: the client reads, so the wait starts over.
    machine.writeFinished(at: Self.at(45))
    #expect(machine.timerFired(at: Self.at(50)) == .none)
    #expect(machine.timerToSet() == Self.at(75))
    guard case .abandonSlowReader(let violation) = machine.timerFired(at: Self.at(75)) else {
      Issue.record("the reader was not abandoned")
      return
    }
    #expect(violation.description.contains("read no answers for 30.0 seconds"))

    var reading = Self.greeted()
    _ = reading.received(requestHead(1, EchoService.get), at: Self.at(1))
    reading.writeStarted(at: Self.at(20))
    reading.writeFinished(at: Self.at(20.001))
    #expect(reading.nextDeadline == nil)
    #expect(reading.timerFired(at: Self.at(100)) == .none)
  }

  @Test("the timer is set again only for an earlier deadline")
  func lazyTimer() {
    var machine = Self.machine()
    #expect(machine.timerToSet() == Self.at(10), "the hello deadline")
    #expect(machine.timerToSet() == nil)
    _ = machine.received(clientHello(), at: Self.at(1))
    _ = machine.received(requestHead(1, EchoService.get), at: Self.at(1))
    machine.writeStarted(at: Self.at(2))
    #expect(machine.timerToSet() == nil, "the stall deadline (32 s) is later than the timer set (10 s)")
    _ = machine.timerFired(at: Self.at(10))
    #expect(machine.timerToSet() == Self.at(32))
  }
}

extension Hadir_V1_Frame {
  fileprivate var requestHead: Hadir_V1_RequestHead {
    if case .requestHead(let head) = self.body { return head }
    return Hadir_V1_RequestHead()
  }
}
