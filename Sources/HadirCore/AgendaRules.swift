/// Something wrong or unfinished in an agenda, named the way an organizer would say it.
public struct AgendaProblem: Equatable, Sendable {
  public enum Kind: String, Sendable {
    /// The agenda cannot be saved like this.
    case conflict
    /// A speaker slot nobody holds yet: allowed, but worth knowing.
    case openSlot = "open slot"
  }

  public var kind: Kind
  /// What is wrong, as a fact; nil only for a problem from a newer server, which has its
  /// sentence alone.
  public var notice: Notice?
  /// The session concerned, if any (its key).
  public var session: String?
  private var sentence: String?

  public init(kind: Kind, notice: Notice, session: String? = nil) {
    self.kind = kind
    self.notice = notice
    self.session = session
  }

  /// A problem known by its sentence only.
  public init(kind: Kind, sentence: String, session: String? = nil) {
    self.kind = kind
    self.sentence = sentence
    self.session = session
  }

  /// What is wrong, in `language`.
  public func text(in language: Language) -> String { notice?.text(in: language) ?? sentence ?? "" }

  /// What is wrong, in English.
  public var message: String { text(in: .english) }
}

/// The rules of an agenda: every conflict and every open slot, all at once.
public enum AgendaRules {
  public static func check(_ agenda: Agenda, event: Event) -> [AgendaProblem] {
    var problems: [AgendaProblem] = []
    func conflict(_ phrase: Phrase, _ facts: [Fact: String], _ session: Session? = nil) {
      problems.append(AgendaProblem(kind: .conflict, notice: Notice(phrase, facts), session: session?.key))
    }
    for (name, count) in Dictionary(grouping: agenda.rooms.map(\.name), by: { $0 }).mapValues(\.count) where count > 1 {
      conflict(.agendaRoomTwice, [.value: name, .count: "\(count)"])
    }
    for (key, count) in Dictionary(grouping: agenda.speakers.map(\.key), by: { $0 }).mapValues(\.count) where count > 1 {
      conflict(.agendaSpeakerKeyTwice, [.value: key, .count: "\(count)"])
    }
    for (key, count) in Dictionary(grouping: agenda.sessions.map(\.key), by: { $0 }).mapValues(\.count) where count > 1 {
      conflict(.agendaSessionKeyTwice, [.value: key, .count: "\(count)"])
    }
    let rooms = Set(agenda.rooms.map(\.name))
    let speakers = agenda.speakersByKey
    for session in agenda.sessions {
      if session.end <= session.start {
        conflict(
          .agendaEndsBeforeStart,
          [.title: session.title, .first: session.start.description, .last: session.end.description], session)
      }
      if !event.isEventDay(session.day) {
        conflict(
          .agendaOutsideDays,
          [
            .title: session.title, .day: session.day.description, .first: event.firstDay.description,
            .last: event.lastDay.description,
          ], session)
      }
      if !rooms.contains(session.room) {
        conflict(.agendaUnknownRoom, [.title: session.title, .value: session.room], session)
      }
      for slot in session.slots {
        if let key = slot.speaker {
          if speakers[key] == nil {
            conflict(.agendaUnknownSpeaker, [.title: session.title, .role: slot.role.rawValue, .value: key], session)
          }
        } else {
          problems.append(
            AgendaProblem(
              kind: .openSlot,
              notice: Notice(
                .agendaOpenSlot,
                [
                  .title: session.title, .day: session.day.description, .time: session.hours, .role: slot.role.rawValue,
                  .value: slot.note,
                ]),
              session: session.key))
        }
      }
    }
    let sessions = agenda.sessions
    let speakerKeys = sessions.map { Set($0.slots.compactMap(\.speaker)) }
    for (index, other) in overlappingPairs(sessions) {
      let first = sessions[index]
      let second = sessions[other]
      let sharedSpeakers = speakerKeys[index].intersection(speakerKeys[other])
      // Parallel sessions in different rooms overlap by design: only a clash is worded.
      guard first.room == second.room || !sharedSpeakers.isEmpty else { continue }
      let pair: [Fact: String] = [
        .name: first.title, .first: first.hours, .title: second.title, .last: second.hours, .day: first.day.description,
      ]
      if first.room == second.room {
        conflict(.agendaRoomClash, pair.merging([.value: first.room]) { $1 }, second)
      }
      for key in sharedSpeakers.sorted() {
        conflict(.agendaSpeakerClash, pair.merging([.who: speakers[key]?.name ?? key]) { $1 }, second)
      }
    }
    return problems
  }

  /// Every pair of sessions that share minutes (``Session/overlaps(_:)``), as indexes
  /// (earlier, later) in the agenda's order, in that order: what comparing every session
  /// with every later one finds, without comparing them all. Each day is swept in order of
  /// start time, keeping the sessions still running; a session that ends before it starts
  /// (itself a conflict) is compared with the whole day.
  static func overlappingPairs(_ sessions: [Session]) -> [(Int, Int)] {
    var pairs: [(Int, Int)] = []
    for indexes in Dictionary(grouping: sessions.indices, by: { sessions[$0].day }).values {
      let proper = indexes.filter { sessions[$0].start < sessions[$0].end }
        .sorted { (sessions[$0].start, $0) < (sessions[$1].start, $1) }
      var running: [Int] = []
      for index in proper {
        let start = sessions[index].start
        running.removeAll { sessions[$0].end <= start }
        for other in running { pairs.append((min(index, other), max(index, other))) }
        running.append(index)
      }
      let improper = indexes.filter { sessions[$0].end <= sessions[$0].start }
      for index in improper {
        for other in indexes where other != index && sessions[index].overlaps(sessions[other]) {
          // A pair of two improper sessions is found from both sides: keep it once.
          if sessions[other].end <= sessions[other].start && other < index { continue }
          pairs.append((min(index, other), max(index, other)))
        }
      }
    }
    return pairs.sorted { $0 < $1 }
  }
}
