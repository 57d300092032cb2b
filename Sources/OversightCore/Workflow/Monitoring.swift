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

    /// The cases a change touches: for claims, those `Reassessment.affected` names for any of them (same
    /// destination, claim public by the case's knowledge date); for `.all`, every case.
    public static func affected(by change: Change, cases: [MonitoredCase], index: EvidenceIndex) -> [Affected] {
        switch change {
        case .all:
            return cases.map { Affected(monitored: $0, claimIDs: []) }
        case .claims(let ids):
            var touched: [String: [String]] = [:]
            for id in Set(ids).sorted() {
                guard let claim = index.snapshot.claims[id] else { continue }
                for item in Reassessment.affected(by: claim, cases: cases, index: index) { touched[item.id, default: []].append(id) }
            }
            return cases.compactMap { item in touched[item.id].map { Affected(monitored: item, claimIDs: $0) } }
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
        affected(by: change, cases: cases, index: index).map { item in
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
