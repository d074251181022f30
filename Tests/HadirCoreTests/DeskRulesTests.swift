import Foundation
import Testing

@testable import HadirCore

@Suite("The desk's rules, as facts")
struct DeskRulesTests {
  let day = CalendarDay("2025-05-27")!
  let event = Event(
    code: "ILP-BANGGAI-25", title: "Kick-off", venue: "", timeZone: "Asia/Makassar", firstDay: CalendarDay("2025-05-27")!,
    lastDay: CalendarDay("2025-05-28")!, capacity: 2, createdAt: Date(), updatedAt: Date())

  func registration(_ status: RegistrationStatus) -> Registration {
    Registration(code: "K7M4PQX", eventCode: "ILP-BANGGAI-25", person: Person(name: "Andi"), status: status, registeredAt: Date())
  }

  func outcome(
    _ reading: RegistrationCode.Reading = .valid("K7M4PQX"), status: RegistrationStatus? = .confirmed,
    registeredIn: String? = "ILP-BANGGAI-25", eventDay: Bool = true, first: CheckInRecord? = nil
  ) -> CheckInOutcome? {
    DeskRules.scanOutcome(
      code: reading, registration: status.map(registration), eventCode: "ILP-BANGGAI-25",
      registrationEventCode: registeredIn, day: day, isEventDay: eventDay, firstCheckIn: first)
  }

  @Test("a scan's outcome: typo, unknown, other event, not an event day, waitlisted, cancelled, already in, or in")
  func scan() {
    let first = CheckInRecord(day: day, at: Date(), desk: "desk 1")
    #expect(outcome(.malformed) == .unknownCode)
    #expect(outcome(.badCheckCharacter("K7M4PQY")) == .badCheckCharacter)
    #expect(outcome(status: nil, registeredIn: nil) == .unknownCode)
    #expect(outcome(status: nil, registeredIn: "ILP-MOROWALI-25") == .otherEvent("ILP-MOROWALI-25"))
    #expect(outcome(eventDay: false) == .notEventDay(day))
    #expect(outcome(status: .waitlisted) == .waitlisted)
    #expect(outcome(status: .cancelled) == .cancelled)
    #expect(outcome(first: first) == .alreadyCheckedIn(first))
    #expect(outcome() == nil)
    // Not an event day wins over everything about the person: nobody is in today.
    #expect(outcome(status: .cancelled, eventDay: false) == .notEventDay(day))
  }

  @Test("undo: an organizer any; a desk its own, within 15 minutes; each refusal a reason")
  func undo() throws {
    let now = Date(timeIntervalSince1970: 1_748_300_000)
    let desk = Actor(tokenID: "t1", name: "desk 1")
    try DeskRules.checkUndo(madeByToken: "t1", desk: "desk 1", recordedAt: now - 15 * 60, by: desk, mayUndoAny: false, now: now)
    #expect(throws: HadirError(.permissionDenied, Notice(.undoTooOld))) {
      try DeskRules.checkUndo(madeByToken: "t1", desk: "desk 1", recordedAt: now - 15 * 60 - 1, by: desk, mayUndoAny: false, now: now)
    }
    #expect(throws: HadirError(.permissionDenied, Notice(.undoOtherDesk, [.desk: "desk 2"]))) {
      try DeskRules.checkUndo(madeByToken: "t2", desk: "desk 2", recordedAt: now, by: desk, mayUndoAny: false, now: now)
    }
    try DeskRules.checkUndo(madeByToken: "t2", desk: "desk 2", recordedAt: now - 86_400, by: desk, mayUndoAny: true, now: now)
  }

  @Test("walk-ins: on event days only; someone new only while a place remains; someone registered always")
  func walkIn() throws {
    #expect(throws: HadirError(.conflict, Notice(.walkInNotEventDay, [.day: "2025-05-29", .event: "ILP-BANGGAI-25"]))) {
      try DeskRules.checkWalkIn(event: event, day: CalendarDay("2025-05-29")!, isNew: false, confirmed: 0, waiting: 0)
    }
    try DeskRules.checkWalkIn(event: event, day: day, isNew: true, confirmed: 1, waiting: 0)
    #expect(throws: HadirError(.conflict, Notice(.noPlacesLeft, [.confirmed: "2", .capacity: "2", .waiting: "3"]))) {
      try DeskRules.checkWalkIn(event: event, day: day, isNew: true, confirmed: 2, waiting: 3)
    }
    try DeskRules.checkWalkIn(event: event, day: day, isNew: false, confirmed: 2, waiting: 3)
  }

  @Test("places: confirmed while one remains, else waiting; a capacity never below the confirmed")
  func capacity() throws {
    #expect(CapacityRules.status(confirmed: 74, capacity: 75) == .confirmed)
    #expect(CapacityRules.status(confirmed: 75, capacity: 75) == .waitlisted)
    try CapacityRules.checkCapacity(75, confirmed: 75)
    #expect(throws: HadirError(.conflict, field: "capacity", Notice(.capacityBelowConfirmed, [.capacity: "74", .confirmed: "75"]))) {
      try CapacityRules.checkCapacity(74, confirmed: 75)
    }
  }
}
