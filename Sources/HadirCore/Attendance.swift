/// Who came on which day of an event, for the signed attendance list.
public struct AttendanceReport: Equatable, Sendable {
  public struct Row: Equatable, Sendable {
    public var registration: Registration
    /// The person's check-ins, at most one per day, in day order.
    public var checkIns: [CheckInRecord]

    public init(registration: Registration, checkIns: [CheckInRecord]) {
      self.registration = registration
      self.checkIns = checkIns
    }
  }

  public struct OrganizationTotal: Equatable, Sendable {
    public var organization: String
    public var confirmed: Int
    /// How many came, per event day, in day order.
    public var present: [Int]

    public init(organization: String, confirmed: Int, present: [Int]) {
      self.organization = organization
      self.confirmed = confirmed
      self.present = present
    }
  }

  public var eventCode: String
  public var days: [CalendarDay]
  /// Every confirmed registration, and every other one that came on some day (cancelled
  /// after coming: attendance is never dropped), by name.
  public var rows: [Row]

  public init(eventCode: String, days: [CalendarDay], rows: [Row]) {
    self.eventCode = eventCode
    self.days = days
    self.rows = rows
  }

  /// Totals per organization, by organization name.
  public var organizations: [OrganizationTotal] {
    let grouped = Dictionary(grouping: rows) { $0.registration.person.organization }
    return grouped.keys.sorted().map { organization in
      let members = grouped[organization]!
      let present = days.map { day in members.filter { $0.checkIns.contains { $0.day == day } }.count }
      let confirmed = members.filter { $0.registration.status == .confirmed }.count
      return OrganizationTotal(organization: organization, confirmed: confirmed, present: present)
    }
  }

  /// Confirmed people who came on none of the days.
  public var noShows: [Registration] {
    rows.filter { $0.checkIns.isEmpty && $0.registration.status == .confirmed }.map(\.registration)
  }
}
