import Foundation

/// Something Hadir tells a person, as a fact: which sentence (``Phrase``) and the values
/// it speaks of (``Fact``). Rules produce messages; each edge renders them in its person's
/// language with ``text(in:)``, from the one catalog per language (`Indonesian.swift`,
/// `English.swift`). A refusal travels on the wire as its phrase's stable reason and its
/// facts, so that a client can render it itself.
public struct Notice: Hashable, Sendable {
  public var phrase: Phrase
  public var facts: [Fact: String]

  public init(_ phrase: Phrase, _ facts: [Fact: String] = [:]) {
    self.phrase = phrase
    self.facts = facts
  }

  /// The message from a reason and facts as they travel on the wire; nil for a reason this
  /// version does not know (a newer server's).
  public init?(reason: String, facts: [String: String]) {
    guard let phrase = Phrase(rawValue: reason) else { return nil }
    self.phrase = phrase
    self.facts = Dictionary(uniqueKeysWithValues: facts.compactMap { key, value in Fact(rawValue: key).map { ($0, value) } })
  }

  /// The reason as it travels on the wire, e.g. "ALREADY_CHECKED_IN".
  public var reason: String { phrase.rawValue }

  /// The facts as they travel on the wire.
  public var wireFacts: [String: String] {
    Dictionary(uniqueKeysWithValues: facts.map { ($0.key.rawValue, $0.value) })
  }

  /// The sentence in `language`.
  public func text(in language: Language) -> String {
    switch language {
    case .indonesian: indonesian
    case .english: english
    }
  }

  /// The value of `fact`, or "" when it is missing.
  subscript(_ fact: Fact) -> String { facts[fact] ?? "" }

  /// A list fact, written with ``list(_:)``.
  func items(_ fact: Fact) -> [String] {
    let value = self[fact]
    return value.isEmpty ? [] : value.components(separatedBy: "\n")
  }

  /// Several values as one fact.
  public static func list(_ values: [String]) -> String { values.joined(separator: "\n") }

  /// The notice as one line of JSON, so that notices can be the facts of another (an
  /// agenda's conflicts, a file's mistakes) and still be rendered in each language.
  public var json: String {
    let object: [String: Any] = ["reason": reason, "facts": wireFacts]
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }

  /// The notice ``json`` wrote; nil for anything else.
  public init?(json: String) {
    guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
      let reason = object["reason"] as? String, let facts = object["facts"] as? [String: String]
    else { return nil }
    self.init(reason: reason, facts: facts)
  }

  /// The notices in the list fact `fact`, each in `language`.
  func rendered(_ fact: Fact, in language: Language) -> [String] {
    items(fact).map { Notice(json: $0)?.text(in: language) ?? $0 }
  }
}

/// The values a message can speak of. Their names travel on the wire.
public enum Fact: String, CaseIterable, Sendable {
  case name, who, code, event, otherEvent = "other_event", day, time, desk, role, roles, action
  case field, value, limit, count, capacity, confirmed, waiting
  case first, last, revision, expected, prefix, size, items, id, address, cause, title, place, line
}

/// What a token is being used to do, named in a refusal.
public enum Action: String, CaseIterable, Sendable {
  case createEvents = "create-events"
  case createOtherEvents = "create-other-events"
  case changeEvents = "change-events"
  case registerPeople = "register-people"
  case cancelRegistrations = "cancel-registrations"
  case createTokens = "create-tokens"
  case listTokens = "list-tokens"
  case revokeTokens = "revoke-tokens"
  case readAgendas = "read-agendas"
  case changeAgendas = "change-agendas"
  case checkAgendas = "check-agendas"
  case exportAgendas = "export-agendas"
  case checkPeopleIn = "check-people-in"
  case undoCheckIns = "undo-check-ins"
  case findPeople = "find-people"
  case takeWalkIns = "take-walk-ins"
  case watchArrivals = "watch-arrivals"
  case readAttendanceReports = "read-attendance-reports"
  case readAuditLog = "read-audit-log"
  case importInviteeLists = "import-invitee-lists"
  case readRegistrations = "read-registrations"
  case readEvents = "read-events"
}

/// Every sentence Hadir says. The raw value is the stable reason a refusal carries on the
/// wire (docs/PROTOCOL.md lists them); never change one. The refusals come first, up to
/// ``databaseUnwritable``; then an import's report, which the server writes too; the rest
/// are said by clients.
public enum Phrase: String, CaseIterable, Sendable {
  // The desk's answers.
  case checkedIn = "CHECKED_IN"
  case alreadyCheckedIn = "ALREADY_CHECKED_IN"
  case unknownCode = "UNKNOWN_CODE"
  case badCheckCharacter = "BAD_CHECK_CHARACTER"
  case waitlisted = "WAITLISTED"
  case cancelled = "CANCELLED"
  case otherEvent = "OTHER_EVENT"
  case notEventDay = "NOT_EVENT_DAY"
  case thisPerson = "THIS_PERSON"

