import ArgumentParser
import Foundation
import HadirClient
import HadirCore
import HadirPapers

struct Report: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: helpText(.helpReport), subcommands: [Attendance.self])

  struct Attendance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: helpText(.helpAttendance),
      discussion: helpText(.helpAboutAttendance))

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var event: EventOption
    @Option(help: ArgumentHelp(helpText(.helpOptionAttendanceCSV))) var csv: String?
    @Option(help: ArgumentHelp(helpText(.helpOptionDelimiter)))
    var delimiter: InviteeFile.Delimiter = .comma
    @Option(help: ArgumentHelp(helpText(.helpOptionAttendanceXLSX))) var xlsx: String?
    @Option(help: ArgumentHelp(helpText(.helpOptionAttendancePDF))) var pdf: String?
    @Option(help: ArgumentHelp(helpText(.helpOptionAttendanceDay))) var day: String?
    @Flag(help: ArgumentHelp(helpText(.helpOptionBlank))) var blank = false

    func validate() throws {
      if pdf != nil && day == nil { throw ValidationError(usageText(.usagePDFNeedsDay)) }
      if let day, CalendarDay(day) == nil { throw ValidationError(usageText(.usageDay, [.field: "--day", .value: day])) }
      if pdf == nil && (day != nil || blank) { throw ValidationError(usageText(.usageDayGoesWithPDF)) }
    }

    func run() async throws {
      try await connection.withClient { client in
        let eventCode = try await event.code(using: client)
        let details = try await client.event(code: eventCode)
        let report = try await client.attendance(eventCode: eventCode)
        let language = connection.language
        if let csv {
          let rows = attendanceRows(report, timeZone: details.timeZone, language: language)
          try Data(CSVText.render(rows, delimiter: delimiter.character).utf8).write(to: URL(fileURLWithPath: csv))
        }
        if let xlsx {
          do {
            try Spreadsheet.write(
              attendanceRows(report, timeZone: details.timeZone, language: language),
              sheet: connection.text(.sheetAttendance), to: xlsx)
          } catch {
            printError(connection.text(of: error))
            throw ExitCode(1)
          }
        }
        if let pdf, let day = day.flatMap(CalendarDay.init) {
          do {
            try AttendanceSheetPDF.write(try AttendanceSheet(report: report, event: details, day: day, blank: blank), to: pdf)
          } catch {
            // A day outside the event, or a file that cannot be written.
            printError(connection.text(of: error))
            throw ExitCode(1)
          }
        }
        if connection.json {
          struct Day: Encodable { var day: String; var checkedInAt: Date; var desk: String }
          struct Row: Encodable { var registration: Registration; var days: [Day] }
          struct Total: Encodable { var organization: String; var confirmed: Int; var present: [Int] }
          struct Output: Encodable {
            var eventCode: String
            var days: [String]
            var rows: [Row]
            var organizations: [Total]
            var noShows: [Registration]
          }
          return try printJSON(
            Output(
              eventCode: report.eventCode, days: report.days.map(\.description),
              rows: report.rows.map { row in
                Row(
                  registration: row.registration,
                  days: row.checkIns.map { Day(day: $0.day.description, checkedInAt: $0.at, desk: $0.desk) })
              },
              organizations: report.organizations.map { Total(organization: $0.organization, confirmed: $0.confirmed, present: $0.present) },
              noShows: report.noShows))
        }
        print(attendanceText(report, timeZone: details.timeZone, language: language))
        if let csv { print("\n" + connection.text(.wroteAttendance, [.value: terminalSafe(csv)])) }
        if let xlsx { print(connection.text(.wroteAttendance, [.value: terminalSafe(xlsx)])) }
        if let pdf { print(connection.text(.wroteSheet, [.day: terminalSafe(day ?? ""), .value: terminalSafe(pdf)])) }
      }
    }
  }
}

