import HadirCore

/// An invitee file read whole, as the tests look at it: the importer itself reads and
/// checks it one row at a time.
struct WholeInviteeFile {
  var delimiter: InviteeFile.Delimiter
  var headers: [String]
  var rows: [InviteeFile.Row]
}

extension InviteeFile {
  /// Every row of the file, through the importer's reader.
  static func parse(_ bytes: [UInt8]) throws(HadirError) -> WholeInviteeFile {
    var reader = try Reader(bytes)
    var rows: [Row] = []
    while let row = try reader.next() { rows.append(row) }
    return WholeInviteeFile(delimiter: reader.delimiter, headers: reader.headers, rows: rows)
  }
}

extension CheckedInvitees {
  /// Every row of the file checked, as the importer checks them.
  init(_ file: WholeInviteeFile, columns: InviteeColumns) {
    self.init(columns: columns, headerCount: file.headers.count)
    for row in file.rows { self.check(row) }
  }
}
