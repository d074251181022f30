import ArgumentParser
import Foundation
import HadirClient
import HadirCore

/// A long-running desk: reads codes line by line from a keyboard-wedge scanner or the
/// keyboard, and answers each in one large coloured line. A bad scan never stops it, and a
/// dropped connection is retried with the same request id, so nothing is counted twice.
struct Desk: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: helpText(.helpDesk))

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var event: EventOption

  @Option(help: ArgumentHelp(helpText(.helpOptionRetryFor)))
  var retryFor: Int = 30

  func run() async throws {
    let retryLimit = Duration.seconds(retryFor)
    try await connection.withClient { client in
      let eventCode = try await event.code(using: client)
      let details = try await client.event(code: eventCode)
      // Style makes the title terminal-safe.
      say(Style.bold(connection.text(.deskTitle, [.title: details.title, .event: details.code])))
      say(connection.text(.deskInstructions) + "\n")
      for await line in standardInputLines() {
        let input = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if input.isEmpty { continue }
        if ["q", "quit", "exit"].contains(input.lowercased()) { break }
        if input.hasPrefix("?") {
          await search(String(input.dropFirst()), eventCode: eventCode, client: client)
        } else {
          await scan(input, eventCode: eventCode, client: client, retryLimit: retryLimit)
        }
      }
    }
  }

  private func search(_ query: String, eventCode: String, client: HadirClient) async {
    do {
      let (people, day) = try await client.find(eventCode: eventCode, query: query)
      say(findTable(people, day: day, connection: connection) + "\n")
    } catch {
      say(Style.red(" \(describe(error)) ") + "\n")
    }
  }

  /// Checks one code in, retrying with the same request id while the server is unreachable.
  private func scan(_ code: String, eventCode: String, client: HadirClient, retryLimit: Duration) async {
    let requestID = RequestID.random()
    let started = ContinuousClock.now
    var delay = Duration.milliseconds(500)
    while true {
      do {
        let answer = try await client.checkIn(eventCode: eventCode, code: code, requestID: requestID)
        say(bigLine(answer))
        return
      } catch let error as HadirClientError where error.kind == .unavailable || error.kind == .timedOut {
        if ContinuousClock.now - started > retryLimit {
          say(Style.red(" \(connection.text(.deskNotRecorded, [.code: code])) ") + "\n")
          return
        }
        if delay == .milliseconds(500) { say(terminalSafe(error.message)) }
        say(Style.amber(" \(connection.text(.deskRetrying)) "))
        try? await Task.sleep(for: delay)
        delay = min(delay * 2, .seconds(4))
      } catch {
        say(Style.red(" \(describe(error)) ") + "\n")
        return
      }
    }
  }

  /// The desk's answer: one large coloured line with the person, then the server's message,
  /// every value terminal-safe.
  private func bigLine(_ answer: DeskAnswer) -> String {
    let look = AnswerLook(answer.outcome)
    let word: String
    switch look {
    case .green: word = connection.text(.wordIn)
    case .amber: word = connection.text(.wordAlreadyIn)
    case .red: word = connection.text(.wordStop)
    }
    var who = ""
    if let registration = answer.registration {
      who = "  \(terminalSafe(registration.person.name))"
      if !registration.person.organization.isEmpty { who += " · \(terminalSafe(registration.person.organization))" }
    }
    return look.paint("  \(word)\(who)  ") + "\n  \(terminalSafe(answer.message))\n"
  }

  private func describe(_ error: any Error) -> String {
    guard let error = error as? HadirClientError else { return "\(error)" }
    return [error.message, connection.advice(for: error.reason)].compactMap { $0 }.joined(separator: " ")
  }
}

/// Lines from standard input, read on a thread of their own so that waiting for the
/// scanner never holds up the connection's work.
func standardInputLines() -> AsyncStream<String> {
  let (stream, continuation) = AsyncStream.makeStream(of: String.self)
  let reader = Thread {
    while let line = readLine(strippingNewline: true) { continuation.yield(line) }
    continuation.finish()
  }
  reader.start()
  return stream
}
