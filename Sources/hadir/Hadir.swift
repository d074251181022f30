import ArgumentParser

/// The Hadir command line: for administrators, organizers and desk staff.
@main
struct Hadir: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hadir",
    abstract: "Talk to a Hadir server: events, tokens and server status.",
    discussion: """
      The server and token come from --server and --token, or from HADIR_SERVER and HADIR_TOKEN.
      Exit codes: 0 done; 1 the server refused the request (bad input, not found, conflict);
      2 wrong command line; 3 the server could not be reached or did not answer in time;
      4 missing, bad or insufficient token; 5 the server failed.
      """,
    subcommands: [Status.self, TokenCommand.self, EventCommand.self])
}
