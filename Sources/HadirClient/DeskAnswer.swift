import HadirCore
import HadirMapping
import HadirProto

/// The server's answer to a check-in or walk-in, with its sentence for the desk clerk.
public struct DeskAnswer: Equatable, Sendable {
  public var outcome: CheckInOutcome
  /// What to tell the clerk, e.g. "Siti Nurhaliza (Dinas Kesehatan) is checked in. Welcome!".
  public var message: String
  public var registration: Registration?
  public var day: CalendarDay

  public init(outcome: CheckInOutcome, message: String, registration: Registration?, day: CalendarDay) {
    self.outcome = outcome
    self.message = message
    self.registration = registration
    self.day = day
  }

  /// The answer in a check-in's or a walk-in's response.
  init(_ response: Hadir_V1_CheckInResponse) throws {
    let result = try WireMapping.checkIn(response)
    self.init(outcome: result.outcome, message: response.message, registration: result.registration, day: result.day)
  }
}
