import Foundation
import HadirClient
import HadirCore

/// Colours for the terminal, only when writing to one (and NO_COLOR is not set).
enum Style {
  static let enabled = isatty(STDOUT_FILENO) == 1 && environment("NO_COLOR") == nil

  /// `text`, made terminal-safe first, in the colour `code`: only the CLI's own escape
  /// sequences reach the terminal, whatever `text` holds.
  static func paint(_ text: String, _ code: String) -> String {
    let text = terminalSafe(text)
    return enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  static func green(_ text: String) -> String { paint(text, "1;97;42") }
  static func amber(_ text: String) -> String { paint(text, "1;30;43") }
  static func red(_ text: String) -> String { paint(text, "1;97;41") }
  static func bold(_ text: String) -> String { paint(text, "1") }
}

/// How a desk answer looks: its colour, and a short word for scripts.
enum AnswerLook {
  case green, amber, red

  init(_ outcome: CheckInOutcome) {
    switch outcome {
    case .checkedIn: self = .green
    case .alreadyCheckedIn: self = .amber
    default: self = .red
    }
  }

  func paint(_ text: String) -> String {
    switch self {
    case .green: Style.green(text)
    case .amber: Style.amber(text)
    case .red: Style.red(text)
    }
  }
}

/// A registration's status in the chosen language, with its place on the waitlist.
func statusText(_ registration: Registration, connection: ConnectionOptions) -> String {
  switch registration.status {
  case .confirmed: connection.text(.statusConfirmed)
  case .waitlisted: connection.text(.statusWaitlisted, [.value: "\(registration.waitlistPosition)"])
  case .cancelled: connection.text(.statusCancelled)
  }
}

/// Writes a line to standard output at once, unbuffered: for live screens (desk mode,
/// watch), whose lines must appear as they happen.
func say(_ text: String = "") {
  FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
