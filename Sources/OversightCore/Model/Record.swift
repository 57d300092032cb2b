/// One line of an Oversight bundle: a source, an entity of any kind, or a claim.
///
/// Encoded as a flat JSON object whose `type` key names the kind (`source`, `claim`, or an `EntityKind`).
public enum Record: Hashable, Sendable {
    case source(Source)
    case unit(Unit)
    case person(Person)
    case location(Location)
    case posting(Posting)
    case relation(UnitRelation)
    case incident(Incident)
    case knowledge(KnowledgeEvent)
    case accountability(AccountabilityEvent)
    case finding(Finding)
    case export(ExportRecord)
    case permit(PermitRecord)
    case coalition(Coalition)
    case itemUse(ItemUse)
    case diversion(DiversionRecord)
    case assurance(Assurance)
    case claim(Claim)

    public var id: String {
        switch self {
        case .source(let v): return v.id
        case .claim(let v): return v.id
        default: return entity!.id
        }
    }

    /// The `type` tag written in the bundle.
    public var typeName: String {
        switch self {
        case .source: return "source"
        case .claim: return "claim"
        default: return entityKind!.rawValue
        }
    }

    /// The entity it carries, for the entity cases.
    public var entity: (any EvidenceEntity)? {
        switch self {
        case .source, .claim: return nil
        case .unit(let v): return v
        case .person(let v): return v
        case .location(let v): return v
        case .posting(let v): return v
        case .relation(let v): return v
        case .incident(let v): return v
        case .knowledge(let v): return v
        case .accountability(let v): return v
        case .finding(let v): return v
        case .export(let v): return v
        case .permit(let v): return v
        case .coalition(let v): return v
        case .itemUse(let v): return v
        case .diversion(let v): return v
        case .assurance(let v): return v
        }
    }

    public var entityKind: EntityKind? { entity.map { type(of: $0).kind } }

    /// Position in a bundle: sources first, then entities in kind order, then claims.
    public var sortRank: Int {
        switch self {
        case .source: return 0
        case .claim: return 100
        default: return 1 + entityKind!.order
        }
    }

    /// Wraps any entity value in its case.
    public init(entity: any EvidenceEntity) {
        switch entity {
        case let v as Unit: self = .unit(v)
        case let v as Person: self = .person(v)
        case let v as Location: self = .location(v)
        case let v as Posting: self = .posting(v)
        case let v as UnitRelation: self = .relation(v)
        case let v as Incident: self = .incident(v)
        case let v as KnowledgeEvent: self = .knowledge(v)
        case let v as AccountabilityEvent: self = .accountability(v)
        case let v as Finding: self = .finding(v)
        case let v as ExportRecord: self = .export(v)
        case let v as PermitRecord: self = .permit(v)
        case let v as Coalition: self = .coalition(v)
        case let v as ItemUse: self = .itemUse(v)
        case let v as DiversionRecord: self = .diversion(v)
        case let v as Assurance: self = .assurance(v)
        default: preconditionFailure("unknown entity type \(type(of: entity))")
        }
    }
}

extension Record: Codable {
    private enum TypeKey: String, CodingKey { case type }

    /// Every `type` value a bundle may carry.
    public static let typeNames: [String] = ["source"] + EntityKind.allCases.map(\.rawValue) + ["claim"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "source": self = .source(try Source(from: decoder))
        case "claim": self = .claim(try Claim(from: decoder))
        case "unit": self = .unit(try Unit(from: decoder))
        case "person": self = .person(try Person(from: decoder))
        case "location": self = .location(try Location(from: decoder))
        case "posting": self = .posting(try Posting(from: decoder))
        case "relation": self = .relation(try UnitRelation(from: decoder))
        case "incident": self = .incident(try Incident(from: decoder))
        case "knowledge": self = .knowledge(try KnowledgeEvent(from: decoder))
        case "accountability": self = .accountability(try AccountabilityEvent(from: decoder))
        case "finding": self = .finding(try Finding(from: decoder))
        case "export": self = .export(try ExportRecord(from: decoder))
        case "permit": self = .permit(try PermitRecord(from: decoder))
        case "coalition": self = .coalition(try Coalition(from: decoder))
        case "item-use": self = .itemUse(try ItemUse(from: decoder))
        case "diversion": self = .diversion(try DiversionRecord(from: decoder))
        case "assurance": self = .assurance(try Assurance(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown type '\(type)'; expected one of \(Record.typeNames.joined(separator: ", "))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(typeName, forKey: .type)
        switch self {
        case .source(let v): try v.encode(to: encoder)
        case .claim(let v): try v.encode(to: encoder)
        default: try entity!.encode(to: encoder)
        }
    }
}
