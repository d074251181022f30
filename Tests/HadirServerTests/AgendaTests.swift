import Foundation
import HadirClient
import HadirCore
import Testing

/// The Banggai kick-off meeting's agenda, end to end over the real transport.
@Suite("Agenda building", .timeLimit(.minutes(2)))
struct AgendaTests {
  static func banggaiAgenda() throws -> String {
    try String(contentsOf: exampleFile("banggai-agenda.yaml"), encoding: .utf8)
  }

  /// The speakers who are later named for the open slots.
  static let namedSpeakers = [
    Speaker(key: "dpmd", name: "Kepala Bidang Pemberdayaan Desa", affiliation: "DPMD Kabupaten Banggai"),
    Speaker(key: "ppni", name: "Ns. Hartini Saleh, S.Kep", affiliation: "PPNI Kabupaten Banggai"),
    Speaker(key: "idi", name: "dr. Rahmat Lasimpala", affiliation: "IDI Cabang Banggai"),
    Speaker(key: "bappeda", name: "Kepala Bappeda", affiliation: "Pemerintah Kabupaten Banggai"),
  ]

  func conflict(_ body: () async throws -> Void) async -> String? {
    do {
      try await body()
      return nil
    } catch let error as HadirClientError {
      #expect(error.kind == .conflict, "\(error.kind): \(error.message)")
      return error.message
    } catch {
      Issue.record("unexpected \(error)")
      return nil
    }
  }

  @Test("the Banggai acceptance scenario: build, assign, refuse conflicts with names, export and re-import")
  func banggaiScenario() async throws {
    try await withTestServer { server in
      try await server.client { client async throws in
        let event = try await client.createEvent(banggai)
        let document = try Self.banggaiAgenda()

        // Build: the open slots for the village office, PPNI, IDI and the district government.
        let applied = try await client.applyAgenda(eventCode: event.code, document: document)
        #expect(applied.created.count == 2 + 2 + 13)
        #expect(applied.openSlots.count == 4)
        #expect(applied.openSlots.contains { $0.message.contains("from PPNI Kabupaten Banggai, to be named") })
        // Applying the same file again changes nothing.
        let again = try await client.applyAgenda(eventCode: event.code, document: document)
        #expect(again.created.isEmpty && again.updated.isEmpty && again.deleted.isEmpty && !again.applied)

        // Reading: by event and by day, ordered.
        let (all, zone, revision) = try await client.agenda(eventCode: event.code)
        #expect(zone == "Asia/Makassar")
        #expect(revision == 1)
        #expect(all.sessions.first?.key == "d1-registration" && all.sessions.last?.key == "d2-closing")
        // The file's Indonesian kinds and roles are stored as the canonical ones.
        #expect(
          all.sessions.map(\.kind) == [
            .other, .opening, .break, .presentation, .presentation, .meal, .presentation, .presentation, .discussion,
            .discussion, .break, .panel, .closing,
          ])
        #expect(all.sessions[1].slots.map(\.role) == [.keynote])
        let dayTwo = try await client.agenda(eventCode: event.code, day: "2025-05-28").agenda
        #expect(dayTwo.sessions.map(\.key) == ["d2-groups", "d2-break", "d2-plan", "d2-closing"])

        // Assign the speakers.
        var agenda = all
        agenda.speakers += Self.namedSpeakers
        for (session, speaker) in [("d1-desa", "dpmd"), ("d1-ppni", "ppni"), ("d1-idi", "idi"), ("d1-pemda", "bappeda")] {
          let index = try #require(agenda.sessions.firstIndex { $0.key == session })
          agenda.sessions[index].slots[0].speaker = speaker
        }
        let assigned = try await client.applyAgenda(
          eventCode: event.code, document: AgendaDocument.render(agenda, event: event))
        #expect(assigned.openSlots.isEmpty)
        #expect(assigned.updated.count == 4 && assigned.created.count == 4)
        #expect(try await client.validateAgenda(eventCode: event.code).isEmpty)

        // Double-booking one speaker: a parallel session in the meeting room with PPNI's speaker.
        var doubleBooked = agenda
        doubleBooked.sessions.append(
          Session(
            key: "d1-parallel", day: CalendarDay("2025-05-27")!, start: TimeOfDay("11:00")!, end: TimeOfDay("12:00")!,
            room: "Ruang Rapat", kind: .discussion, title: "Klinik konsultasi keperawatan",
            slots: [SpeakerSlot(role: .narasumber, speaker: "ppni")]))
        let speakerConflict = await conflict {
          _ = try await client.applyAgenda(eventCode: event.code, document: AgendaDocument.render(doubleBooked, event: event))
        }
        #expect(
          speakerConflict?.contains(
            "Ns. Hartini Saleh, S.Kep would speak in \"Peran perawat di puskesmas dan pustu\" (10:45–11:45) and in \"Klinik konsultasi keperawatan\" (11:00–12:00) at the same time on 2025-05-27.")
            == true, "\(speakerConflict ?? "")")

        // Overlapping a room.
        var roomClash = agenda
        let lunch = try #require(roomClash.sessions.firstIndex { $0.key == "d1-lunch" })
        roomClash.sessions[lunch].start = TimeOfDay("11:30")!
        let roomConflict = await conflict {
          _ = try await client.applyAgenda(eventCode: event.code, document: AgendaDocument.render(roomClash, event: event))
        }
        #expect(
          roomConflict?.contains(
            "\"Peran perawat di puskesmas dan pustu\" (10:45–11:45) and \"Ishoma\" (11:30–13:00) are both in room \"Ballroom\" on 2025-05-27.")
            == true, "\(roomConflict ?? "")")

