import Foundation

/// The rules of the registration desk, as pure functions the store applies inside its
/// transactions: each returns a typed outcome or throws a typed refusal (a ``Notice``),
/// never a sentence.
public enum DeskRules {
  /// What a scan of a code answers, from what the store found: the code as read, its
  /// registration and event, whether the day is an event day, and the day's first
  /// check-in. nil when the person is to be checked in now.
  public static func scanOutcome(
    code: RegistrationCode.Reading, registration: Registration?, eventCode: String, registrationEventCode: String?,
    day: CalendarDay, isEventDay: Bool, firstCheckIn: CheckInRecord?
  ) -> CheckInOutcome? {
    switch code {
    case .malformed: return .unknownCode
    case .badCheckCharacter: return .badCheckCharacter
    case .valid: break
    }
    guard let registrationEventCode else { return .unknownCode }
    guard registrationEventCode == eventCode else { return .otherEvent(registrationEventCode) }
    guard isEventDay else { return .notEventDay(day) }
    switch registration?.status {
    case .cancelled?: return .cancelled
    case .waitlisted?: return .waitlisted
    case .confirmed?, nil: break
    }
    if let firstCheckIn { return .alreadyCheckedIn(firstCheckIn) }
    return nil
  }

  /// How long a desk may undo its own check-in.
  public static let undoWindow: TimeInterval = 15 * 60

  /// Whether `actor` may undo a check-in recorded by the token `madeByToken` (named
  /// `desk`) at `recordedAt`: an organizer may undo any; a desk only its own, within
  /// ``undoWindow``.
  public static func checkUndo(
    madeByToken: String, desk: String, recordedAt: Date, by actor: Actor, mayUndoAny: Bool, now: Date
  ) throws(HadirError) {
    guard !mayUndoAny else { return }
    guard madeByToken == actor.tokenID else { throw HadirError(.permissionDenied, Notice(.undoOtherDesk, [.desk: desk])) }
    guard now.timeIntervalSince(recordedAt) <= undoWindow else { throw HadirError(.permissionDenied, Notice(.undoTooOld)) }
  }

  /// Whether a walk-in is taken: on an event day, and, for someone not registered yet,
  /// while a place remains.
  public static func checkWalkIn(
    event: Event, day: CalendarDay, isNew: Bool, confirmed: Int, waiting: Int
  ) throws(HadirError) {
    guard event.isEventDay(day) else {
      throw HadirError(.conflict, Notice(.walkInNotEventDay, [.day: day.description, .event: event.code]))
    }
    if isNew && confirmed >= event.capacity {
      throw HadirError(
        .conflict,
        Notice(.noPlacesLeft, [.confirmed: "\(confirmed)", .capacity: "\(event.capacity)", .waiting: "\(waiting)"]))
    }
  }
}

/// The rules of places: who is confirmed, and how far a capacity may go down.
public enum CapacityRules {
  /// A new registration is confirmed while a place remains, else waits.
  public static func status(confirmed: Int, capacity: Int) -> RegistrationStatus {
    confirmed < capacity ? .confirmed : .waitlisted
  }

  /// A capacity may not go below the people confirmed already.
  public static func checkCapacity(_ capacity: Int, confirmed: Int) throws(HadirError) {
    if capacity < confirmed {
      throw HadirError(
        .conflict, field: "capacity",
        Notice(.capacityBelowConfirmed, [.capacity: "\(capacity)", .confirmed: "\(confirmed)"]))
    }
  }
}
