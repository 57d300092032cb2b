import Foundation
import Logging
import OversightCore
import OversightStore
import PostgresNIO

// Evidence curation on PostgreSQL: candidate incidents (table `candidate_incident`), researchers' edits written
// through the import's staging (so search documents follow), and the version history kept by the
// `claim_history` / `entity_history` triggers, which read who wrote and why from transaction-local settings.

extension PostgresStore {
    // MARK: - Candidates

    /// Passes a large value to the encoding thread without keeping a second reference to it.
    private final class Handover<Value: Sendable>: @unchecked Sendable {
        private var value: Value?
        init(_ value: Value) { self.value = value }
        func take() -> Value {
            defer { value = nil }
            return value!
        }
    }

    private static let stagedCandidateColumns = ["seq", "event_id", "timestamp", "changed", "country", "first_day", "last_day", "body"]

    public func syncCandidates(period: ClosedRange<Day>?, _ produce: @escaping @Sendable (CandidateSink) throws -> Void) async throws -> CandidateSyncSummary {
        let logger = self.logger
        do {
            return try await inTransaction { connection in
                try await self.lockForWriting(connection)
                var known: [String: CandidateSyncPlan.Known] = [:]
                for try await (id, timestamp, status, country, firstDay, deleted) in try await connection.query("""
                    SELECT event_id, timestamp, status, country, first_day, upstream_deleted FROM candidate_incident
                    """, logger: logger).decode((String, Int64, String, String, Int, Bool).self) {
                    known[id] = CandidateSyncPlan.Known(timestamp: timestamp, reviewed: status != CandidateStatus.candidate.rawValue,
                                                        country: country, firstDay: firstDay, deleted: deleted)
                }
                try await self.execute(connection, """
                    CREATE TEMPORARY TABLE stage_candidate (seq BIGINT, event_id TEXT COLLATE "C", timestamp BIGINT, changed BOOLEAN,
                        country TEXT COLLATE "C", first_day BIGINT, last_day BIGINT, body TEXT) ON COMMIT DROP
                    """)
                let handOver = Handover(known)
                known = [:]
                // New events and newer versions are staged (with whether a reviewed candidate changed upstream)
                // and merged in one statement; the newest version of an event given twice wins.
                var (plan, undelete): (CandidateSyncPlan, [String]) = try await self.pump({ send in
                    var plan = CandidateSyncPlan(known: handOver.take())  // the only reference: nothing is copied
                    var undelete: [String] = []
                    var rows = CopyText(capacity: 1 << 16)
                    var seq = 0
                    try produce(CandidateSink { candidate, json in
                        let window = CandidateSyncPlan.window(candidate)
                        let changed: Bool
                        switch plan.classify(candidate, window: window) {
                        case .add, .repeated: changed = false
                        case .replace(let changedAfterReview): changed = changedAfterReview
                        case .undelete:
                            undelete.append(candidate.eventID)
                            return
                        case .keep: return
                        }
                        seq += 1
                        rows.int(seq); rows.text(candidate.eventID); rows.int(Int(candidate.timestamp)); rows.bool(changed)
                        rows.text(candidate.country); rows.int(window.first); rows.int(window.last); rows.utf8(json ?? candidate.jsonBytes())
                        rows.endRow()
                        if rows.byteCount >= StageEncoder.chunkBytes { try send((), rows.take(capacity: StageEncoder.chunkBytes + (1 << 16))) }
                    })
                    if rows.rows > 0 { try send((), rows.take(capacity: 0)) }
                    return (plan, undelete)
                }, copy: { (_: Void, buffer: ByteBuffer) in
                    try await connection.copyFrom(table: "stage_candidate", columns: PostgresStore.stagedCandidateColumns, logger: logger) { writer in
                        try await writer.write(buffer)
                    }
                })
                // Each event once (the usual case): straight from the staging table; otherwise the newest row of each.
                let rows = plan.repeats == 0
                    ? "SELECT event_id, timestamp, 'candidate', NULL, changed, false, country, first_day, last_day, body FROM stage_candidate"
                    : """
                      SELECT DISTINCT ON (event_id) event_id, timestamp, 'candidate', NULL,
                             bool_or(changed) OVER (PARTITION BY event_id), false, country, first_day, last_day, body
                      FROM stage_candidate ORDER BY event_id, timestamp DESC, seq DESC
                      """
                try await self.execute(connection, """
                    INSERT INTO candidate_incident
                        (event_id, timestamp, status, incident_id, upstream_changed, upstream_deleted, country, first_day, last_day, body)
                    \(rows)
                    ON CONFLICT (event_id) DO UPDATE SET timestamp = excluded.timestamp,
                        upstream_changed = candidate_incident.upstream_changed OR excluded.upstream_changed, upstream_deleted = false,
                        country = excluded.country, first_day = excluded.first_day, last_day = excluded.last_day, body = excluded.body
                    WHERE candidate_incident.timestamp < excluded.timestamp
                    """)
                if !undelete.isEmpty {
                    try await connection.query("""
                        UPDATE candidate_incident SET upstream_deleted = false WHERE event_id = ANY(\(undelete))
                        """, logger: logger)
                }
                let deleted = plan.deletions(period: period)
                if !deleted.isEmpty {
                    try await connection.query("UPDATE candidate_incident SET upstream_deleted = true WHERE event_id = ANY(\(deleted))", logger: logger)
                }
                return plan.summary
            }
        } catch let error as StoreError where error.code == .unreadableDatabase && error.message.hasPrefix("PostgreSQL ") {
            throw StoreError(.invalidRecord, "the candidates were not synchronised (nothing changed): \(error.message)")
        }
    }

