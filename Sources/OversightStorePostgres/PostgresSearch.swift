import Foundation
import Logging
import OversightCore
import OversightStore
import PostgresNIO

/// Full-text search on PostgreSQL: `search_doc` holds each searched record's text, its filter columns and a
/// `tsvector` built by `SearchDocument` (folded words, names weighted A, the rest B), under a GIN index. Every
/// write of entities and sources goes through the import's staging, which writes their documents in the same
/// transaction, so the index is always in step.
enum PostgresSearchIndex {
    static let columns = ["record_id", "kind", "country", "first_day", "last_day", "violations", "name", "body", "document"]

    /// Indexes the records already stored (the migration that adds the index runs it), a page at a time.
    static func indexStoredRecords(_ connection: PostgresConnection, logger: Logger) async throws {
        let kinds = SearchDocument.entityKinds.map(\.rawValue).sorted()
        let pages: [(String) -> PostgresQuery] = [
            { after in "SELECT id, first_day, last_day, body FROM entity WHERE kind = ANY(\(kinds)) AND id > \(after) ORDER BY id LIMIT 10000" },
            { after in "SELECT id, NULL::bigint, NULL::bigint, body FROM source WHERE id > \(after) ORDER BY id LIMIT 10000" },
        ]
        for page in pages {
            var after = ""
            while true {
                var rows = CopyText(capacity: 1 << 20)
                var last: String? = nil
                for try await (id, first, lastDay, body) in try await connection.query(page(after), logger: logger)
                    .decode((String, Int?, Int?, String).self) {
                    switch try Record.decode(json: Data(body.utf8)) {
                    case .source(let source):
                        rows.searchDocument(SearchDocument(source: source))
                    case let record:
                        let window = first.flatMap { f in lastDay.map { (first: f, last: $0) } }
                        if let entity = record.entity, let document = SearchDocument(entity: entity, window: window) {
                            rows.searchDocument(document)
                        }
                    }
                    last = id
                }
                if rows.rows > 0 { try await copy(rows, connection, logger: logger) }
                guard let last else { break }
                after = last
            }
        }
    }

    private static func copy(_ rows: CopyText, _ connection: PostgresConnection, logger: Logger) async throws {
        var rows = rows
        let buffer = rows.take(capacity: 0)
        try await connection.copyFrom(table: "search_doc", columns: columns, logger: logger) { writer in try await writer.write(buffer) }
    }
}

extension CopyText {
    /// A `search_doc` row (columns `PostgresSearchIndex.columns`).
    mutating func searchDocument(_ document: SearchDocument) {
        searchFields(document)
        endRow()
    }

    /// The fields of a `search_doc` row, without ending the row.
    mutating func searchFields(_ document: SearchDocument) {
        text(document.recordID); text(document.kind); text(document.country); int(document.firstDay); int(document.lastDay)
        text(document.violations.isEmpty ? nil : "," + document.violations.joined(separator: ",") + ",")
        text(document.name); text(document.body); text(document.tsvectorLiteral)
    }
}

extension PostgresStore {
    public func search(_ request: SearchRequest) async throws -> [SearchHit] {
        let tsquery = request.query.tsqueryLiteral
        var binds = PostgresBindings()
        binds.append(tsquery)
        var sql = """
            SELECT d.record_id, d.kind, d.country, d.first_day, d.last_day, d.violations, d.name, d.body, coalesce(e.name, s.title, d.record_id)
            FROM search_doc d LEFT JOIN entity e ON e.id = d.record_id LEFT JOIN source s ON s.id = d.record_id
            WHERE d.document @@ $1::tsquery
            """
        if let kinds = request.kinds, !kinds.isEmpty {
            binds.append(kinds.map(\.rawValue).sorted())
            sql += " AND d.kind = ANY($\(binds.count))"
        }
        if let country = request.country {
            binds.append(country)
            sql += " AND d.country = $\(binds.count)"
        }
        if request.from != nil || request.to != nil {
            binds.append(request.to?.ordinal ?? Int.max)
            sql += " AND d.first_day <= $\(binds.count)"
            binds.append(request.from?.ordinal ?? Int.min)
            sql += " AND d.last_day >= $\(binds.count)"
        }
        if let violation = request.violation {
            binds.append(",\(violation),")
            sql += " AND strpos(d.violations, $\(binds.count)) > 0"
        }
        binds.append(request.limit)
        sql += " ORDER BY ts_rank(d.document, $1::tsquery) DESC, d.record_id LIMIT $\(binds.count)"
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        return try await withConnection { connection in
            var hits: [SearchHit] = []
            let rows = try await connection.query(query, logger: self.logger)
                .decode((String, String, String?, Int?, Int?, String?, String, String, String).self)
            for try await (id, kind, country, first, last, violations, name, body, display) in rows {
                hits.append(SearchHit(id: id, kind: kind, name: display, country: country,
                                      firstDay: first.map { Day(ordinal: $0).description },
                                      lastDay: last.map { Day(ordinal: $0).description },
                                      violations: violations?.split(separator: ",").map(String.init) ?? [],
                                      snippet: SearchText.snippet(name: name, body: body, query: request.query)))
            }
            return hits
        }
    }

    /// The indexed names of `count` records picked at random (deterministically from `seed`), for the search
    /// benchmark's queries.
    public func searchSample(count: Int, seed: Int) async throws -> [String] {
        try await strings("""
            SELECT name FROM search_doc ORDER BY md5(record_id || \(String(seed))) LIMIT \(count)
            """)
    }
}
