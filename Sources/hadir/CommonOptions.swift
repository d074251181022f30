import ArgumentParser
import Foundation
import HadirClient
import HadirCore
import HadirPapers
import HadirWire

/// Where the server is and which token to send, for every command that calls the server.
struct ConnectionOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp(helpText(.helpOptionServer)))
  var server: String?

  @Option(name: .long, help: ArgumentHelp(helpText(.helpOptionToken)))
  var token: String?

  @Flag(name: .long, help: ArgumentHelp(helpText(.helpOptionTLS)))
  var tls = false

  @Option(name: .customLong("tls-pin"), help: ArgumentHelp(helpText(.helpOptionTLSPin)))
  var tlsPin: String?

  @Option(name: .customLong("tls-ca"), help: ArgumentHelp(helpText(.helpOptionTLSCA)))
  var tlsAuthority: String?

  @Flag(name: .long, help: ArgumentHelp(helpText(.helpOptionJSON)))
  var json = false

  @Option(name: .long, help: ArgumentHelp(helpText(.helpOptionLang)))
  var lang: String?

  func validate() throws {
    if Language.chosen(flag: lang, environment: environment("HADIR_LANG")) == nil {
      throw ValidationError(usageText(.usageLanguage, [.value: lang ?? environment("HADIR_LANG") ?? ""]))
    }
    _ = try clientTLS
  }

  /// How to trust the server: --tls-pin (or HADIR_TLS_PIN), else --tls-ca (or
  /// HADIR_TLS_CA), else --tls; nil for plain frames. A Unix socket is always plain.
  var clientTLS: ClientTLS? {
    get throws {
      if let pin = tlsPin ?? environment("HADIR_TLS_PIN") {
        do {
          return ClientTLS(trust: .pinned(try CertificateFingerprint(parsing: pin)))
        } catch {
          throw ValidationError(usageText(.usageTLSPin, [.value: pin]))
        }
      }
      if let authority = tlsAuthority ?? environment("HADIR_TLS_CA") { return ClientTLS(trust: .authority(file: authority)) }
      return tls ? ClientTLS(trust: .systemRoots) : nil
    }
  }

  /// The language everything is said in: --lang, else HADIR_LANG, else Indonesian.
  var language: Language { Language.chosen(flag: lang, environment: environment("HADIR_LANG")) ?? .indonesian }

  /// `phrase` in the chosen language.
  func text(_ phrase: Phrase, _ facts: [Fact: String] = [:]) -> String {
    Notice(phrase, facts).text(in: language)
  }

  var address: WireAddress {
    get throws {
      let text = server ?? environment("HADIR_SERVER") ?? WireAddress.defaultServer.description
      do {
        return try WireAddress(parsing: text)
      } catch {
        throw ValidationError("\(error)")
      }
    }
  }

  var bearer: String? { token ?? environment("HADIR_TOKEN") }

  /// Runs `body` with a connected client; any failure becomes an error on standard error
  /// (one line, or one per mistake of an agenda file) and the exit code for its kind.
  func withClient(_ body: (HadirClient) async throws -> Void) async throws {
    let address = try self.address
    do {
      try await HadirClient.with(server: address, tls: try clientTLS, token: bearer, language: language, body)
    } catch let error as HadirClientError {
      // An agenda file's mistakes are one per line; every other error is one line.
      printError(
        [error.message, advice(for: error.reason)].compactMap { $0 }.joined(separator: " "),
        keepingLineBreaks: error.field == "agenda")
      throw ExitCode(Self.exitCode(error.kind))
    }
  }

  /// A failure of this program's own work (a file it writes, a day it checks), in the
  /// person's language.
  func text(of error: any Error) -> String {
    switch error {
    case let failure as PaperFailure: failure.reason.text(in: language)
    case let failure as HadirError: failure.text(in: language)
    default: "\(error)"
    }
  }

  /// What to do about `reason` with this program's options and commands: the server names
  /// the problem, only the program knows its own flags.
  func advice(for reason: Notice?) -> String? {
    switch reason?.phrase {
    case .tokenMissing?: text(.adviceTokenOption)
    case .tokenNotHadir?: text(.adviceCheckToken)
    case .eventNotFound?: text(.adviceEventList)
    case .tokenNotFound?, .tokenIDMissing?: text(.adviceTokenList)
    default: nil
    }
  }

  static func exitCode(_ kind: HadirClientError.Kind) -> Int32 {
    switch kind {
    case .invalidInput, .notFound, .alreadyExists, .conflict: 1
    case .unavailable, .timedOut: 3
    case .unauthenticated, .permissionDenied: 4
    case .serverFault: 5
    }
  }
}

func environment(_ name: String) -> String? {
  guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
  return value
}

/// The one `error:` line: the message (often from the server, quoting a value) is made
/// terminal-safe, so it stays one line and cannot command the terminal. With
/// `keepingLineBreaks`, its line feeds stay, for a message made of lines.
func printError(_ message: String, keepingLineBreaks: Bool = false) {
  FileHandle.standardError.write(Data("error: \(terminalSafe(message, keepingLineBreaks: keepingLineBreaks))\n".utf8))
}

/// Prints `value` as pretty JSON with sorted keys.
func printJSON(_ value: some Encodable) throws {
  print(try jsonText(value, pretty: true))
}

/// Writes `value` as one line of JSON at once, for streams of updates.
func sayJSON(_ value: some Encodable) throws {
  say(try jsonText(value, pretty: false))
}

func jsonText(_ value: some Encodable, pretty: Bool) throws -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
  encoder.keyEncodingStrategy = .convertToSnakeCase
  encoder.dateEncodingStrategy = .iso8601
  return terminalSafeJSON(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// A command's summary, or an option's or argument's help, for `--help`, in the language
/// of `--lang` (or HADIR_LANG), read from the command line itself: help is printed before
/// the options are parsed.
func helpText(_ phrase: Phrase) -> String {
  Notice(phrase).text(in: helpLanguage)
}

/// A refusal of what was typed on the command line, in the language of the help.
func usageText(_ phrase: Phrase, _ facts: [Fact: String] = [:]) -> String {
  Notice(phrase, facts).text(in: helpLanguage)
}

let helpLanguage: Language = {
  let arguments = CommandLine.arguments
  var flag: String?
  for (index, argument) in arguments.enumerated() {
    if argument == "--lang", index + 1 < arguments.count { flag = arguments[index + 1] }
    if argument.hasPrefix("--lang=") { flag = String(argument.dropFirst("--lang=".count)) }
  }
  // A flag that names no language falls back to HADIR_LANG, so that its refusal is read.
  return flag.flatMap(Language.init(code:)) ?? environment("HADIR_LANG").flatMap(Language.init(code:)) ?? .indonesian
}()
