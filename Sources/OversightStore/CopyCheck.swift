import Foundation

/// What `oversight copy` compares between the source and the target before it reports success: the row count of
/// every table the copy carries, and the head of the audit log (its last entry's number and hash, which seals every
/// entry before it).
public struct CopyCensus: Sendable, Equatable {
    /// The tables the copy carries, present under these names on every backend. Sessions and API tokens are not
    /// copied; the search index tables and the application counters are derived and differ in layout per backend
    /// (`search_doc`, one row per searched record, is the same on both and is counted).
    public static let tables: [String] = [
        "source", "entity", "entity_name", "entity_ref", "claim", "citation", "search_doc",
        "screening_list", "screening_entry", "screening_decision",
        "arms_transfer_dataset", "arms_transfer",
        "licensing_dataset", "licensing_figure",
        "wf_user", "wf_application", "wf_screening", "wf_assessment", "wf_recommendation", "wf_decision",
        "wf_permit", "wf_shipment", "wf_alert", "wf_audit",
        "candidate_incident", "record_version",
    ]

    /// The last audit entry.
    public struct AuditHead: Sendable, Equatable {
        public var seq: Int
        public var hash: String

        public init(seq: Int, hash: String) {
            self.seq = seq
            self.hash = hash
        }
    }

    /// Rows per table, for every name in `tables`.
    public var rows: [String: Int]
    public var auditHead: AuditHead?

    public init(rows: [String: Int], auditHead: AuditHead?) {
        self.rows = rows
        self.auditHead = auditHead
    }

    /// Every way `copy` differs from `self` (the source), one readable phrase each; empty when they agree.
    public func differences(in copy: CopyCensus) -> [String] {
        var found: [String] = []
        for table in Set(rows.keys).union(copy.rows.keys).sorted(by: CopyCensus.tableOrder) {
            let expected = rows[table] ?? 0, actual = copy.rows[table] ?? 0
            if expected != actual { found.append("\(table): \(expected) rows in the source, \(actual) in the copy") }
        }
        if auditHead != copy.auditHead {
            found.append("audit log head: \(CopyCensus.describe(auditHead)) in the source, \(CopyCensus.describe(copy.auditHead)) in the copy")
        }
        return found
    }

    /// Rows in all tables together, for messages.
    public var totalRows: Int { rows.values.reduce(0, +) }

    private static func describe(_ head: AuditHead?) -> String {
        head.map { "entry \($0.seq) with hash \($0.hash.prefix(16))…" } ?? "no entries"
    }

    private static func tableOrder(_ a: String, _ b: String) -> Bool {
        let i = tables.firstIndex(of: a) ?? tables.count, j = tables.firstIndex(of: b) ?? tables.count
        return i != j ? i < j : a < b
    }
}

/// The mark a copy leaves on its target from before it writes anything until its final check passes: a table
/// `oversight_incomplete_copy` with one row naming the source and when the copy started, removed (table and row)
/// in the transaction that checks the copy. A store refuses to open a marked database unless it is opened by
/// `copy` itself, to start over.
public struct IncompleteCopyMarker: Sendable, Equatable {
    public static let table = "oversight_incomplete_copy"

    /// The source's location (never a password).
    public var source: String
    /// When the copy started, as ISO 8601 text (UTC).
    public var startedAt: String

    public init(source: String, startedAt: String) {
        self.source = source
        self.startedAt = startedAt
    }

    public init(source: String, started date: Date) {
        self.init(source: source, startedAt: ISO8601DateFormatter().string(from: date))
    }

    /// The error every command gives on a marked database: what it is, and how to fix it (`remedy`: how to get rid
    /// of it on that backend).
    public func refusal(location: String, remedy: String = "Delete it") -> StoreError {
        StoreError(.incompleteCopy, """
            \(location) is an incomplete copy: `oversight copy` from \(source), started \(startedAt), did not finish, \
            so it lacks data and must not be used. \(remedy) and copy again (`oversight copy --from … --to \(location)` \
            also starts over into it).
            """)
    }
}

/// The final check of a copy failed: the target is not equal to the source.
public struct CopyCheckError: Error, CustomStringConvertible {
    public var location: String
    public var differences: [String]

    public init(location: String, differences: [String]) {
        self.location = location
        self.differences = differences
    }

    public var description: String {
        "the copy in \(location) does not match its source (\(differences.joined(separator: "; "))); was the source written to during the copy?"
    }
}

/// What a store does for `oversight copy` to make the copy all or nothing (see `IncompleteCopyMarker`).
public protocol CopyTargetStore: Sendable {
    /// Row counts of `CopyCensus.tables` and the audit head, read in one transaction.
    func copyCensus() async throws -> CopyCensus

    /// The mark of an unfinished copy, if the database carries one.
    func incompleteCopy() async throws -> IncompleteCopyMarker?

    /// Marks the database as an incomplete copy (committed before the copy writes anything).
    func beginCopy(_ marker: IncompleteCopyMarker) async throws

    /// In one transaction: takes the census, compares it with `expected` (the source's) and, when they agree,
    /// removes the mark. Throws `CopyCheckError`, leaving the mark, when they differ.
    func finishCopy(expected: CopyCensus) async throws
}
