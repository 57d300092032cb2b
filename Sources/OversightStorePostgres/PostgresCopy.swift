import Foundation
import Logging
import OversightStore
import PostgresNIO

/// `oversight copy` into PostgreSQL. The copy writes through the store's ordinary operations, each in its own
/// transaction on a pooled connection, so it cannot be one transaction; instead the target carries the
/// incomplete-copy mark (`IncompleteCopyMarker`), committed before anything is copied and removed in the
/// transaction that checks the copy. Every store open refuses a marked database, and `restartCopy()` empties one
/// for `copy` to start over.
extension PostgresStore {
    /// The tables Oversight's migrations create, in order: what `restartCopy()` empties.
    static let migratedTables: [String] = PostgresSchema.migrations.flatMap { migration in
        migration.statements.compactMap { statement -> String? in
            let words = statement.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "(" })
            guard words.count >= 3, words[0] == "CREATE", words[1] == "TABLE" else { return nil }
            return String(words[2])
        }
    }

    /// Reads the mark on `connection` before migrating (the table is looked up in the connection's search path).
    static func incompleteCopy(_ connection: PostgresConnection, logger: Logger) async throws -> IncompleteCopyMarker? {
        var exists = false
        for try await found in try await connection.query(
            "SELECT to_regclass(\(IncompleteCopyMarker.table)) IS NOT NULL", logger: logger).decode(Bool.self) {
            exists = found
        }
        guard exists else { return nil }
        let rows = try await connection.query(
            "SELECT source, started_at FROM \(unescaped: IncompleteCopyMarker.table) LIMIT 1", logger: logger)
        for try await (source, startedAt) in rows.decode((String, String).self) {
            return IncompleteCopyMarker(source: source, startedAt: startedAt)
        }
        return nil
    }

    private func census(_ connection: PostgresConnection) async throws -> CopyCensus {
        var rows: [String: Int] = [:]
        for table in CopyCensus.tables {
            rows[table] = try await count(connection, PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"))
        }
        var head: CopyCensus.AuditHead?
        for try await (seq, hash) in try await connection.query(
            "SELECT seq, hash FROM wf_audit ORDER BY seq DESC LIMIT 1", logger: logger).decode((Int, String).self) {
            head = CopyCensus.AuditHead(seq: seq, hash: hash)
        }
        return CopyCensus(rows: rows, auditHead: head)
    }

    public func copyCensus() async throws -> CopyCensus {
        // One snapshot for all the counts.
        try await inTransaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            return try await self.census(connection)
        }
    }

    public func incompleteCopy() async throws -> IncompleteCopyMarker? {
        try await withConnection { connection in try await PostgresStore.incompleteCopy(connection, logger: self.logger) }
    }

    public func beginCopy(_ marker: IncompleteCopyMarker) async throws {
        let logger = self.logger
        try await inTransaction { connection in
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS \(unescaped: IncompleteCopyMarker.table) (source TEXT NOT NULL, started_at TEXT NOT NULL)
                """, logger: logger)
            try await connection.query("DELETE FROM \(unescaped: IncompleteCopyMarker.table)", logger: logger)
            try await connection.query("""
                INSERT INTO \(unescaped: IncompleteCopyMarker.table) (source, started_at) VALUES (\(marker.source), \(marker.startedAt))
                """, logger: logger)
        }
    }

    public func finishCopy(expected: CopyCensus) async throws {
        let logger = self.logger
        let location = self.location
        try await inTransaction { connection in
            // Nothing else writes a marked database (every other open refuses it); the lock keeps the counts
            // still between the check and the commit all the same.
            try await connection.query("LOCK TABLE \(unescaped: IncompleteCopyMarker.table) IN ACCESS EXCLUSIVE MODE", logger: logger)
            let differences = expected.differences(in: try await self.census(connection))
            guard differences.isEmpty else { throw CopyCheckError(location: location, differences: differences) }
            try await connection.query("DROP TABLE \(unescaped: IncompleteCopyMarker.table)", logger: logger)
        }
    }

    /// Empties every Oversight table of a database an interrupted copy left, keeping its schema and its mark, so
    /// that the copy can start over. Refuses a database without the mark: this never empties a usable database.
    public func restartCopy() async throws {
        let logger = self.logger
        let location = self.location
        // The revision counters are kept: they only ever move forward, so a cache elsewhere never mistakes new
        // content for what it built before the restart.
        let tables = PostgresStore.migratedTables.filter { $0 != "screening_revision" && $0 != "oversight_revision" }
        try await inTransaction { connection in
            guard try await PostgresStore.incompleteCopy(connection, logger: logger) != nil else {
                throw StoreError(.incompleteCopy, "\(location) is not marked as an incomplete copy; it was not emptied")
            }
            try await connection.query(PostgresQuery(unsafeSQL: "TRUNCATE \(tables.joined(separator: ", ")) RESTART IDENTITY"), logger: logger)
            try await connection.query("UPDATE screening_revision SET revision = 0 WHERE id = 1", logger: logger)
        }
    }
}
