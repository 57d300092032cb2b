import Foundation
import Logging
import PostgresNIO

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
        /// Work the SQL cannot do, run after it in the same transaction (e.g. indexing existing records with
        /// the Swift code every later write uses).
        let afterSQL: (@Sendable (PostgresConnection, Logger) async throws -> Void)?

        init(name: String, sql: String, afterSQL: (@Sendable (PostgresConnection, Logger) async throws -> Void)? = nil) {
            self.name = name
            self.sql = sql
            self.afterSQL = afterSQL
        }

        /// The statements of `sql`, each ended by `;` at the end of a line; lines inside a `$$`-quoted function
        /// body do not end a statement.
        var statements: [String] {
            var statements: [String] = []
            var current: [Substring] = []
            var inBody = false
            for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
                current.append(line)
                if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
                if !inBody, line.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
                    statements.append(current.joined(separator: "\n"))
                    current = []
                }
            }
            statements.append(current.joined(separator: "\n"))
            return statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
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
        Migration(name: "v3-arms-transfers", sql: """
            CREATE TABLE arms_transfer (
                position BIGINT PRIMARY KEY,
                deal_id TEXT COLLATE "C" NOT NULL,
                supplier TEXT NOT NULL,
                supplier_code TEXT COLLATE "C",
                recipient TEXT NOT NULL,
                recipient_code TEXT COLLATE "C",
                designation TEXT NOT NULL,
                description TEXT NOT NULL,
                category TEXT NOT NULL,
                category_inferred BOOLEAN NOT NULL,
                order_year BIGINT,
                order_year_estimated BOOLEAN NOT NULL,
                delivery_year BIGINT,
                delivery_year_estimated BOOLEAN NOT NULL,
                number_delivered BIGINT,
                number_estimated BOOLEAN NOT NULL,
                tiv_milli BIGINT,
                apportioned BOOLEAN NOT NULL,
                status TEXT,
                comments TEXT
            );
            CREATE INDEX arms_transfer_by_supplier ON arms_transfer (supplier_code);
            CREATE INDEX arms_transfer_by_recipient ON arms_transfer (recipient_code);
            CREATE TABLE arms_transfer_dataset (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                title TEXT NOT NULL,
                layout TEXT NOT NULL,
                generated TEXT,
                file TEXT NOT NULL,
                row_count BIGINT NOT NULL
            );
            """),
        Migration(name: "v3-workflow", sql: """
            CREATE TABLE wf_user (
                id TEXT COLLATE "C" PRIMARY KEY,
                name TEXT COLLATE "C" NOT NULL UNIQUE,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                disabled BOOLEAN NOT NULL DEFAULT false,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE wf_session (
                token_hash TEXT COLLATE "C" PRIMARY KEY,
                user_id TEXT COLLATE "C" NOT NULL REFERENCES wf_user (id) ON DELETE CASCADE,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                csrf_secret TEXT NOT NULL
            );
            CREATE INDEX wf_session_by_expiry ON wf_session (expires_at);
            CREATE TABLE wf_api_token (
                token_hash TEXT COLLATE "C" PRIMARY KEY,
                user_id TEXT COLLATE "C" NOT NULL REFERENCES wf_user (id) ON DELETE CASCADE,
                label TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT
            );
            CREATE TABLE wf_application (
                id TEXT COLLATE "C" PRIMARY KEY,
                state TEXT COLLATE "C" NOT NULL,
                applicant_id TEXT COLLATE "C" NOT NULL REFERENCES wf_user (id),
                applicant_name TEXT NOT NULL,
                exporter TEXT NOT NULL,
                destination TEXT COLLATE "C" NOT NULL,
                consignee TEXT NOT NULL,
                end_user TEXT NOT NULL,
                total_value DOUBLE PRECISION,
                currency TEXT,
                worst_verdict TEXT COLLATE "C",
                verdicts TEXT NOT NULL,
                state_reason TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                submitted_at BIGINT,
                body TEXT NOT NULL
            );
            CREATE INDEX wf_application_by_update ON wf_application (updated_at DESC, id DESC);
            CREATE INDEX wf_application_by_state ON wf_application (state, updated_at DESC, id DESC);
            CREATE INDEX wf_application_by_applicant ON wf_application (applicant_id, updated_at DESC, id DESC);
            CREATE INDEX wf_application_by_applicant_state ON wf_application (applicant_id, state, updated_at DESC, id DESC);
            CREATE INDEX wf_application_by_destination ON wf_application (destination, updated_at DESC, id DESC);
            CREATE TABLE wf_state_count (
                applicant_id TEXT COLLATE "C" NOT NULL,
                state TEXT COLLATE "C" NOT NULL,
                n BIGINT NOT NULL,
                PRIMARY KEY (applicant_id, state)
            );
            CREATE TABLE wf_screening (
                id TEXT COLLATE "C" PRIMARY KEY,
                application_id TEXT COLLATE "C" NOT NULL REFERENCES wf_application (id),
                at BIGINT NOT NULL,
                body TEXT NOT NULL
            );
            CREATE INDEX wf_screening_by_application ON wf_screening (application_id, at);
            CREATE TABLE wf_assessment (
                id TEXT COLLATE "C" PRIMARY KEY,
                application_id TEXT COLLATE "C" NOT NULL REFERENCES wf_application (id),
                at BIGINT NOT NULL,
                trigger TEXT NOT NULL,
                knowledge_date TEXT NOT NULL,
                input_digest TEXT NOT NULL,
                verdicts TEXT NOT NULL,
                report TEXT NOT NULL
            );
            CREATE INDEX wf_assessment_by_application ON wf_assessment (application_id, at);
            CREATE TABLE wf_recommendation (
                id TEXT COLLATE "C" PRIMARY KEY,
                application_id TEXT COLLATE "C" NOT NULL REFERENCES wf_application (id),
                officer_id TEXT COLLATE "C" NOT NULL REFERENCES wf_user (id),
                at BIGINT NOT NULL,
                outcome TEXT NOT NULL,
                body TEXT NOT NULL
            );
            CREATE INDEX wf_recommendation_by_application ON wf_recommendation (application_id, at);
            CREATE TABLE wf_decision (
                id TEXT COLLATE "C" PRIMARY KEY,
                application_id TEXT COLLATE "C" NOT NULL REFERENCES wf_application (id),
                decider_id TEXT COLLATE "C" NOT NULL REFERENCES wf_user (id),
                applicant_id TEXT COLLATE "C" NOT NULL REFERENCES wf_user (id),
                at BIGINT NOT NULL,
                outcome TEXT NOT NULL,
                assessment_id TEXT COLLATE "C" NOT NULL REFERENCES wf_assessment (id),
                body TEXT NOT NULL
            );
            CREATE INDEX wf_decision_by_application ON wf_decision (application_id, at);
            CREATE INDEX wf_decision_by_time ON wf_decision (at DESC, id DESC);
            CREATE INDEX wf_decision_by_applicant ON wf_decision (applicant_id, at DESC, id DESC);
            CREATE TABLE wf_permit (
                id TEXT COLLATE "C" PRIMARY KEY,
                application_id TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES wf_application (id),
                number TEXT COLLATE "C" NOT NULL UNIQUE,
                state TEXT NOT NULL,
                expires_on TEXT NOT NULL,
                body TEXT NOT NULL
            );
            CREATE TABLE wf_shipment (
                id TEXT COLLATE "C" PRIMARY KEY,
                permit_id TEXT COLLATE "C" NOT NULL REFERENCES wf_permit (id),
                line BIGINT NOT NULL,
                quantity BIGINT NOT NULL,
                value DOUBLE PRECISION NOT NULL,
                shipped_on TEXT NOT NULL,
                recorded_at BIGINT NOT NULL,
                body TEXT NOT NULL
            );
            CREATE INDEX wf_shipment_by_permit ON wf_shipment (permit_id, recorded_at);
            CREATE TABLE wf_alert (
                id TEXT COLLATE "C" PRIMARY KEY,
                application_id TEXT COLLATE "C" NOT NULL REFERENCES wf_application (id),
                permit_id TEXT COLLATE "C",
                raised_at BIGINT NOT NULL,
                acknowledged_at BIGINT,
                body TEXT NOT NULL
            );
            CREATE INDEX wf_alert_by_time ON wf_alert (raised_at DESC, id DESC);
            CREATE INDEX wf_alert_open ON wf_alert (raised_at DESC, id DESC) WHERE acknowledged_at IS NULL;
            CREATE INDEX wf_alert_by_application ON wf_alert (application_id, raised_at DESC);
            CREATE TABLE wf_audit (
                seq BIGINT PRIMARY KEY,
                at BIGINT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT COLLATE "C" NOT NULL,
                before TEXT,
                after TEXT,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE INDEX wf_audit_by_subject ON wf_audit (subject, seq);
            """),
        Migration(name: "v3-curation", sql: """
            CREATE TABLE candidate_incident (
                event_id TEXT COLLATE "C" PRIMARY KEY,
                timestamp BIGINT NOT NULL,
                status TEXT COLLATE "C" NOT NULL,
                incident_id TEXT COLLATE "C",
                upstream_changed BOOLEAN NOT NULL,
                upstream_deleted BOOLEAN NOT NULL,
                country TEXT COLLATE "C" NOT NULL,
                first_day BIGINT NOT NULL,
                last_day BIGINT NOT NULL,
                body TEXT NOT NULL
            );
            CREATE INDEX candidate_by_status ON candidate_incident (status, country, first_day DESC, event_id);
            CREATE INDEX candidate_by_day ON candidate_incident (first_day DESC, event_id);
            CREATE TABLE search_doc (
                record_id TEXT COLLATE "C" PRIMARY KEY,
                kind TEXT COLLATE "C" NOT NULL,
                country TEXT COLLATE "C",
                first_day BIGINT,
                last_day BIGINT,
                violations TEXT COLLATE "C",
                name TEXT NOT NULL,
                body TEXT NOT NULL,
                document TSVECTOR NOT NULL
            );
            CREATE INDEX search_doc_document ON search_doc USING GIN (document);
            CREATE TABLE record_version (
                record_id TEXT COLLATE "C" NOT NULL,
                version INTEGER NOT NULL,
                body TEXT NOT NULL,
                actor TEXT NOT NULL,
                at TEXT,
                note TEXT,
                PRIMARY KEY (record_id, version)
            );
            CREATE FUNCTION oversight_record_history() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM record_version WHERE record_id = OLD.id) THEN
                    INSERT INTO record_version (record_id, version, body, actor, at, note)
                    VALUES (OLD.id, 1, OLD.body, 'import', NULL, 'imported');
                END IF;
                INSERT INTO record_version (record_id, version, body, actor, at, note)
                SELECT NEW.id, max(version) + 1, NEW.body,
                       coalesce(nullif(current_setting('oversight.actor', true), ''), 'import'),
                       coalesce(nullif(current_setting('oversight.at', true), ''),
                                to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
                       nullif(current_setting('oversight.note', true), '')
                FROM record_version WHERE record_id = NEW.id;
                RETURN NULL;
            END
            $$;
            CREATE TRIGGER claim_history AFTER UPDATE OF body ON claim FOR EACH ROW
                WHEN (OLD.body IS DISTINCT FROM NEW.body) EXECUTE FUNCTION oversight_record_history();
            CREATE TRIGGER entity_history AFTER UPDATE OF body ON entity FOR EACH ROW
                WHEN (OLD.body IS DISTINCT FROM NEW.body) EXECUTE FUNCTION oversight_record_history();
            """, afterSQL: { connection, logger in try await PostgresSearchIndex.indexStoredRecords(connection, logger: logger) }),
        // On SQLite this migration moves the writing of search documents from triggers to the record writer;
        // here they were always written by the import staging. The same name keeps both backends' schema
        // versions alike.
        Migration(name: "v4-search-documents", sql: """
            COMMENT ON TABLE search_doc IS 'One full-text document per searched record, written with the record by the import staging (SearchDocument)';
            """),
        Migration(name: "v5-licensing-datasets", sql: """
            CREATE TABLE licensing_dataset (
                name TEXT COLLATE "C" PRIMARY KEY,
                kind TEXT NOT NULL,
                file TEXT NOT NULL,
                imported_at TEXT NOT NULL,
                row_count BIGINT NOT NULL
            );
            CREATE TABLE licensing_figure (
                dataset TEXT COLLATE "C" NOT NULL REFERENCES licensing_dataset(name) ON DELETE CASCADE,
                position BIGINT NOT NULL,
                line BIGINT NOT NULL,
                year BIGINT NOT NULL,
                exporter TEXT COLLATE "C" NOT NULL,
                exporter_name TEXT NOT NULL,
                destination TEXT COLLATE "C",
                destination_name TEXT NOT NULL,
                region TEXT,
                rating TEXT NOT NULL,
                measure TEXT NOT NULL,
                amount BIGINT NOT NULL,
                currency TEXT,
                embargo BOOLEAN,
                licence TEXT,
                PRIMARY KEY (dataset, position)
            );
            """),
        Migration(name: "v6-sign-in-attempts", sql: """
            CREATE TABLE wf_sign_in_attempt (
                scope TEXT NOT NULL CHECK (scope IN ('account', 'address')),
                key TEXT COLLATE "C" NOT NULL,
                at BIGINT NOT NULL
            );
            CREATE INDEX wf_sign_in_attempt_by_key ON wf_sign_in_attempt(scope, key, at);
            """),
        // One counter per area, moved by every transaction that writes it (PostgresRevisions.swift).
        Migration(name: "v7-revisions", sql: """
            CREATE TABLE oversight_revision (
                area TEXT COLLATE "C" PRIMARY KEY,
                value BIGINT NOT NULL
            );
            INSERT INTO oversight_revision (area, value) VALUES ('evidence', 0), ('workflow', 0);
            """),
    ]

    /// The table that records applied migrations: one row per migration, in the order applied.
    static let ledger = "oversight_migrations"

    /// The query that takes lock `key` for the rest of the transaction, for the tables of `schema` only: the
    /// locks serialise writers to the same tables, so two deployments in two schemas of one database never wait
    /// for each other (nil: the user's search path, one key for all such).
    static func lock(_ key: Int32, schema: String?) -> PostgresQuery {
        "SELECT pg_advisory_xact_lock(hashtext(\(schema ?? "")), \(key))"
    }

    /// Serialises migrations and imports across connections and processes (`pg_advisory_xact_lock` keys).
    static let migrationLock: Int32 = 0x4F56_4D49  // "OVMI"
    static let writeLock: Int32 = 0x4F56_5752      // "OVWR"
    /// Serialises workflow commits (and so appends to the audit chain) across connections and processes.
    static let workflowLock: Int32 = 0x4F56_5746   // "OVWF"
    /// Serialises sign-in attempts (count, decide, record) across connections, processes and web nodes.
    static let signInLock: Int32 = 0x4F56_5349     // "OVSI"
}
