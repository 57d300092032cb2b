/// An in-memory view of the evidence base that the analyses run on: every record, indexed.
///
/// `asKnown(on:)` gives the view a person could have had on a given day: only claims public by then, and
/// only the facts those claims support.
public struct EvidenceSnapshot: Sendable {
    public private(set) var sources: [String: Source] = [:]
    public private(set) var units: [String: Unit] = [:]
    public private(set) var persons: [String: Person] = [:]
    public private(set) var locations: [String: Location] = [:]
    public private(set) var postings: [String: Posting] = [:]
    public private(set) var relations: [String: UnitRelation] = [:]
    public private(set) var incidents: [String: Incident] = [:]
    public private(set) var knowledge: [String: KnowledgeEvent] = [:]
    public private(set) var accountability: [String: AccountabilityEvent] = [:]
    public private(set) var findings: [String: Finding] = [:]
    public private(set) var exports: [String: ExportRecord] = [:]
    public private(set) var permits: [String: PermitRecord] = [:]
    public private(set) var coalitions: [String: Coalition] = [:]
    public private(set) var itemUses: [String: ItemUse] = [:]
    public private(set) var diversions: [String: DiversionRecord] = [:]
    public private(set) var assurances: [String: Assurance] = [:]
    public private(set) var claims: [String: Claim] = [:]
    /// Claims by subject id, each list sorted by claim id.
    public private(set) var claimsBySubject: [String: [Claim]] = [:]
    /// The knowledge date the snapshot was cut at, if any.
    public private(set) var knownOn: Day?

    public init() {}

    public init(records: some Sequence<Record>) {
        for record in records { insert(record) }
        reindexClaims()
    }

    private mutating func insert(_ record: Record) {
        switch record {
        case .source(let v): sources[v.id] = v
        case .unit(let v): units[v.id] = v
        case .person(let v): persons[v.id] = v
        case .location(let v): locations[v.id] = v
        case .posting(let v): postings[v.id] = v
        case .relation(let v): relations[v.id] = v
        case .incident(let v): incidents[v.id] = v
        case .knowledge(let v): knowledge[v.id] = v
        case .accountability(let v): accountability[v.id] = v
        case .finding(let v): findings[v.id] = v
        case .export(let v): exports[v.id] = v
        case .permit(let v): permits[v.id] = v
        case .coalition(let v): coalitions[v.id] = v
        case .itemUse(let v): itemUses[v.id] = v
        case .diversion(let v): diversions[v.id] = v
        case .assurance(let v): assurances[v.id] = v
        case .claim(let v): claims[v.id] = v
        }
    }

    private mutating func reindexClaims() {
        var bySubject: [String: [Claim]] = [:]
        for claim in claims.values { bySubject[claim.subject, default: []].append(claim) }
        for key in bySubject.keys { bySubject[key]!.sort { $0.id < $1.id } }
        claimsBySubject = bySubject
    }

    /// Every record, in bundle order.
    public var records: [Record] {
        var all: [Record] = sources.values.map(Record.source)
        all += units.values.map(Record.unit)
        all += persons.values.map(Record.person)
        all += locations.values.map(Record.location)
        all += postings.values.map(Record.posting)
        all += relations.values.map(Record.relation)
        all += incidents.values.map(Record.incident)
        all += knowledge.values.map(Record.knowledge)
        all += accountability.values.map(Record.accountability)
        all += findings.values.map(Record.finding)
        all += exports.values.map(Record.export)
        all += permits.values.map(Record.permit)
        all += coalitions.values.map(Record.coalition)
        all += itemUses.values.map(Record.itemUse)
        all += diversions.values.map(Record.diversion)
        all += assurances.values.map(Record.assurance)
        all += claims.values.map(Record.claim)
        return all.sorted { ($0.sortRank, $0.id) < ($1.sortRank, $1.id) }
    }

    /// Claims about an entity.
    public func claims(about id: String) -> [Claim] { claimsBySubject[id] ?? [] }

    /// When a claim became public (its earliest cited source's publication).
    public func publicFrom(_ claim: Claim) -> Day? { claim.publicFrom(sources: sources) }

    /// Looks up any entity by id.
    public func entity(_ id: String) -> (any EvidenceEntity)? {
        if let v = units[id] { return v }
        if let v = persons[id] { return v }
        if let v = locations[id] { return v }
        if let v = postings[id] { return v }
        if let v = relations[id] { return v }
        if let v = incidents[id] { return v }
        if let v = knowledge[id] { return v }
        if let v = accountability[id] { return v }
        if let v = findings[id] { return v }
        if let v = exports[id] { return v }
        if let v = permits[id] { return v }
        if let v = coalitions[id] { return v }
        if let v = itemUses[id] { return v }
        if let v = diversions[id] { return v }
        if let v = assurances[id] { return v }
        return nil
    }

    /// The evidence as it could be known on `day`: claims public after it are dropped, records whose
    /// every claim is later are dropped (units, persons and locations stay as identities), and an
    /// incident's casualty counts are the largest values its known `killed`/`injured` claims give.
    public func asKnown(on day: Day) -> EvidenceSnapshot {
        var cut = EvidenceSnapshot()
        cut.knownOn = day
        cut.sources = sources.filter { $0.value.publicFrom <= day }
        cut.claims = claims.filter { publicFrom($0.value).map { $0 <= day } ?? false }
        cut.reindexClaims()
        func known(_ id: String) -> Bool { !(cut.claimsBySubject[id]?.isEmpty ?? true) }
        cut.units = units
        cut.persons = persons
        cut.locations = locations
        cut.postings = postings.filter { known($0.key) }
        cut.relations = relations.filter { known($0.key) }
        cut.incidents = incidents.filter { known($0.key) }.mapValues { cut.withKnownCounts($0, original: self) }
        cut.knowledge = knowledge.filter { known($0.key) }
        cut.accountability = accountability.filter { known($0.key) }
        cut.findings = findings.filter { known($0.key) }
        cut.exports = exports.filter { known($0.key) }
        cut.permits = permits.filter { known($0.key) }
        cut.coalitions = coalitions.filter { known($0.key) }
        cut.itemUses = itemUses.filter { known($0.key) }
        cut.diversions = diversions.filter { known($0.key) }
        cut.assurances = assurances.filter { known($0.key) }
        return cut
    }

    private func withKnownCounts(_ incident: Incident, original: EvidenceSnapshot) -> Incident {
        incident.withKnownCounts(allClaims: original.claims(about: incident.id), knownClaims: claims(about: incident.id))
    }

    /// Incidents in a country whose cited window overlaps `from...to`, by start date then id.
    public func incidents(country: String?, from: Day?, to: Day?) -> [Incident] {
        incidents.values
            .filter { country == nil || $0.country == country }
            .filter { $0.range.citedWindowOverlaps(from: from, to: to) }
            .sorted { ($0.range.start?.earliestDay.ordinal ?? .min, $0.id) < ($1.range.start?.earliestDay.ordinal ?? .min, $1.id) }
    }
}
