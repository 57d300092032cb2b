import OversightApp
import OversightCore
import OversightStore

/// `GET /api/v1/{kind}/{id}`: a record as its bundle line has it, the claims about it, and linked records.
struct EntityDocument: Encodable {
    /// An entity kind (`unit`, `incident`…) or `source`.
    var kind: String
    var entity: Record
    var claims: [ClaimDocument]
    var related: [RelatedDocument]
    /// The knowledge date the answer was cut at, when one was asked for.
    var asOf: String?
}

struct ClaimDocument: Encodable {
    var claim: Claim
    /// `YYYY-MM-DD`: the earliest publication among the cited sources.
    var publicFrom: String?
    /// The cited sources, by id.
    var sources: [String: Source]

    init(_ sourced: SourcedClaim) {
        claim = sourced.claim
        publicFrom = sourced.publicFrom?.description
        sources = sourced.sources
    }
}

struct RelatedDocument: Encodable {
    /// `references` (the record points at this one) or `referencedBy` (this one points at the record).
    var direction: String
    /// The reference's role in the pointing record (`perpetrator-unit`, `unit`, `related`, `person`…).
    var role: String
    var kind: String
    var id: String
    var name: String
    var entity: Record

    init(_ related: RelatedEntity) {
        direction = related.direction.rawValue
        role = related.role
        kind = related.kind.rawValue
        id = related.entity.id
        name = related.entity.displayName
        entity = Record(entity: related.entity)
    }

    /// The record a citing claim is about, on a source's document.
    init(claimSubject entity: any EvidenceEntity) {
        direction = RelatedEntity.Direction.referencedBy.rawValue
        role = "claim-subject"
        kind = type(of: entity).kind.rawValue
        id = entity.id
        name = entity.displayName
        self.entity = Record(entity: entity)
    }
}

/// `GET /api/v1/incidents`.
struct IncidentListDocument: Encodable {
    struct Filters: Encodable {
        var country: String?
        var from: String?
        var to: String?
        var asOf: String?
        var limit: Int
    }

    var filters: Filters
    var count: Int
    /// Newest first, each as its bundle record (casualty counts as known on `asOf`).
    var incidents: [Record]
}

enum StatisticsDocument {
    /// The counts under the keys `oversight stats --format json` uses.
    static func make(_ stats: StoreStatistics) -> [String: Int] {
        var counts = ["sources": stats.sources, "claims": stats.claims]
        for kind in EntityKind.allCases { counts[key(kind)] = stats.count(kind) }
        return counts
    }

    static func key(_ kind: EntityKind) -> String { kind.statsKey }
}
