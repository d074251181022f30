import Foundation

/// One day's *daftar hadir*: the attendance sheet an Indonesian government workshop hands
/// in, signed by everyone present. What it says, not how it is drawn.
public struct AttendanceSheet: Equatable, Sendable {
  /// Which side of its cell a row's signature goes, alternating as on paper sheets, so that
  /// neighbours' signatures do not run into each other.
  public enum SignatureSide: Equatable, Sendable {
    case left, right
  }

  public struct Row: Equatable, Sendable {
    /// 1, 2, 3 …
    public var number: Int
    public var name: String
    /// NIP or NIK; empty when unknown.
    public var externalID: String
    public var organization: String
    public var position: String
    /// "07:40" at the venue; "?" for someone present whose arrival time is unknown (recorded
    /// afterwards without one); empty on a blank sheet or for someone not present.
    public var arrival: String
    public var signatureSide: SignatureSide
  }

  public var title: String
  public var venue: String
  /// The day written out in Indonesian, e.g. "Selasa, 27 Mei 2025".
  public var dayText: String
  public var rows: [Row]
  /// People on the sheet: the confirmed, and anyone who came that day and cancelled later.
  public var expected: Int
  /// Participants checked in on the day; nil on a blank sheet.
  public var present: Int?

  /// The sheet for `day` of `event`: every confirmed person by name, with the time they
  /// checked in that day; with `blank`, without times, for signing on paper.
  public init(report: AttendanceReport, event: Event, day: CalendarDay, blank: Bool) throws(HadirError) {
    guard event.isEventDay(day) else {
      throw .invalid(
        "day",
        Notice(
          .dayNotOfEvent,
          [.day: day.description, .event: event.code, .first: event.firstDay.description, .last: event.lastDay.description]))
    }
    title = event.title
    venue = event.venue
    dayText = IndonesianDates.longDate(day)
    // Everyone confirmed, and anyone who came that day and cancelled later.
    let listed = report.rows.filter { row in
      row.registration.status == .confirmed || row.checkIns.contains { $0.day == day }
    }
    rows = listed.enumerated().map { index, row in
      let person = row.registration.person
      let arrival = blank ? nil : row.checkIns.first { $0.day == day }
      return Row(
        number: index + 1, name: person.name, externalID: person.externalID, organization: person.organization,
        position: person.position,
        arrival: arrival.flatMap(\.arrival).map { localTime($0, timeZone: event.timeZone) } ?? (arrival == nil ? "" : "?"),
        signatureSide: index % 2 == 0 ? .left : .right)
    }
    expected = listed.count
    present = blank ? nil : listed.filter { $0.checkIns.contains { $0.day == day } }.count
  }

  /// The line under the table: how many were expected and, unless blank, how many came.
  public var totals: String {
    if let present { return "Jumlah peserta: \(expected) orang · hadir: \(present) orang · tidak hadir: \(expected - present) orang" }
    return "Jumlah peserta: \(expected) orang"
  }
}

/// Dates the Indonesian way, as on letters and attendance sheets.
public enum IndonesianDates {
  static let weekdays = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"]
  static let months = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November",
    "Desember",
  ]

  /// "Selasa, 27 Mei 2025".
  public static func longDate(_ day: CalendarDay) -> String {
    "\(weekdays[weekday(day)]), \(day.day) \(months[day.month - 1]) \(day.year)"
  }

  /// 0 for Sunday … 6 for Saturday (Zeller's congruence, Gregorian calendar).
  public static func weekday(_ day: CalendarDay) -> Int {
    var month = day.month
    var year = day.year
    if month < 3 {
      month += 12
      year -= 1
    }
    let h = (day.day + (13 * (month + 1)) / 5 + year + year / 4 - year / 100 + year / 400) % 7
    // h: 0 = Saturday, 1 = Sunday, …
    return (h + 6) % 7
  }
}
