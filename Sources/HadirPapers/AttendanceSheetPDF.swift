import CPangoCairo
import Foundation
import HadirCore

/// Draws a ``AttendanceSheet`` as an A4 PDF laid out like an Indonesian government *daftar
/// hadir*: the title block on every page, the table with its header row repeated on every
/// page, signature cells alternating left and right, "Halaman 1 dari 3" at the foot, and
/// the totals under the table. Text is laid out by Pango in Noto Sans (DejaVu Sans where a
/// script is missing), so names in any script come out right.
public enum AttendanceSheetPDF {
  /// Writes the sheet to `path`.
  public static func write(_ sheet: AttendanceSheet, to path: String) throws {
    try PDFDocument.write(to: path, title: "Daftar Hadir — \(sheet.title) — \(sheet.dayText)") { context, pen in
      draw(sheet, context: context, pen: pen)
    }
  }

  private static func draw(_ sheet: AttendanceSheet, context: OpaquePointer, pen: Pen) {
    let titleHeight = pen.titleBlock(sheet, draw: false)
    let headerHeight = pen.row(Columns.headings, signature: nil, bold: true, top: 0, draw: false)
    let rowHeights = sheet.rows.map { pen.row(cells(of: $0), signature: $0, bold: false, top: 0, draw: false) }
    let totalsHeight = pen.paragraph(sheet.totals, width: Page.contentWidth, top: 0, draw: false) + 8

    // Rows per page: whatever fits under the title block and the header row.
    let tableTop = Page.margin + titleHeight + 10
    let tableBottom = Page.height - Page.margin - Page.footer
    var pages: [[Int]] = [[]]
    var y = tableTop + headerHeight
    for (index, height) in rowHeights.enumerated() {
      if y + height > tableBottom && !pages[pages.count - 1].isEmpty {
        pages.append([])
        y = tableTop + headerHeight
      }
      pages[pages.count - 1].append(index)
      y += height
    }
    if y + totalsHeight > tableBottom { pages.append([]) }

    for (pageIndex, rows) in pages.enumerated() {
      _ = pen.titleBlock(sheet, draw: true)
      var top = tableTop
      if !rows.isEmpty {
        top += pen.row(Columns.headings, signature: nil, bold: true, top: top, draw: true)
        for index in rows {
          top += pen.row(cells(of: sheet.rows[index]), signature: sheet.rows[index], bold: false, top: top, draw: true)
        }
      }
      if pageIndex == pages.count - 1 {
        _ = pen.paragraph(sheet.totals, width: Page.contentWidth, top: top + 8, draw: true)
      }
      pen.footer("Halaman \(pageIndex + 1) dari \(pages.count)")
      cairo_show_page(context)
    }
  }

  private static func cells(of row: AttendanceSheet.Row) -> [String] {
    ["\(row.number)", row.name, row.externalID, row.organization, row.position, row.arrival]
  }
}

/// The table's columns: No, Nama, NIP, Instansi, Jabatan, Jam hadir, Tanda tangan.
private enum Columns {
  static let headings = ["No", "Nama", "NIP / NIK", "Instansi", "Jabatan", "Jam hadir"]
  static let signatureHeading = "Tanda tangan"
  /// Widths in points; they add up to the content width.
  static let widths: [Double] = [20, 110, 104, 98, 70, 36]
  static var signatureWidth: Double { Page.contentWidth - widths.reduce(0, +) }
  static let padding = 3.0
  /// Room for a signature.
  static let minimumRowHeight = 26.0
}

extension Pen {
  /// DAFTAR HADIR, the event, the day, the venue; returns the block's height.
  func titleBlock(_ sheet: AttendanceSheet, draw: Bool) -> Double {
    var y = Page.margin
    let width = Page.contentWidth
    y += text("DAFTAR HADIR", font: titleFont, x: Page.margin, y: y, width: width, alignment: PANGO_ALIGN_CENTER, draw: draw)
    y += 2
    y += text(sheet.title, font: bold, x: Page.margin, y: y, width: width, alignment: PANGO_ALIGN_CENTER, draw: draw)
    y += 4
    y += text("Hari, tanggal: \(sheet.dayText)", font: regular, x: Page.margin, y: y, width: width, draw: draw)
    if !sheet.venue.isEmpty {
      y += text("Tempat: \(sheet.venue)", font: regular, x: Page.margin, y: y, width: width, draw: draw)
    }
    return y - Page.margin
  }

  /// One table row at `top`: the cells, then the signature cell; returns its height.
  func row(_ cells: [String], signature: AttendanceSheet.Row?, bold isBold: Bool, top: Double, draw: Bool) -> Double {
    let font = isBold ? bold : regular
    let pad = Columns.padding
    var height = Columns.minimumRowHeight
    if isBold { height = 0 }
    for (cell, width) in zip(cells, Columns.widths) {
      height = max(height, text(cell, font: font, x: 0, y: 0, width: width - 2 * pad, draw: false) + 2 * pad)
    }
    if isBold {
      height = max(
        height,
        text(Columns.signatureHeading, font: font, x: 0, y: 0, width: Columns.signatureWidth - 2 * pad, draw: false) + 2 * pad)
    }
    guard draw else { return height }

    var x = Page.margin
    for (cell, width) in zip(cells, Columns.widths) {
      cairo_rectangle(context, x, top, width, height)
      text(cell, font: font, x: x + pad, y: top + pad, width: width - 2 * pad, draw: true)
      x += width
    }
    cairo_rectangle(context, x, top, Columns.signatureWidth, height)
    if isBold {
      text(
        Columns.signatureHeading, font: font, x: x + pad, y: top + pad, width: Columns.signatureWidth - 2 * pad,
        alignment: PANGO_ALIGN_CENTER, draw: true)
    } else if let signature {
      // Odd rows sign on the left half, even rows on the right, each next to its number.
      let half = Columns.signatureWidth / 2
      let left = signature.signatureSide == .left ? x : x + half
      text("\(signature.number).", font: regular, x: left + pad, y: top + pad, width: half - 2 * pad, draw: true)
    }
    cairo_stroke(context)
    return height
  }

  func paragraph(_ line: String, width: Double, top: Double, draw: Bool) -> Double {
    text(line, font: regular, x: Page.margin, y: top, width: width, draw: draw)
  }

  func footer(_ line: String) {
    text(
      line, font: regular, x: Page.margin, y: Page.height - Page.margin - Page.footer / 2, width: Page.contentWidth,
      alignment: PANGO_ALIGN_CENTER, draw: true)
  }
}
