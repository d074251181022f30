import Foundation
import GRPCCore
import HadirCore
import HadirMapping
import HadirProto
import HadirStore
import Metrics

/// The registration desk: check-in, undo, search, walk-ins, the live screen and the report.
struct DeskService: Hadir_V1_Desk.ServiceProtocol {
  let database: AppDatabase
  let feed: ChangeFeed
  let now: @Sendable () -> Date

  func checkIn(request: ServerRequest<Hadir_V1_CheckInRequest>, context: ServerContext) async throws
    -> ServerResponse<Hadir_V1_CheckInResponse>
  {
    let message = request.message
    let (principal, event) = try await RequestAuthentication.caller(forEvent: message.eventCode, roles: [.admin, .organizer, .desk], to: .checkPeopleIn, in: database)
    let day = try WireMapping.requestedDay(message.day)
    if day != nil && principal.role == .desk {
      throw HadirError(.permissionDenied, Notice(.deskTodayOnly))
    }
    let requestID = try RequestID.validate(message.requestID)
    let result = try await database.checkIn(
      eventCode: event.code, code: message.code, day: day, arrivalTime: message.arrivalTime, requestID: requestID,
      by: principal.actor, at: now())
    if case .checkedIn = result.outcome {
      Self.countCheckIn(result, event: event)
      await feed.publish(result, of: event.code)
    }
    return ServerResponse(message: WireMapping.checkIn(result, sentence: result.message(timeZone: event.timeZone).text(in: CallLanguage.current), shownTo: principal.role))
  }

  func undoCheckIn(request: ServerRequest<Hadir_V1_UndoCheckInRequest>, context: ServerContext) async throws
    -> ServerResponse<Hadir_V1_UndoCheckInResponse>
  {
    let message = request.message
    let (principal, event) = try await RequestAuthentication.caller(forEvent: message.eventCode, roles: [.admin, .organizer, .desk], to: .undoCheckIns, in: database)
    let day = try WireMapping.requestedDay(message.day)
    if day != nil && principal.role == .desk {
      throw HadirError(.permissionDenied, Notice(.deskUndoTodayOnly))
    }
    let (registration, undone) = try await database.undoCheckIn(
      eventCode: event.code, code: message.code, day: day, mayUndoAny: principal.role != .desk, by: principal.actor,
      at: now())
    await feed.publish(nil, of: event.code)
    var response = Hadir_V1_UndoCheckInResponse()
    response.registration = WireMapping.registration(registration, shownTo: principal.role)
    response.day = undone.day.description
    response.undoneCheckInAt = WireMapping.timestamp(undone.at)
    return ServerResponse(message: response)
  }

  func find(request: ServerRequest<Hadir_V1_FindRequest>, context: ServerContext) async throws
    -> ServerResponse<Hadir_V1_FindResponse>
  {
    let message = request.message
    let (principal, event) = try await RequestAuthentication.caller(forEvent: message.eventCode, roles: [.admin, .organizer, .desk], to: .findPeople, in: database)
    let query = try TextRules.singleLine(message.query, field: "query")
    let limit = message.limit == 0 ? 20 : min(Int(message.limit), 100)
    let (people, day) = try await database.find(eventCode: event.code, query: query, day: nil, limit: limit, at: now())
    var response = Hadir_V1_FindResponse()
    response.day = day.description
    response.people = people.map { found in
      var person = Hadir_V1_FoundPerson()
      person.registration = WireMapping.registration(found.registration, shownTo: principal.role)
      person.checkedInToday = found.checkedInToday
      return person
    }
    return ServerResponse(message: response)
  }

  func walkIn(request: ServerRequest<Hadir_V1_WalkInRequest>, context: ServerContext) async throws
    -> ServerResponse<Hadir_V1_WalkInResponse>
  {
    let message = request.message
    let (principal, event) = try await RequestAuthentication.caller(forEvent: message.eventCode, roles: [.admin, .organizer, .desk], to: .takeWalkIns, in: database)
    let person = try WireMapping.person(message.person).normalized()
    let requestID = try RequestID.validate(message.requestID)
    let result = try await database.walkIn(
      eventCode: event.code, person: person, requestID: requestID, by: principal.actor, at: now())
    if case .checkedIn = result.outcome {
      Self.countCheckIn(result, event: event)
      await feed.publish(result, of: event.code)
    }
    var response = Hadir_V1_WalkInResponse()
    if let registration = result.registration {
      response.registration = WireMapping.registration(registration, shownTo: principal.role)
    }
    response.checkIn = WireMapping.checkIn(result, sentence: result.message(timeZone: event.timeZone).text(in: CallLanguage.current), shownTo: principal.role)
    return ServerResponse(message: response)
  }