    public func candidates(status: CandidateStatus?, country: String?, limit: Int, offset: Int) async throws -> [CandidateIncident] {
        var binds = PostgresBindings()
        var conditions: [String] = []
        if let status { binds.append(status.rawValue); conditions.append("status = $\(binds.count)") }
        if let country { binds.append(country); conditions.append("country = $\(binds.count)") }
        var sql = "SELECT status, incident_id, upstream_changed, upstream_deleted, body FROM candidate_incident"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        binds.append(limit)
        sql += " ORDER BY first_day DESC, event_id LIMIT $\(binds.count)"
        binds.append(offset)
        sql += " OFFSET $\(binds.count)"
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        return try await withConnection { connection in try await self.fetchCandidates(connection, query) }
    }

    public func candidate(eventID: String) async throws -> CandidateIncident? {
        try await withConnection { connection in
            try await self.fetchCandidates(connection, """
                SELECT status, incident_id, upstream_changed, upstream_deleted, body FROM candidate_incident WHERE event_id = \(eventID)
                """).first
        }
    }

    public func candidateCounts() async throws -> [CandidateStatus: Int] {
        try await withConnection { connection in
            var counts: [CandidateStatus: Int] = [:]
            for try await (status, n) in try await connection.query("SELECT status, count(*) FROM candidate_incident GROUP BY status",
                                                                    logger: self.logger).decode((String, Int).self) {
                if let status = CandidateStatus(rawValue: status) { counts[status] = n }
            }
            return counts
        }
    }

    public func restoreCandidates(_ candidates: [CandidateIncident]) async throws {
        var rows = CopyText(capacity: 1 << 16)
        for candidate in candidates {
            let window = RecordIndexing.window(candidate.range) ?? (candidate.eventDate.ordinal, candidate.eventDate.ordinal)
            rows.text(candidate.eventID); rows.int(Int(candidate.timestamp)); rows.text(candidate.status.rawValue); rows.text(candidate.incidentID)
            rows.bool(candidate.upstreamChanged); rows.bool(candidate.upstreamDeleted); rows.text(candidate.country)
            rows.int(window.first); rows.int(window.last); rows.utf8(candidate.jsonBytes())
            rows.endRow()
        }
        let columns = ["event_id", "timestamp", "status", "incident_id", "upstream_changed", "upstream_deleted", "country", "first_day", "last_day", "body"]
        try await restore(rows, into: "candidate_incident", columns: columns, key: ["event_id"])
    }

