import Foundation
import GRPCCore
import HadirCore
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
      return (try ClientMapping.agenda(view), view.timeZone, Int(view.revision))
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
        openSlots: response.openSlots.map(ClientMapping.problem), summary: response.summary,
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
        .problems.map(ClientMapping.problem)
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

extension ClientMapping {
  /// The problem as facts when this client knows its reason, else as the server's sentence.
  static func problem(_ message: Hadir_V1_AgendaProblem) -> AgendaProblem {
    let kind = AgendaProblem.Kind(rawValue: message.kind) ?? .conflict
    let session = message.sessionKey.isEmpty ? nil : message.sessionKey
    if let notice = Notice(reason: message.info.reason, facts: message.info.metadata) {
      return AgendaProblem(kind: kind, notice: notice, session: session)
    }
    return AgendaProblem(kind: kind, sentence: message.message, session: session)
  }

  static func agenda(_ view: Hadir_V1_AgendaView) throws -> Agenda {
    Agenda(
      rooms: view.rooms.map { Room(name: $0.name, seats: $0.seats == 0 ? nil : Int($0.seats)) },
      speakers: view.speakers.map {
        Speaker(key: $0.key, name: $0.name, affiliation: $0.affiliation, title: $0.title, contact: $0.contact)
      },
      sessions: try view.sessions.map { session in
        guard let start = TimeOfDay(session.start), let end = TimeOfDay(session.end) else {
          throw Unreadable(description: "The server sent a session time this client cannot read.")
        }
        return Session(
          key: session.key, day: try day(session.day), start: start, end: end, room: session.room,
          kind: SessionKind(rawValue: session.kind) ?? .other, title: session.title, description: session.description_p,
          capacity: session.capacity == 0 ? nil : Int(session.capacity),
          slots: session.slots.map {
            SpeakerSlot(
              role: SlotRole(rawValue: $0.role) ?? .narasumber, speaker: $0.speakerKey.isEmpty ? nil : $0.speakerKey,
              note: $0.note)
          })
      })
  }
}
