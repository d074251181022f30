/// The English catalog: every ``Phrase`` as an English sentence.
extension Notice {
  var english: String {
    let m = self
    switch phrase {
    case .checkedIn: return "\(m.who(.english)) is checked in. Welcome!"
    case .alreadyCheckedIn:
      return "\(m.who(.english)) was already checked in today at \(m[.time]) at \(m[.desk])."
    case .unknownCode: return "No registration has this code. Check the code, or search by name."
    case .badCheckCharacter:
      return "This code has a typo (its check character does not match). Type it again, or search by name."
    case .waitlisted: return "\(m.who(.english)) is on the waitlist, not confirmed. Send them to the organizers."
    case .cancelled: return "\(m.who(.english)) cancelled their registration. Send them to the organizers."
    case .otherEvent: return "This code is for another event (\(m[.otherEvent])). Send them to the organizers."
    case .notEventDay: return "\(m[.day]) is not a day of this event; nobody can be checked in today."
    case .thisPerson: return "This person"

    case .tokenMissing: return "This needs an access token."
    case .tokenNotHadir: return "The access token is not a Hadir token (they start with \"\(m[.prefix])\")."
    case .tokenUnknown: return "The access token is unknown or was revoked. Ask your Hadir administrator for a new one."
    case .authorizationMalformed: return "The authorization header must be \"Bearer <token>\"."
    case .tooManyWrongTokens:
      return "Too many wrong access tokens came from this address; wait a few seconds, then try again with the right token."
    case .tokenRevokedDuringCall:
      return "The access token was revoked while this call was open, so the call was ended. Ask your Hadir administrator for a new token."
    case .roleCannot:
      let allowed = m.items(.roles).map { Self.role($0, .english) }.joined(separator: " or ")
      return "A \(Self.role(m[.role], .english)) token cannot \(Self.action(m[.action], .english)); it needs an \(allowed) token. Ask your Hadir administrator for one."
    case .tokenLimitedToEvent:
      return "This token is limited to event \(m[.event]) and cannot be used for event \(m[.otherEvent])."
    case .tokenLimitedCannot:
      return "This token is limited to event \(m[.event]) and cannot \(Self.action(m[.action], .english)). Ask your Hadir administrator."
    case .deskTodayOnly: return "A desk checks people in for today only; an organizer can record another day."
    case .deskUndoTodayOnly: return "A desk undoes today's check-ins only; an organizer can undo another day's."
    case .undoOtherDesk: return "\(m[.desk]) made this check-in; a desk can undo only its own. Ask an organizer."
    case .undoTooOld: return "This check-in is older than 15 minutes; only an organizer can undo it now."
    case .adminTokenWholeServer:
      return "An admin token is for the whole server and cannot be limited to one event. For one event, create an organizer token with that event."
    case .tokenNameMissing: return "Give the token a name that says who holds it, such as \"desk 2\"."
    case .tokenNotFound: return "There is no token with id \(m[.id])."
    case .tokenIDMissing: return "Give the id of the token to revoke."
    case .roleMissing: return "Choose a role for the token: admin, organizer or desk."

    case .tooLong: return "The \(Self.field(m[.field], .english)) is longer than \(m[.limit]) characters."
    case .controlCharacter:
      return "The \(Self.field(m[.field], .english)) contains a control character (\(m[.value])) that could change what a screen or a spreadsheet shows. Remove it and type the text again."
    case .onlyInvisible:
      return "The \(Self.field(m[.field], .english)) holds only invisible characters. Type it again with visible letters, or leave it empty."
    case .nameMissing: return "A name is required."
    case .emailInvalid: return "\"\(m[.value])\" is not an e-mail address; expected something like nama@contoh.go.id."
    case .phoneInvalid: return "\"\(m[.value])\" is not a phone number; write it as 0812-3456-7890 or +62 812 3456 7890."
    case .requestIDInvalid:
      return "A request id is 1 to \(m[.limit]) visible ASCII characters (letters, digits, punctuation), such as a UUID; this one is \(m[.size]) bytes."
    case .notADate: return "\"\(m[.value])\" is not a date; write it as YYYY-MM-DD, e.g. 2025-05-27."

    case .eventTitleMissing: return "The event needs a title."
    case .timeZoneUnknown:
      return "\"\(m[.value])\" is not a time zone name. Use WIB, WITA or WIT, UTC, or an IANA name such as Asia/Makassar."
    case .implausibleYear:
      return "\(m[.day]) is not a plausible day for an event; the year must be from \(m[.first]) to \(m[.last])."
    case .lastDayBeforeFirst: return "The last day (\(m[.last])) is before the first day (\(m[.first]))."
    case .eventTooLong: return "An event may run at most 31 days; \(m[.first]) to \(m[.last]) is \(m[.count])."
    case .capacityOutOfRange: return "Capacity must be a number of participants from 1 to 100000, not \(m[.value])."
    case .eventCodeMissing: return "The event needs a code, such as ILP-BANGGAI-25."
    case .eventCodeInvalid:
      return "\"\(m[.value])\" is not a valid event code: use 3 to 32 letters, digits and hyphens, starting and ending with a letter or digit, such as ILP-BANGGAI-25."
    case .eventNotFound: return "There is no event with code \(m[.event])."
    case .eventExists: return "An event with code \(m[.event]) exists already. Choose another code."
    case .capacityBelowConfirmed:
      return "Capacity cannot be \(m[.capacity]): \(m[.confirmed]) people are confirmed already. Cancel registrations first, or choose at least \(m[.confirmed])."
    case .sessionsOutsideDays:
      return "The event cannot run \(m[.first]) to \(m[.last]): these sessions would fall outside it: \(m.items(.items).joined(separator: ", ")). Move or delete them first."
    case .attendedDaysDropped:
      let days = m.counted(.items) { day, count in "\(day) (\(count) check-in\(count == "1" ? "" : "s"))" }
      return "The event cannot run \(m[.first]) to \(m[.last]): people checked in on \(days.joined(separator: ", ")), and attendance is never dropped. Keep those days in the event."
    case .nothingToChange: return "Nothing to change: give at least one of title, venue, time zone, days or capacity."
    case .dayNotOfEvent: return "\(m[.day]) is not a day of \(m[.event]), which runs \(m[.first]) to \(m[.last])."

    case .registrationNotFound: return "No registration has the code \(m[.code])."
    case .registrationCodeInvalid: return "\"\(m[.value])\" is not a registration code such as K7M-4PQX."
    case .codeNotInEvent: return "The code \(m[.code]) is not registered for event \(m[.event])."
    case .nothingToUndo: return "\(m[.name]) is not checked in on \(m[.day]); there is nothing to undo."
    case .walkInNotEventDay: return "\(m[.day]) is not a day of event \(m[.event]); walk-ins are taken on event days only."
    case .noPlacesLeft:
      let waiting = m[.waiting] == "1" ? "1 person is" : "\(m[.waiting]) people are"
      return "No places left: \(m[.confirmed]) of \(m[.capacity]) are confirmed and \(waiting) waiting. An organizer can raise the capacity or register them on the waitlist."
    case .searchEmpty: return "Type part of a name or an organization to search for."
    case .searchNoLetters: return "Give at least one letter or digit to search for."
    case .pageTokenInvalid: return "The page token is not one this server gave out; start from the first page."
    case .pageSizeTooLarge: return "Ask for at most \(m[.limit]) at a time."
    case .arrivalTimeWithoutDay:
      return "An arrival time is given only with a day recorded afterwards; at the desk the time is now."
    case .arrivalTimeInvalid: return "\"\(m[.value])\" is not a time; write it as HH:MM, e.g. 07:40."
    case .arrivalTimeInFuture:
      return "\(m[.day]) \(m[.time]) at the venue has not come yet; give the time the person arrived."
    case .tooManyScreens:
      return "This token already has \(m[.count]) live screens open, the most one token may have. Close one, or use another token for more screens."

    case .importOptionsFirst: return "An import starts with its options (the event and the mode), then the file."
    case .importOptionsOnce: return "The options come once, before the file."
    case .importTooLarge:
      return "The file is \(m[.size]), more than the limit of \(m[.limit]). Split the list into smaller files, or ask the administrator to raise hadird's --max-import-size."
    case .notAField: return "\"\(m[.value])\" is not a field; use one of \(m.items(.items).joined(separator: ", "))."
    case .noSuchColumn: return "The file has no column \"\(m[.value])\". Its columns are: \(m.items(.items).joined(separator: ", "))."
    case .columnAmbiguous: return "The column \"\(m[.value])\" could hold \(m.items(.items).joined(separator: " or ")). Say which with --column \"\(m[.value])=\(m.items(.items).first ?? "")\", or rename the column in the file."
    case .noNameColumn: return "The file has no column for the name (such as \"Nama\" or \"Name\"). Its columns are: \(m.items(.items).joined(separator: ", ")). Name the right one with --column \"HEADER=name\"."
    case .agendaChangedMeanwhile:
      return "The agenda was changed by someone else since you read it (it is now at revision \(m[.revision]), you read \(m[.expected])). Nothing was applied: read it again and redo your change."
    case .agendaNotSaved: return "The agenda was not saved: \(m.rendered(.items, in: .english).joined(separator: " "))"
    case .agendaFileMistakes: return m[.count] == "1" ? m.rendered(.items, in: .english).joined() : (["The agenda file has \(m[.count]) mistakes:"] + m.rendered(.items, in: .english)).joined(separator: "\n")
    case .agendaNotYAMLAt: return "Line \(m[.line]): the agenda file is not valid YAML (\(m[.value])). Check the indentation and the quotes there."
    case .agendaNotYAML: return "The agenda file is not valid YAML: \(m[.value])."
    case .agendaUnchanged: return "Nothing changed: the stored agenda is already the same as the file."
    case .agendaDryRun: return "Dry run, nothing written. Would change: \(m[.count]) created, \(m[.value]) updated, \(m[.expected]) deleted."
    case .agendaSaved: return "Agenda saved: \(m[.count]) created, \(m[.value]) updated, \(m[.expected]) deleted."
    case .agendaMistake: return "Line \(m[.line]): \(Notice(json: m[.value])?.text(in: .english) ?? m[.value])"
    case .agendaShouldBeMapping: return "\(m.place(.english)) should be a set of \"name: value\" lines."
    case .agendaFieldNameMissing: return "a field name is missing."
    case .agendaUnknownField: return "\"\(m[.value])\" is not a field of \(m.place(.english)); expected \(m.items(.items).joined(separator: ", "))."
    case .agendaShouldBeList: return "\(m.place(.english)) should be a list, one item per \"- \" line."
    case .agendaShouldBeSingle: return "\(m.place(.english)) should be a single value."
    case .agendaBadText: return "\(m.place(.english)): \(Notice(json: m[.value])?.text(in: .english) ?? m[.value])"
    case .agendaBadKey: return "\(m.place(.english)) \"\(m[.value])\" should be a short name of letters, digits, - and _, such as d1-opening."
    case .agendaBadNumber: return "\(m.place(.english)) should be a whole number above 0, not \"\(m[.value])\"."
    case .agendaBadDay: return "\(m.place(.english)) \"\(m[.value])\" is not a date; write it as 2025-05-27."
    case .agendaBadTime: return "\(m.place(.english)) \"\(m[.value])\" is not a time; write it as \"08:30\"."
    case .agendaBadChoice: return "\(m.place(.english)) \"\(m[.value])\" is not a \(Self.choiceNoun(m[.title], .english)); write one of \(Self.acceptedWords(m[.title], .english))."
    case .agendaNeedsField: return "\(m.place(.english)) needs a \"\(m[.value])\"."
    case .agendaRoomTwice: return "The room \"\(m[.value])\" is listed \(m[.count]) times."
    case .agendaSpeakerKeyTwice: return "The speaker key \"\(m[.value])\" is used \(m[.count]) times."
    case .agendaSessionKeyTwice: return "The session key \"\(m[.value])\" is used \(m[.count]) times."
    case .agendaEndsBeforeStart: return "Session \"\(m[.title])\" ends at \(m[.last]), not after it starts at \(m[.first])."
    case .agendaOutsideDays: return "Session \"\(m[.title])\" is on \(m[.day]), outside the event's days (\(m[.first]) to \(m[.last]))."
    case .agendaUnknownRoom: return "Session \"\(m[.title])\" is in room \"\(m[.value])\", which is not one of the agenda's rooms."
    case .agendaUnknownSpeaker: return "Session \"\(m[.title])\" has a \(Self.slotRole(m[.role], .english)) slot for speaker \"\(m[.value])\", who is not in the agenda's speakers."
    case .agendaOpenSlot: return "Session \"\(m[.title])\" on \(m[.day]) \(m[.time]) has an open \(Self.slotRole(m[.role], .english)) slot\(m[.value].isEmpty ? "" : " (\(m[.value]))")."
    case .agendaRoomClash: return "\"\(m[.name])\" (\(m[.first])) and \"\(m[.title])\" (\(m[.last])) are both in room \"\(m[.value])\" on \(m[.day])."
    case .agendaSpeakerClash: return "\(m[.who]) would speak in \"\(m[.name])\" (\(m[.first])) and in \"\(m[.title])\" (\(m[.last])) at the same time on \(m[.day])."
    case .exportFormatUnknown: return "\"\(m[.value])\" is not an export format; use ics, csv, json or yaml."

    case .serverShuttingDown:
      return "The server is shutting down. Reconnect in a moment; the screen picks up where it was."
    case .tooManyCalls:
      return "This connection already has \(m[.limit]) calls open, the most the server allows. Wait for one to finish."
    case .notAMethodName: return "'\(m[.value])' is not a method name; expected /package.Service/Method."
    case .noSuchMethod:
      return "This server has no method \(m[.value]). The client may be newer than the server; compare their versions."
    case .unexpectedProblem:
      return "The server hit an unexpected problem and did not complete this request. It has been logged; try again, and tell your administrator if it persists."
    case .diskFull:
      return "The server's disk is full, so this change was not saved. Tell your Hadir administrator to free space on the server; everything saved before is safe."
    case .databaseBusy: return "The database is busy; try again in a moment."
    case .databaseGone:
      return "The server's database file is gone, so nothing can be saved. Tell your Hadir administrator: the server must be restarted on its database file."
    case .databaseUnwritable:
      return "The server cannot write its database right now, so this change was not saved. Tell your Hadir administrator; the server's log says why."

    case .rowTooManyValues: return "The row has \(m[.count]) values but the header has \(m[.limit]) columns; a value probably contains the delimiter without quotes."
    case .sameExternalID: return "the same NIP/NIK \(m[.value])"
    case .sameEmail: return "the same e-mail \(m[.value])"
    case .samePhone: return "the same phone number \(m[.value])"
    case .importRefused: return "Nothing was imported: \(m[.count] == "1" ? "1 row has a problem" : "\(m[.count]) rows have problems"). Fix \(m[.count] == "1" ? "it" : "them") and import the file again, or import the good rows with --skip-invalid."
    case .importWouldChangeNothing: return "A real import would change nothing: everyone in the file is registered already with the same details."
    case .importChangedNothing: return "Nothing changed: everyone in the file is registered already with the same details."
    case .importDryRun: return "Dry run, nothing written. Would create \(m[.count]) (\(m[.confirmed]) confirmed, \(m[.waiting]) waitlisted), would update \(m[.value]), \(m[.expected]) unchanged."
    case .importDone: return "Created \(m[.count]) (\(m[.confirmed]) confirmed, \(m[.waiting]) waitlisted), updated \(m[.value]), \(m[.expected]) unchanged."
    case .importSkipped: return " Skipped: \(m[.count] == "1" ? "1 row has a problem" : "\(m[.count]) rows have problems")."

    case .serverUnreachable:
      return "Cannot reach the Hadir server at \(m[.address]) (\(m[.cause])). Check the address, that hadird is running there, and the network."
    case .closedBeforeReady:
      return "The connection to the Hadir server at \(m[.address]) closed before it was ready. Try again."
    case .replicaLitestreamStopped:
      return "Litestream (process \(m[.value])) has stopped: changes are no longer replicated. Restart the hadird service."
    case .replicaStatusUnknown: return "Cannot ask Litestream about the replica: \(m[.cause])"
    case .connectionLost: return "The connection to the Hadir server at \(m[.address]) was lost. Try again."
    case .tlsRequired:
      return "The Hadir server at \(m[.address]) takes TLS connections only. Connect with --tls-pin sha256:… (the fingerprint hadird printed when it started) or with --tls."
    case .tlsNotOffered:
      return "The Hadir server at \(m[.address]) did not answer in TLS: it may not use TLS. Connect without --tls and --tls-pin, or ask its operator."
    case .tlsPinMismatch:
      return "The Hadir server at \(m[.address]) presented the certificate \(m[.value]), not the pinned \(m[.expected]). If its certificate was made anew, pin the new fingerprint hadird printed; otherwise this is not your server: do not connect."
    case .tlsCertificateExpired:
      return "The Hadir server at \(m[.address]) presented a certificate that expired on \(m[.day]). Ask its operator to renew it."
    case .tlsSetup:
      return "Cannot use the trusted authority \(m[.value]) for the Hadir server at \(m[.address]): \(m[.cause]). Check the file given with --tls-ca."
    case .tlsUntrusted:
      return "The Hadir server at \(m[.address]) presented a certificate this machine does not trust (expired, signed by an unknown authority, or made for another name). For a server with its own certificate, pin it with --tls-pin."
    case .callTimedOut: return "The server did not answer in time. The network may be slow; try again."
    case .callCancelled: return "The call was cancelled before the server answered."
    case .serverFailed: return "The server failed with status \(m[.value])."
    case .adviceTokenOption: return "Pass --token or set HADIR_TOKEN; an administrator can create one with `hadir token create`."
    case .adviceCheckToken: return "Check HADIR_TOKEN or --token."
    case .adviceEventList: return "`hadir event list` shows the codes."
    case .adviceTokenList: return "`hadir token list` shows the ids."
    case .whichEvent: return "Which event? Pass --event CODE or set HADIR_EVENT (`hadir event list` shows the codes)."

    case .deskTitle: return "Hadir desk · \(m[.title]) (\(m[.event]))"
    case .deskInstructions: return "Scan or type a code and press Enter. ?name searches by name. q quits."
    case .deskNotRecorded:
      return "NOT RECORDED: the server cannot be reached. Scan \(m[.code]) again when the connection is back."
    case .deskRetrying: return "Connection lost; trying again…"
    case .wordIn: return "IN"
    case .wordAlreadyIn: return "ALREADY IN"
    case .wordStop: return "STOP"
    case .nobodyMatches: return "Nobody matches. Try fewer or shorter words."
    case .firstMatchesOnly: return "Only the first \(m[.count]) matches are shown; type more of the name to find the others."
    case .headingCode: return "CODE"
    case .headingName: return "NAME"
    case .headingOrganization: return "ORGANIZATION"
    case .headingStatus: return "STATUS"
    case .headingToday: return "TODAY (\(m[.day]))"
    case .markIn: return "in"
    case .statusConfirmed: return "confirmed"
    case .statusWaitlisted: return "waitlisted #\(m[.value])"
    case .statusCancelled: return "cancelled"
    case .undone: return "Undid the check-in of \(m[.name]) on \(m[.day])."
    case .walkInCode: return "Code: \(m[.code])"
    case .reconnecting: return "\(m[.value]) Reconnecting in \(m[.count]) s…"
    case .watchCounters:
      return "\(m[.day]): \(m[.count]) of \(m[.confirmed]) confirmed are in; \(m[.confirmed])/\(m[.capacity]) places taken, \(m[.waiting]) waiting"

    case .headingNo: return "NO"
    case .headingTitle: return "TITLE"
    case .headingDays: return "DAYS"
    case .headingZone: return "ZONE"
    case .headingCapacity: return "CAPACITY"
    case .headingPhone: return "PHONE"
    case .headingConfirmed: return "CONFIRMED"
    case .headingTotal: return "TOTAL"
    case .headingTime: return "TIME"
    case .headingWho: return "WHO"
    case .headingAction: return "ACTION"
    case .headingDetail: return "DETAIL"
    case .headingID: return "ID"
    case .headingRole: return "ROLE"
    case .headingEvent: return "EVENT"
    case .headingCreated: return "CREATED"
    case .headingLastUsed: return "LAST USED"
    case .headingRevoked: return "REVOKED"
    case .allEvents: return "all"
    case .noEventsYet: return "No events yet. Create one with `hadir event create`."
    case .eventCreated: return "Created event \(m[.event])."
    case .eventUpdated: return "Updated event \(m[.event])."
    case .promotedFromWaitlist: return "Confirmed from the waitlist (\(m[.count])):"
    case .labelCode: return "Code:     "
    case .labelTitle: return "Title:    "
    case .labelVenue: return "Venue:    "
    case .labelDays: return "Days:     "
    case .labelZone: return "Time zone:"
    case .labelCapacity: return "Capacity: "
    case .alreadyRegistered: return "\(m[.name]) is already registered: code \(m[.code]), \(m[.value]). Nothing changed."
    case .registeredPerson: return "Registered \(m[.name]): code \(m[.code]), \(m[.value])."
    case .cancelledPerson: return "Cancelled \(m[.name]) (\(m[.code]))."
    case .movedUp: return "\(m[.name]) (\(m[.code])) moved up from the waitlist and is now confirmed."
    case .noRegistrationsMatch: return "No registrations match."
    case .registrationCount: return "\(m[.count]) registration\(m[.count] == "1" ? "" : "s")."
    case .wroteFile: return "Wrote them to \(m[.value])."
    case .wroteAttendance: return "Wrote the attendance list to \(m[.value])."
    case .wroteSheet: return "Wrote the daftar hadir of \(m[.day]) to \(m[.value])."
    case .attendanceTitle: return "Attendance, event \(m[.event])"
    case .cancelledMark: return "(cancelled)"
    case .noOrganization: return "(none)"
    case .noShows: return "No-shows (\(m[.count])): "
    case .none: return "none"
    case .recordedBy: return "\(m[.time]) (recorded by \(m[.desk]) on \(m[.value]))"
    case .csvNo: return "No"
    case .csvName: return "Name"
    case .csvOrganization: return "Organization"
    case .csvPosition: return "Position"
    case .csvCode: return "Code"
    case .csvDayTime: return "Day \(m[.count]) (\(m[.day])) time"
    case .csvDayDesk: return "Day \(m[.count]) desk"
    case .csvSignature: return "Signature"
    case .sheetAttendance: return "Attendance"
    case .tokenCreated: return "Created \(Self.role(m[.role], .english)) token \(m[.id]) (\"\(m[.name])\")\(m[.value])."
    case .tokenForEvent: return " for event \(m[.event])"
    case .secretShownOnce: return "Its secret is shown only now; give it to its holder:"
    case .tokenRevoked: return "Revoked token \(m[.id]) (\"\(m[.name])\")."
    case .nothingRecorded: return "Nothing recorded."
    case .olderNotShown: return "(\(m[.count]) older entries not shown; narrow with --since or --code.)"
    case .statusServer: return "Server:   \(m[.name]) \(m[.value]) at \(m[.address]), protocol \(m[.count]), up \(m[.time])"
    case .statusNoToken: return "Token:    none sent (set HADIR_TOKEN or pass --token)"
    case .statusTokenAll: return "Token:    \(Self.role(m[.role], .english)), all events"
    case .statusTokenEvent: return "Token:    \(Self.role(m[.role], .english)), event \(m[.event]) only"
    case .statusReplica: return "Replica:  \(m[.value])"
    case .replicaNone: return "none. If this machine is lost, everything on it is lost; see \"When the machine is lost\" in docs/operations.md."
    case .replicaWritten: return "newest change on the replica written \(m[.time]) ago"
    case .replicaCaughtUp: return "nothing waiting"
    case .replicaPending: return "\(m[.count]) transaction\(m[.count] == "1" ? "" : "s") not yet on the replica"
    case .importColumns: return "Columns (\(m[.value])-separated): \(m[.items])"
    case .columnNotUsed: return "not used"
    case .headingPeople: return "PEOPLE"
    case .rowsRead: return "Rows read"
    case .rowsCreated: return "Created"
    case .rowsConfirmed: return "  confirmed"
    case .rowsWaitlisted: return "  waitlisted"
    case .rowsUpdated: return "Updated"
    case .rowsUnchanged: return "Unchanged"
    case .rowsRejected: return "Rejected"
    case .mergedHeading: return "Rows taken for a person already listed (check they are the same person):"
    case .mergedLine: return "  line \(m[.count]) is line \(m[.first]), \(m[.name]): \(m[.value])"
    case .andMoreJSON: return "  … and \(m[.count]) more (--json lists them all)"
    case .rejectedHeading: return "Rejected rows:"
    case .rejectedLine: return "  line \(m[.count]): \(m[.value])"
    case .andMore: return "  … and \(m[.count]) more"
    case .useErrorsFile: return " (use --errors FILE to get them all)"
    case .allRejectedIn: return "  All rejected rows are in \(m[.value]): fix them there and import that file."
    case .waitlistedHeading: return "Waitlisted (no place left):"
    case .waitlistedLine: return "  #\(m[.count]) \(m[.name]) (\(m[.code]), line \(m[.first]))"
    case .codeOnImport: return "code given on import"
    case .moreWaitlisted: return "  … and \(m[.count]) more: `hadir registrations --status waitlisted` lists them."
    case .csvLine: return "Line"
    case .csvProblem: return "Problem"
    case .noSessionsYet: return "No sessions yet. Write an agenda file and use `hadir agenda apply FILE`."
    case .openSlot: return "OPEN"
    case .conflictLabel: return "CONFLICT"
    case .helpAudit: return "Show the event's audit log: who did what, and when (times at the venue)."
    case .helpHadir: return "Talk to a Hadir server: events, registrations, the desk, tokens."
    case .helpToken: return "Create, list and revoke access tokens (administrators)."
    case .helpTokenCreate: return "Issue a token; its secret is shown once."
    case .helpTokenList: return "List tokens (never their secrets)."
    case .helpTokenRevoke: return "Revoke a token at once."
    case .helpEvent: return "Create, list, show and change events."
    case .helpEventCreate: return "Create an event."
    case .helpEventList: return "List the events your token may see."
    case .helpEventShow: return "Show one event."
    case .helpEventUpdate: return "Change an event; only the options given change."
    case .helpImport: return "Import an invitee list (CSV) into an event, all or nothing."
    case .helpAgenda: return "Show, check, change and export an event's agenda (see docs/agenda.md)."
    case .helpAgendaShow: return "Print the timetable, day by day; open slots stand out."
    case .helpAgendaApply: return "Make the agenda match a YAML file: creates, updates and deletes only what differs."
    case .helpAgendaCheck: return "List every conflict and open slot, of the stored agenda or of a file. Exit 1 if there is a conflict."
    case .helpAgendaExport: return "Write the agenda as ics, csv, json or yaml."
    case .helpAgendaAssign: return "Give a speaker slot of a session to a speaker."
    case .helpAgendaUnassign: return "Open a speaker slot again."
    case .helpAgendaMove: return "Move a session to another day, time or room."
    case .helpAgendaRemove: return "Delete a session, speaker or room."
    case .helpReport: return "Reports for organizers."
    case .helpAttendance: return "Who came on which day, totals per organization, and no-shows."
    case .helpCheckIn: return "Check a person in by code."
    case .helpUndo: return "Undo a check-in (desks: their own, within 15 minutes; organizers: any)."
    case .helpFind: return "Find people by any part of their name or organization."
    case .helpWalkIn: return "Register and check in a walk-in, if a place remains."
    case .helpWatch: return "Show the live counters and each check-in as it happens (Ctrl-C to stop)."
    case .helpBadges: return "Print name badges with each person's code as a QR code."
    case .helpStatus: return "Check that the server answers, and what your token allows."
    case .helpRegister: return "Register a person: confirmed while places remain, else waitlisted."
    case .helpCancel: return "Cancel a registration; the first person waiting takes the place."
    case .helpRegistrations: return "List or search an event's registrations."
    case .helpAgendaAdd: return "Add a room, speaker, session or speaker slot."
    case .helpAddRoom: return "Add a room."
    case .helpAddSpeaker: return "Add a speaker."
    case .helpAddSession: return "Add a session."
    case .helpAddSlot: return "Add a speaker slot to a session, open or held."
    case .helpDesk: return "Desk mode: scan or type codes, one per line; ?name searches; q quits."
    case .helpInvitations: return "Write each confirmed person's code, message and WhatsApp link to a spreadsheet (CSV)."
    case .helpHadirDetails:
      return """
        The server and token come from --server and --token, or from HADIR_SERVER and HADIR_TOKEN;
        the language from --lang (id or en), or from HADIR_LANG; Bahasa Indonesia when neither.
        TLS from --tls-pin or HADIR_TLS_PIN (the fingerprint hadird prints), --tls-ca or
        HADIR_TLS_CA (a CA's certificate), or --tls (this machine's CAs).
        Exit codes: 0 done; 1 the server refused the request (bad input, not found, conflict);
        2 wrong command line; 3 the server could not be reached, refused TLS or its
        certificate, or did not answer in time;
        4 missing, bad or insufficient token; 5 the server failed. checkin and walkin also exit
        10 when the person was already checked in today, and 11 when the scan was refused.
        """
    case .usageCapacity: return "--capacity takes a number of participants from 1 to 100000, not \(m[.value])."
    case .usageNothingToUpdate: return "Give at least one of --title, --venue, --time-zone, --first-day, --last-day, --capacity."
    case .usageColumn: return "--column takes HEADER=FIELD, e.g. --column \"Nama Peserta=name\"; got \"\(m[.value])\"."
    case .usageDay: return "\(m[.field]) takes YYYY-MM-DD, e.g. 2025-05-27\(m[.value].isEmpty ? "" : ", not \"\(m[.value])\"")."
    case .usageTime: return "\(m[.field]) takes HH:MM, e.g. 08:30."
    case .usageRemoveWhat: return "Remove a session, a speaker or a room, not \"\(m[.value])\"."
    case .usageSlotNumber: return "Number the slots of a session from 1, not \(m[.value])."
    case .usageUnreadableFile: return "Cannot read \(m[.value]) as UTF-8 text: \(m[.cause])"
    case .usagePDFNeedsDay: return "--pdf needs --day YYYY-MM-DD: a daftar hadir is for one day."
    case .usageDayGoesWithPDF: return "--day and --blank go with --pdf FILE."
    case .usageTimeGoesWithDay: return "--time goes with --day: at the desk the arrival time is now."
    case .usageChoice: return "write one of \(Self.acceptedWords(m[.title], .english))."
    case .usageTLSPin:
      return "--tls-pin (or HADIR_TLS_PIN) must be sha256: and 64 hex digits, as hadird prints when it starts, not \"\(m[.value])\"."
    case .usageLanguage: return "--lang (or HADIR_LANG) must be id (Bahasa Indonesia) or en (English), not \"\(m[.value])\"."
    case .agendaNoSuchItem: return "There is no \(m[.title]) \"\(m[.name])\" in the agenda."
    case .agendaSlotOutOfRange: return "Session \"\(m[.name])\" has \(m[.count]) slots; number them from 1."
    case .replicaProblem: return "PROBLEM: \(m[.value])"
    }
  }
}

extension Notice {
  static func englishRole(_ role: Role) -> String { role.rawValue }

  static func englishAction(_ action: Action) -> String {
    switch action {
    case .createEvents: "create events"
    case .createOtherEvents: "create other events"
    case .changeEvents: "change events"
    case .registerPeople: "register people"
    case .cancelRegistrations: "cancel registrations"
    case .createTokens: "create tokens"
    case .listTokens: "list tokens"
    case .revokeTokens: "revoke tokens"
    case .readAgendas: "read agendas"
    case .changeAgendas: "change agendas"
    case .checkAgendas: "check agendas"
    case .exportAgendas: "export agendas"
    case .checkPeopleIn: "check people in"
    case .undoCheckIns: "undo check-ins"
    case .findPeople: "find people"
    case .takeWalkIns: "take walk-ins"
    case .watchArrivals: "watch arrivals"
    case .readAttendanceReports: "read attendance reports"
    case .readAuditLog: "read the audit log"
    case .importInviteeLists: "import invitee lists"
    case .readRegistrations: "read registrations"
    case .readEvents: "read events"
    }
  }

  /// A request field's name as English words: "external_id" is "external id".
  static func englishField(_ field: String) -> String {
    field.split(separator: "_").joined(separator: " ")
  }
}
