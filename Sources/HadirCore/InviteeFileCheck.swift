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
}

extension InviteeFile {
  /// Rows handed from the reading thread to the checking one at a time.
  static let rowsPerBatch = 250
  /// Batches read ahead of the checks at most: what bounds the rows held at once.
  static let batchesAhead = 2

  /// Reads and checks a whole file, letting go of its bytes once decoded. The CSV is read
  /// on a thread of its own, a few hundred rows ahead of the checks made on the calling
  /// thread (``batchesAhead`` batches waiting and one being read), so a large list takes as long as the slower of the two rather than
  /// both. The outcome is the same as reading and checking row by row: what is wrong with
  /// the file as a whole is said before what is wrong with its columns, and the rows are
  /// checked in file order.
  ///
  /// Blocks the calling thread until done: call it off Swift's cooperative pool.
  /// `isCancelled` is asked between batches; once it says yes, reading stops and
  /// `CancellationError` is thrown.
  public static func check(
    _ bytes: consuming [UInt8], mapping: [String: String], skipInvalid: Bool,
    isCancelled: @escaping @Sendable () -> Bool = { false }
  ) throws -> CheckedInviteeFile {
    var reader = try Reader(consume bytes)
    let first = try reader.next()
    let columns = try InviteeColumns.resolve(headers: reader.headers, mapping: mapping, strict: !skipInvalid)
    var checked = CheckedInvitees(columns: columns, headerCount: reader.headers.count)
    var rows = 0
    if let first {
      rows += 1
      checked.check(first)
    }
    let batches = RowBatches(capacity: batchesAhead)
    let reading = ReadingThread(reader: reader)
    Thread.detachNewThread { reading.run(into: batches) }
    defer { batches.stop() }
    while let batch = try batches.take() {
      if isCancelled() { throw CancellationError() }
      for row in batch { checked.check(row) }
      rows += batch.count
    }
    return CheckedInviteeFile(
      rows: rows, delimiter: reader.delimiter, headers: reader.headers, columns: columns, checked: checked)
  }
}

/// The reader, handed whole to the thread that reads the rest of the file; the thread that
/// made it never touches it again.
private final class ReadingThread: @unchecked Sendable {
  private var reader: InviteeFile.Reader

  init(reader: InviteeFile.Reader) { self.reader = reader }

  func run(into batches: RowBatches) {
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
      batches.finish(throwing: nil)
    } catch {
      batches.finish(throwing: error)
    }
  }
}

/// Batches of rows from one thread to another, at most `capacity` waiting: the reader
/// waits while the checks are behind, and stops when the checks give up.
private final class RowBatches: @unchecked Sendable {
  private let condition = NSCondition()
  private let capacity: Int
  private var waiting: [[InviteeFile.Row]] = []
  private var finished = false
  private var failure: HadirError?
  private var stopped = false

  init(capacity: Int) { self.capacity = capacity }

  /// Hands over a batch, waiting for room; false once the taker has stopped.
  func put(_ batch: [InviteeFile.Row]) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while waiting.count >= capacity && !stopped { condition.wait() }
    guard !stopped else { return false }
    waiting.append(batch)
    condition.broadcast()
    return true
  }

  /// No more batches; `error` is thrown to the taker once it has taken the ones before.
  func finish(throwing error: HadirError?) {
    condition.lock()
    defer { condition.unlock() }
    finished = true
    failure = error
    condition.broadcast()
  }

  /// The next batch, waiting for it; nil after the last.
  func take() throws(HadirError) -> [InviteeFile.Row]? {
    condition.lock()
    defer { condition.unlock() }
    while waiting.isEmpty && !finished { condition.wait() }
    if !waiting.isEmpty {
      condition.broadcast()
      return waiting.removeFirst()
    }
    if let failure { throw failure }
    return nil
  }

  /// The taker wants no more: a reader waiting for room stops.
  func stop() {
    condition.lock()
    defer { condition.unlock() }
    stopped = true
    waiting.removeAll()
    condition.broadcast()
  }
}
