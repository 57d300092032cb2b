import Foundation
import GRDB
import OversightCore
import OversightStore

/// The SQLite adapter: one file, zero setup. A `DatabasePool` (WAL) on a file for the server and the CLI,
/// or any `DatabaseWriter` (an in-memory `DatabaseQueue` in tests). Migrates in `init`.
public final class SQLiteStore: Store {
    public let writer: any DatabaseWriter
    let validator: RecordValidator

    /// Opens (or creates) the database file at `path` and applies pending migrations (up to and including
    /// `target` when given: for tests of upgrades from an earlier schema). A file an interrupted `oversight copy`
    /// left is refused (`StoreError.Code.incompleteCopy`) unless `allowIncompleteCopy` (for `copy` itself).
    /// The connection settings of every database file: a 10 s busy timeout, a 16 MB page cache, and the given
    /// `PRAGMA synchronous` level.
    static func configuration(synchronous: String) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -16384")
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        return configuration
    }

    public convenience init(path: String, migrateUpTo target: String? = nil, allowIncompleteCopy: Bool = false) throws {
        // In WAL mode NORMAL still never corrupts the database; only a power loss can undo the last commits.
        let configuration = SQLiteStore.configuration(synchronous: "NORMAL")
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(.unreadableDatabase, "cannot open SQLite database '\(path)': \(SQLiteStore.describe(error)). Check the path, its folder and permissions.")
        }
        try self.init(writer: pool, migrateUpTo: target, allowIncompleteCopy: allowIncompleteCopy)
    }

    /// Wraps an open database and applies pending migrations; refuses an incomplete copy as `init(path:)` does.
    public init(writer: any DatabaseWriter, validator: RecordValidator = .standard, migrateUpTo target: String? = nil,
                allowIncompleteCopy: Bool = false) throws {
        self.writer = writer
        self.validator = validator
        if !allowIncompleteCopy, let marker = try SQLiteStore.incompleteCopy(in: writer) {
            throw marker.refusal(location: writer.path)
        }
        do {
            if let target { try SQLiteSchema.migrator.migrate(writer, upTo: target) } else { try SQLiteSchema.migrator.migrate(writer) }
        } catch {
            throw StoreError(.unreadableDatabase, "cannot migrate the database: \(SQLiteStore.describe(error)). Is it an Oversight database?")
        }
    }

    /// An in-memory store, for tests and throw-away runs.
    public static func inMemory() throws -> SQLiteStore { try SQLiteStore(writer: DatabaseQueue()) }

    /// Runs SQL as it is, in one transaction: for tests that build a database as an earlier version left it.
    public func executeForTesting(_ sql: String) async throws {
        try await writer.write { db in try db.execute(sql: sql) }
    }

    /// The names of the migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try SQLiteSchema.migrator.appliedMigrations(db) }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    // MARK: - Writing

    public func importRecords(_ produce: @escaping @Sendable (RecordSink) throws -> Void) async throws -> ImportSummary {
        let validator = self.validator
        do {
            return try await writer.write { db in
                // A large import touches B-tree pages all over the file; a bigger page cache keeps them in memory
                // for the length of the transaction instead of spilling them to the WAL and reading them back (up to 1 GiB,
                // used only as a large import needs it).
                try db.execute(sql: "PRAGMA cache_size = -1048576")
                defer { try? db.execute(sql: "PRAGMA cache_size = -16384") }
                let writer = try SQLiteRecordWriter(db: db, validator: validator)
                try produce(RecordSink { record, json in try writer.write(record, canonicalJSON: json) })
                try writer.finish()
                return ImportSummary(written: writer.counts)
            }
        } catch let error as DatabaseError {
            throw StoreError(.invalidRecord, "the import was rolled back: \(SQLiteStore.describe(error))")
        }
    }

    // MARK: - Reading

    public func exportRecords(_ consume: @escaping @Sendable (String) throws -> Void) async throws {
        try await writer.read { db in
            for sql in ["SELECT body FROM source ORDER BY id",
                        "SELECT body FROM entity ORDER BY kind_order, id",
                        "SELECT body FROM claim ORDER BY id"] {
                let cursor = try String.fetchCursor(db, sql: sql)
                while let body = try cursor.next() { try consume(body) }
            }
        }
    }

    public func statistics(asOf: Day?) async throws -> StoreStatistics {
        try await writer.read { db in
            let known = asOf?.ordinal ?? Int.max
            let sources = try Int.fetchOne(db, sql: "SELECT count(*) FROM source WHERE public_from <= ?", arguments: [known]) ?? 0
            let claims = try Int.fetchOne(db, sql: "SELECT count(*) FROM claim WHERE public_from <= ?", arguments: [known]) ?? 0
            var entities: [String: Int] = [:]
            for kind in EntityKind.allCases {
                entities[kind.rawValue] = try Int.fetchOne(db, sql: kind.requiresClaim && asOf != nil
                    ? "SELECT count(*) FROM entity WHERE kind = ? AND EXISTS (SELECT 1 FROM claim WHERE subject_id = entity.id AND public_from <= ?)"
                    : "SELECT count(*) FROM entity WHERE kind = ? AND ? IS NOT NULL", arguments: [kind.rawValue, known]) ?? 0
            }
            return StoreStatistics(sources: sources, claims: claims, entities: entities)
        }
    }

    public func entity(id: String) async throws -> (any EvidenceEntity)? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM entity WHERE id = ?", arguments: [id])
                .map { try Record.decode(json: Data($0.utf8)).entity! }
        }
    }

    public func entities(named name: String, kind: EntityKind?) async throws -> [any EvidenceEntity] {
        let key = NameKey.fold(name)
        return try await writer.read { db in
            var sql = "SELECT e.body FROM entity_name n JOIN entity e ON e.id = n.entity_id WHERE n.name_key = ?"
            var arguments: StatementArguments = [key]
            if let kind {
                sql += " AND e.kind = ?"
                arguments += [kind.rawValue]
            }
            sql += " GROUP BY e.id ORDER BY e.kind_order, e.id"
            return try String.fetchAll(db, sql: sql, arguments: arguments)
                .map { try Record.decode(json: Data($0.utf8)).entity! }
        }
    }

    public func entities(kind: EntityKind, limit: Int, offset: Int) async throws -> [any EvidenceEntity] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM entity WHERE kind = ? ORDER BY name, id LIMIT ? OFFSET ?",
                                arguments: [kind.rawValue, limit, offset])
                .map { try Record.decode(json: Data($0.utf8)).entity! }
        }
    }

    public func claims(about id: String, asOf: Day?) async throws -> [SourcedClaim] {
        try await writer.read { db in
            try SQLiteStore.sourcedClaims(db, sql: "SELECT body, public_from FROM claim WHERE subject_id = ? AND public_from <= ? ORDER BY id",
                                          arguments: [id, asOf?.ordinal ?? Int.max])
        }
    }

    public func claims(citing sourceID: String) async throws -> [SourcedClaim] {
        try await writer.read { db in
            try SQLiteStore.sourcedClaims(db, sql: """
                SELECT body, public_from FROM claim
                WHERE id IN (SELECT claim_id FROM citation WHERE source_id = ?) ORDER BY id
                """, arguments: [sourceID])
        }
    }

    private static func sourcedClaims(_ db: Database, sql: String, arguments: StatementArguments) throws -> [SourcedClaim] {
        let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
        var sourceCache: [String: Source] = [:]
        return try rows.map { row in
            let body: String = row["body"]
            let publicFrom: Int? = row["public_from"]
            guard case .claim(let claim) = try Record.decode(json: Data(body.utf8)) else {
                throw StoreError(.invalidRecord, "stored claim is not a claim")
            }
            var sources: [String: Source] = [:]
            for citation in claim.citations {
                if let cached = sourceCache[citation.source] {
                    sources[citation.source] = cached
                } else if let source = try fetchSource(db, id: citation.source) {
                    sourceCache[citation.source] = source
                    sources[citation.source] = source
                }
            }
            return SourcedClaim(claim: claim, sources: sources, publicFrom: publicFrom.map(Day.init(ordinal:)))
        }
    }

    private static func fetchSource(_ db: Database, id: String) throws -> Source? {
        guard let body = try String.fetchOne(db, sql: "SELECT body FROM source WHERE id = ?", arguments: [id]),
              case .source(let source) = try Record.decode(json: Data(body.utf8)) else { return nil }
        return source
    }

    public func source(id: String) async throws -> Source? {
        try await writer.read { db in try SQLiteStore.fetchSource(db, id: id) }
    }

    public func incidents(country: String?, from: Day?, to: Day?, asOf: Day?, limit: Int) async throws -> [Incident] {
        try await writer.read { db in
            var sql = "SELECT id, body FROM entity WHERE kind = 'incident' AND first_day <= ? AND last_day >= ?"
            var arguments: StatementArguments = [to?.ordinal ?? Int.max, from?.ordinal ?? Int.min]
            if let country {
                sql += " AND country = ?"
                arguments += [country]
            }
            if let asOf {
                sql += " AND EXISTS (SELECT 1 FROM claim WHERE subject_id = entity.id AND public_from <= ?)"
                arguments += [asOf.ordinal]
            }
            sql += " ORDER BY first_day DESC, id LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                guard case .incident(let incident) = try Record.decode(json: Data((row["body"] as String).utf8)) else {
                    throw StoreError(.invalidRecord, "stored incident is not an incident")
                }
                guard let asOf else { return incident }
                let all = try String.fetchAll(db, sql: "SELECT body FROM claim WHERE subject_id = ? AND property IS NOT NULL",
                                              arguments: [incident.id]).compactMap(SQLiteStore.decodeClaim)
                let knownIDs = Set(try String.fetchAll(db, sql: "SELECT id FROM claim WHERE subject_id = ? AND public_from <= ?",
                                                       arguments: [incident.id, asOf.ordinal]))
                return incident.withKnownCounts(allClaims: all, knownClaims: all.filter { knownIDs.contains($0.id) })
            }
        }
    }

    private static func decodeClaim(_ body: String) throws -> Claim? {
        if case .claim(let claim) = try Record.decode(json: Data(body.utf8)) { return claim }
        return nil
    }

    public func entities(referencing id: String, kind: EntityKind?) async throws -> [any EvidenceEntity] {
        try await writer.read { db in
            var sql = "SELECT DISTINCT e.body, e.kind_order, e.id FROM entity_ref r JOIN entity e ON e.id = r.entity_id WHERE r.ref_id = ?"
            var arguments: StatementArguments = [id]
            if let kind {
                sql += " AND e.kind = ?"
                arguments += [kind.rawValue]
            }
            sql += " ORDER BY e.kind_order, e.id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments)
                .map { try Record.decode(json: Data(($0["body"] as String).utf8)).entity! }
        }
    }

    public func snapshot(asOf: Day?) async throws -> EvidenceSnapshot {
        let records: [Record] = try await writer.read { db in
            var records: [Record] = []
            let decoder = JSONDecoder()
            for sql in ["SELECT body FROM source", "SELECT body FROM entity", "SELECT body FROM claim"] {
                let cursor = try String.fetchCursor(db, sql: sql)
                while let body = try cursor.next() { records.append(try decoder.decode(Record.self, from: Data(body.utf8))) }
            }
            return records
        }
        let snapshot = EvidenceSnapshot(records: records)
        return asOf.map { snapshot.asKnown(on: $0) } ?? snapshot
    }
}
