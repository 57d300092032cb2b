import Foundation

/// The PostgreSQL schema, as append-only named migrations applied in order. Never edit or remove a shipped
/// migration: add a new one at the end. Names follow the SQLite migrations (`SQLiteSchema`) so both backends
/// report the same schema version.
///
/// References between evidence rows (a claim's subject, a citation's source, an entity's references, the rows
/// derived from an entity or claim) are not foreign keys: the importer checks them all, set-wise, inside the
/// import's transaction and under the write lock, and rolls back with the same messages as the SQLite adapter.
/// Per-row foreign-key triggers would cost more than the rest of a million-claim import (measured: about 11 µs
/// per citation row at commit), and the store never deletes these rows except to replace them in the same
/// transaction.
///
/// Text columns compare as bytes (`COLLATE "C"`), as SQLite does, so that ordered queries and bundle exports come
/// out in the same order on both backends whatever the database's locale. Day columns hold `Day.ordinal`.
public enum PostgresSchema {
    public struct Migration: Sendable {
        public let name: String
        let sql: String

        /// The statements of `sql`, which ends each with `;` at the end of a line (none has one inside).
        var statements: [String] {
            sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }.filter { !$0.isEmpty }
        }
    }

    public static let migrations: [Migration] = [
        Migration(name: "v1-evidence", sql: """
            CREATE TABLE source (
                id TEXT COLLATE "C" PRIMARY KEY,
                title TEXT COLLATE "C" NOT NULL,
                publisher TEXT COLLATE "C" NOT NULL,
                public_from BIGINT NOT NULL,
                body TEXT NOT NULL
            );
            CREATE TABLE entity (
                id TEXT COLLATE "C" PRIMARY KEY,
                kind TEXT COLLATE "C" NOT NULL,
                kind_order INTEGER NOT NULL,
                name TEXT COLLATE "C" NOT NULL,
                country TEXT COLLATE "C",
                first_day BIGINT,
                last_day BIGINT,
                body TEXT NOT NULL
            );
            CREATE INDEX entity_by_kind ON entity (kind_order, id);
            CREATE INDEX entity_by_kind_name ON entity (kind, name, id);
            CREATE INDEX entity_by_country ON entity (kind, country, last_day);
            CREATE TABLE entity_name (
                entity_id TEXT COLLATE "C" NOT NULL,
                name_key TEXT COLLATE "C" NOT NULL,
                PRIMARY KEY (name_key, entity_id)
            );
            CREATE INDEX entity_name_by_entity ON entity_name (entity_id);
            CREATE TABLE entity_ref (
                entity_id TEXT COLLATE "C" NOT NULL,
                role TEXT COLLATE "C" NOT NULL,
                ref_id TEXT COLLATE "C" NOT NULL,
                allowed_kinds TEXT COLLATE "C" NOT NULL,
                PRIMARY KEY (entity_id, role, ref_id)
            );
            CREATE INDEX entity_ref_by_target ON entity_ref (ref_id);
            CREATE TABLE claim (
                id TEXT COLLATE "C" PRIMARY KEY,
                subject_id TEXT COLLATE "C" NOT NULL,
                property TEXT COLLATE "C",
                status TEXT COLLATE "C" NOT NULL,
                confidence TEXT COLLATE "C" NOT NULL,
                public_from BIGINT,
                body TEXT NOT NULL
            );
            CREATE INDEX claim_by_subject ON claim (subject_id, public_from);
            CREATE TABLE citation (
                claim_id TEXT COLLATE "C" NOT NULL,
                position INTEGER NOT NULL,
                source_id TEXT COLLATE "C" NOT NULL,
                PRIMARY KEY (claim_id, position)
            );
            CREATE INDEX citation_by_source ON citation (source_id);
            """),
        Migration(name: "v2-screening-lists", sql: """
            CREATE TABLE screening_list (
                id TEXT COLLATE "C" PRIMARY KEY,
                title TEXT NOT NULL,
                format TEXT NOT NULL,
                source TEXT NOT NULL,
                version TEXT,
                imported_at TEXT NOT NULL,
                entry_count BIGINT NOT NULL
            );
            CREATE TABLE screening_entry (
                list_id TEXT COLLATE "C" NOT NULL REFERENCES screening_list (id) ON DELETE CASCADE,
                entry_id TEXT COLLATE "C" NOT NULL,
                schema TEXT NOT NULL,
                name TEXT NOT NULL,
                digest TEXT NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (list_id, entry_id)
            );
            CREATE TABLE screening_decision (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                party TEXT NOT NULL,
                party_key TEXT COLLATE "C" NOT NULL,
                list_id TEXT COLLATE "C" NOT NULL,
                entry_id TEXT COLLATE "C" NOT NULL,
                entry_digest TEXT NOT NULL,
                verdict TEXT NOT NULL,
                reason TEXT NOT NULL,
                decided_by TEXT NOT NULL,
                decided_at TEXT NOT NULL
            );
            CREATE INDEX screening_decision_by_party ON screening_decision (party_key, list_id, entry_id);
            CREATE TABLE screening_revision (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                revision BIGINT NOT NULL
            );
            INSERT INTO screening_revision (id, revision) VALUES (1, 0);
            """),
    ]

    /// The table that records applied migrations: one row per migration, in the order applied.
    static let ledger = "oversight_migrations"

    /// Serialises migrations and imports across connections and processes (`pg_advisory_xact_lock` keys).
    static let migrationLock = 0x4F56_4D49  // "OVMI"
    static let writeLock = 0x4F56_5752      // "OVWR"
}
