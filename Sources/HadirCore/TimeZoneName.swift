import Foundation

/// The venue's time zone, as people name it: IANA names (Asia/Makassar), UTC, and the
/// names every Indonesian uses (WIB, WITA, WIT).
public enum TimeZoneName {
  /// The IANA name `raw` stands for: WIB, WITA and WIT (any case) become Asia/Jakarta,
  /// Asia/Makassar and Asia/Jayapura; UTC and Etc/UTC stay UTC; anything else is kept as
  /// typed, for ``isKnown(_:)`` to judge.
  public static func normalize(_ raw: String) -> String {
    let name = raw.trimmingCharacters(in: .whitespaces)
    switch name.uppercased() {
    case "WIB": return "Asia/Jakarta"
    case "WITA": return "Asia/Makassar"
    case "WIT": return "Asia/Jayapura"
    case "UTC", "ETC/UTC", "Z", "GMT", "ETC/GMT": return "UTC"
    default: return name
    }
  }

  /// Whether `name` is a time zone Hadir can keep days in.
  public static func isKnown(_ name: String) -> Bool {
    VenueClock.fixedOffsets[name] != nil || TimeZone.knownTimeZoneIdentifiers.contains(name)
  }

  /// How an Indonesian names the zone: WIB, WITA or WIT for Indonesia's three, else the
  /// IANA name.
  public static func indonesian(_ name: String) -> String {
    switch name {
    case "Asia/Jakarta", "Asia/Pontianak": "WIB"
    case "Asia/Makassar": "WITA"
    case "Asia/Jayapura": "WIT"
    default: name
    }
  }
}
