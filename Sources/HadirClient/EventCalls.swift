import Foundation
import GRPCCore
import HadirCore
import HadirMapping
import HadirProto

extension HadirClient {
  public func createEvent(_ draft: NewEvent) async throws -> Event {
    var request = Hadir_V1_CreateEventRequest()
    request.code = draft.code
    request.title = draft.title
    request.venue = draft.venue
    request.timeZone = draft.timeZone
    request.firstDay = draft.firstDay
    request.lastDay = draft.lastDay
    request.capacity = UInt32(clamping: max(0, draft.capacity))
    return try await call { grpc in
      try WireMapping.event(
        try await Hadir_V1_Events.Client(wrapping: grpc).createEvent(request, metadata: metadata, options: options))
    }
  }

  public func event(code: String) async throws -> Event {
    var request = Hadir_V1_GetEventRequest()
    request.code = code
    return try await call { grpc in
      try WireMapping.event(
        try await Hadir_V1_Events.Client(wrapping: grpc).getEvent(request, metadata: metadata, options: options))
    }
  }

  /// The events this token may see, by first day.
  public func events() async throws -> [Event] {
    try await call { grpc in
      try await Hadir_V1_Events.Client(wrapping: grpc).listEvents(
        Hadir_V1_ListEventsRequest(), metadata: metadata, options: options
      ).events.map(WireMapping.event)
    }
  }

  /// Changes the fields set in `changes`; the others stay.
  /// Changes an event; returns it, and the people a raised capacity confirmed from the
  /// waitlist, oldest first.
  public func updateEvent(code: String, _ changes: EventChanges) async throws -> (event: Event, promoted: [Registration]) {
    var request = Hadir_V1_UpdateEventRequest()
    request.code = code
    func text(_ value: String?) -> Hadir_V1_TextValue? {
      value.map { var wrapped = Hadir_V1_TextValue(); wrapped.value = $0; return wrapped }
    }
    if let value = text(changes.title) { request.title = value }
    if let value = text(changes.venue) { request.venue = value }
    if let value = text(changes.timeZone) { request.timeZone = value }
    if let value = text(changes.firstDay) { request.firstDay = value }
    if let value = text(changes.lastDay) { request.lastDay = value }
    if let capacity = changes.capacity {
      var wrapped = Hadir_V1_CountValue()
      wrapped.value = UInt32(clamping: max(0, capacity))
      request.capacity = wrapped
    }
    return try await call { grpc in
      let response = try await Hadir_V1_Events.Client(wrapping: grpc).updateEvent(request, metadata: metadata, options: options)
      return (try WireMapping.event(response.event), try response.promoted.map(WireMapping.registration))
    }
  }
}

/// One line of an event's audit log.
public struct AuditRecord: Sendable, Equatable {
  public var at: Date
  public var actor: String
  public var action: String
  /// "K7M-4PQX", or empty.
  public var code: String
  public var detail: String
}

extension HadirClient {
  /// The event's audit log, oldest first (the newest 5000 entries; `omitted` older ones),
  /// only about registration `code`, only from day `since` ("YYYY-MM-DD") on, when given.
  public func auditLog(eventCode: String, code: String? = nil, since: String? = nil) async throws
    -> (records: [AuditRecord], omitted: Int)
  {
    var request = Hadir_V1_AuditLogRequest()
    request.eventCode = eventCode
    request.code = code ?? ""
    request.since = since ?? ""
    return try await call { grpc in
      let response = try await Hadir_V1_Events.Client(wrapping: grpc).auditLog(request, metadata: metadata, options: options)
      return (
        try response.entries.map { entry in
          AuditRecord(
            at: try WireMapping.date(entry.at) ?? Date(timeIntervalSince1970: 0), actor: entry.actor, action: entry.action,
            code: entry.code, detail: entry.detail)
        },
        Int(response.omitted)
      )
    }
  }
}
