import ArgumentParser
import Foundation
import HadirClient

/// The Hadir command line: for administrators, organizers and desk staff.
@main
struct Hadir: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hadir",
    abstract: helpText(.helpHadir),
    discussion: helpText(.helpHadirDetails),
    subcommands: [
      Status.self, TokenCommand.self, EventCommand.self, Register.self, Cancel.self, Registrations.self, CheckIn.self,
      Undo.self, Find.self, WalkIn.self, Watch.self, Report.self, Audit.self, Badges.self, Invitations.self, Desk.self, Import.self, AgendaCommand.self,
    ])

  /// ArgumentParser's entry point, except that an error message (which may quote a file
  /// name, an option or a server address as typed) is made terminal-safe before it is
  /// printed, and that a wrong command line exits 2, as documented (ArgumentParser's own
  /// code for it is EX_USAGE, 64). Help and other clean exits are printed as they are.
  static func main() async {
    do {
      var command = try await asyncParseAsRoot(commandFirst(Array(CommandLine.arguments.dropFirst())))
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      let code = exitCode(for: error)
      if code.isSuccess { exit(withError: error) }
      let message = fullMessage(for: error)
      if !message.isEmpty {
        FileHandle.standardError.write(Data((terminalSafe(message, keepingLineBreaks: true) + "\n").utf8))
      }
      exit(withError: code == .validationFailure ? ExitCode(2) : code)
    }
  }

  /// The options every command takes (where the server is, the token, the language,
  /// JSON) may come before the command too, as in `hadir --server 10.0.0.5:7400 status`:
  /// they are moved after the command's name, where ArgumentParser reads them.
  static func commandFirst(_ arguments: [String]) -> [String] {
    let withValue: Set<String> = ["--server", "--token", "--lang", "--tls-pin", "--tls-ca"]
    var leading: [String] = []
    var rest = arguments[...]
    while let first = rest.first {
      let name = String(first.split(separator: "=", maxSplits: 1)[0])
      if first == "--json" || first == "--tls" {
        leading.append(first)
        rest = rest.dropFirst()
      } else if withValue.contains(name) {
        leading.append(first)
        rest = rest.dropFirst()
        if !first.contains("="), let value = rest.first {
          leading.append(value)
          rest = rest.dropFirst()
        }
      } else {
        break
      }
    }
    guard !leading.isEmpty else { return arguments }
    var path: [String] = []
    var command: any ParsableCommand.Type = Hadir.self
    while let next = rest.first, let sub = command.configuration.subcommands.first(where: { $0._commandName == next }) {
      path.append(next)
      rest = rest.dropFirst()
      command = sub
    }
    return path + leading + rest
  }
}
