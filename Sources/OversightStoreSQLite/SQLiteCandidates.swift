#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import Foundation
import GRDB
import OversightCore
import OversightStore

/// Candidate incidents in the SQLite file (table `candidate_incident` of `v3-curation`). The review status and
/// the upstream flags live in columns and win over the copy in `body`.
extension SQLiteStore: CandidateIncidentStore {
    public func syncCandidates(period: ClosedRange<Day>?, _ produce: @escaping @Sendable (CandidateSink) throws -> Void) async throws -> CandidateSyncSummary {
        do {
            return try await writer.write { db in
                // A large export touches index pages all over the file: keep them in memory for the transaction.
                try db.execute(sql: "PRAGMA cache_size = -262144")
                defer { try? db.execute(sql: "PRAGMA cache_size = -16384") }
                var known: [String: CandidateSyncPlan.Known] = [:]
                let cursor = try Row.fetchCursor(db, sql: """
                    SELECT event_id, timestamp, status, country, first_day, upstream_deleted FROM candidate_incident
                    """)
                while let row = try cursor.next() {
                    known[row[0]] = CandidateSyncPlan.Known(timestamp: row[1], reviewed: (row[2] as String) != CandidateStatus.candidate.rawValue,
                                                            country: row[3], firstDay: row[4], deleted: row[5])
                }
                var plan = CandidateSyncPlan(known: known)
                known = [:]
                let insert = try db.makeStatement(sql: """
                    INSERT INTO candidate_incident
                        (event_id, timestamp, status, incident_id, upstream_changed, upstream_deleted, country, first_day, last_day, body)
                    VALUES (?, ?, 'candidate', NULL, 0, 0, ?, ?, ?, ?)
                    """)
                let replace = try db.makeStatement(sql: """
                    UPDATE candidate_incident SET timestamp = ?, upstream_changed = upstream_changed OR ?, upstream_deleted = 0,
                        country = ?, first_day = ?, last_day = ?, body = ? WHERE event_id = ? AND timestamp < ?
                    """)
                let undelete = try db.makeStatement(sql: "UPDATE candidate_incident SET upstream_deleted = 0 WHERE event_id = ?")
                let connection = db.sqliteConnection
                try produce(CandidateSink { candidate, json in
                    let window = CandidateSyncPlan.window(candidate)
                    func replaceRow(changed: Bool) throws {
                        try SQLiteCandidateBinding.run(replace.sqliteStatement, connection, [
                            .int(candidate.timestamp), .int(changed ? 1 : 0), .text(candidate.country),
                            .int(Int64(window.first)), .int(Int64(window.last)), .bytes(json ?? candidate.jsonBytes()),
                            .text(candidate.eventID), .int(candidate.timestamp)])
                    }
                    switch plan.classify(candidate, window: window) {
                    case .add:
                        try SQLiteCandidateBinding.run(insert.sqliteStatement, connection, [
                            .text(candidate.eventID), .int(candidate.timestamp), .text(candidate.country),
                            .int(Int64(window.first)), .int(Int64(window.last)), .bytes(json ?? candidate.jsonBytes())])
                    case .replace(let changed): try replaceRow(changed: changed)
                    case .repeated: try replaceRow(changed: false)
                    case .undelete: try undelete.execute(arguments: [candidate.eventID])
                    case .keep: break
                    }
                })
                let markDeleted = try db.makeStatement(sql: "UPDATE candidate_incident SET upstream_deleted = 1 WHERE event_id = ?")
                for id in plan.deletions(period: period) { try markDeleted.execute(arguments: [id]) }
                return plan.summary
            }
        } catch let error as DatabaseError {
            throw StoreError(.invalidRecord, "the candidates were not synchronised (nothing changed): \(SQLiteStore.describe(error))")
        }
    }

    public func candidates(status: CandidateStatus?, country: String?, limit: Int, offset: Int) async throws -> [CandidateIncident] {
        try await writer.read { db in
            var sql = "SELECT * FROM candidate_incident"
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let status { conditions.append("status = ?"); arguments += [status.rawValue] }
            if let country { conditions.append("country = ?"); arguments += [country] }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY first_day DESC, event_id LIMIT ? OFFSET ?"
            arguments += [limit, offset]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(SQLiteStore.candidate)
        }
    }

    public func candidate(eventID: String) async throws -> CandidateIncident? {
        try await writer.read { db in try SQLiteStore.fetchCandidate(db, eventID) }
    }

    public func candidateCounts() async throws -> [CandidateStatus: Int] {
        try await writer.read { db in
            var counts: [CandidateStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM candidate_incident GROUP BY status") {
                if let status = CandidateStatus(rawValue: row[0]) { counts[status] = row[1] }
            }
            return counts
        }
    }

    public func restoreCandidates(_ candidates: [CandidateIncident]) async throws {
        try await writer.write { db in
            let statement = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO candidate_incident
                    (event_id, timestamp, status, incident_id, upstream_changed, upstream_deleted, country, first_day, last_day, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for candidate in candidates {
                let window = CandidateSyncPlan.window(candidate)
                try statement.execute(arguments: [
                    candidate.eventID, candidate.timestamp, candidate.status.rawValue, candidate.incidentID, candidate.upstreamChanged,
                    candidate.upstreamDeleted, candidate.country, window.first, window.last,
                    String(decoding: candidate.jsonBytes(), as: UTF8.self)])
            }
        }
    }

    static func fetchCandidate(_ db: Database, _ eventID: String) throws -> CandidateIncident? {
        try Row.fetchOne(db, sql: "SELECT * FROM candidate_incident WHERE event_id = ?", arguments: [eventID]).map(candidate)
    }

    static func candidate(_ row: Row) throws -> CandidateIncident {
        let body: String = row["body"]
        var candidate = try JSONDecoder().decode(CandidateIncident.self, from: Data(body.utf8))
        candidate.status = CandidateStatus(rawValue: row["status"]) ?? .candidate
        candidate.incidentID = row["incident_id"]
        candidate.upstreamChanged = row["upstream_changed"]
        candidate.upstreamDeleted = row["upstream_deleted"]
        return candidate
    }
}

/// Binds values straight to a prepared statement and runs it: the per-row cost of a million-row import.
enum SQLiteCandidateBinding {
    enum Value {
        case int(Int64)
        case text(String)
        case bytes([UInt8])
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func run(_ statement: SQLiteStatement, _ connection: SQLiteConnection?, _ values: [Value]) throws {
        sqlite3_reset(statement)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .int(let v):
                sqlite3_bind_int64(statement, index, v)
            case .text(var s):
                s.withUTF8 { utf8 in
                    utf8.withMemoryRebound(to: CChar.self) { chars in
                        _ = sqlite3_bind_text(statement, index, chars.baseAddress ?? emptyText, Int32(chars.count), transient)
                    }
                }
            case .bytes(let b):
                b.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { chars in
                        _ = sqlite3_bind_text(statement, index, chars.baseAddress ?? emptyText, Int32(chars.count), transient)
                    }
                }
            }
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
        }
    }

    private nonisolated(unsafe) static let emptyText: UnsafePointer<CChar> = {
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return UnsafePointer(pointer)
    }()
}
