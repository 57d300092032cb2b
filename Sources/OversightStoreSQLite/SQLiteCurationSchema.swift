import GRDB
import OversightStore

/// Migrations for evidence curation: candidate incidents from event datasets, the full-text search index and
/// the version history of claims and entities. Registered after the screening migrations.
///
/// The history is kept by triggers on `entity` and `claim`, so every path that writes them (bundle import, SFM
/// import, the editing forms) keeps it in step, inside its own transaction. The search index was kept by
/// triggers too until `v4-search-documents`; since then `SQLiteRecordWriter` (the one path that writes records)
/// writes it.
enum SQLiteCurationSchema {
    /// Kinds of entity in the search index.
    static let searchedKinds = "'incident','unit','person'"

    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-curation") { db in
            try db.execute(sql: """
                CREATE TABLE candidate_incident (
                    event_id TEXT NOT NULL UNIQUE,
                    timestamp INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    incident_id TEXT,
                    upstream_changed INTEGER NOT NULL,
                    upstream_deleted INTEGER NOT NULL,
                    country TEXT NOT NULL,
                    first_day INTEGER NOT NULL,
                    last_day INTEGER NOT NULL,
                    body TEXT NOT NULL
                ) STRICT;
                CREATE INDEX candidate_by_status ON candidate_incident(status, country, first_day);

                CREATE TABLE search_doc (
                    doc_id INTEGER PRIMARY KEY,
                    record_id TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    country TEXT,
                    first_day INTEGER,
                    last_day INTEGER,
                    violations TEXT
                ) STRICT;
                CREATE VIRTUAL TABLE search_text USING fts5(
                    name, body, tokenize = 'unicode61 remove_diacritics 2'
                );

                CREATE TRIGGER search_entity_insert AFTER INSERT ON entity WHEN NEW.kind IN (\(searchedKinds)) BEGIN
                    INSERT INTO search_doc (record_id, kind, country, first_day, last_day, violations)
                    VALUES (NEW.id, NEW.kind, NEW.country, NEW.first_day, NEW.last_day,
                            CASE WHEN NEW.kind = 'incident'
                                 THEN ',' || (SELECT group_concat(value, ',') FROM json_each(NEW.body, '$.violations')) || ','
                            END);
                    INSERT INTO search_text (rowid, name, body)
                    VALUES (last_insert_rowid(),
                            NEW.name || coalesce(' ' || (SELECT group_concat(value, ' ') FROM json_each(NEW.body, '$.aliases')), ''),
                            (coalesce(json_extract(NEW.body, '$.place'), '') || ' ' || coalesce(json_extract(NEW.body, '$.description'), '') || ' ' || coalesce(json_extract(NEW.body, '$.note'), '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(NEW.body, '$.victims')), '')));
                END;
                CREATE TRIGGER search_entity_delete AFTER DELETE ON entity WHEN OLD.kind IN (\(searchedKinds)) BEGIN
                    DELETE FROM search_text WHERE rowid = (SELECT doc_id FROM search_doc WHERE record_id = OLD.id);
                    DELETE FROM search_doc WHERE record_id = OLD.id;
                END;
                CREATE TRIGGER search_entity_update AFTER UPDATE OF body ON entity
                WHEN OLD.body IS NOT NEW.body AND (OLD.kind IN (\(searchedKinds)) OR NEW.kind IN (\(searchedKinds))) BEGIN
                    DELETE FROM search_text WHERE rowid = (SELECT doc_id FROM search_doc WHERE record_id = OLD.id);
                    DELETE FROM search_doc WHERE record_id = OLD.id;
                    INSERT INTO search_doc (record_id, kind, country, first_day, last_day, violations)
                    SELECT NEW.id, NEW.kind, NEW.country, NEW.first_day, NEW.last_day,
                           CASE WHEN NEW.kind = 'incident'
                                THEN ',' || (SELECT group_concat(value, ',') FROM json_each(NEW.body, '$.violations')) || ','
                           END
                    WHERE NEW.kind IN (\(searchedKinds));
                    INSERT INTO search_text (rowid, name, body)
                    SELECT last_insert_rowid(),
                           NEW.name || coalesce(' ' || (SELECT group_concat(value, ' ') FROM json_each(NEW.body, '$.aliases')), ''),
                           (coalesce(json_extract(NEW.body, '$.place'), '') || ' ' || coalesce(json_extract(NEW.body, '$.description'), '') || ' ' || coalesce(json_extract(NEW.body, '$.note'), '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(NEW.body, '$.victims')), ''))
                    WHERE NEW.kind IN (\(searchedKinds));
                END;

                CREATE TRIGGER search_source_insert AFTER INSERT ON source BEGIN
                    INSERT INTO search_doc (record_id, kind) VALUES (NEW.id, 'source');
                    INSERT INTO search_text (rowid, name, body)
                    VALUES (last_insert_rowid(), NEW.title,
                            (coalesce(NEW.publisher, '') || ' ' || coalesce(json_extract(NEW.body, '$.author'), '') || ' ' || coalesce(json_extract(NEW.body, '$.note'), '')));
                END;
                CREATE TRIGGER search_source_update AFTER UPDATE OF body ON source WHEN OLD.body IS NOT NEW.body BEGIN
                    UPDATE search_text SET name = NEW.title,
                        body = (coalesce(NEW.publisher, '') || ' ' || coalesce(json_extract(NEW.body, '$.author'), '') || ' ' || coalesce(json_extract(NEW.body, '$.note'), ''))
                    WHERE rowid = (SELECT doc_id FROM search_doc WHERE record_id = NEW.id);
                END;
                CREATE TRIGGER search_source_delete AFTER DELETE ON source BEGIN
                    DELETE FROM search_text WHERE rowid = (SELECT doc_id FROM search_doc WHERE record_id = OLD.id);
                    DELETE FROM search_doc WHERE record_id = OLD.id;
                END;

                CREATE TABLE curation_context (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    actor TEXT,
                    at TEXT,
                    note TEXT
                ) STRICT;
                INSERT INTO curation_context (id) VALUES (1);

                CREATE TABLE record_version (
                    record_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    at TEXT,
                    note TEXT,
                    PRIMARY KEY (record_id, version)
                ) STRICT, WITHOUT ROWID;
                """)
            // A claim or an entity rewritten with a different body keeps both versions: the first version is the
            // one imported before (when no history exists yet), the new one names who wrote it, from the curation
            // context a curated write sets inside its transaction ("import" otherwise).
            for table in ["claim", "entity"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_history AFTER UPDATE OF body ON \(table) WHEN OLD.body IS NOT NEW.body BEGIN
                        INSERT INTO record_version (record_id, version, body, actor, at, note)
                        SELECT OLD.id, 1, OLD.body, 'import', NULL, 'imported'
                        WHERE NOT EXISTS (SELECT 1 FROM record_version WHERE record_id = OLD.id);
                        INSERT INTO record_version (record_id, version, body, actor, at, note)
                        SELECT NEW.id, (SELECT max(version) FROM record_version WHERE record_id = NEW.id) + 1, NEW.body,
                               coalesce(c.actor, 'import'), coalesce(c.at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), c.note
                        FROM curation_context c WHERE c.id = 1;
                    END;
                    """)
            }
            // Records already stored enter the search index.
            try db.execute(sql: """
                INSERT INTO search_doc (record_id, kind, country, first_day, last_day, violations)
                SELECT id, kind, country, first_day, last_day,
                       CASE WHEN kind = 'incident' THEN ',' || (SELECT group_concat(value, ',') FROM json_each(body, '$.violations')) || ',' END
                FROM entity WHERE kind IN (\(searchedKinds));
                INSERT INTO search_text (rowid, name, body)
                SELECT d.doc_id,
                       e.name || coalesce(' ' || (SELECT group_concat(value, ' ') FROM json_each(e.body, '$.aliases')), ''),
                       (coalesce(json_extract(e.body, '$.place'), '') || ' ' || coalesce(json_extract(e.body, '$.description'), '') || ' ' || coalesce(json_extract(e.body, '$.note'), '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(e.body, '$.victims')), ''))
                FROM search_doc d JOIN entity e ON e.id = d.record_id;
                INSERT INTO search_doc (record_id, kind) SELECT id, 'source' FROM source;
                INSERT INTO search_text (rowid, name, body)
                SELECT d.doc_id, s.title, (coalesce(s.publisher, '') || ' ' || coalesce(json_extract(s.body, '$.author'), '') || ' ' || coalesce(json_extract(s.body, '$.note'), ''))
                FROM search_doc d JOIN source s ON s.id = d.record_id WHERE d.kind = 'source';
                """)
        }
        // The record writer writes the search documents itself from `SearchDocument` (the fields the PostgreSQL
        // adapter indexes too): the insert and update triggers parsed every body half a dozen times, 45 µs a
        // document, a quarter of a large bundle import. The delete triggers stay as a safety net.
        migrator.registerMigration("v4-search-documents") { db in
            try db.execute(sql: """
                DROP TRIGGER search_entity_insert;
                DROP TRIGGER search_entity_update;
                DROP TRIGGER search_source_insert;
                DROP TRIGGER search_source_update;
                """)
        }
    }
}