        // A session on 29 May.
        var tooLate = agenda
        let closing = try #require(tooLate.sessions.firstIndex { $0.key == "d2-closing" })
        tooLate.sessions[closing].day = CalendarDay("2025-05-29")!
        let dayConflict = await conflict {
          _ = try await client.applyAgenda(eventCode: event.code, document: AgendaDocument.render(tooLate, event: event))
        }
        #expect(
          dayConflict?.contains(
            "Session \"Penutupan\" is on 2025-05-29, outside the event's days (2025-05-27 to 2025-05-28).") == true)

        // Nothing of the refused changes was stored.
        #expect(try await client.validateAgenda(eventCode: event.code).isEmpty)
        #expect(try await client.agenda(eventCode: event.code).agenda == agenda)

        // Export the calendar twice: the same bytes (stable UIDs and stamps).
        let ics = try await client.exportAgenda(eventCode: event.code, format: "ics")
        #expect(try await client.exportAgenda(eventCode: event.code, format: "ics") == ics)
        #expect(ics.contains("UID:d1-opening.ilp-banggai-25@hadir\r\n"))
        #expect(ics.contains("DTSTART:20250527T003000Z\r\n"))  // 08:30 WITA
        #expect(ics.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        try Self.checkWithCalendarParser(ics, sessions: agenda.sessions.count)

        // Re-import: the YAML export applied again changes nothing (round trip).
        let yaml = try await client.exportAgenda(eventCode: event.code, format: "yaml")
        let reimported = try await client.applyAgenda(eventCode: event.code, document: yaml)
        #expect(reimported.created.isEmpty && reimported.updated.isEmpty && reimported.deleted.isEmpty)

        // The event's days cannot shrink under its sessions.
        do {
          _ = try await client.updateEvent(code: event.code, EventChanges(lastDay: "2025-05-27"))
          Issue.record("the event lost a day that has sessions")
        } catch let error as HadirClientError {
          #expect(error.kind == .conflict && error.message.contains("Penutupan (2025-05-28)"))
        }
      }
    }
  }

  @Test("a room cannot be removed while sessions use it; the error names the session")
  func roomInUse() async throws {
    try await withTestServer { server in
      try await server.client { client async throws in
        let event = try await client.createEvent(banggai)
        _ = try await client.applyAgenda(eventCode: event.code, document: try Self.banggaiAgenda())
        var agenda = try await client.agenda(eventCode: event.code).agenda
        agenda.rooms.removeAll { $0.name == "Ballroom" }
        let message = await conflict {
          _ = try await client.applyAgenda(eventCode: event.code, document: AgendaDocument.render(agenda, event: event))
        }
        #expect(message?.contains("Session \"Pembukaan\" is in room \"Ballroom\", which is not one of the agenda's rooms.") == true)
      }
    }
  }

  @Test("an edit made from an older reading is refused, not silently overwriting a newer one")
  func staleRevision() async throws {
    try await withTestServer { server in
      try await server.client { client async throws in
        let event = try await client.createEvent(banggai)
        _ = try await client.applyAgenda(eventCode: event.code, document: try Self.banggaiAgenda())
        // Two organizers read revision 1.
        var first = try await client.agenda(eventCode: event.code)
        var second = try await client.agenda(eventCode: event.code)
        #expect(first.revision == 1 && second.revision == 1)
        first.agenda.rooms[1].seats = 35
        let saved = try await client.applyAgenda(
          eventCode: event.code, document: AgendaDocument.render(first.agenda, event: event), expectedRevision: 1)
        #expect(saved.revision == 2 && saved.updated == ["room Ruang Rapat"])
        second.agenda.rooms[1].seats = 25
        let message = await conflict {
          _ = try await client.applyAgenda(
            eventCode: event.code, document: AgendaDocument.render(second.agenda, event: event), expectedRevision: 1)
        }
        #expect(message?.hasPrefix("The agenda was changed by someone else since you read it (it is now at revision 2, you read 1).") == true)
        #expect(try await client.agenda(eventCode: event.code).agenda.rooms[1].seats == 35)
      }
    }
  }

  @Test("reads answered from what was made for a revision: each day its own, and a new revision read afresh")
  func readsFollowRevisions() async throws {
    try await withTestServer { server in
      try await server.client { client async throws in
        let event = try await client.createEvent(banggai)
        _ = try await client.applyAgenda(eventCode: event.code, document: try Self.banggaiAgenda())
        let whole = try await client.agenda(eventCode: event.code)
        let dayTwo = try await client.agenda(eventCode: event.code, day: "2025-05-28")
        let dayOne = try await client.agenda(eventCode: event.code, day: "2025-05-27")
        #expect(dayTwo.agenda.sessions.map(\.key) == ["d2-groups", "d2-break", "d2-plan", "d2-closing"])
        #expect(dayOne.agenda.sessions.count + dayTwo.agenda.sessions.count == whole.agenda.sessions.count)
        #expect(dayOne.agenda.sessions.allSatisfy { $0.day.description == "2025-05-27" })
        // Read again, the whole agenda is the same, not a day of it.
        #expect(try await client.agenda(eventCode: event.code).agenda == whole.agenda)

        var changed = whole.agenda
        let index = try #require(changed.sessions.firstIndex { $0.key == "d2-plan" })
        changed.sessions[index].title = "Rencana tindak lanjut per puskesmas"
        _ = try await client.applyAgenda(eventCode: event.code, document: AgendaDocument.render(changed, event: event))
        let after = try await client.agenda(eventCode: event.code)
        #expect(after.revision == 2)
        #expect(after.agenda == changed)
        let dayTwoAfter = try await client.agenda(eventCode: event.code, day: "2025-05-28")
        #expect(dayTwoAfter.revision == 2)
        #expect(dayTwoAfter.agenda.sessions.first { $0.key == "d2-plan" }?.title == "Rencana tindak lanjut per puskesmas")

        // The event moves to another zone: the agenda is read in it at once.
        _ = try await client.updateEvent(code: event.code, EventChanges(timeZone: "Asia/Jayapura"))
        #expect(try await client.agenda(eventCode: event.code).timeZone == "Asia/Jayapura")
        #expect(try await client.agenda(eventCode: event.code, day: "2025-05-28").timeZone == "Asia/Jayapura")
      }
    }
  }

  @Test("errors in the file point at its line")
  func lineNumbers() async throws {
    try await withTestServer { server in
      try await server.client { client async throws in
        let event = try await client.createEvent(banggai)
        let broken = try Self.banggaiAgenda().replacingOccurrences(of: "start: \"09:45\"", with: "start: \"9h45\"")
        let line = try #require(broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("9h45") }) + 1
        do {
          _ = try await client.applyAgenda(eventCode: event.code, document: broken)
          Issue.record("a bad time was accepted")
        } catch let error as HadirClientError {
          #expect(error.kind == .invalidInput)
          #expect(error.message == "Line \(line): \"start\" \"9h45\" is not a time; write it as \"08:30\".")
        }
        do {
          _ = try await client.applyAgenda(eventCode: event.code, document: "rooms:\n  - name: A\n    sets: 3\n")
          Issue.record("an unknown field was accepted")
        } catch let error as HadirClientError {
          #expect(error.message.hasPrefix("Line 3: \"sets\" is not a field of an item of \"rooms\""))
        }
      }
    }
  }

  @Test("times are converted from the event's zone, across a daylight-saving change")
  func daylightSaving() throws {
    // Europe/Berlin moved from 02:00 CET to 03:00 CEST on 30 March 2025.
    let event = try NewEvent(
      code: "DST-25", title: "Nachtschicht", venue: "Berlin", timeZone: "Europe/Berlin", firstDay: "2025-03-30",
      lastDay: "2025-03-30", capacity: 10
    ).event(at: Date(timeIntervalSince1970: 0))
    let agenda = Agenda(
      rooms: [Room(name: "Saal")],
      sessions: [
        Session(
          key: "night", day: event.firstDay, start: TimeOfDay("01:30")!, end: TimeOfDay("03:30")!, room: "Saal",
          kind: .other, title: "Über die Zeitumstellung; mit Komma, und Semikolon")
      ])
    let ics = AgendaExport.iCalendar(agenda, event: event)
    #expect(ics.contains("DTSTART:20250330T003000Z\r\n"))  // 01:30 CET = UTC+1
    #expect(ics.contains("DTEND:20250330T013000Z\r\n"))  // 03:30 CEST = UTC+2
    #expect(ics.contains("SUMMARY:Über die Zeitumstellung\\; mit Komma\\, und Semikolon\r\n"))
  }

  /// Parses the calendar with Debian's python3-icalendar (scripts/setup.sh installs it).
  static func checkWithCalendarParser(_ ics: String, sessions: Int) throws {
    let python = "/usr/bin/python3"
    let check = Process()
    check.executableURL = URL(fileURLWithPath: python)
    check.arguments = ["-c", "import icalendar"]
    check.standardError = FileHandle.nullDevice
    guard FileManager.default.isExecutableFile(atPath: python), (try? check.run()) != nil else {
      Issue.record("\(python) is missing; run scripts/setup.sh (it installs python3-icalendar)")
      return
    }
    check.waitUntilExit()
    guard check.terminationStatus == 0 else {
      Issue.record("python3-icalendar is not installed; run scripts/setup.sh")
      return
    }

    let file = FileManager.default.temporaryDirectory.appendingPathComponent("agenda-\(UUID().uuidString).ics")
    try Data(ics.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let parse = Process()
    parse.executableURL = URL(fileURLWithPath: python)
    parse.arguments = [
      "-c",
      """
      import sys, icalendar
      cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
      events = [c for c in cal.walk() if c.name == 'VEVENT']
      uids = {str(e['UID']) for e in events}
      opening = [e for e in events if str(e['UID']).startswith('d1-opening.')][0]
      print(len(events), len(uids), opening.decoded('DTSTART').isoformat(), str(opening['SUMMARY']))
      """,
      file.path,
    ]
    let output = Pipe()
    parse.standardOutput = output
    try parse.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    parse.waitUntilExit()
    #expect(parse.terminationStatus == 0)
    #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "\(sessions) \(sessions) 2025-05-27T00:30:00+00:00 Pembukaan")
  }
}
