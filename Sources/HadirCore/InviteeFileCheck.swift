import Foundation

/// A whole invitee file, read and checked: what the import report says of the file, and
/// the people in it.
public struct CheckedInviteeFile: Sendable {
  /// Rows with something in them, not counting the header.
  public var rows: Int
  public var delimiter: InviteeFile.Delimiter
  public var headers: [String]
  public var columns: InviteeColumns
  public var checked: CheckedInvitees
  /// A row changed someone the check had already handed on
  /// (``InviteeFile/check(_:mapping:skipInvalid:expectedPeople:isCancelled:handingOn:)``): what was handed
  /// on must be set aside for `checked.invitees`.
  public var revisedAfterHandingOn = false
}

extension InviteeFile {
  /// Rows handed from the reading thread to the checking one at a time.
  static let rowsPerBatch = 250
  /// Batches read ahead of the checks at most: what bounds the rows held at once.
  static let batchesAhead = 2

  /// The line breaks in `bytes`: at least the rows of a file (a row ends with one, unless
  /// it is the last), and exactly them when no quoted value holds one. Counted while a file
  /// arrives, to make room for its people once.
  public static func lineBreaks(in bytes: UnsafeRawBufferPointer) -> Int {
    guard var next = bytes.baseAddress else { return 0 }
    let end = next + bytes.count
    var count = 0
    while next < end, let found = memchr(next, 0x0A, end - next) {
      count += 1
      next = UnsafeRawPointer(found) + 1
    }
    return count
  }

  /// Reads and checks a whole file, letting go of its bytes once decoded. The CSV is read
  /// on a thread of its own, a few hundred rows ahead of the checks made on the calling
  /// thread (``batchesAhead`` batches waiting and one being read), so a large list takes
  /// as long as the slower of the two rather than both. The outcome is the same as reading
  /// and checking row by row: what is wrong with the file as a whole is said before what
  /// is wrong with its columns, and the rows are checked in file order.
  ///
  /// With `handingOn`, the invitees are also handed on as they are checked, a batch at a
  /// time and in file order, so that they can be written while the rest of the file is
  /// read. When a later row changes someone already handed on (merged into them, adding or
  /// replacing a detail), handing on stops and the result says so
  /// (``CheckedInviteeFile/revisedAfterHandingOn``): what was handed on is no longer the
  /// list, which is `checked.invitees`. A row that only repeats someone changes nothing.
  /// `handingOn` returning false (its taker has given up) stops the check with
  /// `CancellationError`. `expectedPeople` makes room for that many at once.
  ///
  /// Blocks the calling thread until done: call it off Swift's cooperative pool.
  /// `isCancelled` is asked between batches; once it says yes, reading stops and
  /// `CancellationError` is thrown.
  public static func check(
    _ bytes: consuming [UInt8], mapping: [String: String], skipInvalid: Bool, expectedPeople: Int = 0,
    isCancelled: @escaping @Sendable () -> Bool = { false },
    handingOn: (([Invitee]) -> Bool)? = nil
  ) throws -> CheckedInviteeFile {
    var reader = try Reader(consume bytes)
    let first = try reader.next()
    let columns = try InviteeColumns.resolve(headers: reader.headers, mapping: mapping, strict: !skipInvalid)
    var checked = CheckedInvitees(columns: columns, headerCount: reader.headers.count)
    checked.reserveCapacity(expectedPeople)
    var handedOn = HandingOn(to: handingOn)
    var rows = 0
    if let first {
      rows += 1
      checked.check(first)
      try handedOn.handOn(checked)
    }
    let batches = Handover<[InviteeFile.Row], Void>(capacity: batchesAhead)
    let reading = ReadingThread(reader: reader)
    Thread.detachNewThread { reading.run(into: batches) }
    defer { batches.stop() }
    while let batch = try batches.nextBatch() {
      if isCancelled() { throw CancellationError() }
      for row in batch { checked.check(row) }
      rows += batch.count
      try handedOn.handOn(checked)
    }
    return CheckedInviteeFile(
      rows: rows, delimiter: reader.delimiter, headers: reader.headers, columns: columns, checked: checked,
      revisedAfterHandingOn: handedOn.revised)
  }
}

/// What the check has handed on of its invitees, and whether a row merged since changed
/// one of them.
private struct HandingOn {
  let taker: (([Invitee]) -> Bool)?
  private(set) var revised = false
  /// Invitees handed on, and merged rows seen, so far.
  private var invitees = 0
  private var merged = 0

  init(to taker: (([Invitee]) -> Bool)?) { self.taker = taker }

  /// Hands on the invitees checked since the last time, unless a row merged since then
  /// went into one already handed on.
  mutating func handOn(_ checked: CheckedInvitees) throws {
    guard let taker, !revised else { return }
    defer { merged = checked.merged.count }
    if invitees > 0 {
      let lastHandedOn = checked.invitees[invitees - 1].line
      if checked.merged[merged...].contains(where: { $0.changedFirst && $0.firstLine <= lastHandedOn }) {
        revised = true
        return
      }
    }
    guard checked.invitees.count > invitees else { return }
    guard taker(Array(checked.invitees[invitees...])) else { throw CancellationError() }
    invitees = checked.invitees.count
  }
}

/// The reader, handed whole to the thread that reads the rest of the file; the thread that
/// made it never touches it again.
private final class ReadingThread: @unchecked Sendable {
  private var reader: InviteeFile.Reader

  init(reader: InviteeFile.Reader) { self.reader = reader }

  func run(into batches: Handover<[InviteeFile.Row], Void>) {
    var batch: [InviteeFile.Row] = []
    batch.reserveCapacity(InviteeFile.rowsPerBatch)
    do {
      while let row = try reader.next() {
        batch.append(row)
        guard batch.count == InviteeFile.rowsPerBatch else { continue }
        guard batches.put(batch) else { return }
        batch.removeAll(keepingCapacity: true)
      }
      if !batch.isEmpty { _ = batches.put(batch) }
      batches.finish(.success(()))
    } catch {
      batches.finish(.failure(error))
    }
  }
}
