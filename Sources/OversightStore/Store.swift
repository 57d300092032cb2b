import OversightCore

/// Where the evidence base lives. Every adapter (SQLite, PostgreSQL) promises the same behaviour, which the
/// store contract test suite checks on each of them.
///
/// Writes are all-or-nothing: a failed import leaves the store exactly as it was.
public protocol Store: Sendable {
    /// Writes the records that `produce` hands to its sink, in one transaction, then checks that every
    /// reference resolves. Any error thrown by `produce`, the sink or the checks rolls everything back.
    /// Records whose id already exists replace the stored version.
    func importRecords(_ produce: @escaping @Sendable (RecordSink) throws -> Void) async throws -> ImportSummary

    /// Hands every stored record to `consume` in bundle order (sources, entities by kind, claims; each by id),
    /// as canonical JSON text.
    func exportRecords(_ consume: @escaping @Sendable (String) throws -> Void) async throws

    /// Counts per kind, as known on `asOf` when given.
    func statistics(asOf: Day?) async throws -> StoreStatistics

    /// The entity with this id, or nil.
    func entity(id: String) async throws -> (any EvidenceEntity)?

    /// Units, persons, locations and incidents whose name or alias equals `name` ignoring case, diacritics and
    /// punctuation; optionally of one kind.
    func entities(named name: String, kind: EntityKind?) async throws -> [any EvidenceEntity]

    /// Entities of one kind, by name (people and units) or by id, paged.
    func entities(kind: EntityKind, limit: Int, offset: Int) async throws -> [any EvidenceEntity]

    /// Claims about an entity with their citations' sources, only those public by `asOf` when given; by claim id.
    func claims(about id: String, asOf: Day?) async throws -> [SourcedClaim]

    /// Claims that cite a source, by claim id.
    func claims(citing sourceID: String) async throws -> [SourcedClaim]

    /// Incidents in a country (any when nil) whose cited dates overlap `from...to`, known by `asOf` when given;
    /// newest first.
    func incidents(country: String?, from: Day?, to: Day?, asOf: Day?, limit: Int) async throws -> [Incident]

    func source(id: String) async throws -> Source?

    /// Entities that refer to `id` (postings of a person or unit, relations, incidents of a perpetrator unit,
    /// events naming a person…), optionally of one kind; by kind then id.
    func entities(referencing id: String, kind: EntityKind?) async throws -> [any EvidenceEntity]

    /// Every record as known on `asOf` (all of them when nil), for the analyses.
    func snapshot(asOf: Day?) async throws -> EvidenceSnapshot

    /// A counter every transaction that writes evidence moves (imports, curated edits, reverts, in any process
    /// on this database): what was read at revision R is current while this still reads R.
    func evidenceRevision() async throws -> Int
}

/// Receives records during an import. Not thread-safe: call it from the producing closure only.
public final class RecordSink: @unchecked Sendable {
    private let write: (Record, String?) throws -> Void

    public init(write: @escaping (Record, String?) throws -> Void) { self.write = write }

    /// Adds a record. `canonicalJSON` may pass the record's canonical text when the caller already has it.
    public func add(_ record: Record, canonicalJSON: String? = nil) throws { try write(record, canonicalJSON) }
}

/// What an import wrote.
public struct ImportSummary: Sendable, Equatable, Codable {
    /// Records written per `type` (`source`, `claim`, entity kinds).
    public var written: [String: Int]
    public var total: Int { written.values.reduce(0, +) }

    public init(written: [String: Int] = [:]) { self.written = written }
}

/// Counts per kind.
public struct StoreStatistics: Sendable, Equatable, Codable {
    public var sources: Int
    public var claims: Int
    /// Per entity kind (raw value), every kind present.
    public var entities: [String: Int]

    public init(sources: Int, claims: Int, entities: [String: Int]) {
        self.sources = sources
        self.claims = claims
        self.entities = entities
    }

    public func count(_ kind: EntityKind) -> Int { entities[kind.rawValue] ?? 0 }
}

/// A claim with the sources its citations name.
public struct SourcedClaim: Sendable, Hashable {
    public var claim: Claim
    public var sources: [String: Source]
    public var publicFrom: Day?

    public init(claim: Claim, sources: [String: Source], publicFrom: Day?) {
        self.claim = claim
        self.sources = sources
        self.publicFrom = publicFrom
    }
}

/// A store failure a user can act on.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case invalidRecord, danglingReference, unreadableDatabase, notFound
        /// The database is what an interrupted `oversight copy` left (`IncompleteCopyMarker`).
        case incompleteCopy
    }
    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
