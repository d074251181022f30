import Foundation
import GRPCCore
import HadirCore
import HadirMapping
import HadirProto

/// The answer to applying an agenda document.
public struct AgendaApplied: Sendable, Equatable {
  public var created: [String]
  public var updated: [String]
  public var deleted: [String]
  public var applied: Bool
  /// Speaker slots still open.
  public var openSlots: [AgendaProblem]
  public var summary: String
  /// The agenda's revision after the change.
  public var revision: Int
}

extension HadirClient {
  /// The agenda of an event (one day, if given), with its time zone and its revision.
  public func agenda(eventCode: String, day: String? = nil) async throws -> (
    agenda: Agenda, timeZone: String, revision: Int
  ) {
    var request = Hadir_V1_GetAgendaRequest()
    request.eventCode = eventCode
    request.day = day ?? ""
    return try await call { grpc in
      let view = try await Hadir_V1_Agenda.Client(wrapping: grpc).getAgenda(request, metadata: metadata, options: options)
      return (try WireMapping.agenda(view), view.timeZone, Int(view.revision))
    }
  }

  /// Makes the stored agenda equal to `document` (YAML). With `expectedRevision` (from
  /// ``agenda(eventCode:day:)``), the change is refused if someone changed the agenda since.
  public func applyAgenda(eventCode: String, document: String, expectedRevision: Int? = nil, dryRun: Bool = false)
    async throws -> AgendaApplied
  {
    var request = Hadir_V1_ApplyAgendaRequest()
    request.eventCode = eventCode
    request.document = document
    request.dryRun = dryRun
    request.expectedRevision = UInt64(expectedRevision ?? 0)
    return try await call { grpc in
      let response = try await Hadir_V1_Agenda.Client(wrapping: grpc).applyAgenda(request, metadata: metadata, options: options)
      return AgendaApplied(
        created: response.created, updated: response.updated, deleted: response.deleted, applied: response.applied,
        openSlots: response.openSlots.map(WireMapping.problem), summary: response.summary,
        revision: Int(response.revision))
    }
  }

  /// Every conflict and open slot of the stored agenda, or of `document` when given.
  public func validateAgenda(eventCode: String, document: String? = nil) async throws -> [AgendaProblem] {
    var request = Hadir_V1_ValidateAgendaRequest()
    request.eventCode = eventCode
    request.document = document ?? ""
    return try await call { grpc in
      try await Hadir_V1_Agenda.Client(wrapping: grpc).validateAgenda(request, metadata: metadata, options: options)
        .problems.map(WireMapping.problem)
    }
  }

  /// The agenda rendered as "ics", "csv", "json" or "yaml".
  public func exportAgenda(eventCode: String, format: String) async throws -> String {
    var request = Hadir_V1_ExportAgendaRequest()
    request.eventCode = eventCode
    request.format = format
    return try await call { grpc in
      try await Hadir_V1_Agenda.Client(wrapping: grpc).exportAgenda(request, metadata: metadata, options: options).content
    }
  }
}
