import Foundation
import GRPCCore
import HadirCore
import HadirMapping
import HadirProto

extension HadirClient {
  /// Registers a person; `alreadyRegistered` when they were registered before.
  public func register(eventCode: String, person: Person) async throws -> Registered {
    var request = Hadir_V1_RegisterRequest()
    request.eventCode = eventCode
    request.person = WireMapping.person(person)
    return try await call { grpc in
      let response = try await Hadir_V1_Registrations.Client(wrapping: grpc).registerPerson(
        request, metadata: metadata, options: options)
      return Registered(
        registration: try WireMapping.registration(response.registration),
        alreadyRegistered: response.alreadyRegistered)
    }
  }

  /// Cancels a registration; returns it and whoever was promoted in its place.
  /// Cancels the registration `code`; with `eventCode`, only if it belongs to that event.
  public func cancelRegistration(code: String, eventCode: String? = nil) async throws -> (
    cancelled: Registration, promoted: Registration?
  ) {
    var request = Hadir_V1_CancelRegistrationRequest()
    request.code = code
    request.eventCode = eventCode ?? ""
    return try await call { grpc in
      let response = try await Hadir_V1_Registrations.Client(wrapping: grpc).cancelRegistration(
        request, metadata: metadata, options: options)
      return (
        try WireMapping.registration(response.registration),
        response.hasPromoted ? try WireMapping.registration(response.promoted) : nil
      )
    }
  }

  public func registration(code: String) async throws -> Registration {
    var request = Hadir_V1_GetRegistrationRequest()
    request.code = code
    return try await call { grpc in
      try WireMapping.registration(
        try await Hadir_V1_Registrations.Client(wrapping: grpc).getRegistration(request, metadata: metadata, options: options))
    }
  }

  /// One page of an event's registrations, in the order they came.
  public func registrations(
    eventCode: String, status: RegistrationStatus? = nil, organization: String? = nil, search: String? = nil,
    pageSize: Int = 100, pageToken: String? = nil
  ) async throws -> RegistrationPage {
    var request = Hadir_V1_ListRegistrationsRequest()
    request.eventCode = eventCode
    request.status = status.map(WireMapping.status) ?? .unspecified
    request.organization = organization ?? ""
    request.search = search ?? ""
    request.pageSize = UInt32(clamping: max(0, pageSize))
    request.pageToken = pageToken ?? ""
    return try await call { grpc in
      let response = try await Hadir_V1_Registrations.Client(wrapping: grpc).listRegistrations(
        request, metadata: metadata, options: options)
      return RegistrationPage(
        registrations: try response.registrations.map(WireMapping.registration),
        nextPageToken: response.nextPageToken.isEmpty ? nil : response.nextPageToken, total: Int(response.total))
    }
  }

  /// Every registration of the event that matches, read page after page.
  public func allRegistrations(
    eventCode: String, status: RegistrationStatus? = nil, organization: String? = nil, search: String? = nil
  ) async throws -> [Registration] {
    var all: [Registration] = []
    var pageToken: String?
    repeat {
      let page = try await registrations(
        eventCode: eventCode, status: status, organization: organization, search: search, pageSize: 1000,
        pageToken: pageToken)
      all += page.registrations
      pageToken = page.nextPageToken
    } while pageToken != nil
    return all
  }
}
