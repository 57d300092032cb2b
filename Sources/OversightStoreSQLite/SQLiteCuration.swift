import Foundation
import GRDB
import OversightCore
import OversightStore

/// Curated edits in the SQLite file: written through the same record writer as an import, with the actor and
/// time in `curation_context` for the history triggers, and checks limited to what the edit touches.
extension SQLiteStore: EvidenceCurationStore {
    public func applyEdit(_ records: [Record], by actor: String, at time: String, note: String?) async throws -> EvidenceChange {
        let validator = self.validator
        return try await write { db in
            try SQLiteStore.applyEdit(db, records, validator: validator, actor: actor, time: time, note: note)
        }
    }

    /// Runs `body` in one write transaction, turning database errors into store errors a user can act on.
    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch let error as DatabaseError {
            throw StoreError(.invalidRecord, "the edit was not saved: \(SQLiteStore.describe(error))")
        }
    }

    static func setContext(_ db: Database, actor: String?, time: String?, note: String?) throws {
        try db.execute(sql: "UPDATE curation_context SET actor = ?, at = ?, note = ? WHERE id = 1", arguments: [actor, time, note])
    }

    static func applyEdit(_ db: Database, _ records: [Record], validator: RecordValidator, actor: String, time: String,
                          note: String?) throws -> EvidenceChange {
        var existingSources = Set<String>()
        for id in CuratedEdit.citedSources(records) where try Bool(exists: db, "SELECT 1 FROM source WHERE id = ?", id) {
            existingSources.insert(id)
        }
        var storedClaims: [Claim] = []
        for (subject, property) in CuratedEdit.claimedProperties(records) {
            for body in try String.fetchAll(db, sql: "SELECT body FROM claim WHERE subject_id = ? AND property = ?", arguments: [subject, property]) {
                if case .claim(let c) = try Record.decode(json: Data(body.utf8)) { storedClaims.append(c) }
            }
        }
        let toWrite = try CuratedEdit.plan(records, actor: actor, validator: validator, existingSources: existingSources,
                                           storedClaims: storedClaims)

        var fresh = Set<String>()
        for record in toWrite {
            switch record {
            case .source: continue
            case .claim(let c): if try !Bool(exists: db, "SELECT 1 FROM claim WHERE id = ?", c.id) { fresh.insert(c.id) }
            default: if try !Bool(exists: db, "SELECT 1 FROM entity WHERE id = ?", record.id) { fresh.insert(record.id) }
            }
        }

        try setContext(db, actor: actor, time: time, note: note)
        let recordWriter = try SQLiteRecordWriter(db: db, validator: validator)
        for record in toWrite.sorted(by: { $0.sortRank < $1.sortRank }) {
            try recordWriter.write(record, canonicalJSON: nil)
        }
        try recordWriter.finish(checkingReferences: false)
        try checkReferences(db, of: toWrite)
        for record in toWrite where fresh.contains(record.id) {
            try db.execute(sql: """
                INSERT INTO record_version (record_id, version, body, actor, at, note) VALUES (?, 1, ?, ?, ?, ?)
                """, arguments: [record.id, try record.canonicalJSON(), actor, time, note ?? "created"])
        }
        try setContext(db, actor: nil, time: nil, note: nil)
        return CuratedEdit.change(toWrite)
    }

    /// The references of the written records, and the subjects of the written claims, exist and are of the right kind.
    static func checkReferences(_ db: Database, of records: [Record]) throws {
        var kinds: [String: EntityKind] = [:]
        for id in CuratedEdit.referencedIDs(records) {
            if let kind = try String.fetchOne(db, sql: "SELECT kind FROM entity WHERE id = ?", arguments: [id]).flatMap(EntityKind.init(rawValue:)) {
                kinds[id] = kind
            }
        }
        try CuratedEdit.checkReferences(records, kinds: kinds)
    }

    // MARK: - History

    public func history(of recordID: String) async throws -> [RecordVersion] {
        try await writer.read { db in
            var versions = try Row.fetchAll(db, sql: """
                SELECT version, body, actor, at, note FROM record_version WHERE record_id = ? ORDER BY version
                """, arguments: [recordID]).map {
                    RecordVersion(recordID: recordID, version: $0["version"], body: $0["body"], actor: $0["actor"], at: $0["at"], note: $0["note"])
                }
            if versions.isEmpty {
                let current = try String.fetchOne(db, sql: "SELECT body FROM claim WHERE id = ?", arguments: [recordID])
                    ?? String.fetchOne(db, sql: "SELECT body FROM entity WHERE id = ?", arguments: [recordID])
                if let current {
                    versions = [RecordVersion(recordID: recordID, version: 1, body: current, actor: "import", at: nil, note: "imported")]
                }
            }
            return VersionDiff.annotate(versions, flatten: CuratedEdit.fields)
        }
    }

    public func storedVersions(after recordID: String?, version: Int, limit: Int) async throws -> [RecordVersion] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT record_id, version, body, actor, at, note FROM record_version
                WHERE (record_id, version) > (?, ?) ORDER BY record_id, version LIMIT ?
                """, arguments: [recordID ?? "", recordID == nil ? Int.min : version, limit]).map {
                    RecordVersion(recordID: $0["record_id"], version: $0["version"], body: $0["body"], actor: $0["actor"], at: $0["at"], note: $0["note"])
                }
        }
    }

    public func restoreVersions(_ versions: [RecordVersion]) async throws {
        try await writer.write { db in
            let statement = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO record_version (record_id, version, body, actor, at, note) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for v in versions { try statement.execute(arguments: [v.recordID, v.version, v.body, v.actor, v.at, v.note]) }
        }
    }

    public func revert(_ recordID: String, toVersion version: Int, by actor: String, at time: String) async throws -> EvidenceChange {
        let validator = self.validator
        return try await write { db in
            guard let body = try String.fetchOne(db, sql: "SELECT body FROM record_version WHERE record_id = ? AND version = ?",
                                                 arguments: [recordID, version]) else {
                throw StoreError(.notFound, "\(recordID) has no version \(version); see its history for the versions it has")
            }
            let record = try Record.decode(json: Data(body.utf8))
            try SQLiteStore.setContext(db, actor: actor, time: time, note: "reverted to version \(version)")
            let recordWriter = try SQLiteRecordWriter(db: db, validator: validator)
            try recordWriter.write(record, canonicalJSON: body)
            try recordWriter.finish(checkingReferences: false)
            try SQLiteStore.checkReferences(db, of: [record])
            try SQLiteStore.setContext(db, actor: nil, time: nil, note: nil)
            return CuratedEdit.revertChange(record)
        }
    }

    // MARK: - Candidates

    public func confirmCandidate(_ eventID: String, violations: [String]?, by actor: String, at time: String) async throws -> EvidenceChange {
        let validator = self.validator
        return try await write { db in
            let candidate = try CuratedEdit.reviewable(SQLiteStore.fetchCandidate(db, eventID), eventID: eventID)
            let records = try CuratedEdit.confirmation(of: candidate, violations: violations, by: actor)
            let change = try SQLiteStore.applyEdit(db, records, validator: validator, actor: actor, time: time, note: "confirmed ACLED event \(eventID)")
            try db.execute(sql: "UPDATE candidate_incident SET status = 'confirmed', incident_id = ?, upstream_changed = 0 WHERE event_id = ?",
                           arguments: [records.first { $0.typeName == "incident" }?.id, eventID])
            return change
        }
    }

    public func mergeCandidate(_ eventID: String, into incidentID: String, by actor: String, at time: String) async throws -> EvidenceChange {
        let validator = self.validator
        return try await write { db in
            let candidate = try CuratedEdit.reviewable(SQLiteStore.fetchCandidate(db, eventID), eventID: eventID)
            guard try String.fetchOne(db, sql: "SELECT kind FROM entity WHERE id = ?", arguments: [incidentID]) == EntityKind.incident.rawValue else {
                throw StoreError(.notFound, "no incident has the id '\(incidentID)'; search for the incident and use its id")
            }
            let change = try SQLiteStore.applyEdit(db, CuratedEdit.merger(of: candidate, into: incidentID, by: actor), validator: validator,
                                                   actor: actor, time: time, note: "merged ACLED event \(eventID)")
            try db.execute(sql: "UPDATE candidate_incident SET status = 'merged', incident_id = ?, upstream_changed = 0 WHERE event_id = ?",
                           arguments: [incidentID, eventID])
            return change
        }
    }

    public func rejectCandidate(_ eventID: String, reason: String, by actor: String, at time: String) async throws {
        try CuratedEdit.checkRejection(reason: reason)
        try await write { db in
            var candidate = try CuratedEdit.reviewable(SQLiteStore.fetchCandidate(db, eventID), eventID: eventID)
            candidate.reviewNote = "Rejected by \(actor) at \(time): \(reason)"
            try db.execute(sql: "UPDATE candidate_incident SET status = 'rejected', body = ? WHERE event_id = ?",
                           arguments: [String(decoding: candidate.jsonBytes(), as: UTF8.self), eventID])
        }
    }
}

extension Bool {
    init(exists db: Database, _ sql: String, _ argument: String) throws {
        self = try Int.fetchOne(db, sql: sql, arguments: [argument]) != nil
    }
}


