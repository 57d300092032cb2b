import Foundation
import GRDB
import OversightStore

/// Two counters, one for the evidence and one for the workflow, each moved by every transaction that changes
/// its area (`v7-revisions`). A reader that built something at revision R knows it is still current while
/// the counter reads R, whichever process or web node made the change: caches compare one small read
/// instead of reading everything again.
enum SQLiteRevisions {
    static let evidence = "evidence"
    static let workflow = "workflow"

    /// `v7-revisions`, registered after the sign-in attempts.
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-revisions") { db in
            try db.execute(sql: """
                CREATE TABLE oversight_revision (area TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT, WITHOUT ROWID;
                INSERT INTO oversight_revision (area, value) VALUES ('evidence', 0), ('workflow', 0);
                """)
        }
    }

    /// Moves `area`'s counter inside the caller's write transaction (rolled back with it).
    static func bump(_ area: String, db: Database) throws {
        try db.cachedStatement(sql: "UPDATE oversight_revision SET value = value + 1 WHERE area = ?").execute(arguments: [area])
    }

    static func read(_ area: String, db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT value FROM oversight_revision WHERE area = ?", arguments: [area]) ?? 0
    }
}

extension SQLiteStore {
    public func evidenceRevision() async throws -> Int {
        try await writer.read { db in try SQLiteRevisions.read(SQLiteRevisions.evidence, db: db) }
    }

    public func workflowRevision() async throws -> Int {
        try await writer.read { db in try SQLiteRevisions.read(SQLiteRevisions.workflow, db: db) }
    }
}
