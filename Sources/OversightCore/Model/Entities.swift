/// A security-force organisation at any level: ministry, police, army, region, brigade, battalion, station;
/// also the presidency and other civilian offices that sit at the top of a chain of command.
public struct Unit: EvidenceEntity {
    public static let kind = EntityKind.unit
    public var id: String
    public var name: String
    public var aliases: [String]
    public var country: String?
    /// Free classification tags, e.g. `police`, `army`, `ministry`, `head-of-state`, `region`, `station`.
    public var classification: [String]
    /// The force it belongs to (`police`, `army`, `navy`, `air-force`, `joint`, `government`), used to
    /// tell "same force" from "another force of the same state".
    public var force: String?
    public var note: String?

    public init(id: String, name: String, aliases: [String] = [], country: String? = nil,
                classification: [String] = [], force: String? = nil, note: String? = nil) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.country = country
        self.classification = classification
        self.force = force
        self.note = note
    }

    public var displayName: String { name }
    public var alternativeNames: [String] { aliases }
    public var countryCode: String? { country }
}

public struct Person: EvidenceEntity {
    public static let kind = EntityKind.person
    public var id: String
    public var name: String
    public var aliases: [String]
    public var gender: String?
    public var country: String?
    public var birthDate: PartialDate?
    public var note: String?

    public init(id: String, name: String, aliases: [String] = [], gender: String? = nil, country: String? = nil,
                birthDate: PartialDate? = nil, note: String? = nil) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.gender = gender
        self.country = country
        self.birthDate = birthDate
        self.note = note
    }

    public var displayName: String { name }
    public var alternativeNames: [String] { aliases }
    public var countryCode: String? { country }
}

public struct Location: EvidenceEntity {
    public static let kind = EntityKind.location
    public var id: String
    public var name: String
    public var admin1: String?
    public var admin2: String?
    public var country: String
    public var latitude: Double?
    public var longitude: Double?
    /// How far the coordinates may be off, in metres, where known.
    public var uncertaintyMetres: Int?

    public init(id: String, name: String, admin1: String? = nil, admin2: String? = nil, country: String,
                latitude: Double? = nil, longitude: Double? = nil, uncertaintyMetres: Int? = nil) {
        self.id = id
        self.name = name
        self.admin1 = admin1
        self.admin2 = admin2
        self.country = country
        self.latitude = latitude
        self.longitude = longitude
        self.uncertaintyMetres = uncertaintyMetres
    }

    public var displayName: String { name }
    public var countryCode: String? { country }
}

/// A role a person holds in a unit. Only command roles make their holder a superior in a chain of command.
public enum PostRole: String, Sendable, Codable, CaseIterable {
    case headOfState = "head-of-state"
    case headOfGovernment = "head-of-government"
    case minister
    case commander
    case actingCommander = "acting-commander"
    /// Head of a police or civilian security body ("Jefe de la Región Policial").
    case chief
    case deputyCommander = "deputy-commander"
    case chiefOfStaff = "chief-of-staff"
    case staff
    case onScene = "on-scene-commander"
    case member
    case other

    /// Whether the holder commands the unit (and so is a superior of those below it).
    public var isCommand: Bool {
        switch self {
        case .headOfState, .minister, .commander, .actingCommander, .chief, .onScene: return true
        default: return false
        }
    }
}

/// A person holding a post in a unit over a time.
public struct Posting: EvidenceEntity {
    public static let kind = EntityKind.posting
    public var id: String
    public var person: String
    public var unit: String
    public var role: PostRole
    /// The title exactly as the source gives it.
    public var title: String?
    public var rank: String?
    public var range: DateRange

    public init(id: String, person: String, unit: String, role: PostRole, title: String? = nil,
                rank: String? = nil, range: DateRange) {
        self.id = id
        self.person = person
        self.unit = unit
        self.role = role
        self.title = title
        self.rank = rank
        self.range = range
    }

    public var displayName: String { title ?? role.rawValue }
    public var dates: DateRange? { range }
    public var references: [EntityReference] {
        [EntityReference("person", person, [.person]), EntityReference("unit", unit, [.unit])]
    }
}

