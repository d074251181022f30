import HadirCore
import HadirMapping
import HadirProto

/// The server's answer to a check-in or walk-in, with its sentence for the desk clerk.
public struct DeskAnswer: Equatable, Sendable, Encodable {
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

  private enum CodingKeys: String, CodingKey {
    case outcome, message, day, registration, checkIn
  }

  /// For scripts: the outcome by its name, the message, the day, the registration and the
  /// check-in recorded (for a second scan, the day's first).
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(outcome.name, forKey: .outcome)
    try container.encode(message, forKey: .message)
    try container.encode(day.description, forKey: .day)
    try container.encodeIfPresent(registration, forKey: .registration)
    try container.encodeIfPresent(outcome.record, forKey: .checkIn)
  }

  /// The answer in a check-in's or a walk-in's response.
  init(_ response: Hadir_V1_CheckInResponse) throws {
    let result = try WireMapping.checkIn(response)
    self.init(outcome: result.outcome, message: response.message, registration: result.registration, day: result.day)
  }
}
