import OversightCore
import OversightStore

/// An entity with the claims about it, as known on a date.
struct EntityEvidence: Sendable {
    var entity: any EvidenceEntity
    var claims: [SourcedClaim]

    var kind: EntityKind { type(of: entity).kind }
}

/// A record linked to the one being shown, with how it is linked.
struct RelatedEntity: Sendable {
    enum Direction: String, Sendable, Codable {
        /// The shown record points at this one (an incident's perpetrator unit).
        case references
        /// This one points at the shown record (a posting of the shown person).
        case referencedBy
    }

    var direction: Direction
    /// The reference's role as the pointing record names it (`unit`, `related`, `person`, `perpetrator-unit`…).
    var role: String
    var entity: any EvidenceEntity

    var kind: EntityKind { type(of: entity).kind }
}

/// Reads the evidence base for the web through the `Store` protocol only, applying the knowledge date
/// the same way for pages and the API: an entity that needs claims is known on `asOf` only when one of its
/// claims is public by then, and an incident's casualty counts are those its known claims give.
struct EvidenceReader<S: Store>: Sendable {
    let store: S

    /// The entity with this id, which must be of `expected` kind when given and known on `asOf`; else a 404
    /// that says why.
    func entity(_ id: String, expected: EntityKind?, asOf: Day?) async throws -> EntityEvidence {
        guard let entity = try await store.entity(id: id) else {
            throw WebError.notFound("No record has the id '\(id)'. Check the id, or find the record from the incident list at /incidents.")
        }
        let kind = type(of: entity).kind
        if let expected, kind != expected {
            throw WebError.notFound("'\(id)' is \(Self.article(kind.rawValue)) \(kind.rawValue), not \(Self.article(expected.rawValue)) \(expected.rawValue); open it at \(Paths.page(kind: kind, id: id, asOf: nil)).")
        }
        let claims = Self.citations(of: try await store.claims(about: id, asOf: asOf), publicBy: asOf)
        guard let asOf else { return EntityEvidence(entity: entity, claims: claims) }
        if kind.requiresClaim && claims.isEmpty {
            let all = try await store.claims(about: id, asOf: nil)
            let earliest = all.compactMap(\.publicFrom).min()
            let when = earliest.map { "the earliest evidence for it was published on \($0)" } ?? "no published evidence supports it"
            throw WebError.notFound("'\(id)' was not known on \(asOf): \(when). Remove asOf or choose a later date.")
        }
        if let incident = entity as? Incident {
            return EntityEvidence(entity: try await knownCounts(incident, asOf: asOf), claims: claims)
        }
        return EntityEvidence(entity: entity, claims: claims)
    }

    /// "an incident", "a unit" (no kind starts with a vowel sound spelled with "u" other than "unit").
    static func article(_ noun: String) -> String { "aeio".contains(noun.first ?? "x") ? "an" : "a" }

    /// Whether an entity is known on `asOf` (identities always are).
    func isKnown(_ entity: any EvidenceEntity, asOf: Day?) async throws -> Bool {
        guard let asOf, type(of: entity).kind.requiresClaim else { return true }
        return try await !store.claims(about: entity.id, asOf: asOf).isEmpty
    }

    /// Entities that refer to `id`, known on `asOf` (incidents with the casualty counts known then); by kind then id.
    func referencing(_ id: String, kind: EntityKind? = nil, asOf: Day?) async throws -> [any EvidenceEntity] {
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
    func knownCounts(_ incident: Incident, asOf: Day) async throws -> Incident {
        let all = try await store.claims(about: incident.id, asOf: nil).map(\.claim)
        let knownIDs = Set(try await store.claims(about: incident.id, asOf: asOf).map(\.claim.id))
        return incident.withKnownCounts(allClaims: all, knownClaims: all.filter { knownIDs.contains($0.id) })
    }

    /// Which of these records have a contested claim known on `asOf`, so lists can mark them.
    func contested(_ ids: some Sequence<String>, asOf: Day?) async throws -> Set<String> {
        var result: Set<String> = []
        for id in Set(ids) where try await store.claims(about: id, asOf: asOf).contains(where: { $0.claim.status == .contested }) {
            result.insert(id)
        }
        return result
    }

    /// Every record linked to `entity` either way, known on `asOf`.
    func related(to entity: any EvidenceEntity, asOf: Day?) async throws -> [RelatedEntity] {
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
    func lookup(_ ids: some Sequence<String>) async throws -> [String: any EvidenceEntity] {
        var found: [String: any EvidenceEntity] = [:]
        for id in Set(ids) {
            if let entity = try await store.entity(id: id) { found[id] = entity }
        }
        return found
    }

    /// The source with this id, published by `asOf`; else a 404 that says why.
    func source(_ id: String, asOf: Day?) async throws -> Source {
        guard let source = try await store.source(id: id) else {
            throw WebError.notFound("No source has the id '\(id)'. Sources are listed with each claim's citations on the record pages.")
        }
        if let asOf, source.publicFrom > asOf {
            throw WebError.notFound("The source '\(id)' was published on \(source.published), after \(asOf). Remove asOf or choose a later date.")
        }
        return source
    }

    /// Claims citing a source, public by `asOf`.
    func claims(citing sourceID: String, asOf: Day?) async throws -> [SourcedClaim] {
        let claims = try await store.claims(citing: sourceID)
        guard let asOf else { return claims }
        return Self.citations(of: claims.filter { $0.publicFrom.map { $0 <= asOf } ?? false }, publicBy: asOf)
    }

    /// Claims with only the citations of sources published by `asOf`: a claim known on that day may also
    /// cite a later report, which nobody could have read yet.
    static func citations(of claims: [SourcedClaim], publicBy asOf: Day?) -> [SourcedClaim] {
        guard let asOf else { return claims }
        return claims.map { item in
            var item = item
            item.sources = item.sources.filter { $0.value.publicFrom <= asOf }
            item.claim.citations = item.claim.citations.filter { item.sources[$0.source] != nil }
            return item
        }
    }
}