  // Access.
  case tokenMissing = "TOKEN_MISSING"
  case tokenNotHadir = "TOKEN_NOT_HADIR"
  case tokenUnknown = "TOKEN_UNKNOWN"
  case authorizationMalformed = "AUTHORIZATION_MALFORMED"
  case tooManyWrongTokens = "TOO_MANY_WRONG_TOKENS"
  case tokenRevokedDuringCall = "TOKEN_REVOKED_DURING_CALL"
  case roleCannot = "ROLE_CANNOT"
  case tokenLimitedToEvent = "TOKEN_LIMITED_TO_EVENT"
  case tokenLimitedCannot = "TOKEN_LIMITED_CANNOT"
  case deskTodayOnly = "DESK_TODAY_ONLY"
  case deskUndoTodayOnly = "DESK_UNDO_TODAY_ONLY"
  case undoOtherDesk = "UNDO_OTHER_DESK"
  case undoTooOld = "UNDO_TOO_OLD"
  case adminTokenWholeServer = "ADMIN_TOKEN_WHOLE_SERVER"
  case tokenNameMissing = "TOKEN_NAME_MISSING"
  case tokenNotFound = "TOKEN_NOT_FOUND"
  case tokenIDMissing = "TOKEN_ID_MISSING"
  case roleMissing = "ROLE_MISSING"

  // Text that enters.
  case tooLong = "TOO_LONG"
  case controlCharacter = "CONTROL_CHARACTER"
  case onlyInvisible = "ONLY_INVISIBLE"
  case nameMissing = "NAME_MISSING"
  case emailInvalid = "EMAIL_INVALID"
  case phoneInvalid = "PHONE_INVALID"
  case requestIDInvalid = "REQUEST_ID_INVALID"
  case notADate = "NOT_A_DATE"

  // Events.
  case eventTitleMissing = "EVENT_TITLE_MISSING"
  case timeZoneUnknown = "TIME_ZONE_UNKNOWN"
  case implausibleYear = "IMPLAUSIBLE_YEAR"
  case lastDayBeforeFirst = "LAST_DAY_BEFORE_FIRST"
  case eventTooLong = "EVENT_TOO_LONG"
  case capacityOutOfRange = "CAPACITY_OUT_OF_RANGE"
  case eventCodeMissing = "EVENT_CODE_MISSING"
  case eventCodeInvalid = "EVENT_CODE_INVALID"
  case eventNotFound = "EVENT_NOT_FOUND"
  case eventExists = "EVENT_EXISTS"
  case capacityBelowConfirmed = "CAPACITY_BELOW_CONFIRMED"
  case sessionsOutsideDays = "SESSIONS_OUTSIDE_DAYS"
  case attendedDaysDropped = "ATTENDED_DAYS_DROPPED"
  case nothingToChange = "NOTHING_TO_CHANGE"
  case dayNotOfEvent = "DAY_NOT_OF_EVENT"

  // Registrations and the desk.
  case registrationNotFound = "REGISTRATION_NOT_FOUND"
  case registrationCodeInvalid = "REGISTRATION_CODE_INVALID"
  case codeNotInEvent = "CODE_NOT_IN_EVENT"
  case nothingToUndo = "NOTHING_TO_UNDO"
  case walkInNotEventDay = "WALK_IN_NOT_EVENT_DAY"
  case noPlacesLeft = "NO_PLACES_LEFT"
  case searchEmpty = "SEARCH_EMPTY"
  case searchNoLetters = "SEARCH_NO_LETTERS"
  case pageTokenInvalid = "PAGE_TOKEN_INVALID"
  case pageSizeTooLarge = "PAGE_SIZE_TOO_LARGE"
  case arrivalTimeWithoutDay = "ARRIVAL_TIME_WITHOUT_DAY"
  case arrivalTimeInvalid = "ARRIVAL_TIME_INVALID"
  case arrivalTimeInFuture = "ARRIVAL_TIME_IN_FUTURE"
  case tooManyScreens = "TOO_MANY_SCREENS"

  // Imports and agendas.
  case importOptionsFirst = "IMPORT_OPTIONS_FIRST"
  case importOptionsOnce = "IMPORT_OPTIONS_ONCE"
  case importTooLarge = "IMPORT_TOO_LARGE"
  case notAField = "NOT_A_FIELD"
  case noSuchColumn = "NO_SUCH_COLUMN"
  case columnAmbiguous = "COLUMN_AMBIGUOUS"
  case noNameColumn = "NO_NAME_COLUMN"
  case agendaChangedMeanwhile = "AGENDA_CHANGED_MEANWHILE"
  case agendaNotSaved = "AGENDA_NOT_SAVED"
  case agendaFileMistakes = "AGENDA_FILE_MISTAKES"
  case agendaNotYAMLAt = "AGENDA_NOT_YAML_AT"
  case agendaNotYAML = "AGENDA_NOT_YAML"
  case exportFormatUnknown = "EXPORT_FORMAT_UNKNOWN"

