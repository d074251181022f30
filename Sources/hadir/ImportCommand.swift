import ArgumentParser
import Foundation
import HadirClient
import HadirCore

struct Import: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: helpText(.helpImport),
    discussion: helpText(.helpAboutImport))

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var event: EventOption
  @Argument(help: ArgumentHelp(helpText(.helpOptionImportFile))) var file: String
  @Flag(help: ArgumentHelp(helpText(.helpOptionImportDryRun))) var dryRun = false
  @Flag(help: ArgumentHelp(helpText(.helpOptionSkipInvalid))) var skipInvalid = false
  @Option(help: ArgumentHelp(helpText(.helpOptionErrorsFile)))
  var errors: String?
  @Option(
    name: .customLong("column"),
    help: ArgumentHelp(helpText(.helpOptionColumn)))
  var columns: [String] = []

  func run() async throws {
    let bytes: [UInt8]
    do {
      bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
    } catch {
      printError("Cannot read \(file): \((error as NSError).localizedDescription)")  // printError makes it terminal-safe
      throw ExitCode(1)
    }
    var mapping: [String: String] = [:]
    for column in columns {
      let parts = column.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw ValidationError(usageText(.usageColumn, [.value: column]))
      }
      mapping[parts[0]] = parts[1]
    }
    let progress = ProgressBar(total: bytes.count, label: (file as NSString).lastPathComponent)
    var refused = false
    try await connection.withClient { client in
      let report = try await client.importInvitees(
        eventCode: try await event.code(using: client), file: bytes,
        options: ImportOptions(dryRun: dryRun, skipInvalid: skipInvalid, columns: mapping),
        progress: { progress.update($0) })
      progress.finish()
      refused = !report.applied && !dryRun
      if let errors, !report.rejectedRows.isEmpty {
        try Data(rejectedCSV(report, language: connection.language).utf8).write(to: URL(fileURLWithPath: errors))
      }
      if connection.json { return try printJSON(ImportOutput(report)) }
      print(importText(report, errorsFile: errors, language: connection.language))
    }
    if refused { throw ExitCode(1) }
  }
}

/// The summary table, the rejected rows and the waitlisted people, for the terminal.
func importText(_ report: ImportReport, errorsFile: String?, language: Language) -> String {
  let say = { (phrase: Phrase, facts: [Fact: String]) in Notice(phrase, facts).text(in: language) }
  var table = Table("", "")
  table.headers = ["", say(.headingPeople, [:])]
  table.add(say(.rowsRead, [:]), "\(report.rows)")
  table.add(say(.rowsCreated, [:]), "\(report.created)")
  table.add(say(.rowsConfirmed, [:]), "\(report.confirmed)")
  table.add(say(.rowsWaitlisted, [:]), "\(report.waitlisted)")
  table.add(say(.rowsUpdated, [:]), "\(report.updated)")
  table.add(say(.rowsUnchanged, [:]), "\(report.unchanged)")
  table.add(say(.rowsRejected, [:]), "\(report.rejected)")
  // Each column with the field it filled, so that a column read wrongly or not at all shows.
  let columns = report.columns.map { column in
    "\(terminalSafe(column.header)) → \(column.field.map { terminalSafe($0) } ?? say(.columnNotUsed, [:]))"
  }.joined(separator: " | ")
  let delimiter: String =
    switch report.delimiter {
    case "comma": say(.delimiterComma, [:])
    case "semicolon": say(.delimiterSemicolon, [:])
    case "tab": say(.delimiterTab, [:])
    default: terminalSafe(report.delimiter)
    }
  var text = say(.importColumns, [.value: delimiter, .items: columns]) + "\n\n" + table.rendered
  if !report.mergedRows.isEmpty {
    // Two rows taken for one person: the organizer should see both lines and check.
    text += "\n\n" + say(.mergedHeading, [:]) + "\n"
    for row in report.mergedRows.prefix(20) {
      text += say(
        .mergedLine,
        [.count: "\(row.line)", .first: "\(row.firstLine)", .name: terminalSafe(row.name), .value: terminalSafe(row.reason)])
        + "\n"
    }
    if report.mergedRows.count > 20 { text += say(.andMoreJSON, [.count: "\(report.mergedRows.count - 20)"]) + "\n" }
  }
  if !report.rejectedRows.isEmpty {
    text += "\n\n" + say(.rejectedHeading, [:]) + "\n"
    for row in report.rejectedRows.prefix(20) {
      text += say(.rejectedLine, [.count: "\(row.line)", .value: terminalSafe(row.reason)]) + "\n"
    }
    let more = report.rejectedRows.count - 20 + report.rejectedRowsOmitted
    if more > 0 {
      text += say(.andMore, [.count: "\(more)"]) + (errorsFile == nil ? say(.useErrorsFile, [:]) : "") + ".\n"
    }
    if let errorsFile { text += say(.allRejectedIn, [.value: terminalSafe(errorsFile)]) + "\n" }
  }
  if !report.waitlistedPeople.isEmpty {
    text += "\n" + say(.waitlistedHeading, [:]) + "\n"
    for person in report.waitlistedPeople.prefix(10) {
      let code = person.code.isEmpty ? say(.codeOnImport, [:]) : terminalSafe(person.code)
      text += say(
        .waitlistedLine,
        [.count: "\(person.position)", .name: terminalSafe(person.name), .code: code, .first: "\(person.line)"]) + "\n"
    }
    let more = report.waitlistedPeople.count - 10 + report.waitlistedPeopleOmitted
    if more > 0 { text += say(.moreWaitlisted, [.count: "\(more)"]) + "\n" }
  }
  return text + "\n" + Style.bold(report.summary)
}

