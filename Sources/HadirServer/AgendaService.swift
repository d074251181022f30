import Foundation
import GRPCCore
import GRPCProtobuf
import HadirCore
import HadirMapping
import HadirProto
import HadirStore
import Synchronization

/// Reading, changing, checking and exporting an event's agenda.
struct AgendaService: RegistrableRPCService {
  let database: AppDatabase
  let now: @Sendable () -> Date
  let views = AgendaViews()

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    // GetAgenda answers with bytes serialized once per revision: every desk and screen reads
    // the same agenda, and serializing it is most of what a read costs.
    router.registerUnary(Hadir_V1_Agenda.Method.GetAgenda.descriptor, serializer: SerializedMessage.Serializer(), getAgenda)
    router.registerUnary(
      Hadir_V1_Agenda.Method.ApplyAgenda.descriptor, serializer: ProtobufSerializer<Hadir_V1_ApplyAgendaResponse>(),
      applyAgenda)
    router.registerUnary(
      Hadir_V1_Agenda.Method.ValidateAgenda.descriptor, serializer: ProtobufSerializer<Hadir_V1_ValidateAgendaResponse>(),
      validateAgenda)
    router.registerUnary(
      Hadir_V1_Agenda.Method.ExportAgenda.descriptor, serializer: ProtobufSerializer<Hadir_V1_ExportAgendaResponse>(),
      exportAgenda)
  }

  /// The agenda as a serialized `AgendaView`: the whole of it, or one day's sessions.
  func getAgenda(request: Hadir_V1_GetAgendaRequest, context: ServerContext) async throws -> SerializedMessage {
    let (_, event) = try await RequestAuthentication.caller(forEvent: request.eventCode, to: .readAgendas, in: database)
    let day = try WireMapping.requestedDay(request.day)
    let (agenda, revision) = try await database.agenda(eventCode: event.code)
    return try views.answer(for: event, revision: revision, day: day?.description) {
      var view = WireMapping.agenda(agenda, event: event)
      view.revision = UInt64(revision)
      return view
    }
  }

  func applyAgenda(request: Hadir_V1_ApplyAgendaRequest, context: ServerContext) async throws
    -> Hadir_V1_ApplyAgendaResponse
  {
    let (principal, event) = try await RequestAuthentication.caller(forEvent: request.eventCode, roles: [.admin, .organizer], to: .changeAgendas, in: database)
    let agenda = try AgendaDocument.parse(request.document)
    let changes = try await database.applyAgenda(
      eventCode: event.code, agenda, expectedRevision: request.expectedRevision == 0 ? nil : Int(request.expectedRevision),
      dryRun: request.dryRun, by: principal.actor, at: now())
    var response = Hadir_V1_ApplyAgendaResponse()
    response.created = changes.created
    response.updated = changes.updated
    response.deleted = changes.deleted
    response.applied = !request.dryRun && !changes.isEmpty
    response.revision = UInt64(changes.revision)
    response.openSlots = AgendaRules.check(agenda, event: event).filter { $0.kind == .openSlot }.map { WireMapping.problem($0, in: CallLanguage.current) }
    let counts: [Fact: String] = [
      .count: "\(changes.created.count)", .value: "\(changes.updated.count)", .expected: "\(changes.deleted.count)",
    ]
    let summary = changes.isEmpty ? Notice(.agendaUnchanged) : Notice(request.dryRun ? .agendaDryRun : .agendaSaved, counts)
    response.summary = summary.text(in: CallLanguage.current)
    return response
  }

  func validateAgenda(request: Hadir_V1_ValidateAgendaRequest, context: ServerContext) async throws
    -> Hadir_V1_ValidateAgendaResponse
  {
    let (_, event) = try await RequestAuthentication.caller(forEvent: request.eventCode, to: .checkAgendas, in: database)
    let agenda =
      request.document.isEmpty ? try await database.agenda(eventCode: event.code).agenda : try AgendaDocument.parse(request.document)
    var response = Hadir_V1_ValidateAgendaResponse()
    response.problems = AgendaRules.check(agenda, event: event).map { WireMapping.problem($0, in: CallLanguage.current) }
    return response
  }

  func exportAgenda(request: Hadir_V1_ExportAgendaRequest, context: ServerContext) async throws
    -> Hadir_V1_ExportAgendaResponse
  {
    let (_, event) = try await RequestAuthentication.caller(forEvent: request.eventCode, to: .exportAgendas, in: database)
    let agenda = try await database.agenda(eventCode: event.code).agenda
    var response = Hadir_V1_ExportAgendaResponse()
    switch request.format.lowercased() {
    case "ics", "ical", "icalendar":
      response.content = AgendaExport.iCalendar(agenda, event: event)
      response.mediaType = "text/calendar"
    case "csv":
      response.content = CSVText.render(AgendaExport.csv(agenda))
      response.mediaType = "text/csv"
    case "json":
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      response.content = String(decoding: try encoder.encode(AgendaMapping.Export(event: event, agenda: agenda)), as: UTF8.self) + "\n"
      response.mediaType = "application/json"
    case "yaml", "yml":
      response.content = AgendaDocument.render(agenda, event: event)
      response.mediaType = "application/yaml"
    default:
      throw HadirError.invalid("format", Notice(.exportFormatUnknown, [.value: request.format]))
    }
    return response
  }
}

