import CPangoCairo
import Foundation
import HadirCore

/// Why a paper (a PDF, a spreadsheet) could not be written, as a fact each program renders
/// in its person's language.
public struct PaperFailure: Error, CustomStringConvertible {
  public var reason: Notice

  /// The file at `path` could not be written, for `cause` (the library's own words).
  static func cannotWrite(_ path: String, _ cause: String) -> PaperFailure {
    PaperFailure(reason: Notice(.cannotWritePaper, [.value: path, .cause: cause]))
  }

  /// What went wrong, in English.
  public var description: String { reason.text(in: .english) }
}

/// An A4 PDF file drawn by Cairo, with a Pen for its text.
enum PDFDocument {
  /// Creates the file at `path`, lets `draw` fill its pages, and finishes it.
  static func write(to path: String, title: String, _ draw: (_ context: OpaquePointer, _ pen: Pen) throws -> Void) throws {
    let surface = cairo_pdf_surface_create(path, Page.width, Page.height)
    defer { cairo_surface_destroy(surface) }
    func check() throws {
      let status = cairo_surface_status(surface)
      guard status == CAIRO_STATUS_SUCCESS else {
        throw PaperFailure.cannotWrite(path, String(cString: cairo_status_to_string(status)))
      }
    }
    try check()
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
    let context = cairo_create(surface)!
    defer { cairo_destroy(context) }
    let pen = Pen(context: context)
    defer { pen.release() }
    try draw(context, pen)
    cairo_surface_finish(surface)
    try check()
  }
}

/// A4 in points, and the margins.
enum Page {
  static let width = 595.28
  static let height = 841.89
  static let margin = 36.0
  static let footer = 20.0
  static var contentWidth: Double { width - 2 * margin }
}

/// Draws text and lines on one page.
final class Pen {
  let context: OpaquePointer
  let layout: OpaquePointer
  let regular: OpaquePointer
  let bold: OpaquePointer
  let titleFont: OpaquePointer
  /// For the name on a badge.
  let largeBold: OpaquePointer

  init(context: OpaquePointer) {
    self.context = context
    self.layout = pango_cairo_create_layout(context)
    // A PDF page is measured in points: 72 to the inch, so that 9 points are 9 points.
    pango_cairo_context_set_resolution(pango_layout_get_context(layout), 72)
    pango_layout_context_changed(layout)
    self.regular = pango_font_description_from_string("Noto Sans, DejaVu Sans 9")
    self.bold = pango_font_description_from_string("Noto Sans, DejaVu Sans Bold 9")
    self.titleFont = pango_font_description_from_string("Noto Sans, DejaVu Sans Bold 15")
    self.largeBold = pango_font_description_from_string("Noto Sans, DejaVu Sans Bold 16")
    cairo_set_line_width(context, 0.6)
  }

  func release() {
    pango_font_description_free(regular)
    pango_font_description_free(bold)
    pango_font_description_free(titleFont)
    pango_font_description_free(largeBold)
    g_object_unref(UnsafeMutableRawPointer(layout))
  }

  /// Lays `text` out `width` points wide; draws it at (`x`, `y`) when `draw`. Returns its height.
  @discardableResult
  func text(
    _ text: String, font: OpaquePointer, x: Double, y: Double, width: Double,
    alignment: PangoAlignment = PANGO_ALIGN_LEFT, draw: Bool
  ) -> Double {
    pango_layout_set_font_description(layout, font)
    pango_layout_set_width(layout, Int32(width * 1024))
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
    pango_layout_set_alignment(layout, alignment)
    pango_layout_set_text(layout, text, -1)
    var inkWidth: Int32 = 0
    var height: Int32 = 0
    pango_layout_get_size(layout, &inkWidth, &height)
    if draw {
      cairo_move_to(context, x, y)
      pango_cairo_show_layout(context, layout)
    }
    return Double(height) / 1024
  }
}
