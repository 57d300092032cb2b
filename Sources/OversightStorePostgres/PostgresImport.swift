import Foundation
import Logging
import OversightCore
import OversightStore
import PostgresNIO

/// Where an import streams its rows (with `COPY`): temporary tables merged into the real tables in a few
/// set-based statements at the end (they live in the import's transaction only, `ON COMMIT DROP`), or — for
/// claims and citations when the store holds no claims yet — the real tables directly.
enum Stage: Int, CaseIterable, Sendable {
    case source, entity, entityName, entityRef, claim, citation, claimDirect, citationDirect, search

    /// The temporary tables.
    static let staged: [Stage] = [.source, .entity, .entityName, .entityRef, .claim, .citation, .search]

    var table: String {
        switch self {
        case .source: return "stage_source"
        case .entity: return "stage_entity"
        case .entityName: return "stage_entity_name"
        case .entityRef: return "stage_entity_ref"
        case .claim: return "stage_claim"
        case .citation: return "stage_citation"
        case .claimDirect: return "claim"
        case .citationDirect: return "citation"
        case .search: return "stage_search"
        }
    }

    /// Columns and types; `seq` numbers records in the order the import received them (the last version of a
    /// record given twice wins), and child rows carry their parent's `seq`.
    var columns: [(String, String)] {
        switch self {
        case .source: return [("seq", "BIGINT"), ("id", "TEXT"), ("title", "TEXT"), ("publisher", "TEXT"), ("public_from", "BIGINT"), ("body", "TEXT")]
        case .entity: return [("seq", "BIGINT"), ("id", "TEXT"), ("kind", "TEXT"), ("kind_order", "INTEGER"), ("name", "TEXT"), ("country", "TEXT"),
                              ("first_day", "BIGINT"), ("last_day", "BIGINT"), ("body", "TEXT")]
        case .entityName: return [("entity_seq", "BIGINT"), ("entity_id", "TEXT"), ("name_key", "TEXT")]
        case .entityRef: return [("entity_seq", "BIGINT"), ("entity_id", "TEXT"), ("role", "TEXT"), ("ref_id", "TEXT"), ("allowed_kinds", "TEXT")]
        case .claim: return [("seq", "BIGINT"), ("id", "TEXT"), ("subject_id", "TEXT"), ("property", "TEXT"), ("status", "TEXT"),
                             ("confidence", "TEXT"), ("public_from", "BIGINT"), ("body", "TEXT")]
        case .citation: return [("claim_seq", "BIGINT"), ("claim_id", "TEXT"), ("position", "INTEGER"), ("source_id", "TEXT")]
        case .claimDirect: return Array(Stage.claim.columns.dropFirst())
        case .citationDirect: return Array(Stage.citation.columns.dropFirst())
        case .search: return [("seq", "BIGINT"), ("record_id", "TEXT"), ("kind", "TEXT"), ("country", "TEXT"), ("first_day", "BIGINT"),
                              ("last_day", "BIGINT"), ("violations", "TEXT"), ("name", "TEXT"), ("body", "TEXT"), ("document", "TSVECTOR")]
        }
    }

    var createSQL: String {
        let columns = self.columns.map { name, type in type == "TEXT" ? "\(name) TEXT COLLATE \"C\"" : "\(name) \(type)" }
        return "CREATE TEMPORARY TABLE \(table) (\(columns.joined(separator: ", "))) ON COMMIT DROP"
    }
}

/// What the encoding side of an import learnt, for the merge.
struct StagedImport: Sendable {
    var counts: [String: Int]
    /// Sources whose publication day changed: the claims citing them get theirs worked out again.
    var redatedSources: [String]
    /// Claims staged without a publication day (a cited source was not known yet).
    var undatedClaims: Int
    /// Claims that went to the staging table (all of them, unless the import wrote claims directly).
    var stagedClaims: Int
    var wroteAnything: Bool
}

