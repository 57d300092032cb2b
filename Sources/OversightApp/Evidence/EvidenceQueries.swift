import OversightCore
import OversightStore

/// An entity with the claims about it, as known on a date.
public struct EntityEvidence: Sendable {
    public var entity: any EvidenceEntity
    public var claims: [SourcedClaim]

    public init(entity: any EvidenceEntity, claims: [SourcedClaim]) {
        self.entity = entity
        self.claims = claims
    }

    public var kind: EntityKind { type(of: entity).kind }
}

/// Why a record or source cannot be shown as known on a date. Each surface words it for its users (the web with
/// its paths and `asOf`, the command line with `--as-of`).
public struct EvidenceNotFound: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// No record has the id.
        case noRecord
        /// The record is of another kind than the one asked for.
        case wrongKind(actual: EntityKind, expected: EntityKind)
        /// The record needs evidence and none of its claims was public on `asOf`; `earliest` is when the first was.
        case notKnown(asOf: Day, earliest: Day?)
        /// No source has the id.
        case noSource
        /// The source was published after `asOf`.
        case sourceNotYetPublished(published: String, asOf: Day)
    }

    public var id: String
    public var reason: Reason

    public init(id: String, reason: Reason) {
        self.id = id
        self.reason = reason
    }

    /// A plain wording, without any surface's paths or option names.
    public var description: String {
        switch reason {
        case .noRecord: return "No record has the id '\(id)'."
        case .wrongKind(let actual, let expected):
            return "'\(id)' is \(Self.article(actual.rawValue)) \(actual.rawValue), not \(Self.article(expected.rawValue)) \(expected.rawValue)."
        case .notKnown(let asOf, _): return "'\(id)' was not known on \(asOf): \(whenKnown)."
        case .noSource: return "No source has the id '\(id)'."
        case .sourceNotYetPublished(let published, let asOf): return "The source '\(id)' was published on \(published), after \(asOf)."
        }
    }

    /// For `.notKnown`: when the evidence appeared, or that none exists.
    public var whenKnown: String {
        guard case .notKnown(_, let earliest) = reason else { return "" }
        return earliest.map { "the earliest evidence for it was published on \($0)" } ?? "no published evidence supports it"
    }

    /// "an incident", "a unit" (no kind starts with a vowel sound spelled with "u" other than "unit").
    public static func article(_ noun: String) -> String { "aeio".contains(noun.first ?? "x") ? "an" : "a" }
}

/// A record linked to the one being shown, with how it is linked.
public struct RelatedEntity: Sendable {
    public enum Direction: String, Sendable, Codable {
        /// The shown record points at this one (an incident's perpetrator unit).
        case references
        /// This one points at the shown record (a posting of the shown person).
        case referencedBy
    }

    public var direction: Direction
    /// The reference's role as the pointing record names it (`unit`, `related`, `person`, `perpetrator-unit`…).
    public var role: String
    public var entity: any EvidenceEntity

    public var kind: EntityKind { type(of: entity).kind }
}

/// The evidence base as known on a date, for every surface (web pages, the API, the command line), through the
/// `Store` protocol only: an entity that needs claims is known on `asOf` only when one of its claims is public by
/// then, a claim known then shows only the citations of sources published by then, and an incident's casualty
/// counts are those its known claims give.
///
/// The analyses that need the whole evidence base (chains of command, responsibility, assessments) read it once
/// per knowledge date and evidence revision (`commandIndex(asOf:)`), so a page does not decode the database per
/// request. Share one value between the surfaces of a process: it carries that cache.
public struct EvidenceQueries<S: Store>: Sendable {
    public let store: S
    private let analyses: RevisionCache<String, CommandIndex>

    /// `cachedDates`: how many knowledge dates' indexes are kept (each holds the evidence known on its date).
    public init(store: S, cachedDates: Int = 4) {
        self.store = store
        self.analyses = RevisionCache(capacity: cachedDates)
    }

    /// Every record as known on `asOf` (all when nil), indexed for chains of command. Built again only when the
    /// evidence revision has moved (an import, an edit, in any process on the database) since it was built.
    public func commandIndex(asOf: Day?) async throws -> CommandIndex {
        let revision = try await store.evidenceRevision()
        return try await analyses.value(for: asOf?.description ?? "", revision: revision) {
            CommandIndex(snapshot: try await store.snapshot(asOf: asOf))
        }
    }

    /// The evidence as known on `asOf`, from the same cache as `commandIndex(asOf:)`.
    public func snapshot(asOf: Day?) async throws -> EvidenceSnapshot { try await commandIndex(asOf: asOf).snapshot }

    /// How many indexes are kept, and how many requests were answered from them or built one.
    public var cacheCounts: (kept: Int, hits: Int, builds: Int) { analyses.counts }

    /// The entity with this id, which must be of `expected` kind when given and known on `asOf`; else
    /// `EvidenceNotFound` saying why.
    public func entity(_ id: String, expected: EntityKind?, asOf: Day?) async throws -> EntityEvidence {
        guard let entity = try await store.entity(id: id) else { throw EvidenceNotFound(id: id, reason: .noRecord) }
        return try await evidence(for: entity, expected: expected, asOf: asOf)
    }

