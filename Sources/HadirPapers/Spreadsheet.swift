import CXLSXWriter
import Foundation

/// An .xlsx workbook of one sheet, written by libxlsxwriter: what an organizer's Excel opens
/// as it is, whatever its locale (an Indonesian-locale Excel opens a comma CSV in one
/// column). Every value is written as text, so nothing in it is ever taken for a formula.
public enum Spreadsheet {
  /// Writes `rows` (the first is the header, in bold) to a sheet named `sheet` at `path`.
  public static func write(_ rows: [[String]], sheet: String, to path: String) throws {
    guard let workbook = workbook_new(path) else {
      throw PaperFailure.cannotWrite(path, "the file cannot be created")
    }
    // Sheet names are at most 31 characters, without []:*?/\.
    let name = String(sheet.filter { !"[]:*?/\\".contains($0) }.prefix(31))
    guard let worksheet = workbook_add_worksheet(workbook, name.isEmpty ? nil : name) else {
      workbook_close(workbook)
      throw PaperFailure.cannotWrite(path, "no sheet can be added")
    }
    let bold = workbook_add_format(workbook)
    format_set_bold(bold)
    var widths: [Int] = []
    for (rowIndex, row) in rows.enumerated() {
      for (columnIndex, value) in row.enumerated() {
        worksheet_write_string(
          worksheet, lxw_row_t(rowIndex), lxw_col_t(columnIndex), value, rowIndex == 0 ? bold : nil)
        if widths.count <= columnIndex { widths.append(0) }
        widths[columnIndex] = max(widths[columnIndex], min(60, value.count))
      }
    }
    for (column, width) in widths.enumerated() {
      worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), Double(width) + 2, nil)
    }
    worksheet_freeze_panes(worksheet, 1, 0)
    let status = workbook_close(workbook)
    guard status == LXW_NO_ERROR else {
      throw PaperFailure.cannotWrite(path, String(cString: lxw_strerror(status)))
    }
  }
}
