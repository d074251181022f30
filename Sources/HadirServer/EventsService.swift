import Foundation
import GRPCCore
import HadirCore
import HadirMapping
import HadirProto
import HadirStore

/// Creating, reading and changing events.
struct EventsService: Hadir_V1_Events.SimpleServiceProtocol {
  let database: AppDatabase
  let feed: ChangeFeed
  let now: @Sendable () -> Date

  func createEvent(request: Hadir_V1_CreateEventRequest, context: ServerContext) async throws -> Hadir_V1_Event {
    let principal = try RequestAuthentication.principal()
    try principal.require([.admin, .organizer], to: .createEvents)
    try principal.requireServerWide(to: .createEvents)
    if let limited = principal.eventCode {
      throw HadirError(.permissionDenied, Notice(.tokenLimitedCannot, [.event: limited, .action: Action.createOtherEvents.rawValue]))
    }
    let draft = NewEvent(
      code: request.code, title: request.title, venue: request.venue, timeZone: request.timeZone,
      firstDay: request.firstDay, lastDay: request.lastDay, capacity: Int(request.capacity))
    return WireMapping.event(try await database.createEvent(try draft.event(at: now()), by: principal.actor))
  }

  func getEvent(request: Hadir_V1_GetEventRequest, context: ServerContext) async throws -> Hadir_V1_Event {
    let principal = try RequestAuthentication.principal()
    let code = try EventCode.normalize(request.code)
    try principal.requireAccess(toEvent: code)
    return WireMapping.event(try await database.event(code: code))
  }

  func listEvents(request: Hadir_V1_ListEventsRequest, context: ServerContext) async throws -> Hadir_V1_ListEventsResponse {
    let principal = try RequestAuthentication.principal()
    var response = Hadir_V1_ListEventsResponse()
    response.events = try await database.events(onlyCode: principal.eventCode).map(WireMapping.event)
    return response
  }

  func updateEvent(request: Hadir_V1_UpdateEventRequest, context: ServerContext) async throws
    -> Hadir_V1_UpdateEventResponse
  {
    let principal = try RequestAuthentication.principal()
    try principal.require([.admin, .organizer], to: .changeEvents)
    let code = try EventCode.normalize(request.code)
    try principal.requireAccess(toEvent: code)
    let changes = EventChanges(
      title: request.hasTitle ? request.title.value : nil,
      venue: request.hasVenue ? request.venue.value : nil,
      timeZone: request.hasTimeZone ? request.timeZone.value : nil,
      firstDay: request.hasFirstDay ? request.firstDay.value : nil,
      lastDay: request.hasLastDay ? request.lastDay.value : nil,
      capacity: request.hasCapacity ? Int(request.capacity.value) : nil)
    if changes.isEmpty {
      throw HadirError.invalid("changes", Notice(.nothingToChange))
    }
    let update = try await database.updateEvent(code: code, changes, by: principal.actor, at: now())
    await feed.publish(nil, of: update.event.code)
    var response = Hadir_V1_UpdateEventResponse()
    response.event = WireMapping.event(update.event)
    response.promoted = update.promoted.map { WireMapping.registration($0, shownTo: principal.role) }
    return response
  }

  func auditLog(request: Hadir_V1_AuditLogRequest, context: ServerContext) async throws -> Hadir_V1_AuditLogResponse {
    let (_, event) = try await RequestAuthentication.caller(
      forEvent: request.eventCode, roles: [.admin, .organizer], to: .readAuditLog, in: database)
    var code: String?
    if !request.code.isEmpty {
      guard case .valid(let stored) = RegistrationCode.read(request.code) else {
        throw HadirError.invalid("code", Notice(.registrationCodeInvalid, [.value: request.code]))
      }
      code = stored
    }
    let since = try WireMapping.requestedDay(request.since).map { event.start(of: $0) }
    let (entries, omitted) = try await database.auditLog(eventCode: event.code, code: code, since: since, limit: 5000)
    var response = Hadir_V1_AuditLogResponse()
    response.entries = entries.map { entry in
      var message = Hadir_V1_AuditEntry()
      message.at = WireMapping.timestamp(entry.at)
      message.actor = entry.actor
      message.action = entry.action
      message.code = entry.code.map(RegistrationCode.display) ?? ""
      message.detail = entry.detail
      return message
    }
    response.omitted = UInt32(omitted)
    return response
  }
}
