import GRDB
import OversightStore

/// The SQLite schema, as append-only named migrations. Never edit a shipped migration: add a new one.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-evidence") { db in
            try db.execute(sql: """
                CREATE TABLE source (
                    id TEXT PRIMARY KEY NOT NULL,
                    title TEXT NOT NULL,
                    publisher TEXT NOT NULL,
                    public_from INTEGER NOT NULL,
                    body TEXT NOT NULL
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE entity (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    kind_order INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    country TEXT,
                    first_day INTEGER,
                    last_day INTEGER,
                    body TEXT NOT NULL
                ) STRICT, WITHOUT ROWID;
                CREATE INDEX entity_by_kind ON entity(kind_order, id);
                CREATE INDEX entity_by_country ON entity(kind, country, last_day);
                CREATE TABLE entity_name (
                    entity_id TEXT NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
                    name_key TEXT NOT NULL,
                    PRIMARY KEY (name_key, entity_id)
                ) STRICT, WITHOUT ROWID;
                CREATE INDEX entity_name_by_entity ON entity_name(entity_id);
                CREATE TABLE entity_ref (
                    entity_id TEXT NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    ref_id TEXT NOT NULL REFERENCES entity(id) DEFERRABLE INITIALLY DEFERRED,
                    allowed_kinds TEXT NOT NULL,
                    PRIMARY KEY (entity_id, role, ref_id)
                ) STRICT, WITHOUT ROWID;
                CREATE INDEX entity_ref_by_target ON entity_ref(ref_id);
                CREATE TABLE claim (
                    id TEXT PRIMARY KEY NOT NULL,
                    subject_id TEXT NOT NULL REFERENCES entity(id) DEFERRABLE INITIALLY DEFERRED,
                    property TEXT,
                    status TEXT NOT NULL,
                    confidence TEXT NOT NULL,
                    public_from INTEGER,
                    body TEXT NOT NULL
                ) STRICT, WITHOUT ROWID;
                CREATE INDEX claim_by_subject ON claim(subject_id, public_from);
                CREATE TABLE citation (
                    claim_id TEXT NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    source_id TEXT NOT NULL REFERENCES source(id) DEFERRABLE INITIALLY DEFERRED,
                    PRIMARY KEY (claim_id, position)
                ) STRICT, WITHOUT ROWID;
                CREATE INDEX citation_by_source ON citation(source_id);
                """)
        }
        SQLiteScreeningSchema.register(in: &migrator)
        SQLiteTransferSchema.register(in: &migrator)
        SQLiteWorkflowSchema.register(in: &migrator)
        SQLiteCurationSchema.register(in: &migrator)
        SQLiteLicensingSchema.register(in: &migrator)
        SQLiteWorkflowSchema.registerSignInAttempts(in: &migrator)
        SQLiteRevisions.register(in: &migrator)
        return migrator
    }
}
