import Foundation
import GRPCCore
import HadirCore
import HadirMapping
import HadirProto
import HadirStore

/// Registering people, cancelling, and reading registrations.
struct RegistrationsService: Hadir_V1_Registrations.SimpleServiceProtocol {
  let database: AppDatabase
  let feed: ChangeFeed
  let now: @Sendable () -> Date
  let importer: InviteeImporter

  func registerPerson(request: Hadir_V1_RegisterRequest, context: ServerContext) async throws -> Hadir_V1_RegisterResponse {
    let principal = try RequestAuthentication.principal()
    try principal.require([.admin, .organizer], to: .registerPeople)
    let eventCode = try EventCode.normalize(request.eventCode)
    try principal.requireAccess(toEvent: eventCode)
    let person = try WireMapping.person(request.person).normalized()
    let registered = try await database.register(eventCode: eventCode, person: person, by: principal.actor, at: now())
    if !registered.alreadyRegistered { await feed.publish(nil, of: eventCode) }
    var response = Hadir_V1_RegisterResponse()
    response.registration = WireMapping.registration(registered.registration, shownTo: principal.role)
    response.alreadyRegistered = registered.alreadyRegistered
    return response
  }

  func cancelRegistration(request: Hadir_V1_CancelRegistrationRequest, context: ServerContext) async throws
    -> Hadir_V1_CancelRegistrationResponse
  {
    let principal = try RequestAuthentication.principal()
    try principal.require([.admin, .organizer], to: .cancelRegistrations)
    let inEvent = request.eventCode.isEmpty ? nil : try EventCode.normalize(request.eventCode)
    let (cancelled, promoted) = try await database.cancelRegistration(
      code: request.code, inEvent: inEvent, limitedToEvent: principal.eventCode, by: principal.actor, at: now())
    await feed.publish(nil, of: cancelled.eventCode)
    var response = Hadir_V1_CancelRegistrationResponse()
    response.registration = WireMapping.registration(cancelled, shownTo: principal.role)
    if let promoted { response.promoted = WireMapping.registration(promoted, shownTo: principal.role) }
    return response
  }

  func getRegistration(request: Hadir_V1_GetRegistrationRequest, context: ServerContext) async throws
    -> Hadir_V1_Registration
  {
    let principal = try RequestAuthentication.principal()
    return WireMapping.registration(
      try await database.registration(code: request.code, limitedToEvent: principal.eventCode), shownTo: principal.role)
  }

  func listRegistrations(request: Hadir_V1_ListRegistrationsRequest, context: ServerContext) async throws
    -> Hadir_V1_ListRegistrationsResponse
  {
    let principal = try RequestAuthentication.principal()
    let eventCode = try EventCode.normalize(request.eventCode)
    try principal.requireAccess(toEvent: eventCode)
    let pageSize = request.pageSize == 0 ? 100 : Int(request.pageSize)
    guard pageSize <= 1000 else { throw HadirError.invalid("page_size", Notice(.pageSizeTooLarge, [.limit: "1000"])) }
    let organization = try TextRules.singleLine(request.organization, field: "organization")
    let search = try TextRules.singleLine(request.search, field: "search")
    let filter = RegistrationFilter(
      status: WireMapping.status(request.status), organization: organization.isEmpty ? nil : organization,
      search: search.isEmpty ? nil : search)
    let page = try await database.registrations(
      eventCode: eventCode, filter: filter, pageSize: pageSize, pageToken: request.pageToken.isEmpty ? nil : request.pageToken)
    var response = Hadir_V1_ListRegistrationsResponse()
    response.registrations = page.registrations.map { WireMapping.registration($0, shownTo: principal.role) }
    response.nextPageToken = page.nextPageToken ?? ""
    response.total = UInt32(page.total)
    return response
  }

  func importInvitees(request: RPCAsyncSequence<Hadir_V1_ImportRequest, any Error>, context: ServerContext) async throws
    -> Hadir_V1_ImportReport
  {
    try await importer.run(request)
  }
}
