import Foundation
import GRPCCore
import HadirCore
import HadirMapping
import HadirProto

extension HadirClient {
  /// Checks a person in by code. `requestID` makes a retry safe: the server answers a
  /// repeated id with its first answer. `day` is for organizers only; nil means today.
  /// `arrivalTime` ("HH:MM") goes with `day`: when the person arrived, if known.
  public func checkIn(
    eventCode: String, code: String, day: String? = nil, arrivalTime: String? = nil,
    requestID: String = RequestID.random()
  ) async throws -> DeskAnswer {
    var request = Hadir_V1_CheckInRequest()
    request.eventCode = eventCode
    request.code = code
    request.day = day ?? ""
    request.arrivalTime = arrivalTime ?? ""
    request.requestID = requestID
    return try await call { grpc in
      try DeskAnswer(
        try await Hadir_V1_Desk.Client(wrapping: grpc).checkIn(request, metadata: metadata, options: options))
    }
  }

  /// Undoes today's (or, for organizers, `day`'s) check-in of `code`.
  public func undoCheckIn(eventCode: String, code: String, day: String? = nil) async throws -> (
    registration: Registration, day: CalendarDay, undoneCheckInAt: Date?
  ) {
    var request = Hadir_V1_UndoCheckInRequest()
    request.eventCode = eventCode
    request.code = code
    request.day = day ?? ""
    return try await call { grpc in
      let response = try await Hadir_V1_Desk.Client(wrapping: grpc).undoCheckIn(request, metadata: metadata, options: options)
      return (
        try WireMapping.registration(response.registration), try WireMapping.day(response.day),
        try WireMapping.date(response.undoneCheckInAt)
      )
    }
  }

  /// People whose name or organization matches `query`.
  /// How many people `find` returns at most by default.
  public static let findLimit = 20

  public func find(eventCode: String, query: String, limit: Int = HadirClient.findLimit) async throws -> (people: [FoundPerson], day: CalendarDay) {
    var request = Hadir_V1_FindRequest()
    request.eventCode = eventCode
    request.query = query
    request.limit = UInt32(clamping: max(0, limit))
    return try await call { grpc in
      let response = try await Hadir_V1_Desk.Client(wrapping: grpc).find(request, metadata: metadata, options: options)
      return (
        try response.people.map {
          FoundPerson(registration: try WireMapping.registration($0.registration), checkedInToday: $0.checkedInToday)
        }, try WireMapping.day(response.day)
      )
    }
  }

  /// Registers and checks in a walk-in, if a place remains.
  public func walkIn(eventCode: String, person: Person, requestID: String = RequestID.random()) async throws -> DeskAnswer {
    var request = Hadir_V1_WalkInRequest()
    request.eventCode = eventCode
    request.person = WireMapping.person(person)
    request.requestID = requestID
    return try await call { grpc in
      try DeskAnswer(
        try await Hadir_V1_Desk.Client(wrapping: grpc).walkIn(request, metadata: metadata, options: options).checkIn)
    }
  }

  /// Streams the live counters and each check-in to `onUpdate` until it returns false or
  /// the task is cancelled. The first update has the counters only.
  public func watch(
    eventCode: String, onUpdate: @escaping @Sendable (Counters, DeskAnswer?) async throws -> Bool
  ) async throws {
    var request = Hadir_V1_WatchRequest()
    request.eventCode = eventCode
    var options = self.options
    options.timeout = nil
    try await call { grpc in
      try await Hadir_V1_Desk.Client(wrapping: grpc).watch(request, metadata: metadata, options: options) { response in
        for try await update in response.messages {
          let answer = update.hasCheckIn ? try DeskAnswer(update.checkIn) : nil
          if try await !onUpdate(try WireMapping.counters(update.counters), answer) { return }
        }
      }
    }
  }

  /// Every confirmed person (and everyone who came and cancelled later) with their
  /// check-ins per day, read a page at a time so that an event of any size fits.
  public func attendance(eventCode: String, pageSize: Int = 2000) async throws -> AttendanceReport {
    var rows: [AttendanceReport.Row] = []
    var days: [CalendarDay] = []
    var code = eventCode
    var pageToken = ""
    repeat {
      var request = Hadir_V1_AttendanceReportRequest()
      request.eventCode = eventCode
      request.pageSize = UInt32(pageSize)
      request.pageToken = pageToken
      let response = try await call { grpc in
        try await Hadir_V1_Desk.Client(wrapping: grpc).attendanceReport(request, metadata: metadata, options: options)
      }
      code = response.eventCode
      days = try response.days.map(WireMapping.day)
      rows += try response.rows.map { row in
        AttendanceReport.Row(
          registration: try WireMapping.registration(row.registration),
          checkIns: try row.days.map { day in
            CheckInRecord(
              day: try WireMapping.day(day.day), at: try WireMapping.date(day.checkedInAt) ?? Date(timeIntervalSince1970: 0),
              desk: day.desk, arrival: try WireMapping.date(day.arrivedAt))
          })
      }
      pageToken = response.nextPageToken
    } while !pageToken.isEmpty
    return AttendanceReport(eventCode: code, days: days, rows: rows)
  }

}
