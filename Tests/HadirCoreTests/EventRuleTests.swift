import Foundation
import Testing

@testable import HadirCore

@Suite("Event rules")
struct EventRuleTests {
  let now = Date(timeIntervalSince1970: 1_748_300_000)

  func banggai(
    code: String = "ilp-banggai-25", title: String = "  Kick-off   ILP Banggai ", timeZone: String = "Asia/Makassar",
    firstDay: String = "2025-05-27", lastDay: String = "2025-05-28", capacity: Int = 75
  ) -> NewEvent {
    NewEvent(
      code: code, title: title, venue: "Hotel, Luwuk", timeZone: timeZone, firstDay: firstDay, lastDay: lastDay,
      capacity: capacity)
  }

  /// The field named by the error `body` throws.
  func field(_ body: () throws(HadirError) -> Void) -> String? {
    do {
      try body()
      return nil
    } catch {
      #expect(error.kind == .invalidInput)
      return error.field
    }
  }

  @Test("a valid event is normalised: code upper case, spaces collapsed")
  func valid() throws {
    let event = try banggai().event(at: now)
    #expect(event.code == "ILP-BANGGAI-25")
    #expect(event.title == "Kick-off ILP Banggai")
    #expect(event.dayCount == 2)
    #expect(event.createdAt == now && event.updatedAt == now)
  }

  @Test("the venue's zone as Indonesians name it, or UTC: WITA is Asia/Makassar, Etc/UTC is UTC")
  func zoneNames() throws {
    for (typed, stored) in [("WITA", "Asia/Makassar"), ("wib", "Asia/Jakarta"), (" WIT ", "Asia/Jayapura"), ("UTC", "UTC"), ("Etc/UTC", "UTC"), ("Asia/Makassar", "Asia/Makassar")] {
      #expect(try banggai(timeZone: typed).event(at: now).timeZone == stored, "\(typed)")
    }
    #expect(TimeZoneName.indonesian("Asia/Makassar") == "WITA" && TimeZoneName.indonesian("UTC") == "UTC")
  }

  @Test("a one-day event may leave the last day empty")
  func oneDay() throws {
    let event = try banggai(lastDay: "").event(at: now)
    #expect(event.firstDay == event.lastDay)
  }

  @Test(
    "each broken rule names its field",
    arguments: [
      (NewEvent(code: "X", title: "t", venue: "", timeZone: "Asia/Makassar", firstDay: "2025-05-27", lastDay: "2025-05-27", capacity: 1), "code"),
      (NewEvent(code: "ILP BANGGAI", title: "t", venue: "", timeZone: "Asia/Makassar", firstDay: "2025-05-27", lastDay: "2025-05-27", capacity: 1), "code"),
      (NewEvent(code: "-ILP", title: "t", venue: "", timeZone: "Asia/Makassar", firstDay: "2025-05-27", lastDay: "2025-05-27", capacity: 1), "code"),
      (NewEvent(code: "ILP", title: "  ", venue: "", timeZone: "Asia/Makassar", firstDay: "2025-05-27", lastDay: "2025-05-27", capacity: 1), "title"),
      (NewEvent(code: "ILP", title: "t", venue: "", timeZone: "Mars/Olympus", firstDay: "2025-05-27", lastDay: "2025-05-27", capacity: 1), "time_zone"),
      (NewEvent(code: "ILP", title: "t", venue: "", timeZone: "Asia/Makassar", firstDay: "27/05/2025", lastDay: "2025-05-27", capacity: 1), "first_day"),
      (NewEvent(code: "ILP", title: "t", venue: "", timeZone: "Asia/Makassar", firstDay: "2025-05-27", lastDay: "2025-05-26", capacity: 1), "last_day"),
      (NewEvent(code: "ILP", title: "t", venue: "", timeZone: "Asia/Makassar", firstDay: "2025-05-01", lastDay: "2025-07-01", capacity: 1), "last_day"),
      (NewEvent(code: "ILP", title: "t", venue: "", timeZone: "Asia/Makassar", firstDay: "2025-05-27", lastDay: "2025-05-27", capacity: 0), "capacity"),
      (NewEvent(code: "ILP", title: "t", venue: "", timeZone: "Asia/Makassar", firstDay: "0001-05-27", lastDay: "0001-05-27", capacity: 1), "first_day"),
      (NewEvent(code: "ILP", title: "t", venue: "", timeZone: "Asia/Makassar", firstDay: "1999-12-31", lastDay: "2000-01-01", capacity: 1), "first_day"),
      (NewEvent(code: "ILP", title: "t", venue: "", timeZone: "Asia/Makassar", firstDay: "2100-12-31", lastDay: "2101-01-01", capacity: 1), "last_day"),
      (NewEvent(code: "ILP", title: "t", venue: "", timeZone: "Asia/Makassar", firstDay: "2025-05-27", lastDay: "2025-05-27", capacity: 100_001), "capacity"),
    ])
  func namedField(_ draft: NewEvent, _ expected: String) {
    #expect(field { () throws(HadirError) in _ = try draft.event(at: now) } == expected)
  }

  @Test("a wrong time zone is explained with examples of right ones")
  func timeZoneMessage() {
    #expect(throws: HadirError.self) { try banggai(timeZone: "Mars/Olympus").event(at: now) }
    do {
      _ = try banggai(timeZone: "Mars/Olympus").event(at: now)
    } catch {
      #expect(error.message.contains("WITA") && error.message.contains("Asia/Makassar"))
    }
  }

  @Test("changes apply only what is given, and keep every rule")
  func changes() throws {
    let event = try banggai().event(at: now)
    let later = now.addingTimeInterval(60)
    let moved = try EventChanges(lastDay: "2025-05-29", capacity: 80).applied(to: event, at: later)
    #expect(moved.lastDay == CalendarDay("2025-05-29"))
    #expect(moved.capacity == 80)
    #expect(moved.title == event.title)
    #expect(moved.updatedAt == later)
    #expect(field { () throws(HadirError) in _ = try EventChanges(firstDay: "2025-05-30").applied(to: event, at: later) } == "last_day")
    let unchanged = try EventChanges(title: "Kick-off ILP Banggai").applied(to: event, at: later)
    #expect(unchanged.updatedAt == now)
  }
}
