/// A name badge: who someone is at the workshop, and their registration code as a QR code
/// that the desk's scanner types into `hadir desk`.
public struct Badge: Equatable, Sendable {
  public var name: String
  public var organization: String
  /// e.g. "PESERTA", "NARASUMBER"; empty when the registration has no category.
  public var category: String
  public var eventTitle: String
  /// The event's days in Indonesian, e.g. "27–28 Mei 2025".
  public var days: String
  /// The code as printed and encoded in the QR code, e.g. "K7M-4PQX".
  public var code: String

  public init(registration: Registration, event: Event) {
    name = registration.person.name
    organization = registration.person.organization
    category = registration.person.category.uppercased()
    eventTitle = event.title
    days = IndonesianDates.span(event.firstDay, event.lastDay)
    code = RegistrationCode.display(registration.code)
  }
}

extension IndonesianDates {
  /// "27 Mei 2025", "27–28 Mei 2025", "30 Mei – 2 Juni 2025", "30 Desember 2025 – 2 Januari 2026".
  public static func span(_ first: CalendarDay, _ last: CalendarDay) -> String {
    let month = { (day: CalendarDay) in months[day.month - 1] }
    if first == last { return "\(first.day) \(month(first)) \(first.year)" }
    if first.year != last.year {
      return "\(first.day) \(month(first)) \(first.year) – \(last.day) \(month(last)) \(last.year)"
    }
    if first.month != last.month { return "\(first.day) \(month(first)) – \(last.day) \(month(last)) \(last.year)" }
    return "\(first.day)–\(last.day) \(month(first)) \(first.year)"
  }
}
