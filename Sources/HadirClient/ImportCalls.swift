import Foundation
import GRPCCore
import HadirCore
import HadirProto

/// What the server made of an invitee list.
public struct ImportReport: Sendable, Equatable {
  public struct Rejected: Sendable, Equatable {
    public var line: Int
    public var reason: String
    public var field: String?
    public var values: [String]
  }

  /// A row taken for a person listed earlier in the file.
  public struct Merged: Sendable, Equatable {
    public var firstLine: Int
    public var line: Int
    public var name: String
    public var reason: String
  }

  /// A column of the file and the field it filled; nil when the import did not use it.
  public struct Column: Sendable, Equatable {
    public var header: String
    public var field: String?
  }

  public struct Waitlisted: Sendable, Equatable {
    public var line: Int
    public var name: String
    public var code: String
    public var position: Int
  }

  public var rows: Int
  public var created: Int
  public var updated: Int
  public var unchanged: Int
  public var confirmed: Int
  public var waitlisted: Int
  public var rejected: Int
  /// Whether anything was written (false for a dry run or a refused list).
  public var applied: Bool
  public var delimiter: String
  public var headers: [String]
  public var columns: [Column]
  public var rejectedRows: [Rejected]
  public var rejectedRowsOmitted: Int
  public var mergedRows: [Merged]
  public var waitlistedPeople: [Waitlisted]
  public var waitlistedPeopleOmitted: Int
  /// One sentence for people.
  public var summary: String
}

/// How to import.
public struct ImportOptions: Sendable {
  public var dryRun = false
  public var skipInvalid = false
  /// Header as in the file -> field name.
  public var columns: [String: String] = [:]

  public init(dryRun: Bool = false, skipInvalid: Bool = false, columns: [String: String] = [:]) {
    self.dryRun = dryRun
    self.skipInvalid = skipInvalid
    self.columns = columns
  }
}

extension HadirClient {
  /// Sends `file` in chunks, calling `progress` with the bytes sent so far, and returns the
  /// server's report.
  public func importInvitees(
    eventCode: String, file: [UInt8], options: ImportOptions, chunkSize: Int = 256 * 1024,
    progress: @escaping @Sendable (Int) -> Void = { _ in }
  ) async throws -> ImportReport {
    var first = Hadir_V1_ImportRequest()
    var header = Hadir_V1_ImportOptions()
    header.eventCode = eventCode
    header.dryRun = options.dryRun
    header.skipInvalid = options.skipInvalid
    header.totalBytes = UInt64(file.count)
    header.columns = options.columns.sorted { $0.key < $1.key }.map { header, field in
      var mapping = Hadir_V1_ColumnMapping()
      mapping.header = header
      mapping.field = field
      return mapping
    }
    first.options = header
    let opening = first
    var callOptions = self.options
    callOptions.timeout = .seconds(600)
    let request = StreamingClientRequest<Hadir_V1_ImportRequest>(metadata: metadata) { writer in
      try await writer.write(opening)
      var offset = 0
      while offset < file.count {
        let end = min(offset + chunkSize, file.count)
        var chunk = Hadir_V1_ImportRequest()
        chunk.chunk = Data(file[offset..<end])
        try await writer.write(chunk)
        offset = end
        progress(offset)
      }
    }
    return try await call { grpc in
      let report = try await Hadir_V1_Registrations.Client(wrapping: grpc).importInvitees(request: request, options: callOptions) {
        try $0.message
      }
      return ImportReport(
        rows: Int(report.rows), created: Int(report.created), updated: Int(report.updated),
        unchanged: Int(report.unchanged), confirmed: Int(report.confirmed), waitlisted: Int(report.waitlisted),
        rejected: Int(report.rejected), applied: report.applied, delimiter: report.delimiter, headers: report.headers,
        columns: report.columns.map { ImportReport.Column(header: $0.header, field: $0.field.isEmpty ? nil : $0.field) },
        rejectedRows: report.rejectedRows.map {
          ImportReport.Rejected(line: Int($0.line), reason: $0.reason, field: $0.field.isEmpty ? nil : $0.field, values: $0.values)
        },
        rejectedRowsOmitted: Int(report.rejectedRowsOmitted),
        mergedRows: report.mergedRows.map {
          ImportReport.Merged(firstLine: Int($0.firstLine), line: Int($0.line), name: $0.name, reason: $0.reason)
        },
        waitlistedPeople: report.waitlistedPeople.map {
          ImportReport.Waitlisted(line: Int($0.line), name: $0.name, code: $0.code, position: Int($0.waitlistPosition))
        },
        waitlistedPeopleOmitted: Int(report.waitlistedPeopleOmitted), summary: report.summary)
    }
  }
}