    /// Copies `rows` into `table` through a temporary table, replacing rows with the same `key`.
    private func restore(_ rows: CopyText, into table: String, columns: [String], key: [String]) async throws {
        guard rows.rows > 0 else { return }
        var rows = rows
        let buffer = rows.take(capacity: 0)
        let logger = self.logger
        try await inTransaction { connection in
            try await self.lockForWriting(connection)
            try await self.execute(connection, "CREATE TEMPORARY TABLE stage_restore (LIKE \(table)) ON COMMIT DROP")
            try await connection.copyFrom(table: "stage_restore", columns: columns, logger: logger) { writer in try await writer.write(buffer) }
            let updates = columns.filter { !key.contains($0) }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
            try await self.execute(connection, """
                INSERT INTO \(table) (\(columns.joined(separator: ", "))) SELECT \(columns.joined(separator: ", ")) FROM stage_restore
                ON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET \(updates)
                """)
        }
    }

    public func storedVersions(after recordID: String?, version: Int, limit: Int) async throws -> [RecordVersion] {
        try await withConnection { connection in
            var versions: [RecordVersion] = []
            for try await (id, number, body, actor, at, note) in try await connection.query("""
                SELECT record_id, version, body, actor, at, note FROM record_version
                WHERE (record_id, version) > (\(recordID ?? ""), \(recordID == nil ? Int(Int32.min) : version))
                ORDER BY record_id, version LIMIT \(limit)
                """, logger: self.logger).decode((String, Int, String, String, String?, String?).self) {
                versions.append(RecordVersion(recordID: id, version: number, body: body, actor: actor, at: at, note: note))
            }
            return versions
        }
    }

    public func restoreVersions(_ versions: [RecordVersion]) async throws {
        var rows = CopyText(capacity: 1 << 16)
        for v in versions {
            rows.text(v.recordID); rows.int(v.version); rows.text(v.body); rows.text(v.actor); rows.text(v.at); rows.text(v.note)
            rows.endRow()
        }
        try await restore(rows, into: "record_version", columns: ["record_id", "version", "body", "actor", "at", "note"],
                          key: ["record_id", "version"])
    }