/// Validates records and encodes them as COPY rows of the staging tables, on the thread that runs the
/// caller's producer; full buffers go to `ship`, which may block to hold the producer back.
final class StageEncoder {
    static let chunkBytes = 4 << 20

    private let validator: RecordValidator
    private var sourceDays: [String: Int]
    private var redated: Set<String> = []
    private var undated = 0
    private var counts: [String: Int] = [:]
    private var seq = 0
    private var copies: [CopyText] = Stage.allCases.map { _ in CopyText(capacity: 1 << 16) }
    private let ship: (Stage, ByteBuffer) throws -> Void
    /// While claims go straight to the claim table: the ids written so far. A claim given a second time ends
    /// direct mode: it and every later claim go to the staging table, whose merge replaces earlier versions.
    private var directClaims: Set<String>?
    private var stagedClaims = 0

    init(validator: RecordValidator, sourceDays: [String: Int], direct: Bool, ship: @escaping (Stage, ByteBuffer) throws -> Void) {
        self.validator = validator
        self.sourceDays = sourceDays
        self.ship = ship
        directClaims = direct ? [] : nil
    }

    func add(_ record: Record, canonicalJSON: String?) throws {
        let issues = validator.check(record)
        guard issues.isEmpty else { throw ValidationError(issues) }
        let body = try canonicalJSON ?? record.canonicalJSON()
        seq += 1
        switch record {
        case .source(let source): try addSource(source, body: body)
        case .claim(let claim): try addClaim(claim, body: body)
        default: try addEntity(record.entity!, body: body)
        }
        counts[record.typeName, default: 0] += 1
    }

    private func addSource(_ source: Source, body: String) throws {
        let day = source.publicFrom.ordinal
        if let previous = sourceDays[source.id], previous != day { redated.insert(source.id) }
        sourceDays[source.id] = day
        try row(.source) { row in
            row.int(seq); row.text(source.id); row.text(source.title); row.text(source.publisher); row.int(day); row.text(body)
        }
        try row(.search) { row in row.int(seq); row.searchFields(SearchDocument(source: source)) }
    }

    private func addClaim(_ claim: Claim, body: String) throws {
        // Public from the earliest publication among the cited sources; unknown (worked out after the merge)
        // when a cited source is not known yet.
        var day: Int? = nil
        for citation in claim.citations {
            guard let sourceDay = sourceDays[citation.source] else {
                day = nil
                undated += 1
                break
            }
            day = min(day ?? sourceDay, sourceDay)
        }
        if directClaims?.insert(claim.id).inserted == true {
            try row(.claimDirect) { row in
                row.text(claim.id); row.text(claim.subject); row.text(claim.property); row.text(claim.status.rawValue)
                row.text(claim.confidence.rawValue); row.int(day); row.text(body)
            }
            for (position, citation) in claim.citations.enumerated() {
                try row(.citationDirect) { row in row.text(claim.id); row.int(position); row.text(citation.source) }
            }
            return
        }
        directClaims = nil
        stagedClaims += 1
        try row(.claim) { row in
            row.int(seq); row.text(claim.id); row.text(claim.subject); row.text(claim.property); row.text(claim.status.rawValue)
            row.text(claim.confidence.rawValue); row.int(day); row.text(body)
        }
        for (position, citation) in claim.citations.enumerated() {
            try row(.citation) { row in row.int(seq); row.text(claim.id); row.int(position); row.text(citation.source) }
        }
    }

