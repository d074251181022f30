import ArgumentParser
import Foundation
import HadirClient
import HadirCore

struct Report: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Reports for organizers.", subcommands: [Attendance.self])

  struct Attendance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Who came on which day, totals per organization, and no-shows.",
      discussion: "--csv FILE writes the attendance list for printing and signing (one row per person, a time and desk per day, a signature column).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var event: EventOption
    @Option(help: "Also write the attendance list as CSV to this file.") var csv: String?

    func run() async throws {
      try await connection.withClient { client in
        let eventCode = try await event.code(using: client)
        let details = try await client.event(code: eventCode)
        let report = try await client.attendance(eventCode: eventCode)
        if let csv {
          try Data(attendanceCSV(report, timeZone: details.timeZone).utf8).write(to: URL(fileURLWithPath: csv))
        }
        if connection.json {
          struct Day: Encodable { var day: String; var checkedInAt: Date; var desk: String }
          struct Row: Encodable { var registration: RegistrationOutput; var days: [Day] }
          struct Total: Encodable { var organization: String; var confirmed: Int; var present: [Int] }
          struct Output: Encodable {
            var eventCode: String
            var days: [String]
            var rows: [Row]
            var organizations: [Total]
            var noShows: [RegistrationOutput]
          }
          return try printJSON(
            Output(
              eventCode: report.eventCode, days: report.days.map(\.description),
              rows: report.rows.map { row in
                Row(
                  registration: .init(row.registration),
                  days: row.checkIns.map { Day(day: $0.day.description, checkedInAt: $0.at, desk: $0.desk) })
              },
              organizations: report.organizations.map { Total(organization: $0.organization, confirmed: $0.confirmed, present: $0.present) },
              noShows: report.noShows.map(RegistrationOutput.init)))
        }
        print(attendanceText(report, timeZone: details.timeZone))
        if let csv { print("\nWrote the attendance list to \(terminalSafe(csv)).") }
      }
    }
  }
}

/// The per-person table, the totals per organization and the no-shows, for the terminal.
func attendanceText(_ report: AttendanceReport, timeZone: String) -> String {
  var people = Table(headers: ["NO", "NAME", "ORGANIZATION"] + report.days.map(\.description))
  for (index, row) in report.rows.enumerated() {
    let days = report.days.map { day in
      row.checkIns.first { $0.day == day }.map { "\(localTime($0.at, timeZone: timeZone)) \($0.desk)" } ?? "-"
    }
    people.rows.append(["\(index + 1)", row.registration.person.name, row.registration.person.organization] + days)
  }
  var totals = Table(headers: ["ORGANIZATION", "CONFIRMED"] + report.days.map(\.description))
  for total in report.organizations {
    totals.rows.append([total.organization.isEmpty ? "(none)" : total.organization, "\(total.confirmed)"] + total.present.map(String.init))
  }
  let present = report.days.map { day in report.rows.filter { $0.checkIns.contains { $0.day == day } }.count }
  totals.rows.append(["TOTAL", "\(report.rows.count)"] + present.map(String.init))
  var text = "Attendance, event \(terminalSafe(report.eventCode))\n\n" + people.rendered + "\n\n" + totals.rendered
  text += "\n\nNo-shows (\(report.noShows.count)): "
  text += report.noShows.isEmpty ? "none" : report.noShows.map { terminalSafe($0.person.name) }.joined(separator: ", ")
  return text
}

/// The signed attendance list: one row per confirmed person, time and desk per day.
func attendanceCSV(_ report: AttendanceReport, timeZone: String) -> String {
  var header = ["No", "Name", "Organization", "Position", "Code"]
  for (index, day) in report.days.enumerated() {
    header += ["Day \(index + 1) (\(day)) time", "Day \(index + 1) desk"]
  }
  header.append("Signature")
  var rows = [header]
  for (index, row) in report.rows.enumerated() {
    var fields = [
      "\(index + 1)", row.registration.person.name, row.registration.person.organization,
      row.registration.person.position, RegistrationCode.display(row.registration.code),
    ]
    for day in report.days {
      let record = row.checkIns.first { $0.day == day }
      fields += [record.map { localTime($0.at, timeZone: timeZone) } ?? "", record?.desk ?? ""]
    }
    fields.append("")
    rows.append(fields)
  }
  return CSVText.render(rows)
}
