import Foundation
import GRPCCore
import HadirCore
import HadirProto
import HadirStore
import Logging
import Synchronization

/// Receives an invitee list in chunks, checks it whole, and applies it in one transaction.
struct InviteeImporter: Sendable {
  let database: AppDatabase
  let feed: ChangeFeed
  let now: @Sendable () -> Date
  /// The largest file accepted, in bytes.
  let maxBytes: Int
  let logger: Logger

  /// Most rejected rows and waitlisted people listed in one report; the counts are complete.
  static let listLimit = 10_000
  /// Imports read, checked and written at once, server-wide: one per core (the writing
  /// waits its turn for the writer).
  static let checkSlots = ImportSlots(limit: 2)

  func run(_ request: RPCAsyncSequence<Hadir_V1_ImportRequest, any Error>) async throws -> Hadir_V1_ImportReport {
    var iterator = request.makeAsyncIterator()
    guard let first = try await iterator.next(), case .options(let options) = first.part else {
      throw HadirError.invalid("options", Notice(.importOptionsFirst))
    }
    let (principal, event) = try await RequestAuthentication.caller(
      forEvent: options.eventCode, roles: [.admin, .organizer], to: .importInviteeLists, in: database)
    let eventCode = event.code
    if options.totalBytes > UInt64(maxBytes) {
      throw tooLarge(Int(clamping: options.totalBytes))
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Int(min(options.totalBytes, UInt64(maxBytes))))
    // Counted as the file arrives: room for its people is made once, not step by step.
    var lineBreaks = 0
    while let message = try await iterator.next() {
      guard case .chunk(let chunk) = message.part else {
        throw HadirError.invalid("options", Notice(.importOptionsOnce))
      }
      guard bytes.count + chunk.count <= maxBytes else { throw tooLarge(bytes.count + chunk.count) }
      bytes.append(contentsOf: chunk)
      lineBreaks += chunk.withUnsafeBytes { InviteeFile.lineBreaks(in: $0) }
    }
    let received = ContinuousClock.now
    let byteCount = bytes.count
    let expectedPeople = lineBreaks
    let mapping = Dictionary(options.columns.map { ($0.header, $0.field) }, uniquingKeysWith: { $1 })
    // The file's bytes are let go once decoded, and its rows once checked.
    let handoff = Handoff(consume bytes)
    let dryRun = options.dryRun
    let skipInvalid = options.skipInvalid
    let (file, result) = try await Self.checkSlots.run {
      // The check hands its invitees to the import's transaction as it goes, so the list is
      // written while the rest of it is read; what is kept is decided once it is all checked.
      // Everyone is registered at the time the import's writing starts.
      let invitees = Handover<[InviteeToWrite], CheckedInviteeFile>(capacity: Self.batchesToWrite)
      async let written = database.importInvitees(
        eventCode: eventCode, handedOver: invitees, expecting: expectedPeople, by: principal.actor, at: now(),
        listing: Self.listLimit, applies: { file in !dryRun && !Self.refused(file, skipInvalid: skipInvalid) })
      let file: CheckedInviteeFile
      do {
        file = try await Self.check(
          handoff, mapping: mapping, skipInvalid: skipInvalid, expectedPeople: expectedPeople, handingOn: invitees)
      } catch let checkError as CancellationError {
        // A write that failed (the database busy or full) stopped the check: then its
        // error is the one to tell, even where the rest of the file had a mistake too.
        do { _ = try await written } catch where !(error is CancellationError) { throw error }
        throw checkError
      }
      // Any other failure of the check is told as it is; leaving this scope cancels the
      // write, which is dropped if it is still waiting for the writer.
      return (file, try await written)
    }
    let refused = Self.refused(file, skipInvalid: skipInvalid)
    let apply = !dryRun && !refused
    if apply && result.created + result.updated > 0 { await feed.publish(nil, of: eventCode) }
    logger.debug(
      "import",
      metadata: [
        "rows": "\(file.rows)", "bytes": "\(byteCount)", "check and write": "\(ContinuousClock.now - received)",
        "written again": "\(file.revisedAfterHandingOn)", "applied": "\(apply)",
      ])
    return report(
      file: file, result: result, applied: apply, refused: refused,
      dryRun: options.dryRun)
  }

  /// Batches of checked invitees that may wait for the import's transaction.
  static let batchesToWrite = 4

  /// A list with rows that cannot be imported is refused whole, unless they are to be skipped.
  static func refused(_ file: CheckedInviteeFile, skipInvalid: Bool) -> Bool {
    !file.checked.rejected.isEmpty && !skipInvalid
  }

