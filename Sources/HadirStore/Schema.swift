import Foundation
import GRDB
import HadirCore

extension AppDatabase {
  /// Every schema change, in order. A migration is never edited once released; a change
  /// is a new migration.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: events and access tokens") { db in
      try db.execute(
        sql: """
          CREATE TABLE event (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE
              CHECK (length(code) BETWEEN 3 AND 32 AND code = upper(code) AND code NOT GLOB '*[^A-Z0-9-]*'),
            title TEXT NOT NULL CHECK (title <> ''),
            venue TEXT NOT NULL,
            time_zone TEXT NOT NULL CHECK (time_zone <> ''),
            first_day TEXT NOT NULL CHECK (first_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            last_day TEXT NOT NULL CHECK (last_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            capacity INTEGER NOT NULL CHECK (capacity > 0),
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL,
            CHECK (last_day >= first_day)
          );

          CREATE TABLE access_token (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL CHECK (name <> ''),
            role TEXT NOT NULL CHECK (role IN ('admin', 'organizer', 'desk')),
            event_id INTEGER REFERENCES event(id) ON DELETE RESTRICT,
            secret_hash BLOB NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
            created_at DATETIME NOT NULL,
            revoked_at DATETIME,
            last_used_at DATETIME
          );
          CREATE INDEX access_token_event ON access_token(event_id);
          """)
    }
    migrator.registerMigration("v2: registrations, check-ins and the audit log") { db in
      try db.execute(
        sql: """
          CREATE TABLE registration (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE RESTRICT,
            code TEXT NOT NULL UNIQUE CHECK (length(code) = 7 AND code NOT GLOB '*[^0-9A-HJKMNP-TV-Z]*'),
            name TEXT NOT NULL CHECK (name <> ''),
            organization TEXT NOT NULL,
            position TEXT NOT NULL,
            category TEXT NOT NULL,
            phone TEXT NOT NULL,
            email TEXT NOT NULL,
            external_id TEXT NOT NULL,
            search_key TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
            registered_at DATETIME NOT NULL,
            cancelled_at DATETIME,
            CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
          );
          CREATE INDEX registration_event_status ON registration(event_id, status, id);
          CREATE INDEX registration_event_external_id ON registration(event_id, external_id) WHERE external_id <> '';
          CREATE INDEX registration_event_email ON registration(event_id, email) WHERE email <> '';
          CREATE INDEX registration_event_phone ON registration(event_id, phone) WHERE phone <> '';
          -- One live registration per external id and event.
          CREATE UNIQUE INDEX registration_one_per_external_id
            ON registration(event_id, external_id) WHERE external_id <> '' AND status <> 'cancelled';

          -- Live counts on the event, kept by triggers, so that the rule "never more
          -- confirmed than the capacity" is one CHECK that no write can get around, and
          -- counting costs nothing.
          ALTER TABLE event ADD COLUMN confirmed_count INTEGER NOT NULL DEFAULT 0
            CHECK (confirmed_count >= 0 AND confirmed_count <= capacity);
          ALTER TABLE event ADD COLUMN waitlisted_count INTEGER NOT NULL DEFAULT 0
            CHECK (waitlisted_count >= 0);
          CREATE TRIGGER registration_counts_on_insert AFTER INSERT ON registration
          BEGIN
            UPDATE event SET
              confirmed_count = confirmed_count + (NEW.status = 'confirmed'),
              waitlisted_count = waitlisted_count + (NEW.status = 'waitlisted')
            WHERE id = NEW.event_id;
          END;
          CREATE TRIGGER registration_counts_on_update AFTER UPDATE OF status ON registration
          WHEN OLD.status <> NEW.status
          BEGIN
            UPDATE event SET
              confirmed_count = confirmed_count + (NEW.status = 'confirmed') - (OLD.status = 'confirmed'),
              waitlisted_count = waitlisted_count + (NEW.status = 'waitlisted') - (OLD.status = 'waitlisted')
            WHERE id = NEW.event_id;
          END;
          CREATE TRIGGER registration_counts_on_delete AFTER DELETE ON registration
          BEGIN
            UPDATE event SET
              confirmed_count = confirmed_count - (OLD.status = 'confirmed'),
              waitlisted_count = waitlisted_count - (OLD.status = 'waitlisted')
            WHERE id = OLD.event_id;
          END;

          CREATE TABLE check_in (
            id INTEGER PRIMARY KEY,
            registration_id INTEGER NOT NULL REFERENCES registration(id) ON DELETE RESTRICT,
            day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            checked_in_at DATETIME NOT NULL,
            desk TEXT NOT NULL,
            token_id TEXT NOT NULL,
            undone_at DATETIME,
            undone_by TEXT
          );
          -- One check-in per person per event day; an undone one does not count.
          CREATE UNIQUE INDEX check_in_once_a_day ON check_in(registration_id, day) WHERE undone_at IS NULL;
          CREATE INDEX check_in_day ON check_in(day);

          -- Answers already given, so that a retried request gets the same answer.
          CREATE TABLE desk_request (
            token_id TEXT NOT NULL,
            request_id TEXT NOT NULL,
            answer TEXT NOT NULL,
            created_at DATETIME NOT NULL,
            PRIMARY KEY (token_id, request_id)
          ) WITHOUT ROWID;

          CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at DATETIME NOT NULL,
            token_id TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            event_id INTEGER REFERENCES event(id),
            registration_code TEXT,
            detail TEXT NOT NULL
          );
          CREATE INDEX audit_log_event ON audit_log(event_id, id);
          """)
    }
    migrator.registerMigration("v3: agenda") { db in
      try db.execute(
        sql: """
          CREATE TABLE room (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE RESTRICT,
            name TEXT NOT NULL CHECK (name <> ''),
            seats INTEGER CHECK (seats IS NULL OR seats > 0),
            UNIQUE (event_id, name)
          );
          CREATE TABLE speaker (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE RESTRICT,
            key TEXT NOT NULL CHECK (key <> ''),
            name TEXT NOT NULL CHECK (name <> ''),
            affiliation TEXT NOT NULL,
            title TEXT NOT NULL,
            contact TEXT NOT NULL,
            UNIQUE (event_id, key)
          );
          CREATE TABLE session (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE RESTRICT,
            key TEXT NOT NULL CHECK (key <> ''),
            day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
            end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1439),
            -- A room cannot be deleted while a session uses it.
            room_id INTEGER NOT NULL REFERENCES room(id) ON DELETE RESTRICT,
            kind TEXT NOT NULL
              CHECK (kind IN ('opening', 'presentation', 'discussion', 'panel', 'break', 'meal', 'closing', 'other')),
            title TEXT NOT NULL CHECK (title <> ''),
            description TEXT NOT NULL,
            capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
            UNIQUE (event_id, key),
            CHECK (end_minute > start_minute)
          );
          CREATE INDEX session_event_day ON session(event_id, day, start_minute);
          CREATE TABLE slot (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('narasumber', 'moderator', 'keynote', 'panelist')),
            speaker_id INTEGER REFERENCES speaker(id) ON DELETE RESTRICT,
            note TEXT NOT NULL,
            UNIQUE (session_id, position)
          );
          CREATE INDEX slot_speaker ON slot(speaker_id);
          -- Goes up with every change of the agenda, so that an edit made from an older
          -- reading is refused instead of silently overwriting a newer one.
          ALTER TABLE event ADD COLUMN agenda_revision INTEGER NOT NULL DEFAULT 0;
          """)
    }
    migrator.registerMigration("v4: admin tokens serve the whole server; remembered answers expire") { db in
      // An administrator issues and revokes every token, so an admin token limited to one
      // event would be a way out of its event. Such tokens become that event's organizers.
      let scopedAdmins = try Row.fetchAll(
        db, sql: "SELECT id, event_id FROM access_token WHERE role = 'admin' AND event_id IS NOT NULL")
      for row in scopedAdmins {
        try db.execute(
          sql: """
            INSERT INTO audit_log (at, token_id, actor, action, event_id, detail)
            VALUES (?, '', 'server', 'limit token', ?, ?)
            """,
          arguments: [Date().stored, row["event_id"], "\(row["id"] as String): admin limited to one event became organizer"])
      }
      try db.execute(
        sql: """
          UPDATE access_token SET role = 'organizer' WHERE role = 'admin' AND event_id IS NOT NULL;
          CREATE TRIGGER access_token_admin_everywhere_insert BEFORE INSERT ON access_token
          WHEN NEW.role = 'admin' AND NEW.event_id IS NOT NULL
          BEGIN SELECT RAISE(ABORT, 'an admin token cannot be limited to one event'); END;
          CREATE TRIGGER access_token_admin_everywhere_update BEFORE UPDATE ON access_token
          WHEN NEW.role = 'admin' AND NEW.event_id IS NOT NULL
          BEGIN SELECT RAISE(ABORT, 'an admin token cannot be limited to one event'); END;
          CREATE INDEX desk_request_created ON desk_request(created_at);
          """)
    }
    migrator.registerMigration("v5: check-ins counted per event and day") { db in
      // The live screen shows how many are in today after every check-in; a count kept by
      // triggers makes that one lookup instead of a count over the day's check-ins.
      try db.execute(
        sql: """
          CREATE TABLE check_in_count (
            event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE RESTRICT,
            day TEXT NOT NULL,
            present INTEGER NOT NULL CHECK (present >= 0),
            PRIMARY KEY (event_id, day)
          ) WITHOUT ROWID;
          INSERT INTO check_in_count (event_id, day, present)
            SELECT registration.event_id, check_in.day, COUNT(*) FROM check_in
            JOIN registration ON registration.id = check_in.registration_id
            WHERE check_in.undone_at IS NULL GROUP BY registration.event_id, check_in.day;
          CREATE TRIGGER check_in_count_on_insert AFTER INSERT ON check_in WHEN NEW.undone_at IS NULL
          BEGIN
            INSERT INTO check_in_count (event_id, day, present)
              SELECT event_id, NEW.day, 1 FROM registration WHERE id = NEW.registration_id
              ON CONFLICT (event_id, day) DO UPDATE SET present = present + 1;
          END;
          CREATE TRIGGER check_in_count_on_undo AFTER UPDATE OF undone_at ON check_in
          WHEN OLD.undone_at IS NULL AND NEW.undone_at IS NOT NULL
          BEGIN
            UPDATE check_in_count SET present = present - 1
            WHERE day = OLD.day AND event_id = (SELECT event_id FROM registration WHERE id = OLD.registration_id);
          END;
          """)
    }
    migrator.registerMigration("v6: arrival times apart from recording times") { db in
      // When someone arrived, apart from when the check-in was recorded: a day recorded
      // afterwards has the time the organizer gave, or none. Earlier check-ins were all
      // recorded as they happened.
      try db.execute(
        sql: """
          ALTER TABLE check_in ADD COLUMN arrived_at DATETIME;
          UPDATE check_in SET arrived_at = checked_in_at;
          """)
    }
    migrator.registerMigration("v7: attendance read by name, a page at a time") { db in
      try db.execute(sql: "CREATE INDEX registration_event_name ON registration(event_id, name, id)")
    }
    migrator.registerMigration("v8: names searched in their Indonesian spelling variants") { db in
      let rows = try Row.fetchCursor(db, sql: "SELECT id, name, organization FROM registration")
      let update = try db.makeStatement(sql: "UPDATE registration SET search_key = ? WHERE id = ?")
      while let row = try rows.next() {
        let key = NameSearch.key(name: row["name"], organization: row["organization"])
        try update.execute(arguments: [key, row["id"] as Int64])
      }
    }
    migrator.registerMigration("v9: remembered answers as protobuf") { db in
      // Writing JSON was the largest single step of a check-in. Answers still within their
      // retention are converted, so that a retry after the upgrade gets its first answer.
      // One that cannot be read (changed by hand) must not keep the server from starting on
      // an event's morning: it is dropped and named in the audit log, and a retry of it is
      // worked out again ("already checked in"); nothing it held exists only there.
      try db.execute(
        sql: """
          CREATE TABLE desk_request_new (
            token_id TEXT NOT NULL,
            request_id TEXT NOT NULL,
            answer BLOB NOT NULL,
            created_at DATETIME NOT NULL,
            PRIMARY KEY (token_id, request_id)
          ) WITHOUT ROWID
          """)
      let now = Date()
      let rows = try Row.fetchCursor(
        db, sql: "SELECT token_id, request_id, answer, created_at FROM desk_request WHERE created_at >= ?",
        arguments: [now.addingTimeInterval(-RequestID.retention).stored])
      let insert = try db.makeStatement(
        sql: "INSERT INTO desk_request_new (token_id, request_id, answer, created_at) VALUES (?, ?, ?, ?)")
      var unreadable: [String] = []
      while let row = try rows.next() {
        guard let answer = try? RememberedAnswer.fromJSON(row["answer"]) else {
          unreadable.append("\(row["token_id"] as String) \(row["request_id"] as String)")
          continue
        }
        try insert.execute(
          arguments: [row["token_id"], row["request_id"], try RememberedAnswer.encode(answer), row["created_at"]])
      }
      if !unreadable.isEmpty {
        try db.execute(
          sql: """
            INSERT INTO audit_log (at, token_id, actor, action, event_id, detail)
            VALUES (?, '', 'server', 'forget unreadable desk answers', NULL, ?)
            """,
          arguments: [now.stored, "remembered answers that could not be read (token, request id): " + unreadable.joined(separator: ", ")])
      }
      try db.execute(
        sql: """
          DROP TABLE desk_request;
          ALTER TABLE desk_request_new RENAME TO desk_request;
          CREATE INDEX desk_request_created ON desk_request(created_at);
          """)
    }
    return migrator
  }
}