  // The server itself.
  case serverShuttingDown = "SERVER_SHUTTING_DOWN"
  case tooManyCalls = "TOO_MANY_CALLS"
  case notAMethodName = "NOT_A_METHOD_NAME"
  case noSuchMethod = "NO_SUCH_METHOD"
  case unexpectedProblem = "UNEXPECTED_PROBLEM"
  case diskFull = "DISK_FULL"
  case databaseBusy = "DATABASE_BUSY"
  case databaseGone = "DATABASE_GONE"
  case databaseUnwritable = "DATABASE_UNWRITABLE"

  // An agenda's change, in one sentence.
  case agendaUnchanged = "AGENDA_UNCHANGED"
  case agendaDryRun = "AGENDA_DRY_RUN"
  case agendaSaved = "AGENDA_SAVED"

  // An agenda's problems and a file's mistakes, the facts of the refusals above.
  case agendaMistake = "AGENDA_MISTAKE"
  case agendaShouldBeMapping = "AGENDA_SHOULD_BE_MAPPING"
  case agendaFieldNameMissing = "AGENDA_FIELD_NAME_MISSING"
  case agendaUnknownField = "AGENDA_UNKNOWN_FIELD"
  case agendaShouldBeList = "AGENDA_SHOULD_BE_LIST"
  case agendaShouldBeSingle = "AGENDA_SHOULD_BE_SINGLE"
  case agendaBadText = "AGENDA_BAD_TEXT"
  case agendaBadKey = "AGENDA_BAD_KEY"
  case agendaBadNumber = "AGENDA_BAD_NUMBER"
  case agendaBadDay = "AGENDA_BAD_DAY"
  case agendaBadTime = "AGENDA_BAD_TIME"
  case agendaBadChoice = "AGENDA_BAD_CHOICE"
  case agendaNeedsField = "AGENDA_NEEDS_FIELD"
  case agendaRoomTwice = "AGENDA_ROOM_TWICE"
  case agendaSpeakerKeyTwice = "AGENDA_SPEAKER_KEY_TWICE"
  case agendaSessionKeyTwice = "AGENDA_SESSION_KEY_TWICE"
  case agendaEndsBeforeStart = "AGENDA_ENDS_BEFORE_START"
  case agendaOutsideDays = "AGENDA_OUTSIDE_DAYS"
  case agendaUnknownRoom = "AGENDA_UNKNOWN_ROOM"
  case agendaUnknownSpeaker = "AGENDA_UNKNOWN_SPEAKER"
  case agendaOpenSlot = "AGENDA_OPEN_SLOT"
  case agendaRoomClash = "AGENDA_ROOM_CLASH"
  case agendaSpeakerClash = "AGENDA_SPEAKER_CLASH"

  // An import's report.
  case rowTooManyValues = "ROW_TOO_MANY_VALUES"
  case sameExternalID = "SAME_EXTERNAL_ID"
  case sameEmail = "SAME_EMAIL"
  case samePhone = "SAME_PHONE"
  case importRefused = "IMPORT_REFUSED"
  case importWouldChangeNothing = "IMPORT_WOULD_CHANGE_NOTHING"
  case importChangedNothing = "IMPORT_CHANGED_NOTHING"
  case importDryRun = "IMPORT_DRY_RUN"
  case importDone = "IMPORT_DONE"
  case importSkipped = "IMPORT_SKIPPED"

  // Said by clients, never sent by the server.
  case serverUnreachable = "SERVER_UNREACHABLE"
  case closedBeforeReady = "CLOSED_BEFORE_READY"
  case connectionLost = "CONNECTION_LOST"
  case answersNotRead = "ANSWERS_NOT_READ"
  case replicaLitestreamStopped = "REPLICA_LITESTREAM_STOPPED"
  case replicaStatusUnknown = "REPLICA_STATUS_UNKNOWN"
  case tlsRequired = "TLS_REQUIRED"
  case tlsNotOffered = "TLS_NOT_OFFERED"
  case tlsPinMismatch = "TLS_PIN_MISMATCH"
  case tlsCertificateExpired = "TLS_CERTIFICATE_EXPIRED"
  case tlsUntrusted = "TLS_UNTRUSTED"
  case tlsSetup = "TLS_SETUP"
  case callTimedOut = "CALL_TIMED_OUT"
  case callCancelled = "CALL_CANCELLED"
  case serverFailed = "SERVER_FAILED"
  case adviceTokenOption = "ADVICE_TOKEN_OPTION"
  case adviceCheckToken = "ADVICE_CHECK_TOKEN"
  case adviceEventList = "ADVICE_EVENT_LIST"
  case adviceTokenList = "ADVICE_TOKEN_LIST"
  case whichEvent = "WHICH_EVENT"

