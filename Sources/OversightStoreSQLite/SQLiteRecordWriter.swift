#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import GRDB
import OversightCore
import OversightStore

/// Writes records inside one open transaction, then checks references before the transaction commits.
///
/// Large imports are the bulk of the work, so the hot path for claims binds its statements directly, works
/// out each claim's publication day from a cache of the sources' days instead of querying for it, and —
/// when an import is large compared with what the database already holds — drops the secondary indexes
/// while writing and builds them again (sorted, much faster) before the checks. All of it happens inside
/// the caller's transaction, so a failure still leaves the database exactly as it was.
final class SQLiteRecordWriter {
    private let db: Database
    private let validator: RecordValidator
    private(set) var counts: [String: Int] = [:]
    private var written = 0
    private var wroteEntitiesOrClaims = false
    /// Publication day of every source known so far (stored ones and those written by this import).
    private var sourceDays: [String: Int] = [:]
    /// Claims whose publication day must be worked out at the end (a cited source came later or changed).
    private var pendingClaims: Set<String> = []
    private let existingClaims: Int
    /// The secondary indexes dropped for a bulk import, to be created again: (name, SQL).
    private var droppedIndexes: [(String, String)] = []

    private let insertClaim: Statement
    private let insertCitation: Statement

    /// The kinds whose names are indexed for lookup by name.
    static let namedKinds: Set<EntityKind> = [.unit, .person, .location, .incident]

    /// Imports larger than this many records, and larger than the claims already stored, run in bulk mode.
    static let bulkThreshold = 50_000

    init(db: Database, validator: RecordValidator) throws {
        self.db = db
        self.validator = validator
        // Every write of evidence (imports, curated edits, reverts) goes through a record writer.
        try SQLiteRevisions.bump(SQLiteRevisions.evidence, db: db)
        let sources = try Row.fetchCursor(db, sql: "SELECT id, public_from FROM source")
        while let row = try sources.next() { sourceDays[row[0]] = row[1] }
        existingClaims = try Int.fetchOne(db, sql: "SELECT count(*) FROM claim") ?? 0
        insertClaim = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO claim (id, subject_id, property, status, confidence, public_from, body) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        insertCitation = try db.makeStatement(sql: "INSERT INTO citation (claim_id, position, source_id) VALUES (?, ?, ?)")
    }

    func write(_ record: Record, canonicalJSON: String?) throws {
        let issues = validator.check(record)
        guard issues.isEmpty else { throw ValidationError(issues) }
        let body = try canonicalJSON ?? record.canonicalJSON()
        written += 1
        if written == SQLiteRecordWriter.bulkThreshold && droppedIndexes.isEmpty && existingClaims < written {
            try dropSecondaryIndexes()
        }
        switch record {
        case .source(let source): try writeSource(source, body: body)
        case .claim(let claim): try writeClaim(claim, body: body)
        default: try writeEntity(record.entity!, body: body)
        }
        counts[record.typeName, default: 0] += 1
    }

    private func writeSource(_ source: Source, body: String) throws {
        let day = source.publicFrom.ordinal
        let previous = sourceDays[source.id]
        try db.cachedStatement(sql: """
            INSERT INTO source (id, title, publisher, public_from, body) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET title = excluded.title, publisher = excluded.publisher,
                public_from = excluded.public_from, body = excluded.body
            WHERE source.body IS NOT excluded.body
            """).execute(arguments: [source.id, source.title, source.publisher, day, body])
        if db.changesCount > 0 { try writeSearchDocument(SearchDocument(source: source), id: source.id, replacing: previous != nil) }
        if let previous, previous != day {
            // Claims citing a re-dated source must have their publication worked out again.
            pendingClaims.formUnion(try String.fetchAll(db, sql: "SELECT claim_id FROM citation WHERE source_id = ?", arguments: [source.id]))
        }
        sourceDays[source.id] = day
    }

    private func writeClaim(_ claim: Claim, body: String) throws {
        wroteEntitiesOrClaims = true
        var day: Int? = nil
        for citation in claim.citations {
            guard let sourceDay = sourceDays[citation.source] else {
                day = nil
                pendingClaims.insert(claim.id)
                break
            }
            day = min(day ?? sourceDay, sourceDay)
        }
        let statement = insertClaim.sqliteStatement
        sqlite3_reset(statement)
        bind(statement, 1, claim.id)
        bind(statement, 2, claim.subject)
        bind(statement, 3, claim.property)
        bind(statement, 4, claim.status.rawValue)
        bind(statement, 5, claim.confidence.rawValue)
        if let day { sqlite3_bind_int64(statement, 6, Int64(day)) } else { sqlite3_bind_null(statement, 6) }
        bind(statement, 7, body)
        try step(statement)
        if sqlite3_changes(db.sqliteConnection) == 0 {
            // The claim exists: replace it and its citations.
            try db.cachedStatement(sql: """
                UPDATE claim SET subject_id = ?, property = ?, status = ?, confidence = ?, public_from = ?, body = ? WHERE id = ?
                """).execute(arguments: [claim.subject, claim.property, claim.status.rawValue, claim.confidence.rawValue, day, body, claim.id])
            try db.cachedStatement(sql: "DELETE FROM citation WHERE claim_id = ?").execute(arguments: [claim.id])
        }
        let citation = insertCitation.sqliteStatement
        for (position, cited) in claim.citations.enumerated() {
            sqlite3_reset(citation)
            bind(citation, 1, claim.id)
            sqlite3_bind_int64(citation, 2, Int64(position))
            bind(citation, 3, cited.source)
            try step(citation)
        }
    }