    private func addEntity(_ entity: any EvidenceEntity, body: String) throws {
        let kind = type(of: entity).kind
        let window = entity.dates.flatMap(RecordIndexing.window)
        try row(.entity) { row in
            row.int(seq); row.text(entity.id); row.text(kind.rawValue); row.int(kind.order); row.text(entity.displayName)
            row.text(entity.countryCode); row.int(window?.first); row.int(window?.last); row.text(body)
        }
        if let document = SearchDocument(entity: entity, window: window) {
            try row(.search) { row in row.int(seq); row.searchFields(document) }
        }
        for key in RecordIndexing.nameKeys(entity) {
            try row(.entityName) { row in row.int(seq); row.text(entity.id); row.text(key) }
        }
        for ref in entity.references {
            try row(.entityRef) { row in
                row.int(seq); row.text(entity.id); row.text(ref.role); row.text(ref.id)
                row.text(ref.kinds.map(\.rawValue).sorted().joined(separator: ","))
            }
        }
    }

    private func row(_ stage: Stage, _ fill: (inout CopyText) -> Void) throws {
        fill(&copies[stage.rawValue])
        copies[stage.rawValue].endRow()
        if copies[stage.rawValue].byteCount >= StageEncoder.chunkBytes {
            try ship(stage, copies[stage.rawValue].take(capacity: StageEncoder.chunkBytes + (1 << 16)))
        }
    }

    /// Ships what is left and reports.
    func finish() throws -> StagedImport {
        for stage in Stage.allCases where copies[stage.rawValue].rows > 0 {
            try ship(stage, copies[stage.rawValue].take(capacity: 0))
        }
        return StagedImport(counts: counts, redatedSources: redated.sorted(), undatedClaims: undated, stagedClaims: stagedClaims,
                            wroteAnything: seq > 0)
    }
}

/// Hands encoded chunks from the producing thread to the task that copies them into PostgreSQL, holding the
/// producer back while `limit` chunks wait (so a large bundle is not encoded into memory all at once).
final class ChunkChannel<Target: Sendable, Summary: Sendable>: @unchecked Sendable {
    enum Item: Sendable {
        case chunk(Target, ByteBuffer)
        case done(Summary)
    }

    let items: AsyncThrowingStream<Item, any Error>
    private let continuation: AsyncThrowingStream<Item, any Error>.Continuation
    private let condition = NSCondition()
    private var waiting = 0
    private var cancelled = false
    private let limit: Int

    init(limit: Int = 3) {
        self.limit = limit
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Item.self, throwing: (any Error).self)
        self.items = stream
        self.continuation = continuation
    }

    /// Producer side: blocks while the consumer is behind; throws once the consumer has given up.
    func send(_ target: Target, _ buffer: ByteBuffer) throws {
        condition.lock()
        while waiting >= limit && !cancelled { condition.wait() }
        let stop = cancelled
        if !stop { waiting += 1 }
        condition.unlock()
        if stop { throw CancellationError() }
        continuation.yield(.chunk(target, buffer))
    }

    func finish(_ result: Result<Summary, any Error>) {
        switch result {
        case .success(let staged):
            continuation.yield(.done(staged))
            continuation.finish()
        case .failure(let error):
            continuation.finish(throwing: error)
        }
    }

    /// Consumer side: one chunk has been written.
    func consumed() {
        condition.lock()
        waiting -= 1
        condition.signal()
        condition.unlock()
    }

    /// Consumer side: stop the producer at its next chunk.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

extension PostgresStore {
    /// Runs the producer on its own thread (it is synchronous and may block), copies the chunks it encodes into
    /// the staging tables, merges them, and checks references: all in one transaction, under the write lock so
    /// that concurrent imports apply one after the other.
    func stageAndMerge(_ produce: @escaping @Sendable (RecordSink) throws -> Void) async throws -> ImportSummary {
        try await inTransaction { connection in
            try await self.lockForWriting(connection)
            return try await self.stageAndMerge(connection, produce, edit: nil)
        }
    }

    /// Takes the write lock for the rest of the transaction. Every transaction that writes evidence takes it, so it
    /// also moves the evidence revision (rolled back with the transaction).
    func lockForWriting(_ connection: PostgresConnection) async throws {
        try await connection.query(PostgresSchema.lock(PostgresSchema.writeLock, schema: settings.schema), logger: logger)
        try await PostgresStore.bumpRevision(PostgresStore.evidenceArea, connection, logger: logger)
    }