  /// Reads and checks the file on threads of its own: parsing and checking a large list
  /// takes a second of CPU, which Swift's cooperative pool (one thread per core) must not
  /// spend. The checked invitees are handed to `invitees` as they come, with their search
  /// keys made here, and the outcome ends it. A call cancelled (its client gone) stops the reading.
  private static func check(
    _ bytes: Handoff<[UInt8]>, mapping: [String: String], skipInvalid: Bool, expectedPeople: Int,
    handingOn invitees: Handover<[InviteeToWrite], CheckedInviteeFile>
  ) async throws -> CheckedInviteeFile {
    let cancelled = CancellationFlag()
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
          let outcome = Result {
            try InviteeFile.check(
              bytes.take(), mapping: mapping, skipInvalid: skipInvalid, expectedPeople: expectedPeople,
              isCancelled: { cancelled.isSet }, handingOn: { invitees.put($0.map(InviteeToWrite.init)) })
          }
          invitees.finish(outcome)
          continuation.resume(with: outcome)
        }
      }
    } onCancel: {
      cancelled.set()
    }
  }

  private func tooLarge(_ size: Int) -> HadirError {
    HadirError.invalid("file", Notice(.importTooLarge, [.size: megabytes(size), .limit: megabytes(maxBytes)]))
  }

  private func megabytes(_ bytes: Int) -> String {
    bytes >= 1_048_576 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\(bytes) bytes"
  }

  private func report(
    file: CheckedInviteeFile, result: ImportResult, applied: Bool, refused: Bool, dryRun: Bool
  ) -> Hadir_V1_ImportReport {
    let checked = file.checked
    var report = Hadir_V1_ImportReport()
    report.rows = UInt32(file.rows)
    report.created = UInt32(result.created)
    report.updated = UInt32(result.updated)
    report.unchanged = UInt32(result.unchanged)
    report.confirmed = UInt32(result.confirmed)
    report.waitlisted = UInt32(result.waitlisted)
    report.rejected = UInt32(checked.rejected.count)
    report.applied = applied
    report.delimiter = file.delimiter.rawValue
    report.headers = file.headers
    report.columns = file.columns.uses(headers: file.headers).map { use in
      var column = Hadir_V1_ColumnUse()
      column.header = use.header
      column.field = use.field?.rawValue ?? ""
      return column
    }
    report.rejectedRows = checked.rejected.prefix(Self.listLimit).map { row in
      var message = Hadir_V1_RejectedRow()
      message.line = UInt32(row.line)
      message.reason = row.problem.text(in: CallLanguage.current)
      message.field = row.field ?? ""
      message.values = row.values
      return message
    }
    report.rejectedRowsOmitted = UInt32(max(0, checked.rejected.count - Self.listLimit))
    report.mergedRows = checked.merged.prefix(Self.listLimit).map { row in
      var message = Hadir_V1_MergedRow()
      message.firstLine = UInt32(row.firstLine)
      message.line = UInt32(row.line)
      message.name = row.name
      message.reason = row.sameness.text(in: CallLanguage.current)
      return message
    }
    report.waitlistedPeople = result.waitlistedPeople.map { person in
      var message = Hadir_V1_ImportedPerson()
      message.line = UInt32(person.line)
      message.name = person.name
      // A dry run, or a list refused for its rows, writes nothing, so the codes it drew are
      // not anyone's: leave them out rather than show codes the real import will not give.
      message.code = applied ? RegistrationCode.display(person.code) : ""
      message.waitlistPosition = UInt32(person.position)
      return message
    }
    report.waitlistedPeopleOmitted = UInt32(max(0, result.waitlisted - result.waitlistedPeople.count))
    report.summary = summary(result, rejected: checked.rejected.count, applied: applied, refused: refused, dryRun: dryRun)
    return report
  }

  /// The outcome in one sentence, in the caller's language.
  private func summary(_ result: ImportResult, rejected: Int, applied: Bool, refused: Bool, dryRun: Bool) -> String {
    let language = CallLanguage.current
    if refused { return Notice(.importRefused, [.count: "\(rejected)"]).text(in: language) }
    if result.created + result.updated == 0 {
      return Notice(dryRun ? .importWouldChangeNothing : .importChangedNothing).text(in: language)
    }
    let counts: [Fact: String] = [
      .count: "\(result.created)", .confirmed: "\(result.confirmed)", .waiting: "\(result.waitlisted)",
      .value: "\(result.updated)", .expected: "\(result.unchanged)",
    ]
    var text = Notice(dryRun ? .importDryRun : .importDone, counts).text(in: language)
    if rejected > 0 { text += Notice(.importSkipped, [.count: "\(rejected)"]).text(in: language) }
    return text
  }
}

/// A value handed from one thread to another once: taken, it is no longer held here, so a
/// large file is let go as soon as its reader has decoded it.
private final class Handoff<Value>: @unchecked Sendable {
  private var value: Value?

  init(_ value: consuming Value) { self.value = value }

  /// The value; called once, by the one thread it is handed to.
  func take() -> Value {
    defer { value = nil }
    return value!
  }
}

/// Set when a call is cancelled, read by work on other threads between steps.
private final class CancellationFlag: Sendable {
  private let flag = Atomic<Bool>(false)

  func set() { flag.store(true, ordering: .relaxed) }
  var isSet: Bool { flag.load(ordering: .relaxed) }
}