    private func writeEntity(_ entity: any EvidenceEntity, body: String) throws {
        wroteEntitiesOrClaims = true
        let kind = type(of: entity).kind
        let window = entity.dates.flatMap(SQLiteRecordWriter.window)
        let arguments: StatementArguments = [entity.id, kind.rawValue, kind.order, entity.displayName, entity.countryCode,
                                             window?.0, window?.1, body]
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO entity (id, kind, kind_order, name, country, first_day, last_day, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: arguments)
        let replacing = db.changesCount == 0
        if replacing {
            // Every column derives from the body: an unchanged body leaves the row, its names and references as they are.
            try db.cachedStatement(sql: """
                UPDATE entity SET kind = ?2, kind_order = ?3, name = ?4, country = ?5, first_day = ?6, last_day = ?7, body = ?8
                WHERE id = ?1 AND body IS NOT ?8
                """).execute(arguments: arguments)
            guard db.changesCount > 0 else { return }
            try db.cachedStatement(sql: "DELETE FROM entity_name WHERE entity_id = ?").execute(arguments: [entity.id])
            try db.cachedStatement(sql: "DELETE FROM entity_ref WHERE entity_id = ?").execute(arguments: [entity.id])
        }
        try writeSearchDocument(SearchDocument(entity: entity, window: window.map { (first: $0.0, last: $0.1) }), id: entity.id,
                                replacing: replacing)
        // Names are looked up for the kinds people name (units, persons, places, incidents); a posting's or a
        // relation's display name is made of ids and is never searched, so it is not folded or indexed.
        if SQLiteRecordWriter.namedKinds.contains(kind) {
            let names = Set(([entity.displayName] + entity.alternativeNames).map(NameKey.fold).filter { !$0.isEmpty })
            let insertName = try db.cachedStatement(sql: "INSERT INTO entity_name (entity_id, name_key) VALUES (?, ?)")
            for name in names.sorted() { try insertName.execute(arguments: [entity.id, name]) }
        }
        let insertRef = try db.cachedStatement(sql: "INSERT OR IGNORE INTO entity_ref (entity_id, role, ref_id, allowed_kinds) VALUES (?, ?, ?, ?)")
        for ref in entity.references {
            try insertRef.execute(arguments: [entity.id, ref.role, ref.id, ref.kinds.map { $0.rawValue }.sorted().joined(separator: ",")])
        }
    }

    /// The record's full-text document (`search_doc` and the FTS5 table `search_text` under the same rowid),
    /// replacing the one it had; none for kinds not searched.
    private func writeSearchDocument(_ document: SearchDocument?, id: String, replacing: Bool) throws {
        if replacing {
            try db.cachedStatement(sql: "DELETE FROM search_text WHERE rowid = (SELECT doc_id FROM search_doc WHERE record_id = ?)")
                .execute(arguments: [id])
            try db.cachedStatement(sql: "DELETE FROM search_doc WHERE record_id = ?").execute(arguments: [id])
        }
        guard let document else { return }
        try db.cachedStatement(sql: """
            INSERT INTO search_doc (record_id, kind, country, first_day, last_day, violations) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [document.recordID, document.kind, document.country, document.firstDay, document.lastDay,
                                     document.violations.isEmpty ? nil : "," + document.violations.joined(separator: ",") + ","])
        try db.cachedStatement(sql: "INSERT INTO search_text (rowid, name, body) VALUES (?, ?, ?)")
            .execute(arguments: [db.lastInsertedRowID, document.name, document.body])
    }

    private func bind(_ statement: SQLiteStatement, _ index: Int32, _ text: String?) {
        guard var utf8Text = text else {
            sqlite3_bind_null(statement, index)
            return
        }
        utf8Text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { chars in
                // An empty string still needs a non-null pointer, or SQLite stores NULL.
                _ = sqlite3_bind_text(statement, index, chars.baseAddress ?? SQLiteRecordWriter.emptyText,
                                      Int32(chars.count), SQLiteRecordWriter.transient)
            }
        }
    }

    private func step(_ statement: SQLiteStatement) throws {
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    private nonisolated(unsafe) static let emptyText: UnsafePointer<CChar> = {
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return UnsafePointer(pointer)
    }()

    private func dropSecondaryIndexes() throws {
        droppedIndexes = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('claim', 'citation', 'entity', 'entity_name', 'entity_ref')
            ORDER BY name
            """).map { ($0[0], $0[1]) }
        for (name, _) in droppedIndexes { try db.execute(sql: "DROP INDEX \(name.quotedDatabaseIdentifier)") }
    }

    /// The cited window of a range as day ordinals, for date filters.
    static func window(_ range: DateRange) -> (Int, Int)? {
        guard let lo = range.start?.earliestDay ?? range.end?.earliestDay,
              let hi = range.end?.latestDay ?? range.start?.latestDay else { return nil }
        return (lo.ordinal, hi.ordinal)
    }

    /// Builds dropped indexes again, works out pending publication days and checks every reference;
    /// throws with every problem found (up to a limit) so that the transaction rolls back.
    /// `checkingReferences: false` is for a caller that checks the references of what it wrote itself (a small
    /// curated edit in a large database, where checking every record would cost seconds).
    func finish(checkingReferences: Bool = true) throws {
        for (_, sql) in droppedIndexes { try db.execute(sql: sql) }
        droppedIndexes = []
        let recompute = try db.makeStatement(sql: """
            UPDATE claim SET public_from = (
                SELECT min(s.public_from) FROM citation c JOIN source s ON s.id = c.source_id WHERE c.claim_id = claim.id)
            WHERE id = ?
            """)
        for id in pendingClaims { try recompute.execute(arguments: [id]) }
        guard checkingReferences, wroteEntitiesOrClaims || counts["source"] != nil else { return }
        try checkReferences()
    }

    private func checkReferences() throws {
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
            let allowed = (row[3] as String).split(separator: ",").joined(separator: " or ")
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
