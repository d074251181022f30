import CPangoCairo
import CQREncode
import Foundation
import HadirCore

/// Draws name badges on A4 sheets, eight to a page (two across, four down, about 9 × 6.5 cm
/// each, with cut lines): the event, the name, the organization, the category, and the
/// registration code as a QR code (libqrencode) with the code printed under it, so that the
/// desk's scanner, or a clerk typing, checks the person in.
public enum BadgesPDF {
  /// Writes the badges to `path`.
  public static func write(_ badges: [Badge], to path: String) throws {
    try PDFDocument.write(to: path, title: "Badges — \(badges.first?.eventTitle ?? "")") { context, pen in
      let pages = stride(from: 0, to: max(badges.count, 1), by: perPage).map { Array(badges[$0..<min($0 + perPage, badges.count)]) }
      for page in pages {
        for (index, badge) in page.enumerated() {
          let x = Page.margin + Double(index % columns) * width
          let y = Page.margin + Double(index / columns) * height
          try draw(badge, x: x, y: y, context: context, pen: pen)
        }
        cairo_show_page(context)
      }
    }
  }

  static let columns = 2
  static let rows = 4
  static var perPage: Int { columns * rows }
  static var width: Double { Page.contentWidth / Double(columns) }
  static var height: Double { (Page.height - 2 * Page.margin) / Double(rows) }

  private static func draw(_ badge: Badge, x: Double, y: Double, context: OpaquePointer, pen: Pen) throws {
    // Cut lines.
    cairo_set_line_width(context, 0.4)
    cairo_set_dash(context, [3, 3], 2, 0)
    cairo_rectangle(context, x, y, width, height)
    cairo_stroke(context)
    cairo_set_dash(context, nil, 0, 0)

    let pad = 10.0
    let qrSize = 78.0
    let textWidth = width - 3 * pad - qrSize
    var top = y + pad
    top += pen.text(badge.eventTitle, font: pen.regular, x: x + pad, y: top, width: width - 2 * pad, draw: true)
    top += pen.text(badge.days, font: pen.regular, x: x + pad, y: top, width: width - 2 * pad, draw: true) + 8
    let qrTop = top
    top += pen.text(badge.name, font: pen.largeBold, x: x + pad, y: top, width: textWidth, draw: true) + 4
    top += pen.text(badge.organization, font: pen.regular, x: x + pad, y: top, width: textWidth, draw: true) + 4
    if !badge.category.isEmpty {
      pen.text(badge.category, font: pen.bold, x: x + pad, y: top, width: textWidth, draw: true)
    }
    let qrX = x + width - pad - qrSize
    try drawQR(badge.code, x: qrX, y: qrTop, size: qrSize, context: context)
    pen.text(badge.code, font: pen.bold, x: qrX - 10, y: qrTop + qrSize + 2, width: qrSize + 20, alignment: PANGO_ALIGN_CENTER, draw: true)
  }

  /// The QR code of `text`, `size` points square, with its quiet zone inside that square.
  private static func drawQR(_ text: String, x: Double, y: Double, size: Double, context: OpaquePointer) throws {
    guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else {
      throw PaperFailure(reason: Notice(.cannotMakeQRCode, [.value: text]))
    }
    defer { QRcode_free(code) }
    let modules = Int(code.pointee.width)
    let quiet = 4
    let module = size / Double(modules + 2 * quiet)
    cairo_set_source_rgb(context, 0, 0, 0)
    for row in 0..<modules {
      for column in 0..<modules where code.pointee.data[row * modules + column] & 1 == 1 {
        cairo_rectangle(
          context, x + Double(column + quiet) * module, y + Double(row + quiet) * module, module, module)
      }
    }
    cairo_fill(context)
  }
}