/// How one unit stands under another.
public enum RelationKind: String, Sendable, Codable, CaseIterable {
    /// `unit` is part of `related` in the hierarchy.
    case childOf = "child-of"
    /// `unit` is a member of `related` (a task force, a joint command) while staying in its own hierarchy.
    case memberOf = "member-of"
    /// `related` has operational control over `unit`.
    case operationalControlOf = "operational-control-of"
    /// `related` is the civilian authority over `unit` (a ministry over a force, a president over ministries).
    case civilianControlOf = "civilian-control-of"
}

/// A relation between two units over a time. `unit` is always the subordinate side, `related` the superior.
/// Its dates are the relation's, never the units'.
public struct UnitRelation: EvidenceEntity {
    public static let kind = EntityKind.relation
    public var id: String
    public var unit: String
    public var related: String
    public var kind: RelationKind
    /// SFM's relation class: `command`, `informal`, `administrative`.
    public var relationClass: String?
    public var range: DateRange

    public init(id: String, unit: String, related: String, kind: RelationKind, relationClass: String? = nil,
                range: DateRange) {
        self.id = id
        self.unit = unit
        self.related = related
        self.kind = kind
        self.relationClass = relationClass
        self.range = range
    }

    public var displayName: String { "\(unit) \(kind.rawValue) \(related)" }
    public var dates: DateRange? { range }
    public var references: [EntityReference] {
        [EntityReference("unit", unit, [.unit]), EntityReference("related", related, [.unit])]
    }
}

/// A documented abuse or violation.
public struct Incident: EvidenceEntity {
    public static let kind = EntityKind.incident
    public var id: String
    public var title: String
    public var country: String
    public var location: String?
    /// The place as the sources name it.
    public var place: String?
    public var range: DateRange
    /// Violation type codes from the reference taxonomy.
    public var violations: [String]
    public var killed: Int?
    public var injured: Int?
    public var victims: [String]
    public var perpetratorUnits: [String]
    public var perpetratorPersons: [String]
    /// The perpetrators were state forces, even where no unit is identified.
    public var stateForces: Bool
    public var description: String?
    /// Bundle v2: the state whose forces did it (alpha-2), wherever it happened. Absent: `country` when
    /// `stateForces` is true, else none.
    public var responsibleState: String?
    /// Bundle v2: the coalition or multinational operation (a `coalition` id) the incident is attributed to.
    public var coalition: String?
    /// Bundle v2: the branches of the responsible state's forces that did it when no unit is known
    /// (`police`, `army`, `navy`, `air-force`, `joint`, `government`, `security`, `paramilitary`).
    public var forces: [String]?

    public init(id: String, title: String, country: String, location: String? = nil, place: String? = nil,
                range: DateRange, violations: [String], killed: Int? = nil, injured: Int? = nil,
                victims: [String] = [], perpetratorUnits: [String] = [], perpetratorPersons: [String] = [],
                stateForces: Bool = true, description: String? = nil, responsibleState: String? = nil,
                coalition: String? = nil, forces: [String]? = nil) {
        self.responsibleState = responsibleState
        self.coalition = coalition
        self.forces = forces
        self.id = id
        self.title = title
        self.country = country
        self.location = location
        self.place = place
        self.range = range
        self.violations = violations
        self.killed = killed
        self.injured = injured
        self.victims = victims
        self.perpetratorUnits = perpetratorUnits
        self.perpetratorPersons = perpetratorPersons
        self.stateForces = stateForces
        self.description = description
    }

    public var displayName: String { title }
    public var countryCode: String? { country }
    public var dates: DateRange? { range }
    public var references: [EntityReference] {
        var refs = perpetratorUnits.map { EntityReference("perpetrator-unit", $0, [.unit]) }
        refs += perpetratorPersons.map { EntityReference("perpetrator-person", $0, [.person]) }
        if let location { refs.append(EntityReference("location", location, [.location])) }
        if let coalition { refs.append(EntityReference("coalition", coalition, [.coalition])) }
        return refs
    }
}

/// Something that tells what a superior knew: a meeting, a briefing, a report received, a public statement.
public struct KnowledgeEvent: EvidenceEntity {
    public static let kind = EntityKind.knowledge
    public var id: String
    /// `meeting`, `briefing`, `report-received`, `public-statement`, `testimony`.
    public var eventType: String
    public var title: String
    public var range: DateRange
    public var persons: [String]
    public var units: [String]
    public var incidents: [String]
    public var description: String?

