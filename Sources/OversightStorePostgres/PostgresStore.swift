import Foundation
import Logging
import OversightCore
import OversightStore
import PostgresNIO

/// The PostgreSQL adapter: the same contract as `SQLiteStore`, on a server several users share.
///
/// The store owns a `PostgresClient` (a connection pool) and the task that runs it: `close()` cancels that
/// task and waits for the pool to close its connections (dropping the store does the same, without waiting).
/// Opening is quick and never blocks: a background step connects once, to report a clear error when the
/// server cannot be reached, and applies pending migrations; every operation waits for that step first.
public final class PostgresStore: DatabaseStore {
    public let settings: PostgresSettings
    let client: PostgresClient
    let logger: Logger
    let validator: RecordValidator
    private let running: Task<Void, Never>
    private let prepared: Task<[String], any Error>

    /// Opens the database described by `settings` and starts applying pending migrations (up to and including
    /// `target` when given: for tests of upgrades from an earlier schema). A database an interrupted
    /// `oversight copy` left is refused (`StoreError.Code.incompleteCopy`, by every operation) unless
    /// `allowIncompleteCopy` (for `copy` itself).
    public init(settings: PostgresSettings, migrateUpTo target: String? = nil, validator: RecordValidator = .standard,
                logger: Logger? = nil, allowIncompleteCopy: Bool = false) {
        var quiet = Logger(label: "oversight.postgres")
        quiet.logLevel = .error
        let logger = logger ?? quiet
        self.settings = settings
        self.validator = validator
        self.logger = logger
        let client = PostgresClient(configuration: settings.clientConfiguration, backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
        prepared = Task {
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(configuration: try settings.connectionConfiguration(), id: 0, logger: logger)
            } catch {
                throw PostgresFailure.connection(error, settings)
            }
            do {
                if !allowIncompleteCopy, let marker = try await PostgresStore.incompleteCopy(connection, logger: logger) {
                    throw marker.refusal(location: settings.redactedURL, remedy: settings.schema.map { "Delete it (DROP SCHEMA \($0) CASCADE)" } ?? "Delete it (drop the database)")
                }
                let applied = try await PostgresMigrator.migrate(connection, schema: settings.schema, upTo: target, logger: logger)
                try? await connection.close()
                return applied
            } catch {
                try? await connection.close()
                if PostgresFailure.isClientError(error) {
                    throw StoreError(.unreadableDatabase, "cannot migrate the PostgreSQL database \(settings.redactedURL): \(PostgresFailure.describe(error))")
                }
                throw error
            }
        }
    }

    /// Opens the database at a `postgres://` URL.
    public convenience init(url: String, logger: Logger? = nil) throws {
        self.init(settings: try PostgresSettings(url: url), logger: logger)
    }

    deinit {
        prepared.cancel()
        running.cancel()
    }

    public var location: String { settings.redactedURL }

    public func migrate() async throws -> [String] { try await prepared.value }

    /// The names of the migrations applied, in order.
    public func appliedMigrations() async throws -> [String] {
        try await withConnection { connection in try await PostgresMigrator.appliedMigrations(connection, logger: self.logger) }
    }

    public func close() async {
        prepared.cancel()
        _ = try? await prepared.value
        running.cancel()
        await running.value
    }

    // MARK: - Connections

