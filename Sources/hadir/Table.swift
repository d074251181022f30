import HadirClient

/// A plain-text table with a header row, columns padded to their widest cell. Every cell is
/// made terminal-safe (`terminalSafe`) before it is measured and printed, so a value from
/// the server can neither command the terminal nor break the columns.
struct Table {
  var headers: [String]
  var rows: [[String]] = []

  init(_ headers: String...) {
    self.headers = headers
  }

  init(headers: [String]) {
    self.headers = headers
  }

  mutating func add(_ cells: String...) {
    rows.append(cells)
  }

  var rendered: String {
    let all = ([headers] + rows).map { $0.map { terminalSafe($0) } }
    let headers = all[0]
    let rows = all.dropFirst()
    let widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
      zip(cells, widths).map { cell, width in cell + String(repeating: " ", count: width - cell.count) }
        .joined(separator: "  ").trimmingTrailingSpaces()
    }
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
    return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