    public init(id: String, eventType: String, title: String, range: DateRange, persons: [String] = [],
                units: [String] = [], incidents: [String] = [], description: String? = nil) {
        self.id = id
        self.eventType = eventType
        self.title = title
        self.range = range
        self.persons = persons
        self.units = units
        self.incidents = incidents
        self.description = description
    }

    public var displayName: String { title }
    public var dates: DateRange? { range }
    public var references: [EntityReference] {
        persons.map { EntityReference("person", $0, [.person]) }
            + units.map { EntityReference("unit", $0, [.unit]) }
            + incidents.map { EntityReference("incident", $0, [.incident]) }
    }
}

/// What authorities did about violations: investigate, charge, convict, or promote and commend.
public enum AccountabilityType: String, Sendable, Codable, CaseIterable {
    case investigationOpened = "investigation-opened"
    case investigationArchived = "investigation-archived"
    case charge
    case conviction
    case disciplinaryAction = "disciplinary-action"
    case dismissal
    case reform
    case promotion
    case commendation
    case militaryJurisdiction = "military-jurisdiction"
    case praiseOfForces = "praise-of-forces"
    case vilificationOfVictims = "vilification-of-victims"
    /// A documented absence, e.g. "no official charged as of July 2024".
    case noCharges = "no-charges"

    /// Whether the event shields those responsible (raises impunity) rather than holding them to account.
    public var raisesImpunity: Bool {
        switch self {
        case .investigationArchived, .promotion, .commendation, .militaryJurisdiction, .praiseOfForces,
             .vilificationOfVictims, .noCharges:
            return true
        case .investigationOpened, .charge, .conviction, .disciplinaryAction, .dismissal, .reform:
            return false
        }
    }
}

public struct AccountabilityEvent: EvidenceEntity {
    public static let kind = EntityKind.accountability
    public var id: String
    public var eventType: AccountabilityType
    public var title: String
    public var range: DateRange
    /// The body acting (a prosecutor, a ministry, a court).
    public var authority: String?
    public var persons: [String]
    public var units: [String]
    public var incidents: [String]
    public var description: String?
    /// Bundle v2: whether the investigation or proceeding is credible (independent, effective). `false` when a
    /// competent body found it not credible: it then raises impunity instead of lowering it. Absent: credible.
    public var credible: Bool?
    /// Bundle v2: the state whose forces it concerns (alpha-2), for an event about the state's conduct as a
    /// whole rather than named incidents, units or persons (a government refusing to investigate).
    public var state: String?

    public init(id: String, eventType: AccountabilityType, title: String, range: DateRange, authority: String? = nil,
                persons: [String] = [], units: [String] = [], incidents: [String] = [], description: String? = nil,
                credible: Bool? = nil, state: String? = nil) {
        self.credible = credible
        self.state = state
        self.id = id
        self.eventType = eventType
        self.title = title
        self.range = range
        self.authority = authority
        self.persons = persons
        self.units = units
        self.incidents = incidents
        self.description = description
    }

    public var displayName: String { title }
    public var dates: DateRange? { range }
    public var references: [EntityReference] {
        persons.map { EntityReference("person", $0, [.person]) }
            + units.map { EntityReference("unit", $0, [.unit]) }
            + incidents.map { EntityReference("incident", $0, [.incident]) }
    }
}

/// A competent body's legal characterisation of events (a court, a UN commission of inquiry, the IACHR).
public struct Finding: EvidenceEntity {
    public static let kind = EntityKind.finding
    public var id: String
    public var body: String
    public var title: String
    public var country: String
    public var range: DateRange
    /// `genocide`, `crimes-against-humanity`, `war-crimes`, `extrajudicial-executions`, `massacre`,
    /// `excessive-force`…
    public var categories: [String]
    /// A formal determination, as opposed to "could constitute".
    public var determination: Bool
    public var incidents: [String]
    public var units: [String]
    public var description: String?
    /// Bundle v2: what kind of body made the finding (`FindingBodyKind`). Absent: `credible-ngo`.
    public var bodyKind: FindingBodyKind?
    /// Bundle v2: how far the finding goes (`FindingStrength`). Absent: `determination` when `determination` is
    /// true, else `allegations`.
    public var strength: FindingStrength?
    /// Bundle v2: the states whose forces the finding concerns (alpha-2). Absent: `[country]`.
    public var states: [String]?
    /// Bundle v2: the coalition or operation whose conduct the finding concerns.
    public var coalition: String?
    /// Bundle v2: the finding's own aggregate counts over its period.
    public var killed: Int?
    public var injured: Int?
    public var incidentCount: Int?
    /// Bundle v2: the branches of the forces concerned when no unit is named (as for incidents).
    public var forces: [String]?

