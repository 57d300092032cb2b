import Foundation

/// Continuous monitoring (ATT Art. 7.7): which open cases a change touches, and which of them now reach their
/// regime's threshold. Pure: the service supplies the cases, the index and the clock.
public enum Monitoring {
    /// What changed in the evidence base.
    public enum Change: Sendable, Hashable {
        /// These claims were added or replaced.
        case claims([String])
        /// Unknown extent (e.g. a bulk import): every monitored case is re-assessed.
        case all

        /// In words, for the alert.
        public var summary: String {
            switch self {
            case .all: return "the evidence base was re-imported"
            case .claims(let ids):
                let shown = ids.prefix(5).joined(separator: ", ")
                return "\(ids.count) claim\(ids.count == 1 ? "" : "s") added or changed: \(shown)\(ids.count > 5 ? ", …" : "")"
            }
        }
    }

    /// A case the change touches, with the claims that touch it.
    public struct Affected: Sendable, Hashable {
        public var monitored: MonitoredCase
        public var claimIDs: [String]
    }

    /// At most this many claim ids are kept per alert (the change summary gives the total).
    public static let claimsListed = 50

    /// The cases a change touches: for claims, those `Reassessment.affected` would name for any of them (same
    /// destination, claim public by the case's knowledge date); for `.all`, every case.
    ///
    /// Claims are grouped by the countries they bear on first, so a large import costs one pass over its claims
    /// plus one per case, not claims × cases.
    public static func affected(by change: Change, cases: [MonitoredCase], index: EvidenceIndex) -> [Affected] {
        guard case .claims(let ids) = change else { return cases.map { Affected(monitored: $0, claimIDs: []) } }
        let destinations = Set(cases.map(\.application.destination))
        var countriesOf: [String: Set<String>] = [:]
        var byCountry: [String: [(day: Day, id: String)]] = [:]
        for id in Set(ids) {
            guard let claim = index.snapshot.claims[id],
                  let published = index.claimDay[claim.id] ?? index.snapshot.publicFrom(claim) else { continue }
            let countries: Set<String>
            if let known = countriesOf[claim.subject] {
                countries = known
            } else {
                countries = Reassessment.countries(of: claim.subject, in: index.snapshot)
                countriesOf[claim.subject] = countries
            }
            for country in countries where destinations.contains(country) { byCountry[country, default: []].append((published, id)) }
        }
        for country in byCountry.keys { byCountry[country]!.sort { ($0.day, $0.id) < ($1.day, $1.id) } }
        return cases.compactMap { item in
            guard let claims = byCountry[item.application.destination] else { return nil }
            let known = claims.prefix { $0.day <= item.knowledgeDate }
            guard !known.isEmpty else { return nil }
            return Affected(monitored: item, claimIDs: known.map(\.id).sorted().prefix(claimsListed).map { $0 })
        }
    }

    /// Regimes whose new verdict reaches the threshold (deny or prohibited) when the previous one did not.
    public static func crossings(previous: [String: Verdict], new: [String: Verdict]) -> [String] {
        new.keys.sorted().filter { new[$0]! >= .deny && (previous[$0] ?? .approve) < .deny }
    }

    /// Re-assesses every affected case against the evidence as it now stands and returns the results (the same
    /// shape as `Reassessment.reassess`), one per case.
    public static func reassess(_ change: Change, cases: [MonitoredCase], index: EvidenceIndex,
                                engine: AssessmentEngine) -> [(result: ReassessmentResult, claimIDs: [String])] {
        ParallelMap.map(affected(by: change, cases: cases, index: index)) { item in
            let assessment = engine.assess(item.monitored.application, index: index, asOf: item.monitored.knowledgeDate)
            let previous = item.monitored.previousVerdicts
            let regimes = assessment.verdicts.keys.sorted()
            let result = ReassessmentResult(
                caseID: item.monitored.id, previousVerdicts: previous, assessment: assessment,
                changedRegimes: regimes.filter { previous[$0] != assessment.verdicts[$0] },
                reachesThreshold: crossings(previous: previous, new: assessment.verdicts))
            return (result, item.claimIDs)
        }
    }
}

/// A decision's permit conditions: the conditions the assessment sets, then every recognised mitigation measure
/// the applicant proposed (each becomes a condition the exporter must meet), then any the decider adds; without
/// duplicates, in that order.
public enum PermitConditions {
    public static func conditions(assessment: Assessment, added: [String]) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        let measures = assessment.mitigations.filter(\.known).map(\.title)
        for condition in assessment.conditions + measures + added {
            let trimmed = condition.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, seen.insert(trimmed.lowercased()).inserted else { continue }
            result.append(trimmed)
        }
        return result
    }
}
