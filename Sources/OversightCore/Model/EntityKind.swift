/// The kinds of record the evidence base holds, in the order a bundle lists them
/// (referenced kinds before the kinds that reference them).
public enum EntityKind: String, Sendable, Codable, CaseIterable, Comparable {
    case unit, person, location, posting, relation, incident, knowledge, accountability, finding, export, permit
    // Bundle v2 (appended so that the stored order of the v1 kinds is unchanged).
    case coalition, itemUse = "item-use", diversion, assurance

    public var order: Int { EntityKind.allCases.firstIndex(of: self)! }
    public static func < (lhs: EntityKind, rhs: EntityKind) -> Bool { lhs.order < rhs.order }

    /// The kinds that state a fact in time and therefore need at least one sourced claim of their own.
    /// Units, persons and locations are identities; their facts are postings, relations, incidents…
    public var requiresClaim: Bool {
        switch self {
        case .unit, .person, .location: return false
        default: return true
        }
    }

    /// The key a kind has in `oversight stats --format json` and `GET /api/v1/stats`.
    public var statsKey: String {
        switch self {
        case .unit: return "units"
        case .person: return "persons"
        case .location: return "locations"
        case .posting: return "postings"
        case .relation: return "relations"
        case .incident: return "incidents"
        case .knowledge: return "knowledgeEvents"
        case .accountability: return "accountabilityEvents"
        case .finding: return "findings"
        case .export: return "exports"
        case .permit: return "permits"
        case .coalition: return "coalitions"
        case .itemUse: return "itemUses"
        case .diversion: return "diversions"
        case .assurance: return "assurances"
        }
    }

    /// Human label, plural.
    public var plural: String {
        switch self {
        case .unit: return "units"
        case .person: return "persons"
        case .location: return "locations"
        case .posting: return "postings"
        case .relation: return "unit relations"
        case .incident: return "incidents"
        case .knowledge: return "knowledge events"
        case .accountability: return "accountability events"
        case .finding: return "findings"
        case .export: return "export records"
        case .permit: return "permits"
        case .coalition: return "coalitions"
        case .itemUse: return "item-use records"
        case .diversion: return "diversion records"
        case .assurance: return "assurances"
        }
    }
}

/// A reference from one record to another, e.g. a posting's `unit`.
public struct EntityReference: Hashable, Sendable {
    public var role: String
    public var id: String
    /// The kinds the referenced record may be.
    public var kinds: Set<EntityKind>

    public init(_ role: String, _ id: String, _ kinds: Set<EntityKind>) {
        self.role = role
        self.id = id
        self.kinds = kinds
    }
}

/// What every record of the evidence base offers the store and the analyses.
public protocol EvidenceEntity: Codable, Sendable, Hashable, Identifiable where ID == String {
    static var kind: EntityKind { get }
    var id: String { get }
    /// The name people search for and lists show.
    var displayName: String { get }
    /// Other names it is known by (searchable).
    var alternativeNames: [String] { get }
    /// ISO 3166 alpha-2, where the record belongs to one country.
    var countryCode: String? { get }
    /// When the record's fact holds, where it is a fact in time.
    var dates: DateRange? { get }
    /// The records it points at.
    var references: [EntityReference] { get }
}

extension EvidenceEntity {
    public var alternativeNames: [String] { [] }
    public var countryCode: String? { nil }
    public var dates: DateRange? { nil }
    public var references: [EntityReference] { [] }
}