    public init(id: String, body: String, title: String, country: String, range: DateRange, categories: [String],
                determination: Bool, incidents: [String] = [], units: [String] = [], description: String? = nil,
                bodyKind: FindingBodyKind? = nil, strength: FindingStrength? = nil, states: [String]? = nil,
                coalition: String? = nil, killed: Int? = nil, injured: Int? = nil, incidentCount: Int? = nil,
                forces: [String]? = nil) {
        self.bodyKind = bodyKind
        self.strength = strength
        self.states = states
        self.coalition = coalition
        self.killed = killed
        self.injured = injured
        self.incidentCount = incidentCount
        self.forces = forces
        self.id = id
        self.body = body
        self.title = title
        self.country = country
        self.range = range
        self.categories = categories
        self.determination = determination
        self.incidents = incidents
        self.units = units
        self.description = description
    }

    public var displayName: String { title }
    public var countryCode: String? { country }
    public var dates: DateRange? { range }
    public var references: [EntityReference] {
        incidents.map { EntityReference("incident", $0, [.incident]) }
            + units.map { EntityReference("unit", $0, [.unit]) }
            + (coalition.map { [EntityReference("coalition", $0, [.coalition])] } ?? [])
    }

    /// The strength in force: the stated one, else from `determination`.
    public var effectiveStrength: FindingStrength { strength ?? (determination ? .determination : .allegations) }
    /// The states concerned: the stated ones, else the country.
    public var concernedStates: [String] { states ?? [country] }
}

/// Exports of one control-list item to one destination in one year, as a transparency report gives them.
public struct ExportRecord: EvidenceEntity {
    public static let kind = EntityKind.export
    public var id: String
    public var exporter: String
    public var destination: String
    public var year: Int
    /// Canonical control entry, e.g. `2-14`.
    public var controlEntry: String
    /// Value in minor units of `currency` (cents).
    public var valueMinor: Int64?
    public var currency: String?
    public var permitsUtilised: Int?
    /// `actual` exports or `authorised` value.
    public var basis: String
    public var description: String?

    public init(id: String, exporter: String, destination: String, year: Int, controlEntry: String,
                valueMinor: Int64? = nil, currency: String? = nil, permitsUtilised: Int? = nil,
                basis: String = "actual", description: String? = nil) {
        self.id = id
        self.exporter = exporter
        self.destination = destination
        self.year = year
        self.controlEntry = controlEntry
        self.valueMinor = valueMinor
        self.currency = currency
        self.permitsUtilised = permitsUtilised
        self.basis = basis
        self.description = description
    }

    public var displayName: String { "\(exporter) → \(destination) \(year) \(controlEntry)" }
    public var countryCode: String? { destination }
    public var dates: DateRange? {
        DateRange(start: PartialDate(year: year), startIsReal: true, end: PartialDate(year: year), endIsReal: true,
                  precise: false)
    }
}

/// An export permit known from public records (access-to-information releases, reports).
public struct PermitRecord: EvidenceEntity {
    public static let kind = EntityKind.permit
    public var id: String
    public var exporter: String
    public var destination: String
    public var endUser: String?
    public var controlEntries: [String]
    public var valueMinor: Int64?
    public var currency: String?
    public var issued: PartialDate
    public var expires: PartialDate?
    public var description: String?

    public init(id: String, exporter: String, destination: String, endUser: String? = nil, controlEntries: [String],
                valueMinor: Int64? = nil, currency: String? = nil, issued: PartialDate, expires: PartialDate? = nil,
                description: String? = nil) {
        self.id = id
        self.exporter = exporter
        self.destination = destination
        self.endUser = endUser
        self.controlEntries = controlEntries
        self.valueMinor = valueMinor
        self.currency = currency
        self.issued = issued
        self.expires = expires
        self.description = description
    }

    public var displayName: String { "Permit \(id): \(exporter) → \(destination), \(issued)" }
    public var countryCode: String? { destination }
    public var dates: DateRange? {
        DateRange(start: issued, startIsReal: true, end: expires, endIsReal: expires != nil)
    }
}
