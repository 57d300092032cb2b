import Foundation
import GRDB
import OversightCore
import OversightStore

/// Full-text search with SQLite FTS5 (`search_text`, tokenizer `unicode61 remove_diacritics 2`, so case and
/// accents never matter) and its filter columns (`search_doc`), both kept by triggers.
extension SQLiteStore: SearchStore {
    public func search(_ request: SearchRequest) async throws -> [SearchHit] {
        let expression = request.query.ftsExpression
        return try await writer.read { db in
            var sql = """
                SELECT d.doc_id FROM search_text JOIN search_doc d ON d.doc_id = search_text.rowid
                WHERE search_text MATCH ?
                """
            var arguments: StatementArguments = [expression]
            if let kinds = request.kinds, !kinds.isEmpty {
                sql += " AND d.kind IN (" + kinds.map { _ in "?" }.joined(separator: ",") + ")"
                for kind in kinds.map(\.rawValue).sorted() { arguments += [kind] }
            }
            if let country = request.country {
                sql += " AND d.country = ?"
                arguments += [country]
            }
            if request.from != nil || request.to != nil {
                sql += " AND d.first_day <= ? AND d.last_day >= ?"
                arguments += [request.to?.ordinal ?? Int.max, request.from?.ordinal ?? Int.min]
            }
            if let violation = request.violation {
                sql += " AND instr(d.violations, ?) > 0"
                arguments += [",\(violation),"]
            }
            sql += " ORDER BY search_text.rank, d.record_id LIMIT ?"
            arguments += [request.limit]
            let ids: [Int64]
            do {
                ids = try Int64.fetchAll(db, sql: sql, arguments: arguments)
            } catch let error as DatabaseError {
                throw StoreError(.invalidRecord, "the search '\(expression)' cannot be run: \(SQLiteStore.describe(error))")
            }
            let snippet = try db.makeStatement(sql: """
                SELECT snippet(search_text, -1, '[', ']', '…', 16) FROM search_text WHERE search_text MATCH ? AND rowid = ?
                """)
            return try ids.compactMap { id -> SearchHit? in
                guard let doc = try Row.fetchOne(db, sql: """
                    SELECT d.record_id, d.kind, d.country, d.first_day, d.last_day, d.violations,
                           coalesce(e.name, s.title) AS name
                    FROM search_doc d LEFT JOIN entity e ON e.id = d.record_id LEFT JOIN source s ON s.id = d.record_id
                    WHERE d.doc_id = ?
                    """, arguments: [id]) else { return nil }
                let text = try String.fetchOne(snippet, arguments: [expression, id]) ?? ""
                let violations = (doc["violations"] as String?)?.split(separator: ",").map(String.init) ?? []
                let recordID: String = doc["record_id"]
                return SearchHit(id: recordID, kind: doc["kind"], name: (doc["name"] as String?) ?? recordID,
                                 country: doc["country"], firstDay: (doc["first_day"] as Int?).map { Day(ordinal: $0).description },
                                 lastDay: (doc["last_day"] as Int?).map { Day(ordinal: $0).description },
                                 violations: violations, snippet: text)
            }
        }
    }
}

extension SQLiteStore {
    /// The indexed names of `count` records picked at random (deterministically from `seed`), for the search
    /// benchmark's queries.
    public func searchSample(count: Int, seed: Int) async throws -> [String] {
        try await writer.read { db in
            let maxID = try Int64.fetchOne(db, sql: "SELECT max(doc_id) FROM search_doc") ?? 0
            guard maxID > 0 else { return [] }
            var state = UInt64(truncatingIfNeeded: seed) &+ 0x9E3779B97F4A7C15
            var names: [String] = []
            let statement = try db.makeStatement(sql: "SELECT name FROM search_text WHERE rowid = ?")
            while names.count < count {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let id = Int64((state >> 33) % UInt64(maxID)) + 1
                if let name = try String.fetchOne(statement, arguments: [id]) { names.append(name) }
            }
            return names
        }
    }
}
