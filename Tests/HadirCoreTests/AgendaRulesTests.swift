import Foundation
import Testing

@testable import HadirCore

/// The agenda's rules find every clash without comparing every session with every other:
/// checked against the comparison of all pairs on random agendas, clashes included.
@Suite("Agenda rules at scale")
struct AgendaRulesTests {
  let event = try! NewEvent(
    code: "ILP-BANGGAI-25", title: "Kick-off", venue: "Luwuk", timeZone: "Asia/Makassar", firstDay: "2025-05-27",
    lastDay: "2025-05-28", capacity: 75
  ).event(at: Date(timeIntervalSince1970: 1_748_000_000))

  /// A random agenda over two days and three rooms, with sessions that may clash, end
  /// before they start, or share speakers.
  func randomAgenda(sessions count: Int, using generator: inout some RandomNumberGenerator) -> Agenda {
    let rooms = ["Aula", "Ruang 1", "Ruang 2"].map { Room(name: $0) }
    let speakers = (1...4).map { Speaker(key: "s\($0)", name: "Narasumber \($0)") }
    let days = event.days
    let sessions = (0..<count).map { index in
      let start = Int.random(in: 0...16, using: &generator) * 30 + 8 * 60
      let end = start + Int.random(in: -2...4, using: &generator) * 30
      return Session(
        key: "k\(index)", day: days.randomElement(using: &generator)!, start: TimeOfDay(minutes: start)!,
        end: TimeOfDay(minutes: max(0, end))!, room: rooms.randomElement(using: &generator)!.name, kind: .presentation,
        title: "Sesi \(index)", description: "",
        slots: [
          SpeakerSlot(role: .narasumber, speaker: speakers.randomElement(using: &generator)!.key),
          SpeakerSlot(role: .moderator, speaker: Bool.random(using: &generator) ? speakers.randomElement(using: &generator)!.key : nil),
        ])
    }
    return Agenda(rooms: rooms, speakers: speakers, sessions: sessions)
  }

  @Test("the sweep finds exactly the overlapping pairs that comparing all pairs finds, in the same order")
  func sweepMatchesAllPairs() {
    var generator = SystemRandomNumberGenerator()
    for round in 0..<300 {
      let sessions = randomAgenda(sessions: round % 40, using: &generator).sessions
      var expected: [(Int, Int)] = []
      for first in sessions.indices {
        for second in sessions.indices where second > first && sessions[first].overlaps(sessions[second]) {
          expected.append((first, second))
        }
      }
      let found = AgendaRules.overlappingPairs(sessions)
      #expect(found.map { [$0.0, $0.1] } == expected.map { [$0.0, $0.1] }, "\(sessions.map { ($0.day, $0.start, $0.end) })")
    }
  }

  @Test("a room double-booked and a speaker in two places are each named once, with both sessions")
  func clashesNamed() {
    let agenda = Agenda(
      rooms: [Room(name: "Aula")], speakers: [Speaker(key: "siti", name: "dr. Siti")],
      sessions: [
        Session(
          key: "a", day: event.firstDay, start: TimeOfDay("09:00")!, end: TimeOfDay("10:00")!, room: "Aula", kind: .presentation,
          title: "Pembukaan", description: "", slots: [SpeakerSlot(role: .narasumber, speaker: "siti")]),
        Session(
          key: "b", day: event.firstDay, start: TimeOfDay("09:30")!, end: TimeOfDay("10:30")!, room: "Aula", kind: .presentation,
          title: "Paparan", description: "", slots: [SpeakerSlot(role: .narasumber, speaker: "siti")]),
        Session(
          key: "c", day: event.firstDay, start: TimeOfDay("10:30")!, end: TimeOfDay("11:00")!, room: "Aula", kind: .discussion,
          title: "Diskusi", description: "", slots: []),
      ])
    let problems = AgendaRules.check(agenda, event: event)
    #expect(problems.map { $0.notice?.phrase } == [.agendaRoomClash, .agendaSpeakerClash])
    #expect(problems.allSatisfy { $0.session == "b" })
    #expect(problems.last?.text(in: .english).contains("dr. Siti") == true)
  }
}

/// Times and days are read byte by byte for speed; they accept exactly what the general
/// readings accept.
@Suite("Reading times and days")
struct TimeAndDayReadingTests {
  func referenceTime(_ text: String) -> Int? {
    let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == ":" || $0 == "." })
    guard parts.count == 2, parts[1].count == 2, (1...2).contains(parts[0].count),
      let hours = Int(parts[0]), let minutes = Int(parts[1]), (0..<24).contains(hours), (0..<60).contains(minutes)
    else { return nil }
    return hours * 60 + minutes
  }

  func referenceDay(_ text: String) -> CalendarDay? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return nil }
    return CalendarDay(year: year, month: month, day: day)
  }

  @Test("random texts made of digits and separators read the same as the general reading reads them")
  func sameAsReference() {
    var generator = SystemRandomNumberGenerator()
    let timeCharacters: [Character] = ["0", "1", "2", "3", "5", "9", ":", ".", " ", "+", "-", "٣"]
    let dayCharacters: [Character] = ["0", "1", "2", "5", "9", "-", "+", " ", "٣"]
    var times = ["08:30", "8:30", "08.30", " 8:30 ", "24:00", "23:59", "0:00", "+8:30", "08:3", "083:0", "08::30"]
    var days = ["2025-05-27", "2025-02-30", "2025-13-01", "+025-05-27", "2025-5-27", "２０２５-05-27", "2025-05-27 "]
    for _ in 0..<20_000 {
      times.append(String((0..<Int.random(in: 1...6, using: &generator)).map { _ in timeCharacters.randomElement(using: &generator)! }))
      days.append(String((0..<Int.random(in: 8...11, using: &generator)).map { _ in dayCharacters.randomElement(using: &generator)! }))
    }
    for text in times { #expect(TimeOfDay(text)?.minutes == referenceTime(text), "\(text)") }
    for text in days { #expect(CalendarDay(text) == referenceDay(text), "\(text)") }
  }
}