    /// Stages and merges inside the caller's transaction (holding the write lock). An import checks the
    /// references of the whole store afterwards; an `edit` (the ids of the sources it writes or cites) reads
    /// only those sources and leaves the checks to its caller, which knows the few records it touched.
    func stageAndMerge(_ connection: PostgresConnection, _ produce: @escaping @Sendable (RecordSink) throws -> Void,
                       edit sourceIDs: [String]?) async throws -> ImportSummary {
        let validator = self.validator
        let logger = self.logger
        var sourceDays: [String: Int] = [:]
        let sourceQuery: PostgresQuery = sourceIDs.map { "SELECT id, public_from FROM source WHERE id = ANY(\($0))" }
            ?? "SELECT id, public_from FROM source"
        for try await (id, day) in try await connection.query(sourceQuery, logger: logger).decode((String, Int).self) {
            sourceDays[id] = day
        }
        let hadEntities = try await PostgresStore.exists(connection, "SELECT EXISTS (SELECT 1 FROM entity)", logger: logger)
        let hadClaims = try await PostgresStore.exists(connection, "SELECT EXISTS (SELECT 1 FROM claim)", logger: logger)
        let hadSources = try await PostgresStore.exists(connection, "SELECT EXISTS (SELECT 1 FROM source)", logger: logger)
        for stage in Stage.staged {
            try await connection.query(PostgresQuery(unsafeSQL: stage.createSQL), logger: logger)
        }
        // Into a store without claims, claims and citations are copied straight into their tables, without
        // indexes (cheap to drop on empty tables), which are built once at the end, in one sorted pass each.
        let direct = !hadClaims && sourceIDs == nil
        let rebuild = direct ? try await self.dropIndexes(connection) : []

        let days = sourceDays
        let staged: StagedImport = try await pump({ send in
            let encoder = StageEncoder(validator: validator, sourceDays: days, direct: direct, ship: send)
            try produce(RecordSink { record, json in try encoder.add(record, canonicalJSON: json) })
            return try encoder.finish()
        }, copy: { (stage: Stage, buffer: ByteBuffer) in
            try await connection.copyFrom(table: stage.table, columns: stage.columns.map(\.0), logger: logger) { writer in
                try await writer.write(buffer)
            }
        })
        try await merge(connection, staged: staged, replacing: (entities: hadEntities, claims: hadClaims || staged.stagedClaims > 0),
                        hadRecords: hadEntities || hadSources, rebuild: rebuild, checkAll: sourceIDs == nil)
        return ImportSummary(written: staged.counts)
    }

    /// Runs `encode` on a thread of its own (producers are synchronous and may block) and copies every chunk it
    /// sends as it comes, holding the producer back while chunks wait; returns what `encode` returned. When a
    /// copy fails, the producer is stopped and waited for before the error is thrown (and the transaction rolls back).
    func pump<Target: Sendable, Summary: Sendable>(
        _ encode: @escaping @Sendable (_ send: @escaping (Target, ByteBuffer) throws -> Void) throws -> Summary,
        copy: (Target, ByteBuffer) async throws -> Void
    ) async throws -> Summary {
        let channel = ChunkChannel<Target, Summary>()
        let thread = Thread {
            channel.finish(Result { try encode { target, buffer in try channel.send(target, buffer) } })
        }
        thread.stackSize = 8 << 20
        thread.start()
        var summary: Summary? = nil
        do {
            for try await item in channel.items {
                switch item {
                case .chunk(let target, let buffer):
                    try await copy(target, buffer)
                    channel.consumed()
                case .done(let result):
                    summary = result
                }
            }
        } catch {
            channel.cancel()
            do { for try await _ in channel.items {} } catch {}
            throw error
        }
        guard let summary else { throw StoreError(.invalidRecord, "the write was rolled back: its records ended without a summary") }
        return summary
    }

