import Logging
import OversightStore
import PostgresNIO

/// Applies `PostgresSchema.migrations` in order, in one transaction together with their rows in the ledger
/// table (all pending migrations or none), under an advisory lock so that two processes starting at once do not both migrate.
/// Never destructive: only pending migrations run, and a database migrated by a newer version (a ledger
/// listing migrations this version does not know) is refused rather than touched.
enum PostgresMigrator {
    /// Applies the migrations after the last applied one, up to and including `target` (all when nil);
    /// returns the names applied before and now, in order.
    static func migrate(_ connection: PostgresConnection, schema: String?, upTo target: String? = nil,
                        logger: Logger) async throws -> [String] {
        let known = PostgresSchema.migrations
        if let target, !known.contains(where: { $0.name == target }) {
            throw StoreError(.notFound, "no migration is named '\(target)'; known: \(known.map(\.name).joined(separator: ", "))")
        }
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query(PostgresSchema.lock(PostgresSchema.migrationLock, schema: schema), logger: logger)
            if let schema {
                // `schema` is a plain identifier (checked by PostgresSettings).
                try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger)
            }
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS \(unescaped: PostgresSchema.ledger) (
                    position INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied = try await appliedMigrations(connection, logger: logger)
            guard applied.count <= known.count, zip(applied, known).allSatisfy({ $0 == $1.name }) else {
                throw StoreError(.unreadableDatabase, "the database's schema (\(applied.joined(separator: ", "))) does not match this version of Oversight (\(known.map(\.name).joined(separator: ", "))); it was migrated by a newer or different version, which this one will not touch")
            }
            let last = target.flatMap { name in known.firstIndex { $0.name == name } } ?? known.count - 1
            if applied.count <= last {
                for position in applied.count...last {
                    let migration = known[position]
                    do {
                        // One statement per query: the extended protocol takes a single command at a time.
                        for statement in migration.statements {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        try await migration.afterSQL?(connection, logger)
                        try await connection.query("""
                            INSERT INTO \(unescaped: PostgresSchema.ledger) (position, name) VALUES (\(position), \(migration.name))
                            """, logger: logger)
                    } catch {
                        throw StoreError(.unreadableDatabase, "migration \(migration.name) failed and nothing was changed: \(PostgresFailure.describe(error))")
                    }
                    logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
                    applied.append(migration.name)
                }
            }
            try await connection.query("COMMIT", logger: logger)
            return applied
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    static func appliedMigrations(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        var names: [String] = []
        let rows = try await connection.query("SELECT name FROM \(unescaped: PostgresSchema.ledger) ORDER BY position", logger: logger)
        for try await name in rows.decode(String.self) { names.append(name) }
        return names
    }
}