  // The desk's screens.
  case deskTitle = "DESK_TITLE"
  case deskInstructions = "DESK_INSTRUCTIONS"
  case deskNotRecorded = "DESK_NOT_RECORDED"
  case deskRetrying = "DESK_RETRYING"
  case wordIn = "WORD_IN"
  case wordAlreadyIn = "WORD_ALREADY_IN"
  case wordStop = "WORD_STOP"
  case nobodyMatches = "NOBODY_MATCHES"
  case firstMatchesOnly = "FIRST_MATCHES_ONLY"
  case headingCode = "HEADING_CODE"
  case headingName = "HEADING_NAME"
  case headingOrganization = "HEADING_ORGANIZATION"
  case headingStatus = "HEADING_STATUS"
  case headingToday = "HEADING_TODAY"
  case markIn = "MARK_IN"
  case statusConfirmed = "STATUS_CONFIRMED"
  case statusWaitlisted = "STATUS_WAITLISTED"
  case statusCancelled = "STATUS_CANCELLED"
  case undone = "UNDONE"
  case walkInCode = "WALK_IN_CODE"
  case reconnecting = "RECONNECTING"
  case watchCounters = "WATCH_COUNTERS"

  // The organizer's and administrator's screens and exports.
  case delimiterComma = "DELIMITER_COMMA"
  case delimiterSemicolon = "DELIMITER_SEMICOLON"
  case delimiterTab = "DELIMITER_TAB"
  case headingNo = "HEADING_NO"
  case headingTitle = "HEADING_TITLE"
  case headingDays = "HEADING_DAYS"
  case headingZone = "HEADING_ZONE"
  case headingCapacity = "HEADING_CAPACITY"
  case headingPhone = "HEADING_PHONE"
  case headingConfirmed = "HEADING_CONFIRMED"
  case headingTotal = "HEADING_TOTAL"
  case headingTime = "HEADING_TIME"
  case headingWho = "HEADING_WHO"
  case headingAction = "HEADING_ACTION"
  case headingDetail = "HEADING_DETAIL"
  case headingID = "HEADING_ID"
  case headingRole = "HEADING_ROLE"
  case headingEvent = "HEADING_EVENT"
  case headingCreated = "HEADING_CREATED"
  case headingLastUsed = "HEADING_LAST_USED"
  case headingRevoked = "HEADING_REVOKED"
  case allEvents = "ALL_EVENTS"
  case noEventsYet = "NO_EVENTS_YET"
  case eventCreated = "EVENT_CREATED"
  case eventUpdated = "EVENT_UPDATED"
  case promotedFromWaitlist = "PROMOTED_FROM_WAITLIST"
  case labelCode = "LABEL_CODE"
  case labelTitle = "LABEL_TITLE"
  case labelVenue = "LABEL_VENUE"
  case labelDays = "LABEL_DAYS"
  case labelZone = "LABEL_ZONE"
  case labelCapacity = "LABEL_CAPACITY"
  case alreadyRegistered = "ALREADY_REGISTERED"
  case registeredPerson = "REGISTERED_PERSON"
  case cancelledPerson = "CANCELLED_PERSON"
  case movedUp = "MOVED_UP"
  case noRegistrationsMatch = "NO_REGISTRATIONS_MATCH"
  case registrationCount = "REGISTRATION_COUNT"
  case wroteFile = "WROTE_FILE"
  case wroteAttendance = "WROTE_ATTENDANCE"
  case wroteBadges = "WROTE_BADGES"
  case cannotWritePaper = "CANNOT_WRITE_PAPER"
  case cannotMakeQRCode = "CANNOT_MAKE_QR_CODE"
  case wroteInvitations = "WROTE_INVITATIONS"
  case agendaHasNoProblems = "AGENDA_HAS_NO_PROBLEMS"
  case wroteSheet = "WROTE_SHEET"
  case attendanceTitle = "ATTENDANCE_TITLE"
  case cancelledMark = "CANCELLED_MARK"
  case noOrganization = "NO_ORGANIZATION"
  case noShows = "NO_SHOWS"
  case none = "NONE"
  case recordedBy = "RECORDED_BY"
  case csvNo = "CSV_NO"
  case csvName = "CSV_NAME"
  case csvOrganization = "CSV_ORGANIZATION"
  case csvPosition = "CSV_POSITION"
  case csvCode = "CSV_CODE"
  case csvDayTime = "CSV_DAY_TIME"
  case csvDayDesk = "CSV_DAY_DESK"
  case csvSignature = "CSV_SIGNATURE"
  case sheetAttendance = "SHEET_ATTENDANCE"
  case tokenCreated = "TOKEN_CREATED"
  case tokenForEvent = "TOKEN_FOR_EVENT"
  case secretShownOnce = "SECRET_SHOWN_ONCE"
  case tokenRevoked = "TOKEN_REVOKED"
  case nothingRecorded = "NOTHING_RECORDED"
  case olderNotShown = "OLDER_NOT_SHOWN"
  case statusServer = "STATUS_SERVER"
  case statusNoToken = "STATUS_NO_TOKEN"
  case statusTokenAll = "STATUS_TOKEN_ALL"
  case statusTokenEvent = "STATUS_TOKEN_EVENT"
  case statusReplica = "STATUS_REPLICA"
  case replicaNone = "REPLICA_NONE"
  case replicaWritten = "REPLICA_WRITTEN"
  case replicaCaughtUp = "REPLICA_CAUGHT_UP"
  case replicaPending = "REPLICA_PENDING"
  case replicaProblem = "REPLICA_PROBLEM"