    static func exists(_ connection: PostgresConnection, _ sql: String, logger: Logger) async throws -> Bool {
        for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Bool.self) { return value }
        return false
    }

    private func merge(_ connection: PostgresConnection, staged: StagedImport, replacing: (entities: Bool, claims: Bool),
                       hadRecords: Bool, rebuild: [String], checkAll: Bool) async throws {
        var rebuild = rebuild
        if staged.stagedClaims > 0 || !staged.wroteAnything {
            // Staged claims are merged with upserts, which need the claim table's primary key.
            try await self.rebuild(connection, rebuild)
            rebuild = []
        }
        guard staged.wroteAnything else { return }
        // Fast path: every record given once. A record given twice makes an upsert touch one row twice
        // (SQLSTATE 21000); then the merge is undone, the older versions are dropped, and it runs again.
        try await execute(connection, "SAVEPOINT merge")
        do {
            try await mergeStatements(connection, replacing: replacing, hadRecords: hadRecords, claims: staged.stagedClaims > 0)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "21000" {
            try await execute(connection, "ROLLBACK TO SAVEPOINT merge")
            for sql in [
                "DELETE FROM stage_source a USING stage_source b WHERE a.id = b.id AND a.seq < b.seq",
                "DELETE FROM stage_entity a USING stage_entity b WHERE a.id = b.id AND a.seq < b.seq",
                "DELETE FROM stage_claim a USING stage_claim b WHERE a.id = b.id AND a.seq < b.seq",
                "DELETE FROM stage_entity_name n WHERE NOT EXISTS (SELECT 1 FROM stage_entity e WHERE e.seq = n.entity_seq)",
                "DELETE FROM stage_entity_ref r WHERE NOT EXISTS (SELECT 1 FROM stage_entity e WHERE e.seq = r.entity_seq)",
                "DELETE FROM stage_citation c WHERE NOT EXISTS (SELECT 1 FROM stage_claim s WHERE s.seq = c.claim_seq)",
                "DELETE FROM stage_search a USING stage_search b WHERE a.record_id = b.record_id AND a.seq < b.seq",
            ] { try await execute(connection, sql) }
            try await mergeStatements(connection, replacing: (true, true), hadRecords: true, claims: staged.stagedClaims > 0)
        }
        try await execute(connection, "RELEASE SAVEPOINT merge")
        try await self.rebuild(connection, rebuild)
        // Publication days not known while encoding (a cited source came later) or changed by a re-dated source.
        if staged.undatedClaims > 0 {
            try await execute(connection, """
                UPDATE claim SET public_from = (
                    SELECT min(s.public_from) FROM citation c JOIN source s ON s.id = c.source_id WHERE c.claim_id = claim.id)
                WHERE public_from IS NULL
                """)
        }
        if !staged.redatedSources.isEmpty {
            try await connection.query("""
                UPDATE claim SET public_from = (
                    SELECT min(s.public_from) FROM citation c JOIN source s ON s.id = c.source_id WHERE c.claim_id = claim.id)
                WHERE id IN (SELECT claim_id FROM citation WHERE source_id = ANY(\(staged.redatedSources)))
                """, logger: logger)
        }
        if checkAll { try await checkReferences(connection) }
    }

    /// Drops the indexes and primary keys of the (empty) claim and citation tables; returns the statements
    /// that build them again, primary keys first. The tables stay locked until the import ends.
    private func dropIndexes(_ connection: PostgresConnection) async throws -> [String] {
        var rebuild: [String] = []
        var drops: [String] = []
        for try await (table, name, definition) in try await connection.query("""
            SELECT conrelid::regclass::text, conname::text, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid IN ('claim'::regclass, 'citation'::regclass) AND contype = 'p' ORDER BY conname
            """, logger: logger).decode((String, String, String).self) {
            drops.append("ALTER TABLE \(table) DROP CONSTRAINT \(name)")
            rebuild.append("ALTER TABLE \(table) ADD CONSTRAINT \(name) \(definition)")
        }
        for try await (name, definition) in try await connection.query("""
            SELECT i.indexname::text, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename IN ('claim', 'citation')
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
            ORDER BY i.indexname
            """, logger: logger).decode((String, String).self) {
            drops.append("DROP INDEX \(name)")
            rebuild.append(definition)
        }
        for sql in drops { try await execute(connection, sql) }
        return rebuild
    }

    private func rebuild(_ connection: PostgresConnection, _ statements: [String]) async throws {
        guard !statements.isEmpty else { return }
        try await execute(connection, "SET LOCAL maintenance_work_mem = '256MB'")
        for sql in statements {
            do {
                try await execute(connection, sql)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                // Cannot happen: direct mode writes each claim id once. Said plainly should it ever.
                throw StoreError(.invalidRecord, "the import was rolled back: a claim or citation was written twice (\(PostgresFailure.describe(error)))")
            }
        }
    }

    /// `claims`: whether claims were staged (otherwise the claim table may be without its primary key, which the
    /// upsert needs, and there is nothing to merge).
    private func mergeStatements(_ connection: PostgresConnection, replacing: (entities: Bool, claims: Bool), hadRecords: Bool,
                                 claims: Bool) async throws {
        if hadRecords {
            // A rewritten record's search document is that of its new version (none when its kind is not searched).
            try await execute(connection, """
                DELETE FROM search_doc WHERE record_id IN (SELECT id FROM stage_entity) OR record_id IN (SELECT id FROM stage_source)
                """)
        }
        try await execute(connection, """
            INSERT INTO source (id, title, publisher, public_from, body)
            SELECT id, title, publisher, public_from, body FROM stage_source
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, publisher = excluded.publisher,
                public_from = excluded.public_from, body = excluded.body
            """)
        try await execute(connection, """
            INSERT INTO entity (id, kind, kind_order, name, country, first_day, last_day, body)
            SELECT id, kind, kind_order, name, country, first_day, last_day, body FROM stage_entity
            ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, kind_order = excluded.kind_order, name = excluded.name,
                country = excluded.country, first_day = excluded.first_day, last_day = excluded.last_day, body = excluded.body
            """)
        if claims {
            try await execute(connection, """
                INSERT INTO claim (id, subject_id, property, status, confidence, public_from, body)
                SELECT id, subject_id, property, status, confidence, public_from, body FROM stage_claim
                ON CONFLICT (id) DO UPDATE SET subject_id = excluded.subject_id, property = excluded.property, status = excluded.status,
                    confidence = excluded.confidence, public_from = excluded.public_from, body = excluded.body
                """)
        }
        if replacing.entities {
            // A replaced entity's names and references are those of its new version only.
            try await execute(connection, "DELETE FROM entity_name WHERE entity_id IN (SELECT id FROM stage_entity)")
            try await execute(connection, "DELETE FROM entity_ref WHERE entity_id IN (SELECT id FROM stage_entity)")
        }
        if claims && replacing.claims {
            try await execute(connection, "DELETE FROM citation WHERE claim_id IN (SELECT id FROM stage_claim)")
        }
        try await execute(connection, """
            INSERT INTO entity_name (entity_id, name_key) SELECT entity_id, name_key FROM stage_entity_name ON CONFLICT DO NOTHING
            """)
        try await execute(connection, """
            INSERT INTO entity_ref (entity_id, role, ref_id, allowed_kinds)
            SELECT entity_id, role, ref_id, allowed_kinds FROM stage_entity_ref ON CONFLICT DO NOTHING
            """)
        if claims {
            try await execute(connection, """
                INSERT INTO citation (claim_id, position, source_id) SELECT claim_id, position, source_id FROM stage_citation
                """)
        }
        try await execute(connection, """
            INSERT INTO search_doc (record_id, kind, country, first_day, last_day, violations, name, body, document)
            SELECT record_id, kind, country, first_day, last_day, violations, name, body, document FROM stage_search
            ON CONFLICT (record_id) DO UPDATE SET kind = excluded.kind, country = excluded.country, first_day = excluded.first_day,
                last_day = excluded.last_day, violations = excluded.violations, name = excluded.name, body = excluded.body,
                document = excluded.document
            """)
    }

    /// The same checks, with the same messages, as the SQLite adapter: every reference resolves to a record of
    /// an allowed kind, and every fact has a claim. Throws with every problem found (up to a limit).
    private func checkReferences(_ connection: PostgresConnection) async throws {
        var issues: [ValidationIssue] = []
        let limit = 20
        // Each check is an anti-join over whole tables: hashed in memory it takes a fraction of the time of the
        // merge or nested-loop plans chosen for freshly loaded tables without statistics (measured 1.8 s against
        // 11 s for a million claims). The settings end with the transaction.
        for setting in ["work_mem = '256MB'", "enable_mergejoin = off", "enable_nestloop = off"] {
            try await execute(connection, "SET LOCAL \(setting)")
        }
        for try await (id, subject) in try await connection.query("""
            SELECT c.id, c.subject_id FROM claim c WHERE NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = c.subject_id) LIMIT \(limit)
            """, logger: logger).decode((String, String).self) {
            issues.append(ValidationIssue(path: "claim:\(id).subject", message: "is '\(subject)', which does not exist; add that record or fix the id"))
        }
        for try await (claim, position, source) in try await connection.query("""
            SELECT claim_id, position, source_id FROM citation
            WHERE NOT EXISTS (SELECT 1 FROM source s WHERE s.id = citation.source_id) LIMIT \(limit)
            """, logger: logger).decode((String, Int, String).self) {
            issues.append(ValidationIssue(path: "claim:\(claim).citations[\(position)].source",
                                          message: "is '\(source)', which is not a known source; add the source record or fix the id"))
        }
        for try await (owner, role, target, allowedKinds, actual, ownerKind) in try await connection.query("""
            SELECT r.entity_id, r.role, r.ref_id, r.allowed_kinds, e.kind, owner.kind FROM entity_ref r
            JOIN entity owner ON owner.id = r.entity_id
            LEFT JOIN entity e ON e.id = r.ref_id
            WHERE e.id IS NULL OR strpos(',' || r.allowed_kinds || ',', ',' || e.kind || ',') = 0 LIMIT \(limit)
            """, logger: logger).decode((String, String, String, String, String?, String).self) {
            let allowed = allowedKinds.split(separator: ",").joined(separator: " or ")
            let path = "\(ownerKind):\(owner).\(role)"
            if let actual {
                issues.append(ValidationIssue(path: path, message: "refers to '\(target)', which is a \(actual), not a \(allowed)"))
            } else {
                issues.append(ValidationIssue(path: path, message: "refers to '\(target)', which does not exist; add that \(allowed) first or fix the id"))
            }
        }
        let needClaims = EntityKind.allCases.filter(\.requiresClaim).map(\.rawValue)
        for try await (id, kind) in try await connection.query("""
            SELECT id, kind FROM entity WHERE kind = ANY(\(needClaims))
            AND NOT EXISTS (SELECT 1 FROM claim WHERE subject_id = entity.id) LIMIT \(limit)
            """, logger: logger).decode((String, String).self) {
            issues.append(ValidationIssue(path: "\(kind):\(id)",
                                          message: "has no claim: every fact needs a sourced claim (a claim whose subject is this id, with a citation)"))
        }
        if !issues.isEmpty { throw ValidationError(issues) }
    }

    func execute(_ connection: PostgresConnection, _ sql: String) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }
}
