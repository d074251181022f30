import ArgumentParser
import Foundation
import HadirClient
import HadirCore

/// `hadir audit`: who did what to an event and its people, and when.
struct Audit: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: helpText(.helpAudit))

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var event: EventOption
  @Option(help: ArgumentHelp(helpText(.helpOptionAuditCode))) var code: String?
  @Option(help: ArgumentHelp(helpText(.helpOptionAuditSince))) var since: String?

  func run() async throws {
    try await connection.withClient { client in
      let eventCode = try await event.code(using: client)
      let details = try await client.event(code: eventCode)
      let (records, omitted) = try await client.auditLog(eventCode: eventCode, code: code, since: since)
      if connection.json {
        struct Output: Encodable { var at: Date; var actor, action, code, detail: String }
        return try printJSON(records.map { Output(at: $0.at, actor: $0.actor, action: $0.action, code: $0.code, detail: $0.detail) })
      }
      if records.isEmpty { return print(connection.text(.nothingRecorded)) }
      var table = Table(
        connection.text(.headingTime), connection.text(.headingWho), connection.text(.headingAction),
        connection.text(.headingCode), connection.text(.headingDetail))
      for record in records {
        table.add(venueTime(record.at, timeZone: details.timeZone), record.actor, record.action, record.code, record.detail)
      }
      print(table.rendered)
      if omitted > 0 { print(connection.text(.olderNotShown, [.count: "\(omitted)"])) }
    }
  }
}

/// "2025-05-27 08:02" at the venue.
func venueTime(_ date: Date, timeZone: String) -> String {
  var calendar = Calendar(identifier: .gregorian)
  calendar.timeZone = TimeZone(identifier: timeZone) ?? .gmt
  let parts = calendar.dateComponents([.year, .month, .day], from: date)
  let day = CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)!
  return "\(day) \(localTime(date, timeZone: timeZone))"
}
