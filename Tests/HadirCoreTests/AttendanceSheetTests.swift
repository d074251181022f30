import Foundation
import Testing

@testable import HadirCore

@Suite("The daftar hadir")
struct AttendanceSheetTests {
  @Test(
    "days are written the Indonesian way",
    arguments: [
      ("2025-05-27", "Selasa, 27 Mei 2025"), ("2025-10-24", "Jumat, 24 Oktober 2025"),
      ("2000-01-01", "Sabtu, 1 Januari 2000"), ("2024-02-29", "Kamis, 29 Februari 2024"),
      ("2025-12-07", "Minggu, 7 Desember 2025"),
    ])
  func longDate(day: String, written: String) {
    #expect(IndonesianDates.longDate(CalendarDay(day)!) == written)
  }

  @Test("the weekday agrees with the Gregorian calendar on every day from 2000 to 2100")
  func weekdays() {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = .gmt
    var date = calendar.date(from: DateComponents(year: 2000, month: 1, day: 1))!
    let end = calendar.date(from: DateComponents(year: 2101, month: 1, day: 1))!
    while date < end {
      let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
      let day = CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)!
      #expect(IndonesianDates.weekday(day) == parts.weekday! - 1, "\(day)")
      date = calendar.date(byAdding: .day, value: 1, to: date)!
    }
  }

  let event = Event(
    code: "ILP-BANGGAI-25", title: "Kick-off Meeting ILP Kabupaten Banggai", venue: "Hotel, Luwuk",
    timeZone: "Asia/Makassar", firstDay: CalendarDay("2025-05-27")!, lastDay: CalendarDay("2025-05-28")!, capacity: 75,
    createdAt: .now, updatedAt: .now)

  func report() -> AttendanceReport {
    func row(_ name: String, nip: String, checkIns: [(String, String)]) -> AttendanceReport.Row {
      AttendanceReport.Row(
        registration: Registration(
          code: "K7M4PQX", eventCode: event.code,
          person: Person(name: name, organization: "Dinkes", position: "Staf", externalID: nip), status: .confirmed,
          registeredAt: .now),
        checkIns: checkIns.map { day, utc in
          CheckInRecord(
            day: CalendarDay(day)!, at: ISO8601DateFormatter().date(from: utc)!, desk: "desk 1",
            arrival: ISO8601DateFormatter().date(from: utc)!)
        })
    }
    return AttendanceReport(
      eventCode: event.code, days: [CalendarDay("2025-05-27")!, CalendarDay("2025-05-28")!],
      rows: [
        row("Andi", nip: "197401012000031001", checkIns: [("2025-05-27", "2025-05-26T23:40:00Z")]),
        row("Budi", nip: "", checkIns: [("2025-05-28", "2025-05-28T00:05:00Z")]),
        row("Citra", nip: "", checkIns: []),
      ])
  }

  @Test("one row per confirmed person, numbered, signatures alternating, arrival times of that day at the venue")
  func sheet() throws {
    let sheet = try AttendanceSheet(report: report(), event: event, day: CalendarDay("2025-05-27")!, blank: false)
    #expect(sheet.dayText == "Selasa, 27 Mei 2025")
    #expect(sheet.rows.map(\.number) == [1, 2, 3])
    #expect(sheet.rows.map(\.signatureSide) == [.left, .right, .left])
    #expect(sheet.rows.map(\.arrival) == ["07:40", "", ""])
    #expect(sheet.rows[0].externalID == "197401012000031001")
    #expect(sheet.present == 1 && sheet.expected == 3)
    #expect(sheet.totals == "Jumlah peserta: 3 orang · hadir: 1 orang · tidak hadir: 2 orang")
    let second = try AttendanceSheet(report: report(), event: event, day: CalendarDay("2025-05-28")!, blank: false)
    #expect(second.rows.map(\.arrival) == ["", "08:05", ""])
  }

  @Test("a blank sheet has no times and no count of who came")
  func blank() throws {
    let sheet = try AttendanceSheet(report: report(), event: event, day: CalendarDay("2025-05-27")!, blank: true)
    #expect(sheet.rows.allSatisfy { $0.arrival.isEmpty })
    #expect(sheet.present == nil)
    #expect(sheet.totals == "Jumlah peserta: 3 orang")
  }

  @Test("a day outside the event is refused, naming the event's days")
  func outside() {
    let error = #expect(throws: HadirError.self) {
      try AttendanceSheet(report: report(), event: event, day: CalendarDay("2025-05-29")!, blank: false)
    }
    #expect(error?.field == "day")
    #expect(error?.message.contains("2025-05-27 to 2025-05-28") == true)
  }
}