/// The rejected rows as CSV in the file's own delimiter: the line, the file's columns, and
/// the problem.
func rejectedCSV(_ report: ImportReport, language: Language) -> String {
  var rows = [[Notice(.csvLine).text(in: language)] + report.headers + [Notice(.csvProblem).text(in: language)]]
  for row in report.rejectedRows {
    var values = row.values
    if values.count < report.headers.count { values += Array(repeating: "", count: report.headers.count - values.count) }
    rows.append(["\(row.line)"] + values + [row.reason])
  }
  let delimiter: Character = report.delimiter == "semicolon" ? ";" : report.delimiter == "tab" ? "\t" : ","
  return CSVText.render(rows, delimiter: delimiter)
}

struct ImportOutput: Encodable {
  struct Rejected: Encodable { var line: Int; var reason: String; var field: String?; var values: [String] }
  struct Waitlisted: Encodable { var line: Int; var name: String; var code: String; var position: Int }
  var rows, created, updated, unchanged, confirmed, waitlisted, rejected: Int
  var applied: Bool
  var delimiter: String
  var headers: [String]
  /// Each header with the field it filled; null for a column not used.
  var columns: [[String: String?]]
  var rejectedRows: [Rejected]
  struct Merged: Encodable { var firstLine, line: Int; var name, reason: String }
  /// Rows taken for a person listed earlier in the file.
  var mergedRows: [Merged]
  var waitlistedPeople: [Waitlisted]
  var summary: String

  init(_ report: ImportReport) {
    rows = report.rows
    created = report.created
    updated = report.updated
    unchanged = report.unchanged
    confirmed = report.confirmed
    waitlisted = report.waitlisted
    rejected = report.rejected
    applied = report.applied
    delimiter = report.delimiter
    headers = report.headers
    columns = report.columns.map { ["header": $0.header, "field": $0.field] }
    mergedRows = report.mergedRows.map { Merged(firstLine: $0.firstLine, line: $0.line, name: $0.name, reason: $0.reason) }
    rejectedRows = report.rejectedRows.map { Rejected(line: $0.line, reason: $0.reason, field: $0.field, values: $0.values) }
    waitlistedPeople = report.waitlistedPeople.map { Waitlisted(line: $0.line, name: $0.name, code: $0.code, position: $0.position) }
    summary = report.summary
  }
}

/// A progress bar on standard error, shown only on a terminal and for files over 1 MB.
final class ProgressBar: Sendable {
  private let total: Int
  private let label: String
  private let shown: Bool

  init(total: Int, label: String) {
    self.total = total
    self.label = terminalSafe(label)
    self.shown = isatty(STDERR_FILENO) == 1 && total > 1_000_000
  }

  func update(_ done: Int) {
    guard shown else { return }
    let width = 30
    let filled = total == 0 ? width : width * done / total
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    let text = String(format: "\r%@ [%@] %3d%% %.1f/%.1f MB", label, bar, total == 0 ? 100 : 100 * done / total,
                      Double(done) / 1_048_576, Double(total) / 1_048_576)
    FileHandle.standardError.write(Data(text.utf8))
  }

  func finish() {
    guard shown else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K\(label): sent; the server is checking and importing…\n".utf8))
  }
}
