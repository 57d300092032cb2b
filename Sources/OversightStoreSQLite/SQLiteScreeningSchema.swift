import GRDB
import OversightStore

/// Migrations for the screening lists, registered after the evidence migrations.
enum SQLiteScreeningSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-screening-lists") { db in
            try db.execute(sql: """
                CREATE TABLE screening_list (
                    id TEXT PRIMARY KEY NOT NULL,
                    title TEXT NOT NULL,
                    format TEXT NOT NULL,
                    source TEXT NOT NULL,
                    version TEXT,
                    imported_at TEXT NOT NULL,
                    entry_count INTEGER NOT NULL
                ) STRICT;
                CREATE TABLE screening_entry (
                    list_id TEXT NOT NULL REFERENCES screening_list(id) ON DELETE CASCADE,
                    entry_id TEXT NOT NULL,
                    schema TEXT NOT NULL,
                    name TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (list_id, entry_id)
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE screening_decision (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    party TEXT NOT NULL,
                    party_key TEXT NOT NULL,
                    list_id TEXT NOT NULL,
                    entry_id TEXT NOT NULL,
                    entry_digest TEXT NOT NULL,
                    verdict TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    decided_by TEXT NOT NULL,
                    decided_at TEXT NOT NULL
                ) STRICT;
                CREATE INDEX screening_decision_by_party ON screening_decision(party_key, list_id, entry_id);
                CREATE TABLE screening_revision (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    revision INTEGER NOT NULL
                ) STRICT;
                INSERT INTO screening_revision (id, revision) VALUES (1, 0);
                """)
        }
    }
}