    /// `entity` (already looked up, by id or by name) with its claims as known on `asOf`; else `EvidenceNotFound`.
    public func evidence(for entity: any EvidenceEntity, expected: EntityKind? = nil, asOf: Day?) async throws -> EntityEvidence {
        let id = entity.id
        let kind = type(of: entity).kind
        if let expected, kind != expected {
            throw EvidenceNotFound(id: id, reason: .wrongKind(actual: kind, expected: expected))
        }
        let claims = Self.citations(of: try await store.claims(about: id, asOf: asOf), publicBy: asOf)
        guard let asOf else { return EntityEvidence(entity: entity, claims: claims) }
        if kind.requiresClaim && claims.isEmpty {
            let all = try await store.claims(about: id, asOf: nil)
            throw EvidenceNotFound(id: id, reason: .notKnown(asOf: asOf, earliest: all.compactMap(\.publicFrom).min()))
        }
        if let incident = entity as? Incident {
            return EntityEvidence(entity: try await knownCounts(incident, asOf: asOf), claims: claims)
        }
        return EntityEvidence(entity: entity, claims: claims)
    }

    /// Whether an entity is known on `asOf` (identities always are).
    public func isKnown(_ entity: any EvidenceEntity, asOf: Day?) async throws -> Bool {
        guard let asOf, type(of: entity).kind.requiresClaim else { return true }
        return try await !store.claims(about: entity.id, asOf: asOf).isEmpty
    }

    /// Entities that refer to `id`, known on `asOf` (incidents with the casualty counts known then); by kind then id.
    public func referencing(_ id: String, kind: EntityKind? = nil, asOf: Day?) async throws -> [any EvidenceEntity] {
        var result: [any EvidenceEntity] = []
        for entity in try await store.entities(referencing: id, kind: kind) where try await isKnown(entity, asOf: asOf) {
            if let asOf, let incident = entity as? Incident {
                result.append(try await knownCounts(incident, asOf: asOf))
            } else {
                result.append(entity)
            }
        }
        return result
    }

    /// The incident with the `killed`/`injured` its claims known on `asOf` give.
    public func knownCounts(_ incident: Incident, asOf: Day) async throws -> Incident {
        let all = try await store.claims(about: incident.id, asOf: nil).map(\.claim)
        let knownIDs = Set(try await store.claims(about: incident.id, asOf: asOf).map(\.claim.id))
        return incident.withKnownCounts(allClaims: all, knownClaims: all.filter { knownIDs.contains($0.id) })
    }

    /// Which of these records have a contested claim known on `asOf`, so lists can mark them.
    public func contested(_ ids: some Sequence<String>, asOf: Day?) async throws -> Set<String> {
        var result: Set<String> = []
        for id in Set(ids) where try await store.claims(about: id, asOf: asOf).contains(where: { $0.claim.status == .contested }) {
            result.insert(id)
        }
        return result
    }

    /// Every record linked to `entity` either way, known on `asOf`.
    public func related(to entity: any EvidenceEntity, asOf: Day?) async throws -> [RelatedEntity] {
        var result: [RelatedEntity] = []
        for reference in entity.references {
            if let target = try await store.entity(id: reference.id), try await isKnown(target, asOf: asOf) {
                result.append(RelatedEntity(direction: .references, role: reference.role, entity: target))
            }
        }
        for other in try await referencing(entity.id, asOf: asOf) {
            for reference in other.references where reference.id == entity.id {
                result.append(RelatedEntity(direction: .referencedBy, role: reference.role, entity: other))
            }
        }
        return result
    }

    /// The entities with these ids that exist, by id (for names and links).
    public func lookup(_ ids: some Sequence<String>) async throws -> [String: any EvidenceEntity] {
        var found: [String: any EvidenceEntity] = [:]
        for id in Set(ids) {
            if let entity = try await store.entity(id: id) { found[id] = entity }
        }
        return found
    }

    /// The source with this id, published by `asOf`; else `EvidenceNotFound` saying why.
    public func source(_ id: String, asOf: Day?) async throws -> Source {
        guard let source = try await store.source(id: id) else { throw EvidenceNotFound(id: id, reason: .noSource) }
        if let asOf, source.publicFrom > asOf {
            throw EvidenceNotFound(id: id, reason: .sourceNotYetPublished(published: "\(source.published)", asOf: asOf))
        }
        return source
    }

    /// Claims citing a source, public by `asOf`.
    public func claims(citing sourceID: String, asOf: Day?) async throws -> [SourcedClaim] {
        let claims = try await store.claims(citing: sourceID)
        guard let asOf else { return claims }
        return Self.citations(of: claims.filter { $0.publicFrom.map { $0 <= asOf } ?? false }, publicBy: asOf)
    }

    /// Claims with only the citations of sources published by `asOf`: a claim known on that day may also
    /// cite a later report, which nobody could have read yet.
    public static func citations(of claims: [SourcedClaim], publicBy asOf: Day?) -> [SourcedClaim] {
        guard let asOf else { return claims }
        return claims.map { item in
            var item = item
            item.sources = item.sources.filter { $0.value.publicFrom <= asOf }
            item.claim.citations = item.claim.citations.filter { item.sources[$0.source] != nil }
            return item
        }
    }
}