/// The agenda as sent, by event, for the revision and time zone it was made from, whole
/// and by day, serialized: every desk and screen reads the same agenda, which changes only
/// with its revision. Kept a minute at most, as the store keeps what it read, for a change
/// made by hand.
final class AgendaViews: Sendable {
  private struct Kept {
    var revision: Int
    var timeZone: String
    var view: Hadir_V1_AgendaView
    /// The serialized answers made so far, by day ("" for the whole agenda).
    var answers: [String: SerializedMessage] = [:]
    var at: ContinuousClock.Instant

    /// Whether this is what was made for the event's agenda at `revision`, and not too old.
    func isCurrent(for event: Event, revision: Int, lifetime: Duration) -> Bool {
      self.revision == revision && self.timeZone == event.timeZone && ContinuousClock.now - self.at < lifetime
    }
  }

  private let kept = Mutex<[String: Kept]>([:])
  private let lifetime = Duration.seconds(60)

  /// The answer for `day` (nil: the whole agenda), made from `makeView` when this revision
  /// of the event's agenda has not been made yet.
  func answer(
    for event: Event, revision: Int, day: String?, makeView: () throws -> Hadir_V1_AgendaView
  ) throws -> SerializedMessage {
    let key = day ?? ""
    let current = kept.withLock { kept in
      kept[event.code].flatMap { $0.isCurrent(for: event, revision: revision, lifetime: lifetime) ? $0 : nil }
    }
    if let answer = current?.answers[key] { return answer }
    var view = try current?.view ?? makeView()
    let whole = view
    if let day { view.sessions = view.sessions.filter { $0.day == day } }
    let answer = SerializedMessage(bytes: try view.serializedBytes())
    kept.withLock { kept in
      // Another read may have kept answers meanwhile: add to what is kept for this revision,
      // or start over for a new one.
      if var entry = kept[event.code], entry.isCurrent(for: event, revision: revision, lifetime: lifetime) {
        if entry.answers.count < 64 { entry.answers[key] = answer }
        kept[event.code] = entry
        return
      }
      if kept[event.code] == nil && kept.count >= 64 { kept.removeAll() }
      kept[event.code] = Kept(
        revision: revision, timeZone: event.timeZone, view: whole, answers: [key: answer], at: current?.at ?? .now)
    }
    return answer
  }
}

/// The agenda as the JSON export writes it.
enum AgendaMapping {
  /// The JSON export: the event's code and zone, then the agenda.
  struct Export: Encodable {
    var eventCode: String
    var timeZone: String
    var agenda: Agenda

    init(event: Event, agenda: Agenda) {
      self.eventCode = event.code
      self.timeZone = event.timeZone
      self.agenda = agenda
    }
  }
}