  // The agenda, on the organizer's screen.
  case noSessionsYet = "NO_SESSIONS_YET"
  case openSlot = "OPEN_SLOT"
  case conflictLabel = "CONFLICT_LABEL"

  // The command line's help: each command's summary.
  case helpAudit = "HELP_AUDIT"
  case helpHadir = "HELP_HADIR"
  case helpHadirDetails = "HELP_HADIR_DETAILS"
  case helpToken = "HELP_TOKEN"
  case helpTokenCreate = "HELP_TOKEN_CREATE"
  case helpTokenList = "HELP_TOKEN_LIST"
  case helpTokenRevoke = "HELP_TOKEN_REVOKE"
  case helpEvent = "HELP_EVENT"
  case helpEventCreate = "HELP_EVENT_CREATE"
  case helpEventList = "HELP_EVENT_LIST"
  case helpEventShow = "HELP_EVENT_SHOW"
  case helpEventUpdate = "HELP_EVENT_UPDATE"
  case helpImport = "HELP_IMPORT"
  case helpAgenda = "HELP_AGENDA"
  case helpAgendaShow = "HELP_AGENDA_SHOW"
  case helpAgendaApply = "HELP_AGENDA_APPLY"
  case helpAgendaCheck = "HELP_AGENDA_CHECK"
  case helpAgendaExport = "HELP_AGENDA_EXPORT"
  case helpAgendaAssign = "HELP_AGENDA_ASSIGN"
  case helpAgendaUnassign = "HELP_AGENDA_UNASSIGN"
  case helpAgendaMove = "HELP_AGENDA_MOVE"
  case helpAgendaRemove = "HELP_AGENDA_REMOVE"
  case helpReport = "HELP_REPORT"
  case helpAttendance = "HELP_ATTENDANCE"
  case helpCheckIn = "HELP_CHECK_IN"
  case helpUndo = "HELP_UNDO"
  case helpFind = "HELP_FIND"
  case helpWalkIn = "HELP_WALK_IN"
  case helpWatch = "HELP_WATCH"
  case helpBadges = "HELP_BADGES"
  case helpStatus = "HELP_STATUS"
  case helpRegister = "HELP_REGISTER"
  case helpCancel = "HELP_CANCEL"
  case helpRegistrations = "HELP_REGISTRATIONS"
  case helpAgendaAdd = "HELP_AGENDA_ADD"
  case helpAddRoom = "HELP_ADD_ROOM"
  case helpAddSpeaker = "HELP_ADD_SPEAKER"
  case helpAddSession = "HELP_ADD_SESSION"
  case helpAddSlot = "HELP_ADD_SLOT"
  case helpDesk = "HELP_DESK"
  case helpInvitations = "HELP_INVITATIONS"

  // The command line's refusals of what was typed.
  case usageCapacity = "USAGE_CAPACITY"
  case usageNothingToUpdate = "USAGE_NOTHING_TO_UPDATE"
  case usageColumn = "USAGE_COLUMN"
  case usageDay = "USAGE_DAY"
  case usageTime = "USAGE_TIME"
  case usageRemoveWhat = "USAGE_REMOVE_WHAT"
  case usageSlotNumber = "USAGE_SLOT_NUMBER"
  case usageUnreadableFile = "USAGE_UNREADABLE_FILE"
  case usagePDFNeedsDay = "USAGE_PDF_NEEDS_DAY"
  case usageDayGoesWithPDF = "USAGE_DAY_GOES_WITH_PDF"
  case usageTimeGoesWithDay = "USAGE_TIME_GOES_WITH_DAY"
  case usageChoice = "USAGE_CHOICE"
  case usageLanguage = "USAGE_LANGUAGE"
  case usageTLSPin = "USAGE_TLS_PIN"
  case agendaNoSuchItem = "AGENDA_NO_SUCH_ITEM"
  case agendaSlotOutOfRange = "AGENDA_SLOT_OUT_OF_RANGE"