/// The per-person table, the totals per organization and the no-shows, for the terminal.
func attendanceText(_ report: AttendanceReport, timeZone: String, language: Language) -> String {
  let say = { (phrase: Phrase, facts: [Fact: String]) in Notice(phrase, facts).text(in: language) }
  let headings = [say(.headingNo, [:]), say(.headingName, [:]), say(.headingOrganization, [:])]
  var people = Table(headers: headings + report.days.map(\.description))
  for (index, row) in report.rows.enumerated() {
    let days = report.days.map { day in
      row.checkIns.first { $0.day == day }.map { arrivalText($0, timeZone: timeZone, language: language) } ?? "-"
    }
    // Someone who came and cancelled later stays in the list, marked.
    let name = row.registration.person.name
      + (row.registration.status == .cancelled ? " " + say(.cancelledMark, [:]) : "")
    people.rows.append(["\(index + 1)", name, row.registration.person.organization] + days)
  }
  var totals = Table(headers: [say(.headingOrganization, [:]), say(.headingConfirmed, [:])] + report.days.map(\.description))
  for total in report.organizations {
    totals.rows.append(
      [total.organization.isEmpty ? say(.noOrganization, [:]) : total.organization, "\(total.confirmed)"]
        + total.present.map(String.init))
  }
  let present = report.days.map { day in report.rows.filter { $0.checkIns.contains { $0.day == day } }.count }
  let confirmed = report.rows.filter { $0.registration.status == .confirmed }.count
  totals.rows.append([say(.headingTotal, [:]), "\(confirmed)"] + present.map(String.init))
  var text = say(.attendanceTitle, [.event: terminalSafe(report.eventCode)]) + "\n\n" + people.rendered + "\n\n"
    + totals.rendered
  text += "\n\n" + say(.noShows, [.count: "\(report.noShows.count)"])
  text += report.noShows.isEmpty
    ? say(.none, [:]) : report.noShows.map { terminalSafe($0.person.name) }.joined(separator: ", ")
  return text
}

/// When someone arrived and who recorded it: "07:40 desk 1" at the desk; for a day recorded
/// afterwards, the time given (or "?") and who recorded it when, so that a typed-in time is
/// never taken for an arrival.
func arrivalText(_ record: CheckInRecord, timeZone: String, language: Language) -> String {
  let arrival = record.arrival.map { localTime($0, timeZone: timeZone) } ?? "?"
  guard record.isBackFilled else { return "\(arrival) \(record.desk)" }
  return Notice(.recordedBy, [.time: arrival, .desk: record.desk, .value: venueTime(record.at, timeZone: timeZone)])
    .text(in: language)
}

/// The signed attendance list: one row per confirmed person (and per person who came and
/// cancelled later, marked so), time and desk per day.
func attendanceRows(_ report: AttendanceReport, timeZone: String, language: Language) -> [[String]] {
  let say = { (phrase: Phrase, facts: [Fact: String]) in Notice(phrase, facts).text(in: language) }
  var header = [say(.csvNo, [:]), say(.csvName, [:]), say(.csvOrganization, [:]), say(.csvPosition, [:]), say(.csvCode, [:])]
  for (index, day) in report.days.enumerated() {
    header += [
      say(.csvDayTime, [.count: "\(index + 1)", .day: day.description]), say(.csvDayDesk, [.count: "\(index + 1)"]),
    ]
  }
  header.append(say(.csvSignature, [:]))
  var rows = [header]
  for (index, row) in report.rows.enumerated() {
    var fields = [
      "\(index + 1)",
      row.registration.person.name + (row.registration.status == .cancelled ? " " + say(.cancelledMark, [:]) : ""),
      row.registration.person.organization, row.registration.person.position,
      RegistrationCode.display(row.registration.code),
    ]
    for day in report.days {
      let record = row.checkIns.first { $0.day == day }
      fields += [record.flatMap(\.arrival).map { localTime($0, timeZone: timeZone) } ?? "", record?.desk ?? ""]
    }
    fields.append("")
    rows.append(fields)
  }
  return rows
}
