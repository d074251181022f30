import Foundation

extension Date {
  /// This time cut to the whole millisecond: the precision the database keeps (it rounds to
  /// the nearest millisecond, and 12:00:00.9996 would come back as 12:00:01). A time given
  /// in an answer is then the time read back later, to the second shown on the wire.
  public var toTheMillisecond: Date {
    Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded(.down) / 1000)
  }
}