  // An import, on the organizer's screen.
  case importColumns = "IMPORT_COLUMNS"
  case columnNotUsed = "COLUMN_NOT_USED"
  case headingPeople = "HEADING_PEOPLE"
  case rowsRead = "ROWS_READ"
  case rowsCreated = "ROWS_CREATED"
  case rowsConfirmed = "ROWS_CONFIRMED"
  case rowsWaitlisted = "ROWS_WAITLISTED"
  case rowsUpdated = "ROWS_UPDATED"
  case rowsUnchanged = "ROWS_UNCHANGED"
  case rowsRejected = "ROWS_REJECTED"
  case mergedHeading = "MERGED_HEADING"
  case mergedLine = "MERGED_LINE"
  case andMoreJSON = "AND_MORE_JSON"
  case rejectedHeading = "REJECTED_HEADING"
  case rejectedLine = "REJECTED_LINE"
  case andMore = "AND_MORE"
  case useErrorsFile = "USE_ERRORS_FILE"
  case allRejectedIn = "ALL_REJECTED_IN"
  case waitlistedHeading = "WAITLISTED_HEADING"
  case waitlistedLine = "WAITLISTED_LINE"
  case codeOnImport = "CODE_ON_IMPORT"
  case moreWaitlisted = "MORE_WAITLISTED"
  case csvLine = "CSV_LINE"
  case csvProblem = "CSV_PROBLEM"

