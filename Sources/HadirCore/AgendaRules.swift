/// Something wrong or unfinished in an agenda, named the way an organizer would say it.
public struct AgendaProblem: Equatable, Sendable {
  public enum Kind: String, Sendable {
    /// The agenda cannot be saved like this.
    case conflict
    /// A speaker slot nobody holds yet: allowed, but worth knowing.
    case openSlot = "open slot"
  }

  public var kind: Kind
  public var message: String
  /// The session concerned, if any (its key).
  public var session: String?

  public init(kind: Kind, message: String, session: String? = nil) {
    self.kind = kind
    self.message = message
    self.session = session
  }
}

/// The rules of an agenda: every conflict and every open slot, all at once.
public enum AgendaRules {
  public static func check(_ agenda: Agenda, event: Event) -> [AgendaProblem] {
    var problems: [AgendaProblem] = []
    func conflict(_ message: String, _ session: Session? = nil) {
      problems.append(AgendaProblem(kind: .conflict, message: message, session: session?.key))
    }
    for (name, count) in Dictionary(grouping: agenda.rooms.map(\.name), by: { $0 }).mapValues(\.count) where count > 1 {
      conflict("The room \"\(name)\" is listed \(count) times.")
    }
    for (key, count) in Dictionary(grouping: agenda.speakers.map(\.key), by: { $0 }).mapValues(\.count) where count > 1 {
      conflict("The speaker key \"\(key)\" is used \(count) times.")
    }
    for (key, count) in Dictionary(grouping: agenda.sessions.map(\.key), by: { $0 }).mapValues(\.count) where count > 1 {
      conflict("The session key \"\(key)\" is used \(count) times.")
    }
    let rooms = Set(agenda.rooms.map(\.name))
    for session in agenda.sessions {
      let name = "Session \"\(session.title)\""
      if session.end <= session.start {
        conflict("\(name) ends at \(session.end), not after it starts at \(session.start).", session)
      }
      if !event.isEventDay(session.day) {
        conflict(
          "\(name) is on \(session.day), outside the event's days (\(event.firstDay) to \(event.lastDay)).", session)
      }
      if !rooms.contains(session.room) {
        conflict("\(name) is in room \"\(session.room)\", which is not one of the agenda's rooms.", session)
      }
      for slot in session.slots {
        if let key = slot.speaker {
          if agenda.speaker(key) == nil {
            conflict("\(name) has a \(slot.role.rawValue) slot for speaker \"\(key)\", who is not in the agenda's speakers.", session)
          }
        } else {
          let expected = slot.note.isEmpty ? "" : " (\(slot.note))"
          problems.append(
            AgendaProblem(
              kind: .openSlot,
              message: "\(name) on \(session.day) \(session.hours) has an open \(slot.role.rawValue) slot\(expected).",
              session: session.key))
        }
      }
    }
    let sessions = agenda.sessions
    for (index, first) in sessions.enumerated() {
      for second in sessions[(index + 1)...] where first.overlaps(second) {
        if first.room == second.room {
          conflict(
            "\"\(first.title)\" (\(first.hours)) and \"\(second.title)\" (\(second.hours)) are both in room \"\(first.room)\" on \(first.day).",
            second)
        }
        let shared = Set(first.slots.compactMap(\.speaker)).intersection(second.slots.compactMap(\.speaker))
        for key in shared.sorted() {
          let speaker = agenda.speaker(key)?.name ?? key
          conflict(
            "\(speaker) would speak in \"\(first.title)\" (\(first.hours)) and in \"\(second.title)\" (\(second.hours)) at the same time on \(first.day).",
            second)
        }
      }
    }
    return problems
  }
}
