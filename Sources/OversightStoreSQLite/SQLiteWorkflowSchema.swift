import GRDB
import OversightStore

/// Migrations for the permit workflow (users, sessions, applications, permits, alerts, audit log), registered
/// after the screening migrations. Times are milliseconds since 1970 (UTC); days are `YYYY-MM-DD` text; nested
/// values are canonical JSON text.
enum SQLiteWorkflowSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-workflow") { db in
            try db.execute(sql: """
                CREATE TABLE wf_user (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL
                ) STRICT;
                CREATE TABLE wf_session (
                    token_hash TEXT PRIMARY KEY NOT NULL,
                    user_id TEXT NOT NULL REFERENCES wf_user(id) ON DELETE CASCADE,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    csrf_secret TEXT NOT NULL
                ) STRICT, WITHOUT ROWID;
                CREATE INDEX wf_session_by_expiry ON wf_session(expires_at);
                CREATE TABLE wf_api_token (
                    token_hash TEXT PRIMARY KEY NOT NULL,
                    user_id TEXT NOT NULL REFERENCES wf_user(id) ON DELETE CASCADE,
                    label TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE wf_application (
                    id TEXT PRIMARY KEY NOT NULL,
                    state TEXT NOT NULL,
                    applicant_id TEXT NOT NULL REFERENCES wf_user(id),
                    applicant_name TEXT NOT NULL,
                    exporter TEXT NOT NULL,
                    destination TEXT NOT NULL,
                    consignee TEXT NOT NULL,
                    end_user TEXT NOT NULL,
                    total_value REAL,
                    currency TEXT,
                    worst_verdict TEXT,
                    verdicts TEXT NOT NULL,
                    state_reason TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    submitted_at INTEGER,
                    body TEXT NOT NULL
                ) STRICT;
                CREATE INDEX wf_application_by_update ON wf_application(updated_at DESC, id DESC);
                CREATE INDEX wf_application_by_state ON wf_application(state, updated_at DESC, id DESC);
                CREATE INDEX wf_application_by_applicant ON wf_application(applicant_id, updated_at DESC, id DESC);
                CREATE INDEX wf_application_by_applicant_state ON wf_application(applicant_id, state, updated_at DESC, id DESC);
                CREATE INDEX wf_application_by_destination ON wf_application(destination, updated_at DESC, id DESC);
                -- Applications per state, in all ('*') and per applicant, kept by triggers so that dashboards and
                -- page totals do not count thousands of rows on every request.
                CREATE TABLE wf_state_count (
                    applicant_id TEXT NOT NULL,
                    state TEXT NOT NULL,
                    n INTEGER NOT NULL,
                    PRIMARY KEY (applicant_id, state)
                ) STRICT, WITHOUT ROWID;
                CREATE TRIGGER wf_state_count_insert AFTER INSERT ON wf_application BEGIN
                    INSERT INTO wf_state_count (applicant_id, state, n) VALUES ('*', NEW.state, 1)
                        ON CONFLICT (applicant_id, state) DO UPDATE SET n = n + 1;
                    INSERT INTO wf_state_count (applicant_id, state, n) VALUES (NEW.applicant_id, NEW.state, 1)
                        ON CONFLICT (applicant_id, state) DO UPDATE SET n = n + 1;
                END;
                CREATE TRIGGER wf_state_count_delete AFTER DELETE ON wf_application BEGIN
                    UPDATE wf_state_count SET n = n - 1 WHERE state = OLD.state AND applicant_id IN ('*', OLD.applicant_id);
                END;
                CREATE TRIGGER wf_state_count_update AFTER UPDATE OF state, applicant_id ON wf_application
                WHEN OLD.state <> NEW.state OR OLD.applicant_id <> NEW.applicant_id BEGIN
                    UPDATE wf_state_count SET n = n - 1 WHERE state = OLD.state AND applicant_id IN ('*', OLD.applicant_id);
                    INSERT INTO wf_state_count (applicant_id, state, n) VALUES ('*', NEW.state, 1)
                        ON CONFLICT (applicant_id, state) DO UPDATE SET n = n + 1;
                    INSERT INTO wf_state_count (applicant_id, state, n) VALUES (NEW.applicant_id, NEW.state, 1)
                        ON CONFLICT (applicant_id, state) DO UPDATE SET n = n + 1;
                END;
                CREATE TABLE wf_screening (
                    id TEXT PRIMARY KEY NOT NULL,
                    application_id TEXT NOT NULL REFERENCES wf_application(id),
                    at INTEGER NOT NULL,
                    body TEXT NOT NULL
                ) STRICT;
                CREATE INDEX wf_screening_by_application ON wf_screening(application_id, at);
                CREATE TABLE wf_assessment (
                    id TEXT PRIMARY KEY NOT NULL,
                    application_id TEXT NOT NULL REFERENCES wf_application(id),
                    at INTEGER NOT NULL,
                    trigger TEXT NOT NULL,
                    knowledge_date TEXT NOT NULL,
                    input_digest TEXT NOT NULL,
                    verdicts TEXT NOT NULL,
                    report TEXT NOT NULL
                ) STRICT;
                CREATE INDEX wf_assessment_by_application ON wf_assessment(application_id, at);
                CREATE TABLE wf_recommendation (
                    id TEXT PRIMARY KEY NOT NULL,
                    application_id TEXT NOT NULL REFERENCES wf_application(id),
                    officer_id TEXT NOT NULL REFERENCES wf_user(id),
                    at INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    body TEXT NOT NULL
                ) STRICT;
                CREATE INDEX wf_recommendation_by_application ON wf_recommendation(application_id, at);
                CREATE TABLE wf_decision (
                    id TEXT PRIMARY KEY NOT NULL,
                    application_id TEXT NOT NULL REFERENCES wf_application(id),
                    decider_id TEXT NOT NULL REFERENCES wf_user(id),
                    applicant_id TEXT NOT NULL REFERENCES wf_user(id),
                    at INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    assessment_id TEXT NOT NULL REFERENCES wf_assessment(id),
                    body TEXT NOT NULL
                ) STRICT;
                CREATE INDEX wf_decision_by_application ON wf_decision(application_id, at);
                CREATE INDEX wf_decision_by_time ON wf_decision(at DESC, id DESC);
                CREATE INDEX wf_decision_by_applicant ON wf_decision(applicant_id, at DESC, id DESC);
                CREATE TABLE wf_permit (
                    id TEXT PRIMARY KEY NOT NULL,
                    application_id TEXT NOT NULL UNIQUE REFERENCES wf_application(id),
                    number TEXT NOT NULL UNIQUE,
                    state TEXT NOT NULL,
                    expires_on TEXT NOT NULL,
                    body TEXT NOT NULL
                ) STRICT;
                CREATE TABLE wf_shipment (
                    id TEXT PRIMARY KEY NOT NULL,
                    permit_id TEXT NOT NULL REFERENCES wf_permit(id),
                    line INTEGER NOT NULL,
                    quantity INTEGER NOT NULL,
                    value REAL NOT NULL,
                    shipped_on TEXT NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    body TEXT NOT NULL
                ) STRICT;
                CREATE INDEX wf_shipment_by_permit ON wf_shipment(permit_id, recorded_at);
                CREATE TABLE wf_alert (
                    id TEXT PRIMARY KEY NOT NULL,
                    application_id TEXT NOT NULL REFERENCES wf_application(id),
                    permit_id TEXT,
                    raised_at INTEGER NOT NULL,
                    acknowledged_at INTEGER,
                    body TEXT NOT NULL
                ) STRICT;
                CREATE INDEX wf_alert_by_time ON wf_alert(raised_at DESC, id DESC);
                CREATE INDEX wf_alert_open ON wf_alert(raised_at DESC, id DESC) WHERE acknowledged_at IS NULL;
                CREATE INDEX wf_alert_by_application ON wf_alert(application_id, raised_at DESC);
                CREATE TABLE wf_audit (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    before TEXT,
                    after TEXT,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                ) STRICT;
                CREATE INDEX wf_audit_by_subject ON wf_audit(subject, seq);
                """)
        }
    }

    /// `v6-sign-in-attempts`, registered after the licensing datasets: one row per counted sign-in attempt,
    /// under its account key and under its address, so that every server on this file counts the same attempts.
    static func registerSignInAttempts(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-sign-in-attempts") { db in
            try db.execute(sql: """
                CREATE TABLE wf_sign_in_attempt (
                    scope TEXT NOT NULL CHECK (scope IN ('account', 'address')),
                    key TEXT NOT NULL,
                    at INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX wf_sign_in_attempt_by_key ON wf_sign_in_attempt(scope, key, at);
                """)
        }
    }
}