  // Help for options and arguments of hadir.
  case helpOptionServer = "HELP_OPTION_SERVER"
  case helpOptionToken = "HELP_OPTION_TOKEN"
  case helpOptionTLS = "HELP_OPTION_TLS"
  case helpOptionTLSPin = "HELP_OPTION_TLS_PIN"
  case helpOptionTLSCA = "HELP_OPTION_TLS_CA"
  case helpOptionJSON = "HELP_OPTION_JSON"
  case helpOptionLang = "HELP_OPTION_LANG"
  case helpOptionEvent = "HELP_OPTION_EVENT"
  case helpOptionName = "HELP_OPTION_NAME"
  case helpOptionOrganization = "HELP_OPTION_ORGANIZATION"
  case helpOptionPosition = "HELP_OPTION_POSITION"
  case helpOptionCategory = "HELP_OPTION_CATEGORY"
  case helpOptionPhone = "HELP_OPTION_PHONE"
  case helpOptionEmail = "HELP_OPTION_EMAIL"
  case helpOptionExternalID = "HELP_OPTION_EXTERNAL_ID"
  case helpOptionRoomName = "HELP_OPTION_ROOM_NAME"
  case helpOptionSeats = "HELP_OPTION_SEATS"
  case helpOptionNewSpeakerKey = "HELP_OPTION_NEW_SPEAKER_KEY"
  case helpOptionSpeakerName = "HELP_OPTION_SPEAKER_NAME"
  case helpOptionAffiliation = "HELP_OPTION_AFFILIATION"
  case helpOptionSpeakerTitle = "HELP_OPTION_SPEAKER_TITLE"
  case helpOptionContact = "HELP_OPTION_CONTACT"
  case helpOptionNewSessionKey = "HELP_OPTION_NEW_SESSION_KEY"
  case helpOptionDay = "HELP_OPTION_DAY"
  case helpOptionStart = "HELP_OPTION_START"
  case helpOptionEnd = "HELP_OPTION_END"
  case helpOptionRoom = "HELP_OPTION_ROOM"
  case helpOptionSessionKind = "HELP_OPTION_SESSION_KIND"
  case helpOptionTitle = "HELP_OPTION_TITLE"
  case helpOptionDescription = "HELP_OPTION_DESCRIPTION"
  case helpOptionSessionCapacity = "HELP_OPTION_SESSION_CAPACITY"
  case helpOptionSession = "HELP_OPTION_SESSION"
  case helpOptionSlotRole = "HELP_OPTION_SLOT_ROLE"
  case helpOptionSlotSpeaker = "HELP_OPTION_SLOT_SPEAKER"
  case helpOptionSlotNote = "HELP_OPTION_SLOT_NOTE"
  case helpOptionOnlyDay = "HELP_OPTION_ONLY_DAY"
  case helpOptionAgendaFile = "HELP_OPTION_AGENDA_FILE"
  case helpOptionAgendaDryRun = "HELP_OPTION_AGENDA_DRY_RUN"
  case helpOptionAgendaFileToCheck = "HELP_OPTION_AGENDA_FILE_TO_CHECK"
  case helpOptionExportFormat = "HELP_OPTION_EXPORT_FORMAT"
  case helpOptionOutput = "HELP_OPTION_OUTPUT"
  case helpOptionSlot = "HELP_OPTION_SLOT"
  case helpOptionSpeaker = "HELP_OPTION_SPEAKER"
  case helpOptionNewDay = "HELP_OPTION_NEW_DAY"
  case helpOptionNewStart = "HELP_OPTION_NEW_START"
  case helpOptionNewEnd = "HELP_OPTION_NEW_END"
  case helpOptionNewRoom = "HELP_OPTION_NEW_ROOM"
  case helpOptionRemoveKind = "HELP_OPTION_REMOVE_KIND"
  case helpOptionRemoveName = "HELP_OPTION_REMOVE_NAME"
  case helpOptionAuditCode = "HELP_OPTION_AUDIT_CODE"
  case helpOptionAuditSince = "HELP_OPTION_AUDIT_SINCE"
  case helpOptionBadgesPDF = "HELP_OPTION_BADGES_PDF"
  case helpOptionBadgesStatus = "HELP_OPTION_BADGES_STATUS"
  case helpOptionScannedCode = "HELP_OPTION_SCANNED_CODE"
  case helpOptionCheckInDay = "HELP_OPTION_CHECK_IN_DAY"
  case helpOptionArrivalTime = "HELP_OPTION_ARRIVAL_TIME"
  case helpOptionCode = "HELP_OPTION_CODE"
  case helpOptionUndoDay = "HELP_OPTION_UNDO_DAY"
  case helpOptionFindWords = "HELP_OPTION_FIND_WORDS"
  case helpOptionRetryFor = "HELP_OPTION_RETRY_FOR"
  case helpOptionNewEventCode = "HELP_OPTION_NEW_EVENT_CODE"
  case helpOptionEventTitle = "HELP_OPTION_EVENT_TITLE"
  case helpOptionVenue = "HELP_OPTION_VENUE"
  case helpOptionTimeZone = "HELP_OPTION_TIME_ZONE"
  case helpOptionFirstDay = "HELP_OPTION_FIRST_DAY"
  case helpOptionLastDay = "HELP_OPTION_LAST_DAY"
  case helpOptionEventCapacity = "HELP_OPTION_EVENT_CAPACITY"
  case helpOptionEventCode = "HELP_OPTION_EVENT_CODE"
  case helpOptionNewTitle = "HELP_OPTION_NEW_TITLE"
  case helpOptionNewVenue = "HELP_OPTION_NEW_VENUE"
  case helpOptionNewTimeZone = "HELP_OPTION_NEW_TIME_ZONE"
  case helpOptionNewFirstDay = "HELP_OPTION_NEW_FIRST_DAY"
  case helpOptionNewLastDay = "HELP_OPTION_NEW_LAST_DAY"
  case helpOptionNewCapacity = "HELP_OPTION_NEW_CAPACITY"
  case helpOptionImportFile = "HELP_OPTION_IMPORT_FILE"
  case helpOptionImportDryRun = "HELP_OPTION_IMPORT_DRY_RUN"
  case helpOptionSkipInvalid = "HELP_OPTION_SKIP_INVALID"
  case helpOptionErrorsFile = "HELP_OPTION_ERRORS_FILE"
  case helpOptionColumn = "HELP_OPTION_COLUMN"
  case helpOptionInvitationsCSV = "HELP_OPTION_INVITATIONS_CSV"
  case helpOptionDelimiter = "HELP_OPTION_DELIMITER"
  case helpOptionStatusFilter = "HELP_OPTION_STATUS_FILTER"
  case helpOptionOrganizationFilter = "HELP_OPTION_ORGANIZATION_FILTER"
  case helpOptionSearch = "HELP_OPTION_SEARCH"
  case helpOptionRegistrationsXLSX = "HELP_OPTION_REGISTRATIONS_XLSX"
  case helpOptionAttendanceCSV = "HELP_OPTION_ATTENDANCE_CSV"
  case helpOptionAttendanceXLSX = "HELP_OPTION_ATTENDANCE_XLSX"
  case helpOptionAttendancePDF = "HELP_OPTION_ATTENDANCE_PDF"
  case helpOptionAttendanceDay = "HELP_OPTION_ATTENDANCE_DAY"
  case helpOptionBlank = "HELP_OPTION_BLANK"
  case helpOptionTokenName = "HELP_OPTION_TOKEN_NAME"
  case helpOptionTokenRole = "HELP_OPTION_TOKEN_ROLE"
  case helpOptionTokenEvent = "HELP_OPTION_TOKEN_EVENT"
  case helpOptionAllTokens = "HELP_OPTION_ALL_TOKENS"
  case helpOptionTokenID = "HELP_OPTION_TOKEN_ID"