  func watch(request: ServerRequest<Hadir_V1_WatchRequest>, context: ServerContext) async throws
    -> StreamingServerResponse<Hadir_V1_WatchUpdate>
  {
    let (principal, event) = try await RequestAuthentication.caller(forEvent: request.message.eventCode, roles: [.admin, .organizer, .desk], to: .watchArrivals, in: database)
    // Subscribe before the first read, so that no change falls between the two.
    let updates = try feed.changes(of: event.code, tokenID: principal.tokenID)
    let first = try await database.counters(eventCode: event.code, day: nil, at: now())
    return StreamingServerResponse { writer in
      var message = Hadir_V1_WatchUpdate()
      message.counters = WireMapping.counters(first)
      try await writer.write(message)
      for await update in updates {
        var message = Hadir_V1_WatchUpdate()
        message.counters = WireMapping.counters(update.counters)
        if let checkIn = update.checkIn {
          message.checkIn = WireMapping.checkIn(checkIn, sentence: checkIn.message(timeZone: event.timeZone).text(in: CallLanguage.current), shownTo: principal.role)
        }
        try await writer.write(message)
      }
      // The stream ends only when the server shuts down, or when the call is cancelled.
      try Task.checkCancellation()
      throw ChangeFeed.shuttingDown
    }
  }

  func attendanceReport(request: ServerRequest<Hadir_V1_AttendanceReportRequest>, context: ServerContext) async throws
    -> ServerResponse<Hadir_V1_AttendanceReportResponse>
  {
    let message = request.message
    let (principal, event) = try await RequestAuthentication.caller(forEvent: message.eventCode, roles: [.admin, .organizer], to: .readAttendanceReports, in: database)
    let pageSize = message.pageSize == 0 ? 2000 : Int(message.pageSize)
    guard pageSize <= 5000 else { throw HadirError.invalid("page_size", Notice(.pageSizeTooLarge, [.limit: "5000"])) }
    let after = try AttendancePageToken.position(message.pageToken)
    let (report, next) = try await database.attendance(eventCode: event.code, after: after, limit: pageSize)
    var response = Hadir_V1_AttendanceReportResponse()
    response.nextPageToken = next.map(AttendancePageToken.token) ?? ""
    response.eventCode = report.eventCode
    response.days = report.days.map(\.description)
    response.rows = report.rows.map { row in
      var message = Hadir_V1_AttendanceRow()
      message.registration = WireMapping.registration(row.registration, shownTo: principal.role)
      message.days = row.checkIns.map { record in
        var day = Hadir_V1_DayAttendance()
        day.day = record.day.description
        day.checkedInAt = WireMapping.timestamp(record.at)
        day.arrivedAt = WireMapping.timestamp(record.arrival)
        day.desk = record.desk
        return day
      }
      return message
    }
    // Totals need every row: given when the whole report is this one page.
    if after == nil && next == nil {
      response.organizations = report.organizations.map { total in
        var message = Hadir_V1_OrganizationTotal()
        message.organization = total.organization
        message.confirmed = UInt32(total.confirmed)
        message.present = total.present.map(UInt32.init)
        return message
      }
      response.noShows = report.noShows.map { WireMapping.registration($0, shownTo: principal.role) }
    }
    return ServerResponse(message: response)
  }

  /// For operators (hadird --metrics-listen): check-ins per event and day.
  static func countCheckIn(_ result: CheckInResult, event: Event) {
    Counter(label: "hadir_check_ins_total", dimensions: [("event", event.code), ("day", result.day.description)]).increment()
  }
}

/// The opaque page token of the attendance report: where the previous page ended.
enum AttendancePageToken {
  static func token(_ position: AttendancePosition) -> String {
    Data("\(position.id):\(position.name)".utf8).base64EncodedString()
  }

  static func position(_ token: String) throws(HadirError) -> AttendancePosition? {
    if token.isEmpty { return nil }
    guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
      let colon = text.firstIndex(of: ":"), let id = Int64(text[..<colon])
    else {
      throw .invalid("page_token", Notice(.pageTokenInvalid))
    }
    return AttendancePosition(name: String(text[text.index(after: colon)...]), id: id)
  }
}