    /// Runs `body` on a pooled connection once the store is ready; client errors become `StoreError`s with the
    /// server's message (never the query's values or the password).
    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        _ = try await prepared.value
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw mapped(error)
        }
    }

    /// Runs `body` in a transaction on one connection: committed when it returns, rolled back when it throws.
    func inTransaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let value = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    private func mapped(_ error: any Error) -> any Error {
        guard PostgresFailure.isClientError(error) else { return error }
        return StoreError(.unreadableDatabase, "PostgreSQL \(settings.redactedURL): \(PostgresFailure.describe(error))")
    }

    /// The first column of every row, as text.
    func strings(_ query: PostgresQuery) async throws -> [String] {
        try await withConnection { connection in try await self.strings(connection, query) }
    }

    /// The first column of every row, as text, on `connection` (inside its transaction).
    func strings(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> [String] {
        var values: [String] = []
        for try await value in try await connection.query(query, logger: logger).decode(String.self) { values.append(value) }
        return values
    }

    func count(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> Int {
        for try await value in try await connection.query(query, logger: logger).decode(Int.self) { return value }
        return 0
    }

    static func entity(_ body: String) throws -> any EvidenceEntity {
        guard let entity = try Record.decode(json: Data(body.utf8)).entity else {
            throw StoreError(.invalidRecord, "a stored entity is not an entity")
        }
        return entity
    }

    // MARK: - Writing

    public func importRecords(_ produce: @escaping @Sendable (RecordSink) throws -> Void) async throws -> ImportSummary {
        do {
            return try await stageAndMerge(produce)
        } catch let error as StoreError where error.code == .unreadableDatabase && error.message.hasPrefix("PostgreSQL ") {
            throw StoreError(.invalidRecord, "the import was rolled back: \(error.message)")
        }
    }

    // MARK: - Reading

    public func exportRecords(_ consume: @escaping @Sendable (String) throws -> Void) async throws {
        try await withConnection { connection in
            for sql in ["SELECT body FROM source ORDER BY id",
                        "SELECT body FROM entity ORDER BY kind_order, id",
                        "SELECT body FROM claim ORDER BY id"] {
                for try await body in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: self.logger).decode(String.self) {
                    try consume(body)
                }
            }
        }
    }

    public func statistics(asOf: Day?) async throws -> StoreStatistics {
        try await withConnection { connection in
            let known = asOf?.ordinal ?? Int.max
            let sources = try await self.count(connection, "SELECT count(*) FROM source WHERE public_from <= \(known)")
            let claims = try await self.count(connection, "SELECT count(*) FROM claim WHERE public_from <= \(known)")
            var entities: [String: Int] = [:]
            for kind in EntityKind.allCases {
                if kind.requiresClaim && asOf != nil {
                    entities[kind.rawValue] = try await self.count(connection, """
                        SELECT count(*) FROM entity WHERE kind = \(kind.rawValue)
                        AND EXISTS (SELECT 1 FROM claim WHERE subject_id = entity.id AND public_from <= \(known))
                        """)
                } else {
                    entities[kind.rawValue] = try await self.count(connection, "SELECT count(*) FROM entity WHERE kind = \(kind.rawValue)")
                }
            }
            return StoreStatistics(sources: sources, claims: claims, entities: entities)
        }
    }

    public func entity(id: String) async throws -> (any EvidenceEntity)? {
        try await strings("SELECT body FROM entity WHERE id = \(id)").first.map(PostgresStore.entity)
    }

    public func entities(named name: String, kind: EntityKind?) async throws -> [any EvidenceEntity] {
        let key = NameKey.fold(name)
        let query: PostgresQuery = if let kind {
            """
            SELECT e.body FROM entity e WHERE e.kind = \(kind.rawValue)
            AND e.id IN (SELECT entity_id FROM entity_name WHERE name_key = \(key)) ORDER BY e.kind_order, e.id
            """
        } else {
            """
            SELECT e.body FROM entity e
            WHERE e.id IN (SELECT entity_id FROM entity_name WHERE name_key = \(key)) ORDER BY e.kind_order, e.id
            """
        }
        return try await strings(query).map(PostgresStore.entity)
    }

    public func entities(kind: EntityKind, limit: Int, offset: Int) async throws -> [any EvidenceEntity] {
        try await strings("""
            SELECT body FROM entity WHERE kind = \(kind.rawValue) ORDER BY name, id LIMIT \(limit) OFFSET \(offset)
            """).map(PostgresStore.entity)
    }

    public func claims(about id: String, asOf: Day?) async throws -> [SourcedClaim] {
        try await sourcedClaims("""
            SELECT body, public_from FROM claim WHERE subject_id = \(id) AND public_from <= \(asOf?.ordinal ?? Int.max) ORDER BY id
            """)
    }

    public func claims(citing sourceID: String) async throws -> [SourcedClaim] {
        try await sourcedClaims("""
            SELECT body, public_from FROM claim WHERE id IN (SELECT claim_id FROM citation WHERE source_id = \(sourceID)) ORDER BY id
            """)
    }

    private func sourcedClaims(_ query: PostgresQuery) async throws -> [SourcedClaim] {
        try await withConnection { connection in
            var rows: [(Claim, Int?)] = []
            for try await (body, publicFrom) in try await connection.query(query, logger: self.logger).decode((String, Int?).self) {
                guard case .claim(let claim) = try Record.decode(json: Data(body.utf8)) else {
                    throw StoreError(.invalidRecord, "stored claim is not a claim")
                }
                rows.append((claim, publicFrom))
            }
            let cited = Array(Set(rows.flatMap { $0.0.citations.map(\.source) })).sorted()
            var sources: [String: Source] = [:]
            if !cited.isEmpty {
                for try await body in try await connection.query("SELECT body FROM source WHERE id = ANY(\(cited))", logger: self.logger).decode(String.self) {
                    if case .source(let source) = try Record.decode(json: Data(body.utf8)) { sources[source.id] = source }
                }
            }
            return rows.map { claim, publicFrom in
                var named: [String: Source] = [:]
                for citation in claim.citations { named[citation.source] = sources[citation.source] }
                return SourcedClaim(claim: claim, sources: named, publicFrom: publicFrom.map(Day.init(ordinal:)))
            }
        }
    }

    public func source(id: String) async throws -> Source? {
        guard let body = try await strings("SELECT body FROM source WHERE id = \(id)").first,
              case .source(let source) = try Record.decode(json: Data(body.utf8)) else { return nil }
        return source
    }

    public func incidents(country: String?, from: Day?, to: Day?, asOf: Day?, limit: Int) async throws -> [Incident] {
        var query: PostgresQuery = """
            SELECT body FROM entity WHERE kind = 'incident' AND first_day <= \(to?.ordinal ?? Int.max) AND last_day >= \(from?.ordinal ?? Int.min)
            """
        var bindings = query.binds
        var sql = query.sql
        if let country {
            bindings.append(country)
            sql += " AND country = $\(bindings.count)"
        }
        if let asOf {
            bindings.append(asOf.ordinal)
            sql += " AND EXISTS (SELECT 1 FROM claim WHERE subject_id = entity.id AND public_from <= $\(bindings.count))"
        }
        bindings.append(limit)
        sql += " ORDER BY first_day DESC, id LIMIT $\(bindings.count)"
        query = PostgresQuery(unsafeSQL: sql, binds: bindings)
        let bodies = try await strings(query)
        var incidents: [Incident] = []
        for body in bodies {
            guard case .incident(let incident) = try Record.decode(json: Data(body.utf8)) else {
                throw StoreError(.invalidRecord, "stored incident is not an incident")
            }
            guard let asOf else {
                incidents.append(incident)
                continue
            }
            let all = try await strings("SELECT body FROM claim WHERE subject_id = \(incident.id) AND property IS NOT NULL ORDER BY id")
                .compactMap { body -> Claim? in
                    if case .claim(let claim) = try Record.decode(json: Data(body.utf8)) { return claim }
                    return nil
                }
            let knownIDs = Set(try await strings("SELECT id FROM claim WHERE subject_id = \(incident.id) AND public_from <= \(asOf.ordinal)"))
            incidents.append(incident.withKnownCounts(allClaims: all, knownClaims: all.filter { knownIDs.contains($0.id) }))
        }
        return incidents
    }

    public func entities(referencing id: String, kind: EntityKind?) async throws -> [any EvidenceEntity] {
        let query: PostgresQuery = if let kind {
            """
            SELECT e.body FROM entity e WHERE e.kind = \(kind.rawValue)
            AND e.id IN (SELECT entity_id FROM entity_ref WHERE ref_id = \(id)) ORDER BY e.kind_order, e.id
            """
        } else {
            """
            SELECT e.body FROM entity e WHERE e.id IN (SELECT entity_id FROM entity_ref WHERE ref_id = \(id)) ORDER BY e.kind_order, e.id
            """
        }
        return try await strings(query).map(PostgresStore.entity)
    }

    public func snapshot(asOf: Day?) async throws -> EvidenceSnapshot {
        let records: [Record] = try await withConnection { connection in
            var records: [Record] = []
            let decoder = JSONDecoder()
            for sql in ["SELECT body FROM source", "SELECT body FROM entity", "SELECT body FROM claim"] {
                for try await body in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: self.logger).decode(String.self) {
                    records.append(try decoder.decode(Record.self, from: Data(body.utf8)))
                }
            }
            return records
        }
        let snapshot = EvidenceSnapshot(records: records)
        return asOf.map { snapshot.asKnown(on: $0) } ?? snapshot
    }
}