  // The longer descriptions of some commands of hadir.
  case helpAboutBadges = "HELP_ABOUT_BADGES"
  case helpAboutCheckIn = "HELP_ABOUT_CHECK_IN"
  case helpAboutEventCreate = "HELP_ABOUT_EVENT_CREATE"
  case helpAboutImport = "HELP_ABOUT_IMPORT"
  case helpAboutInvitations = "HELP_ABOUT_INVITATIONS"
  case helpAboutAttendance = "HELP_ABOUT_ATTENDANCE"
}

extension Notice {
  /// The person the message is about, or "this person" in `language`.
  func who(_ language: Language) -> String {
    let who = self[.who]
    return who.isEmpty ? Notice(.thisPerson).text(in: language) : who
  }

  /// A list fact of "item=count" entries, each written by `format`.
  func counted(_ fact: Fact, _ format: (String, String) -> String) -> [String] {
    items(fact).map { entry in
      let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
      return format(parts[0], parts.count > 1 ? parts[1] : "")
    }
  }

  /// A day fact written the Indonesian way ("Selasa, 27 Mei 2025"), when it is a day.
  func date(_ fact: Fact) -> String { Self.date(self[fact]) }

  static func date(_ text: String) -> String {
    guard let day = CalendarDay(text) else { return text }
    return IndonesianDates.longDate(day)
  }

  /// The reasons the server may put in a refusal: the phrases up to the import's report,
  /// less the desk's answers (sent as CheckInStatus, not as refusals).
  public static var refusalReasons: [Phrase] {
    let desk: Set<Phrase> = [
      .checkedIn, .alreadyCheckedIn, .unknownCode, .badCheckCharacter, .waitlisted, .cancelled, .otherEvent,
      .notEventDay, .thisPerson,
    ]
    let server = Phrase.allCases.prefix(through: Phrase.allCases.firstIndex(of: .databaseUnwritable)!)
    return server.filter { !desk.contains($0) }
  }

  /// A role's name in `language`, e.g. "panitia" for organizer.
  public static func role(_ raw: String, _ language: Language) -> String {
    guard let role = Role(rawValue: raw) else { return raw }
    return language == .indonesian ? indonesianRole(role) : englishRole(role)
  }

  static func action(_ raw: String, _ language: Language) -> String {
    guard let action = Action(rawValue: raw) else { return raw }
    return language == .indonesian ? indonesianAction(action) : englishAction(action)
  }

  /// Where in an agenda file a mistake is, from the ``Fact/place`` fact: "file",
  /// "field:NAME", or "item:" and the place of the list.
  func place(_ language: Language, capitalized: Bool = false) -> String {
    func render(_ place: Substring) -> String {
      if place == "file" { return language == .indonesian ? "berkas agenda" : "the agenda file" }
      if place.hasPrefix("field:") { return "\"\(place.dropFirst("field:".count))\"" }
      if place.hasPrefix("item:") {
        let list = render(place.dropFirst("item:".count))
        return language == .indonesian ? "butir dari \(list)" : "an item of \(list)"
      }
      return String(place)
    }
    let text = render(Substring(self[.place]))
    return capitalized ? text.prefix(1).uppercased() + text.dropFirst() : text
  }

  /// "session kind" for the key "kind", "speaker role" for "role".
  static func choiceNoun(_ key: String, _ language: Language) -> String {
    switch (key, language) {
    case ("kind", .indonesian): "jenis sesi"
    case ("kind", .english): "session kind"
    case (_, .indonesian): "peran narasumber"
    case (_, .english): "speaker role"
    }
  }

  /// The words accepted for a session kind or a speaker role, Indonesian first.
  static func acceptedWords(_ key: String, _ language: Language) -> String {
    let (indonesian, english) = key == "kind"
      ? (SessionKind.allCases.flatMap(\.indonesianWords), SessionKind.allCases.map(\.rawValue))
      : (SlotRole.allCases.flatMap(\.indonesianWords), SlotRole.allCases.map(\.rawValue))
    let inEnglish = language == .indonesian ? "dalam bahasa Inggris" : "in English"
    return "\(indonesian.joined(separator: ", ")) (\(inEnglish): \(english.joined(separator: ", ")))"
  }

  /// "sesi", "narasumber" or "ruang" for "session", "speaker" or "room".
  static func agendaItem(_ kind: String) -> String {
    switch kind {
    case "session": "sesi"
    case "speaker": "narasumber"
    case "room": "ruang"
    default: kind
    }
  }

  /// A speaker's role as the reader says it: "narasumber", "pembicara utama".
  static func slotRole(_ raw: String, _ language: Language) -> String {
    guard let role = SlotRole(rawValue: raw) else { return raw }
    return language == .indonesian ? role.indonesianWords.first ?? raw : raw
  }

  static func field(_ raw: String, _ language: Language) -> String {
    language == .indonesian ? indonesianField(raw) : englishField(raw)
  }
}