    /// Candidates from rows of (status, incident_id, upstream_changed, upstream_deleted, body): the columns win
    /// over the copy in the body.
    private func fetchCandidates(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> [CandidateIncident] {
        var candidates: [CandidateIncident] = []
        let decoder = JSONDecoder()
        for try await (status, incidentID, changed, deleted, body) in try await connection.query(query, logger: logger)
            .decode((String, String?, Bool, Bool, String).self) {
            var candidate = try decoder.decode(CandidateIncident.self, from: Data(body.utf8))
            candidate.status = CandidateStatus(rawValue: status) ?? .candidate
            candidate.incidentID = incidentID
            candidate.upstreamChanged = changed
            candidate.upstreamDeleted = deleted
            candidates.append(candidate)
        }
        return candidates
    }

    /// The candidate, locked for the rest of the transaction, when it can still be reviewed.
    private func reviewable(_ connection: PostgresConnection, _ eventID: String) async throws -> CandidateIncident {
        let found = try await fetchCandidates(connection, """
            SELECT status, incident_id, upstream_changed, upstream_deleted, body FROM candidate_incident WHERE event_id = \(eventID) FOR UPDATE
            """).first
        return try CuratedEdit.reviewable(found, eventID: eventID)
    }

    public func confirmCandidate(_ eventID: String, violations: [String]?, by actor: String, at time: String) async throws -> EvidenceChange {
        try await curatedWrite { connection in
            let candidate = try await self.reviewable(connection, eventID)
            let records = try CuratedEdit.confirmation(of: candidate, violations: violations, by: actor)
            let change = try await self.applyEdit(connection, records, by: actor, at: time, note: "confirmed ACLED event \(eventID)")
            let incidentID = records.first { $0.typeName == "incident" }?.id
            try await connection.query("""
                UPDATE candidate_incident SET status = 'confirmed', incident_id = \(incidentID), upstream_changed = false WHERE event_id = \(eventID)
                """, logger: self.logger)
            return change
        }
    }

    public func mergeCandidate(_ eventID: String, into incidentID: String, by actor: String, at time: String) async throws -> EvidenceChange {
        try await curatedWrite { connection in
            let candidate = try await self.reviewable(connection, eventID)
            let kinds = try await self.kinds(connection, of: [incidentID])
            guard kinds[incidentID] == .incident else {
                throw StoreError(.notFound, "no incident has the id '\(incidentID)'; search for the incident and use its id")
            }
            let change = try await self.applyEdit(connection, CuratedEdit.merger(of: candidate, into: incidentID, by: actor), by: actor,
                                                  at: time, note: "merged ACLED event \(eventID)")
            try await connection.query("""
                UPDATE candidate_incident SET status = 'merged', incident_id = \(incidentID), upstream_changed = false WHERE event_id = \(eventID)
                """, logger: self.logger)
            return change
        }
    }

    public func rejectCandidate(_ eventID: String, reason: String, by actor: String, at time: String) async throws {
        try CuratedEdit.checkRejection(reason: reason)
        try await curatedWrite { connection in
            var candidate = try await self.reviewable(connection, eventID)
            candidate.reviewNote = "Rejected by \(actor) at \(time): \(reason)"
            let body = String(decoding: candidate.jsonBytes(), as: UTF8.self)
            try await connection.query("""
                UPDATE candidate_incident SET status = 'rejected', body = \(body) WHERE event_id = \(eventID)
                """, logger: self.logger)
        }
    }

    // MARK: - Edits and history

    /// Runs `body` in a transaction holding the write lock; database errors say the edit was not saved.
    private func curatedWrite<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await inTransaction { connection in
                try await self.lockForWriting(connection)
                return try await body(connection)
            }
        } catch let error as StoreError where error.code == .unreadableDatabase && error.message.hasPrefix("PostgreSQL ") {
            throw StoreError(.invalidRecord, "the edit was not saved: \(error.message)")
        }
    }

    public func applyEdit(_ records: [Record], by actor: String, at time: String, note: String?) async throws -> EvidenceChange {
        try await curatedWrite { connection in try await self.applyEdit(connection, records, by: actor, at: time, note: note) }
    }

    /// The edit inside the caller's transaction (holding the write lock).
    private func applyEdit(_ connection: PostgresConnection, _ records: [Record], by actor: String, at time: String,
                           note: String?) async throws -> EvidenceChange {
        let cited = Array(CuratedEdit.citedSources(records)).sorted()
        let existingSources = cited.isEmpty ? [] : Set(try await strings(connection, "SELECT id FROM source WHERE id = ANY(\(cited))"))
        var storedClaims: [Claim] = []
        for (subject, property) in CuratedEdit.claimedProperties(records) {
            for body in try await strings(connection, "SELECT body FROM claim WHERE subject_id = \(subject) AND property = \(property)") {
                if case .claim(let claim) = try Record.decode(json: Data(body.utf8)) { storedClaims.append(claim) }
            }
        }
        let toWrite = try CuratedEdit.plan(records, actor: actor, validator: validator, existingSources: existingSources,
                                           storedClaims: storedClaims)
        let claimIDs = toWrite.filter { $0.typeName == "claim" }.map(\.id)
        let entityIDs = toWrite.compactMap(\.entity).map(\.id)
        let stored = Set(try await strings(connection, "SELECT id FROM claim WHERE id = ANY(\(claimIDs))")
                         + strings(connection, "SELECT id FROM entity WHERE id = ANY(\(entityIDs))"))
        let fresh = toWrite.filter { $0.typeName != "source" && !stored.contains($0.id) }

        try await write(connection, toWrite.sorted { $0.sortRank < $1.sortRank }, actor: actor, time: time, note: note)
        try CuratedEdit.checkReferences(toWrite, kinds: try await kinds(connection, of: CuratedEdit.referencedIDs(toWrite)))
        for record in fresh {
            let body = try record.canonicalJSON()
            try await connection.query("""
                INSERT INTO record_version (record_id, version, body, actor, at, note) VALUES (\(record.id), 1, \(body), \(actor), \(time), \(note ?? "created"))
                """, logger: logger)
        }
        return CuratedEdit.change(toWrite)
    }

    /// Writes records through the import's staging, with who writes them and why in the transaction's settings
    /// for the history triggers.
    private func write(_ connection: PostgresConnection, _ records: [Record], actor: String, time: String, note: String?,
                       bodies: [String: String] = [:]) async throws {
        try await connection.query("""
            SELECT set_config('oversight.actor', \(actor), true), set_config('oversight.at', \(time), true),
                   set_config('oversight.note', \(note ?? ""), true)
            """, logger: logger)
        var sourceIDs = Set(records.flatMap { record -> [String] in
            if case .claim(let claim) = record { return claim.citations.map(\.source) }
            return []
        })
        for case .source(let source) in records { sourceIDs.insert(source.id) }
        _ = try await stageAndMerge(connection, { sink in
            for record in records { try sink.add(record, canonicalJSON: bodies[record.id]) }
        }, edit: sourceIDs.sorted())
        try await connection.query("""
            SELECT set_config('oversight.actor', '', true), set_config('oversight.at', '', true), set_config('oversight.note', '', true)
            """, logger: logger)
    }

    private func kinds(_ connection: PostgresConnection, of ids: some Collection<String>) async throws -> [String: EntityKind] {
        var kinds: [String: EntityKind] = [:]
        guard !ids.isEmpty else { return kinds }
        for try await (id, kind) in try await connection.query("SELECT id, kind FROM entity WHERE id = ANY(\(Array(ids)))", logger: logger)
            .decode((String, String).self) {
            kinds[id] = EntityKind(rawValue: kind)
        }
        return kinds
    }

    public func history(of recordID: String) async throws -> [RecordVersion] {
        try await withConnection { connection in
            var versions: [RecordVersion] = []
            for try await (version, body, actor, at, note) in try await connection.query("""
                SELECT version, body, actor, at, note FROM record_version WHERE record_id = \(recordID) ORDER BY version
                """, logger: self.logger).decode((Int, String, String, String?, String?).self) {
                versions.append(RecordVersion(recordID: recordID, version: version, body: body, actor: actor, at: at, note: note))
            }
            if versions.isEmpty {
                var current = try await self.strings(connection, "SELECT body FROM claim WHERE id = \(recordID)").first
                if current == nil { current = try await self.strings(connection, "SELECT body FROM entity WHERE id = \(recordID)").first }
                if let current {
                    versions = [RecordVersion(recordID: recordID, version: 1, body: current, actor: "import", at: nil, note: "imported")]
                }
            }
            return VersionDiff.annotate(versions, flatten: CuratedEdit.fields)
        }
    }

    public func revert(_ recordID: String, toVersion version: Int, by actor: String, at time: String) async throws -> EvidenceChange {
        try await curatedWrite { connection in
            guard let body = try await self.strings(connection, """
                SELECT body FROM record_version WHERE record_id = \(recordID) AND version = \(version)
                """).first else {
                throw StoreError(.notFound, "\(recordID) has no version \(version); see its history for the versions it has")
            }
            let record = try Record.decode(json: Data(body.utf8))
            try await self.write(connection, [record], actor: actor, time: time, note: "reverted to version \(version)", bodies: [record.id: body])
            try CuratedEdit.checkReferences([record], kinds: try await self.kinds(connection, of: CuratedEdit.referencedIDs([record])))
            return CuratedEdit.revertChange(record)
        }
    }
}
