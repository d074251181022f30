import Foundation

/// The agenda for calendars (iCalendar, RFC 5545) and spreadsheets (CSV).
public enum AgendaExport {
  /// One VEVENT per session. Times are written in UTC, converted from the event's zone
  /// (daylight saving included), so every calendar shows them right without a VTIMEZONE.
  /// UIDs come from the session keys, and DTSTAMP from the event's last change, so the same
  /// agenda always gives the same file and a calendar that imports it again updates its
  /// entries instead of adding new ones.
  public static func iCalendar(_ agenda: Agenda, event: Event) -> String {
    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Hadir//Agenda//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
      "X-WR-CALNAME:\(escape(event.title))", "X-WR-TIMEZONE:\(event.timeZone)",
    ]
    let stamp = utcStamp(event.updatedAt)
    for session in agenda.sessions {
      lines += [
        "BEGIN:VEVENT",
        "UID:\(session.key).\(event.code.lowercased())@hadir",
        "DTSTAMP:\(stamp)",
        "DTSTART:\(utcStamp(instant(session.day, session.start, zone: event.timeZone)))",
        "DTEND:\(utcStamp(instant(session.day, session.end, zone: event.timeZone)))",
        "SUMMARY:\(escape(session.title))",
        "LOCATION:\(escape(event.venue.isEmpty ? session.room : "\(session.room), \(event.venue)"))",
        "CATEGORIES:\(session.kind.rawValue.uppercased())",
      ]
      let description = details(session, agenda: agenda)
      if !description.isEmpty { lines.append("DESCRIPTION:\(escape(description))") }
      lines.append("END:VEVENT")
    }
    lines.append("END:VCALENDAR")
    return lines.map(fold).joined(separator: "\r\n") + "\r\n"
  }

  /// One row per session, times in the event's zone.
  public static func csv(_ agenda: Agenda) -> [[String]] {
    var rows = [["day", "start", "end", "room", "kind", "title", "speakers", "open slots", "key"]]
    for session in agenda.sessions {
      let speakers = session.slots.compactMap { slot in
        slot.speaker.map { key in "\(agenda.speaker(key)?.name ?? key) (\(slot.role.rawValue))" }
      }
      let open = session.slots.filter { $0.speaker == nil }.map { slot in
        slot.note.isEmpty ? slot.role.rawValue : "\(slot.role.rawValue): \(slot.note)"
      }
      rows.append([
        session.day.description, session.start.description, session.end.description, session.room,
        session.kind.rawValue, session.title, speakers.joined(separator: "; "), open.joined(separator: "; "), session.key,
      ])
    }
    return rows
  }

  /// The speakers and open slots of a session, then its description.
  static func details(_ session: Session, agenda: Agenda) -> String {
    var parts: [String] = []
    for slot in session.slots {
      if let key = slot.speaker, let speaker = agenda.speaker(key) {
        let affiliation = speaker.affiliation.isEmpty ? "" : ", \(speaker.affiliation)"
        parts.append("\(slot.role.rawValue.capitalized): \(speaker.name)\(affiliation)")
      } else {
        parts.append("\(slot.role.rawValue.capitalized): to be named\(slot.note.isEmpty ? "" : " (\(slot.note))")")
      }
    }
    if !session.description.isEmpty { parts.append(session.description) }
    return parts.joined(separator: "\n")
  }

  /// The instant at `time` on `day` in `zone`. A time that does not exist on that day
  /// (skipped by a daylight-saving change) moves forward, as clocks do.
  public static func instant(_ day: CalendarDay, _ time: TimeOfDay, zone: String) -> Date {
    VenueClock(timeZone: zone).instant(day, minute: time.minutes)
  }

  static func utcStamp(_ date: Date) -> String {
    let day = VenueClock.utc.day(at: date)
    let second = VenueClock.utc.secondOfDay(at: date)
    return String(
      format: "%04d%02d%02dT%02d%02d%02dZ", day.year, day.month, day.day, second / 3_600, second / 60 % 60, second % 60)
  }

  /// TEXT escaping of RFC 5545 §3.3.11.
  static func escape(_ text: String) -> String {
    var escaped = ""
    for character in text {
      switch character {
      case "\\": escaped += "\\\\"
      case ";": escaped += "\\;"
      case ",": escaped += "\\,"
      case "\n", "\r\n", "\r": escaped += "\\n"
      default: escaped.append(character)
      }
    }
    return escaped
  }

  /// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character.
  static func fold(_ line: String) -> String {
    var result = ""
    var width = 0
    for character in line {
      let size = String(character).utf8.count
      if width + size > 75 {
        result += "\r\n "
        width = 1
      }
      result.append(character)
      width += size
    }
    return result
  }
}
