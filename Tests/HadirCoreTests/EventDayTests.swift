import Foundation
import Testing

@testable import HadirCore

@Suite("Event days in the venue's zone")
struct EventDayTests {
  let event = try! NewEvent(
    code: "ILP-BANGGAI-25", title: "Kick-off", venue: "Luwuk", timeZone: "Asia/Makassar", firstDay: "2025-05-27",
    lastDay: "2025-05-28", capacity: 75
  ).event(at: Date(timeIntervalSince1970: 0))

  /// The instant of `local` ("YYYY-MM-DD HH:mm") in WITA (UTC+8).
  func wita(_ local: String) -> Date {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    formatter.timeZone = TimeZone(identifier: "Asia/Makassar")
    return formatter.date(from: local)!
  }

  @Test("23:59 and 00:01 WITA fall on different days, even though both are the same UTC day")
  func midnight() {
    #expect(event.day(at: wita("2025-05-27 23:59")) == CalendarDay("2025-05-27"))
    #expect(event.day(at: wita("2025-05-28 00:01")) == CalendarDay("2025-05-28"))
    // 00:01 WITA is 16:01 UTC on the day before.
    #expect(wita("2025-05-28 00:01") == Date(timeIntervalSince1970: 1_748_361_660))
  }

  @Test("the event's days run from the first to the last, inclusive")
  func days() {
    #expect(event.days.map(\.description) == ["2025-05-27", "2025-05-28"])
    #expect(event.isEventDay(CalendarDay("2025-05-28")!))
    #expect(!event.isEventDay(CalendarDay("2025-05-29")!))
    #expect(!event.isEventDay(CalendarDay("2025-05-26")!))
  }

  @Test("check-in messages show times in the venue's zone and name the first desk")
  func messages() {
    let registration = Registration(
      code: "K7M4PQX", eventCode: event.code, person: Person(name: "Siti Nurhaliza", organization: "Puskesmas Luwuk"),
      status: .confirmed, registeredAt: Date())
    let first = CheckInRecord(day: CalendarDay("2025-05-27")!, at: wita("2025-05-27 08:02"), desk: "desk 2")
    let result = CheckInResult(outcome: .alreadyCheckedIn(first), registration: registration, day: first.day)
    #expect(
      result.message(timeZone: "Asia/Makassar").text(in: .english)
        == "Siti Nurhaliza (Puskesmas Luwuk) was already checked in today at 08:02 at desk 2.")
    #expect(
      result.message(timeZone: "Asia/Makassar").text(in: .indonesian)
        == "Siti Nurhaliza (Puskesmas Luwuk) sudah tercatat hadir hari ini pukul 08:02 di desk 2.")
  }
}

@Suite("Arrival times")
struct ArrivalRuleTests {
  func wita(_ local: String) -> Date { EventDayTests().wita(local) }

  let event = Event(
    code: "ILP-BANGGAI-25", title: "Kick-off", venue: "", timeZone: "Asia/Makassar", firstDay: CalendarDay("2025-05-27")!,
    lastDay: CalendarDay("2025-05-28")!, capacity: 75, createdAt: .now, updatedAt: .now)
  var now: Date { wita("2025-05-28 09:12") }

  @Test("at the desk the arrival is now")
  func live() throws {
    #expect(try ArrivalRule.arrival(day: nil, time: "", event: event, now: now) == now)
  }

  @Test("a day recorded afterwards has the time given, at the venue, or none: never the time of typing")
  func backFilled() throws {
    let day = CalendarDay("2025-05-27")!
    #expect(try ArrivalRule.arrival(day: day, time: "07:40", event: event, now: now) == wita("2025-05-27 07:40"))
    #expect(try ArrivalRule.arrival(day: day, time: "7.40", event: event, now: now) == wita("2025-05-27 07:40"))
    #expect(try ArrivalRule.arrival(day: day, time: "", event: event, now: now) == nil)
  }

  @Test("a time without a day, a wrong time, or a time still to come is refused, naming arrival_time")
  func refused() {
    for (day, time) in [(nil, "07:40"), (CalendarDay("2025-05-27"), "25:00"), (CalendarDay("2025-05-28"), "10:00")] {
      let error = #expect(throws: HadirError.self) { try ArrivalRule.arrival(day: day, time: time, event: event, now: now) }
      #expect(error?.field == "arrival_time", "\(String(describing: day)) \(time)")
    }
  }
}
