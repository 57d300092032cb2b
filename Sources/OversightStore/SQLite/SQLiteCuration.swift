import Foundation
import GRDB
import OversightCore

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
        guard !actor.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError(.invalidRecord, "an edit needs the name of who makes it")
        }
        var issues: [ValidationIssue] = []
        for record in records { issues += validator.check(record) }
        let claims = records.compactMap { record -> Claim? in if case .claim(let c) = record { return c }; return nil }
        let subjects = Set(claims.map(\.subject))
        for record in records {
            guard let entity = record.entity else { continue }
            if !subjects.contains(entity.id) {
                issues.append(ValidationIssue(path: "\(record.typeName):\(entity.id)",
                                              message: "comes without a claim: every fact needs a claim citing a source (give a citation)"))
            }
        }
        let includedSources = Set(records.compactMap { record -> String? in if case .source(let s) = record { return s.id }; return nil })
        for claim in claims {
            for (i, citation) in claim.citations.enumerated() where !includedSources.contains(citation.source) {
                if try !Bool(exists: db, "SELECT 1 FROM source WHERE id = ?", citation.source) {
                    issues.append(ValidationIssue(path: "claim:\(claim.id).citations[\(i)].source",
                                                  message: "is '\(citation.source)', which is not a known source; add the source first"))
                }
            }
        }
        if !issues.isEmpty { throw ValidationError(issues) }

        // Conflicting values make both claims contested.
        var toWrite = records
        var written = Set(claims.map(\.id))
        for claim in claims where claim.property != nil {
            let existing = try String.fetchAll(db, sql: "SELECT body FROM claim WHERE subject_id = ? AND property = ?",
                                               arguments: [claim.subject, claim.property])
                .compactMap { body -> Claim? in
                    if case .claim(let c) = try Record.decode(json: Data(body.utf8)) { return c }
                    return nil
                }
            let marked = ContestedMarking.apply(claim, existing: existing)
            for updated in marked {
                if updated.id == claim.id {
                    if let index = toWrite.firstIndex(where: { $0.id == claim.id && $0.typeName == "claim" }) { toWrite[index] = .claim(updated) }
                } else if !written.contains(updated.id) {
                    toWrite.append(.claim(updated))
                    written.insert(updated.id)
                }
            }
        }

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
        return EvidenceChange(
            claimIDs: toWrite.filter { $0.typeName == "claim" }.map(\.id).sorted(),
            entityIDs: Array(Set(toWrite.compactMap(\.entity).map(\.id) + claims.map(\.subject))).sorted(),
            sourceIDs: toWrite.filter { $0.typeName == "source" }.map(\.id).sorted())
    }

    /// The references of the written records, and the subjects of the written claims, exist and are of the right kind.
    static func checkReferences(_ db: Database, of records: [Record]) throws {
        let validator = RecordValidator.standard
        var issues: [ValidationIssue] = []
        func kind(_ id: String) throws -> EntityKind? {
            try String.fetchOne(db, sql: "SELECT kind FROM entity WHERE id = ?", arguments: [id]).flatMap(EntityKind.init(rawValue:))
        }
        for record in records {
            if let entity = record.entity {
                issues += validator.checkReferences(of: entity, kindOf: { (try? kind($0)) ?? nil })
            } else if case .claim(let claim) = record, try kind(claim.subject) == nil {
                issues.append(ValidationIssue(path: "claim:\(claim.id).subject",
                                              message: "is '\(claim.subject)', which does not exist; create that record first or fix the id"))
            }
        }
        if !issues.isEmpty { throw ValidationError(issues) }
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
            return VersionDiff.annotate(versions, flatten: SQLiteStore.flatten)
        }
    }

    /// A record's JSON as dotted paths → text, for comparing versions.
    static func flatten(_ body: String) -> [String: String] {
        guard let value = try? JSONDecoder().decode(FlatJSON.self, from: Data(body.utf8)) else { return [:] }
        var fields: [String: String] = [:]
        func walk(_ value: FlatJSON, _ path: String) {
            switch value {
            case .object(let dictionary):
                for (key, inner) in dictionary { walk(inner, path.isEmpty ? key : "\(path).\(key)") }
            case .array(let array):
                if array.allSatisfy(\.isScalar) {
                    fields[path] = array.map(\.text).joined(separator: "; ")
                } else {
                    for (i, inner) in array.enumerated() { walk(inner, "\(path)[\(i)]") }
                }
            default:
                fields[path] = value.text
            }
        }
        walk(value, "")
        fields.removeValue(forKey: "type")
        return fields
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
            if case .claim(let claim) = record {
                return EvidenceChange(claimIDs: [claim.id], entityIDs: [claim.subject])
            }
            return EvidenceChange(entityIDs: [record.id])
        }
    }

    // MARK: - Candidates

    public func confirmCandidate(_ eventID: String, violations: [String]?, by actor: String, at time: String) async throws -> EvidenceChange {
        let validator = self.validator
        return try await write { db in
            let candidate = try SQLiteStore.reviewable(db, eventID)
            let chosen = violations ?? candidate.violations
            guard !chosen.isEmpty else {
                throw StoreError(.invalidRecord, "ACLED event \(eventID) suggests no violation type; choose at least one (e.g. excessive-force) to confirm it")
            }
            let location = candidate.proposedLocation()
            let incident = candidate.proposedIncident(location: location.id, violations: chosen)
            let source = candidate.proposedSource()
            let claim = Claim(id: "claim:acled-\(eventID.lowercased())", subject: incident.id, status: .accepted, confidence: .medium,
                              citations: [Citation(source: source.id, paragraph: nil, excerpt: String(candidate.notes.prefix(500)).nilWhenEmpty)],
                              note: "Confirmed from ACLED event \(eventID) by \(actor)")
            let locationClaim = Claim(id: "claim:acled-\(eventID.lowercased())-location", subject: location.id,
                                      citations: [Citation(source: source.id)])
            let change = try SQLiteStore.applyEdit(db, [.source(source), .location(location), .incident(incident), .claim(claim), .claim(locationClaim)],
                                                   validator: validator, actor: actor, time: time, note: "confirmed ACLED event \(eventID)")
            try db.execute(sql: "UPDATE candidate_incident SET status = 'confirmed', incident_id = ?, upstream_changed = 0 WHERE event_id = ?",
                           arguments: [incident.id, eventID])
            return change
        }
    }

    public func mergeCandidate(_ eventID: String, into incidentID: String, by actor: String, at time: String) async throws -> EvidenceChange {
        let validator = self.validator
        return try await write { db in
            let candidate = try SQLiteStore.reviewable(db, eventID)
            guard try String.fetchOne(db, sql: "SELECT kind FROM entity WHERE id = ?", arguments: [incidentID]) == EntityKind.incident.rawValue else {
                throw StoreError(.notFound, "no incident has the id '\(incidentID)'; search for the incident and use its id")
            }
            let source = candidate.proposedSource()
            let claim = Claim(id: "claim:acled-\(eventID.lowercased())", subject: incidentID, status: .accepted, confidence: .medium,
                              citations: [Citation(source: source.id, excerpt: String(candidate.notes.prefix(500)).nilWhenEmpty)],
                              note: "ACLED event \(eventID) (\(candidate.title), \(candidate.eventDate)) merged into this incident by \(actor)")
            let change = try SQLiteStore.applyEdit(db, [.source(source), .claim(claim)], validator: validator, actor: actor, time: time,
                                                   note: "merged ACLED event \(eventID)")
            try db.execute(sql: "UPDATE candidate_incident SET status = 'merged', incident_id = ?, upstream_changed = 0 WHERE event_id = ?",
                           arguments: [incidentID, eventID])
            return change
        }
    }

    public func rejectCandidate(_ eventID: String, reason: String, by actor: String, at time: String) async throws {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError(.invalidRecord, "say why the event is rejected (not a violation, a duplicate, out of scope…)")
        }
        try await write { db in
            var candidate = try SQLiteStore.reviewable(db, eventID)
            candidate.reviewNote = "Rejected by \(actor) at \(time): \(reason)"
            try db.execute(sql: "UPDATE candidate_incident SET status = 'rejected', body = ? WHERE event_id = ?",
                           arguments: [String(decoding: candidate.jsonBytes(), as: UTF8.self), eventID])
        }
    }

    /// The candidate, when it exists and has not been reviewed yet.
    static func reviewable(_ db: Database, _ eventID: String) throws -> CandidateIncident {
        guard let candidate = try fetchCandidate(db, eventID) else {
            throw StoreError(.notFound, "no candidate has the ACLED event id '\(eventID)'; import the export first (oversight import acled FILE)")
        }
        guard candidate.status == .candidate else {
            throw StoreError(.invalidRecord, "ACLED event \(eventID) was already \(candidate.status.rawValue)\(candidate.incidentID.map { " (\($0))" } ?? "")")
        }
        return candidate
    }
}

extension Bool {
    init(exists db: Database, _ sql: String, _ argument: String) throws {
        self = try Int.fetchOne(db, sql: sql, arguments: [argument]) != nil
    }
}

extension String {
    var nilWhenEmpty: String? { isEmpty ? nil : self }
}

/// Any JSON value, for flattening records into fields.
enum FlatJSON: Decodable {
    case string(String), number(Double), bool(Bool), null
    case array([FlatJSON]), object([String: FlatJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let b = try? container.decode(Bool.self) { self = .bool(b) }
        else if let n = try? container.decode(Double.self) { self = .number(n) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else if let a = try? container.decode([FlatJSON].self) { self = .array(a) }
        else { self = .object(try container.decode([String: FlatJSON].self)) }
    }

    var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    var text: String {
        switch self {
        case .string(let s): return s
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let a): return a.map(\.text).joined(separator: "; ")
        case .object: return "{…}"
        }
    }
}
