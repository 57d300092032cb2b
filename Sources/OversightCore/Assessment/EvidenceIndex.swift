/// The evidence indexed for assessments: built once, then any number of applications can be assessed
/// against it at any knowledge date without rebuilding (claims public after the date are filtered on the fly).
public struct EvidenceIndex: Sendable {
    public let snapshot: EvidenceSnapshot
    public let command: CommandIndex
    /// Day each claim became public.
    public let claimDay: [String: Day]
    /// Incidents by country, by first day then id.
    public let incidentsByCountry: [String: [Incident]]
    /// Accountability events by the incident, unit or person ids they name.
    public let accountabilityByReference: [String: [AccountabilityEvent]]
    /// Findings by country.
    public let findingsByCountry: [String: [Finding]]
    /// Bundle v2: incidents by each state whose forces they are attributed to (the responsible state, the
    /// perpetrator units' countries, the members of the incident's coalition), by first day then id.
    public let incidentsByState: [String: [Incident]]
    /// Bundle v2: findings by each state concerned (`states`, else `country`, and the coalition's members).
    public let findingsByState: [String: [Finding]]
    /// Bundle v2: item use by the state whose forces used the goods.
    public let itemUsesByState: [String: [ItemUse]]
    /// Bundle v2: diversion records and assurances by recipient state.
    public let diversionsByRecipient: [String: [DiversionRecord]]
    public let assurancesByRecipient: [String: [Assurance]]
    /// Bundle v2: accountability events about a state's conduct as a whole.
    public let accountabilityByState: [String: [AccountabilityEvent]]
    /// Claims by subject, in `snapshot.claims(about:)` order, with the day each became public (`Int.max` when
    /// never): filtering by a knowledge date needs no lookup per claim.
    private let datedClaims: [String: [DatedClaim]]

    private struct DatedClaim: Sendable {
        let day: Int
        let claim: Claim
    }

    public init(snapshot: EvidenceSnapshot) {
        self.snapshot = snapshot
        command = CommandIndex(snapshot: snapshot)
        var days: [String: Day] = [:]
        for claim in snapshot.claims.values { days[claim.id] = snapshot.publicFrom(claim) }
        claimDay = days
        datedClaims = snapshot.claimsBySubject.mapValues { claims in
            claims.map { DatedClaim(day: days[$0.id]?.ordinal ?? Int.max, claim: $0) }
        }
        var byCountry: [String: [Incident]] = [:]
        for incident in snapshot.incidents.values { byCountry[incident.country, default: []].append(incident) }
        incidentsByCountry = byCountry.mapValues { list in
            list.sorted { ($0.firstDay?.ordinal ?? .min, $0.id) < ($1.firstDay?.ordinal ?? .min, $1.id) }
        }
        var byReference: [String: [AccountabilityEvent]] = [:]
        for event in snapshot.accountability.values {
            for id in Set(event.incidents + event.units + event.persons) { byReference[id, default: []].append(event) }
        }
        accountabilityByReference = byReference.mapValues { $0.sorted { $0.id < $1.id } }
        var findings: [String: [Finding]] = [:]
        for finding in snapshot.findings.values { findings[finding.country, default: []].append(finding) }
        findingsByCountry = findings.mapValues { $0.sorted { $0.id < $1.id } }

        func members(_ coalition: String?) -> [String] {
            coalition.flatMap { snapshot.coalitions[$0] }.map { $0.members.map(\.state) } ?? []
        }
        var byState: [String: [Incident]] = [:]
        for incident in snapshot.incidents.values {
            // Each state once per incident (a responsible state may also be a coalition member).
            for state in Set(incident.attributedStates(units: snapshot.units) + members(incident.coalition)) where !state.isEmpty {
                byState[state, default: []].append(incident)
            }
        }
        incidentsByState = byState.mapValues { list in
            list.sorted { ($0.firstDay?.ordinal ?? .min, $0.id) < ($1.firstDay?.ordinal ?? .min, $1.id) }
        }
        var findingStates: [String: [Finding]] = [:]
        for finding in snapshot.findings.values {
            for state in Set(finding.concernedStates + members(finding.coalition)) { findingStates[state, default: []].append(finding) }
        }
        findingsByState = findingStates.mapValues { $0.sorted { $0.id < $1.id } }
        itemUsesByState = Dictionary(grouping: snapshot.itemUses.values, by: \.state).mapValues { $0.sorted { $0.id < $1.id } }
        diversionsByRecipient = Dictionary(grouping: snapshot.diversions.values, by: \.recipient).mapValues { $0.sorted { $0.id < $1.id } }
        assurancesByRecipient = Dictionary(grouping: snapshot.assurances.values, by: \.recipient).mapValues { $0.sorted { $0.id < $1.id } }
        var accountabilityStates: [String: [AccountabilityEvent]] = [:]
        for event in snapshot.accountability.values { if let state = event.state { accountabilityStates[state, default: []].append(event) } }
        accountabilityByState = accountabilityStates.mapValues { $0.sorted { $0.id < $1.id } }
    }

    /// Whether a record has a claim public by `day`.
    public func isKnown(_ id: String, on day: Day) -> Bool {
        command.firstPublic[id].map { $0 <= day } ?? false
    }

    /// Claims about a record public by `day`, by id.
    public func knownClaims(about id: String, on day: Day) -> [Claim] {
        guard let dated = datedClaims[id] else { return [] }
        let cut = day.ordinal
        var known: [Claim] = []
        known.reserveCapacity(dated.count)
        for entry in dated where entry.day <= cut { known.append(entry.claim) }
        return known
    }

    /// A claim with its sources public by `knownOn`, for reports (a source published later was not there to read).
    public func reference(_ claim: Claim, knownOn: Day) -> ClaimReference {
        var seen: Set<String> = []
        let sources = claim.citations.compactMap { citation -> SourceReference? in
            guard seen.insert(citation.source).inserted, let source = snapshot.sources[citation.source],
                  source.publicFrom <= knownOn else { return nil }
            return SourceReference(id: source.id, title: source.title, publisher: source.publisher,
                                   published: source.published.description, url: citation.url ?? source.url)
        }
        return ClaimReference(id: claim.id, property: claim.property, value: claim.value, status: claim.status,
                              confidence: claim.confidence, publicFrom: claimDay[claim.id]?.description, sources: sources)
    }
}

extension Incident {
    /// The first day the incident may have happened on.
    public var firstDay: Day? { range.start?.earliestDay ?? range.end?.earliestDay }

    /// The state whose forces did it: `responsibleState`, else `country` when `stateForces` and no coalition is
    /// named (a coalition's incident is its members').
    public var effectiveResponsibleState: String? { responsibleState ?? (stateForces && coalition == nil ? country : nil) }

    /// Every state the incident is attributed to by its own fields: the responsible state and the countries of
    /// its perpetrator units (coalition members are added by the index).
    public func attributedStates(units: [String: Unit]) -> [String] {
        var states: [String] = effectiveResponsibleState.map { [$0] } ?? []
        for id in perpetratorUnits { if let country = units[id]?.country, !states.contains(country) { states.append(country) } }
        return states
    }
}
