import GRDB

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
    return migrator
  }
}
