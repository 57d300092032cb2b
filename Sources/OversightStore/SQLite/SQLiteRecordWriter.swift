import GRDB
import OversightCore

/// Writes records inside one open transaction, then checks references before the transaction commits.
final class SQLiteRecordWriter {
    private let db: Database
    private let validator: RecordValidator
    private(set) var counts: [String: Int] = [:]
    private var wroteEntitiesOrClaims = false

    init(db: Database, validator: RecordValidator) {
        self.db = db
        self.validator = validator
    }

    func write(_ record: Record, canonicalJSON: String?) throws {
        let issues = validator.check(record)
        guard issues.isEmpty else { throw ValidationError(issues) }
        let body = try canonicalJSON ?? record.canonicalJSON()
        switch record {
        case .source(let source):
            try db.cachedStatement(sql: """
                INSERT INTO source (id, title, publisher, public_from, body) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET title = excluded.title, publisher = excluded.publisher,
                    public_from = excluded.public_from, body = excluded.body
                """).execute(arguments: [source.id, source.title, source.publisher, source.publicFrom.ordinal, body])
            // Claims citing a re-dated source must have their publication recomputed.
            try db.cachedStatement(sql: "UPDATE claim SET public_from = NULL WHERE id IN (SELECT claim_id FROM citation WHERE source_id = ?)")
                .execute(arguments: [source.id])
        case .claim(let claim):
            wroteEntitiesOrClaims = true
            try db.cachedStatement(sql: """
                INSERT INTO claim (id, subject_id, property, status, confidence, public_from, body) VALUES (?, ?, ?, ?, ?, NULL, ?)
                ON CONFLICT(id) DO UPDATE SET subject_id = excluded.subject_id, property = excluded.property,
                    status = excluded.status, confidence = excluded.confidence, public_from = NULL, body = excluded.body
                """).execute(arguments: [claim.id, claim.subject, claim.property, claim.status.rawValue,
                                         claim.confidence.rawValue, body])
            try db.cachedStatement(sql: "DELETE FROM citation WHERE claim_id = ?").execute(arguments: [claim.id])
            let insert = try db.cachedStatement(sql: "INSERT INTO citation (claim_id, position, source_id) VALUES (?, ?, ?)")
            for (position, citation) in claim.citations.enumerated() {
                try insert.execute(arguments: [claim.id, position, citation.source])
            }
        default:
            wroteEntitiesOrClaims = true
            let entity = record.entity!
            let kind = type(of: entity).kind
            let window = entity.dates.flatMap(SQLiteRecordWriter.window)
            try db.cachedStatement(sql: """
                INSERT INTO entity (id, kind, kind_order, name, country, first_day, last_day, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, kind_order = excluded.kind_order, name = excluded.name,
                    country = excluded.country, first_day = excluded.first_day, last_day = excluded.last_day, body = excluded.body
                """).execute(arguments: [entity.id, kind.rawValue, kind.order, entity.displayName, entity.countryCode,
                                         window?.0, window?.1, body])
            try db.cachedStatement(sql: "DELETE FROM entity_name WHERE entity_id = ?").execute(arguments: [entity.id])
            let names = Set(([entity.displayName] + entity.alternativeNames).map(NameKey.fold).filter { !$0.isEmpty })
            let insertName = try db.cachedStatement(sql: "INSERT INTO entity_name (entity_id, name_key) VALUES (?, ?)")
            for name in names.sorted() { try insertName.execute(arguments: [entity.id, name]) }
            try db.cachedStatement(sql: "DELETE FROM entity_ref WHERE entity_id = ?").execute(arguments: [entity.id])
            let insertRef = try db.cachedStatement(sql: "INSERT OR IGNORE INTO entity_ref (entity_id, role, ref_id, allowed_kinds) VALUES (?, ?, ?, ?)")
            for ref in entity.references {
                try insertRef.execute(arguments: [entity.id, ref.role, ref.id, ref.kinds.map { $0.rawValue }.sorted().joined(separator: ",")])
            }
        }
        counts[record.typeName, default: 0] += 1
    }

    /// The cited window of a range as day ordinals, for date filters.
    static func window(_ range: DateRange) -> (Int, Int)? {
        guard let lo = range.start?.earliestDay ?? range.end?.earliestDay,
              let hi = range.end?.latestDay ?? range.start?.latestDay else { return nil }
        return (lo.ordinal, hi.ordinal)
    }

    /// Recomputes when claims became public and checks every reference; throws with every problem found
    /// (up to a limit) so that the transaction rolls back.
    func finish() throws {
        try db.execute(sql: """
            UPDATE claim SET public_from = (
                SELECT min(s.public_from) FROM citation c JOIN source s ON s.id = c.source_id WHERE c.claim_id = claim.id)
            WHERE public_from IS NULL
            """)
        guard wroteEntitiesOrClaims || counts["source"] != nil else { return }
        var issues: [ValidationIssue] = []
        let limit = 20
        for row in try Row.fetchAll(db, sql: """
            SELECT c.id, c.subject_id FROM claim c WHERE NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = c.subject_id) LIMIT ?
            """, arguments: [limit]) {
            issues.append(ValidationIssue(path: "claim:\(row[0] as String).subject",
                                          message: "is '\(row[1] as String)', which does not exist; add that record or fix the id"))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT claim_id, position, source_id FROM citation WHERE NOT EXISTS (SELECT 1 FROM source s WHERE s.id = citation.source_id) LIMIT ?
            """, arguments: [limit]) {
            issues.append(ValidationIssue(path: "claim:\(row[0] as String).citations[\(row[1] as Int)].source",
                                          message: "is '\(row[2] as String)', which is not a known source; add the source record or fix the id"))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT r.entity_id, r.role, r.ref_id, r.allowed_kinds, e.kind, owner.kind FROM entity_ref r
            JOIN entity owner ON owner.id = r.entity_id
            LEFT JOIN entity e ON e.id = r.ref_id
            WHERE e.id IS NULL OR instr(',' || r.allowed_kinds || ',', ',' || e.kind || ',') = 0 LIMIT ?
            """, arguments: [limit]) {
            let allowed = (row[3] as String).replacingOccurrences(of: ",", with: " or ")
            let path = "\(row[5] as String):\(row[0] as String).\(row[1] as String)"
            if let actual = row[4] as String? {
                issues.append(ValidationIssue(path: path, message: "refers to '\(row[2] as String)', which is a \(actual), not a \(allowed)"))
            } else {
                issues.append(ValidationIssue(path: path, message: "refers to '\(row[2] as String)', which does not exist; add that \(allowed) first or fix the id"))
            }
        }
        let needClaims = EntityKind.allCases.filter(\.requiresClaim).map { "'\($0.rawValue)'" }.joined(separator: ",")
        for row in try Row.fetchAll(db, sql: """
            SELECT id, kind FROM entity WHERE kind IN (\(needClaims))
            AND NOT EXISTS (SELECT 1 FROM claim WHERE subject_id = entity.id) LIMIT ?
            """, arguments: [limit]) {
            issues.append(ValidationIssue(path: "\(row[1] as String):\(row[0] as String)",
                                          message: "has no claim: every fact needs a sourced claim (a claim whose subject is this id, with a citation)"))
        }
        if !issues.isEmpty { throw ValidationError(issues) }
    }
}
