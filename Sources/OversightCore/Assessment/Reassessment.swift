/// An application or permit under monitoring (ATT Art. 7.7): what was assessed, as known when.
public struct MonitoredCase: Sendable, Hashable {
    public var id: String
    public var application: ExportApplication
    /// The knowledge date the case is re-assessed at (today, for open applications and active permits).
    public var knowledgeDate: Day
    /// The verdicts it had before the change.
    public var previousVerdicts: [String: Verdict]

    public init(id: String, application: ExportApplication, knowledgeDate: Day, previousVerdicts: [String: Verdict] = [:]) {
        self.id = id
        self.application = application
        self.knowledgeDate = knowledgeDate
        self.previousVerdicts = previousVerdicts
    }
}

/// The outcome of re-assessing one case after a change.
public struct ReassessmentResult: Sendable, Hashable {
    public var caseID: String
    public var previousVerdicts: [String: Verdict]
    public var assessment: Assessment
    /// Regimes whose verdict changed, and those that now reach their regime's threshold (deny or prohibited).
    public var changedRegimes: [String]
    public var reachesThreshold: [String]
}

/// Finds the cases whose inputs a changed claim touches and re-assesses only those.
public enum Reassessment {
    /// The destination countries a record bears on: its own country, its units' and incidents' countries,
    /// or, for a person, the countries of the units they held posts in.
    public static func countries(of id: String, in snapshot: EvidenceSnapshot) -> Set<String> {
        func unitCountry(_ unit: String) -> String? { snapshot.units[unit]?.country }
        func members(_ coalition: String?) -> [String] { coalition.flatMap { snapshot.coalitions[$0] }?.members.map(\.state) ?? [] }
        // Bundle v2: whose forces a record concerns, wherever it happened.
        // (The assessment counts them for those states, not for the country where they happened.)
        if let incident = snapshot.incidents[id] {
            return Set(incident.attributedStates(units: snapshot.units) + members(incident.coalition))
        }
        if let finding = snapshot.findings[id] {
            return Set(finding.concernedStates + members(finding.coalition) + finding.units.compactMap(unitCountry))
        }
        if let coalition = snapshot.coalitions[id] { return Set(coalition.members.map(\.state)) }
        if let entity = snapshot.entity(id), let country = entity.countryCode { return [country] }
        if let posting = snapshot.postings[id] { return Set([unitCountry(posting.unit)].compactMap { $0 }) }
        if let relation = snapshot.relations[id] { return Set([unitCountry(relation.unit), unitCountry(relation.related)].compactMap { $0 }) }
        if snapshot.persons[id] != nil {
            return Set(snapshot.postings.values.filter { $0.person == id }.compactMap { unitCountry($0.unit) })
        }
        if let event = snapshot.knowledge[id] {
            return Set(event.units.compactMap(unitCountry) + event.incidents.compactMap { snapshot.incidents[$0]?.country }
                       + event.persons.flatMap { countries(of: $0, in: snapshot) })
        }
        if let event = snapshot.accountability[id] {
            return Set(event.units.compactMap(unitCountry) + event.incidents.compactMap { snapshot.incidents[$0]?.country }
                       + event.persons.flatMap { countries(of: $0, in: snapshot) })
        }
        return []
    }

    /// The cases a claim touches: same destination, and the claim public by the case's knowledge date.
    public static func affected(by claim: Claim, cases: [MonitoredCase], index: EvidenceIndex) -> [MonitoredCase] {
        let destinations = countries(of: claim.subject, in: index.snapshot)
        guard !destinations.isEmpty else { return [] }
        let published = index.claimDay[claim.id] ?? index.snapshot.publicFrom(claim)
        return cases.filter { item in
            destinations.contains(item.application.destination) && (published.map { $0 <= item.knowledgeDate } ?? false)
        }
    }

    /// Re-assesses the cases the claim touches, against the evidence as it now stands (`index` includes the claim).
    public static func reassess(after claim: Claim, cases: [MonitoredCase], index: EvidenceIndex,
                                engine: AssessmentEngine = AssessmentEngine()) -> [ReassessmentResult] {
        ParallelMap.map(affected(by: claim, cases: cases, index: index)) { item in
            let assessment = engine.assess(item.application, index: index, asOf: item.knowledgeDate)
            let regimes = assessment.verdicts.keys.sorted()
            return ReassessmentResult(
                caseID: item.id, previousVerdicts: item.previousVerdicts, assessment: assessment,
                changedRegimes: regimes.filter { item.previousVerdicts[$0] != assessment.verdicts[$0] },
                reachesThreshold: regimes.filter { assessment.verdicts[$0]! >= .deny && (item.previousVerdicts[$0] ?? .approve) < .deny })
        }
    }
}
