import Foundation

/// The party screening of an application, as run on submission.
public struct ScreeningRecord: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var applicationID: String
    public var at: Date
    /// Hits per party, with the list entry and score (explanations are in the assessment's screening step).
    public var hits: [PartyHit]
    /// How many list entries were screened against (0: no list loaded).
    public var entriesScreened: Int

    public init(id: String, applicationID: String, at: Date, hits: [PartyHit], entriesScreened: Int) {
        self.id = id
        self.applicationID = applicationID
        self.at = at
        self.hits = hits
        self.entriesScreened = entriesScreened
    }
}

/// Why an assessment was made.
public enum AssessmentTrigger: String, Codable, Sendable, Hashable {
    /// On submission.
    case submission
    /// Continuous monitoring after evidence changed.
    case monitoring
    /// An officer asked for a fresh one.
    case request
}

/// A stored assessment: the full report and what it rests on.
public struct AssessmentRecord: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var applicationID: String
    public var at: Date
    public var trigger: AssessmentTrigger
    public var knowledgeDate: Day
    /// `report.inputDigest`: SHA-256 over the application, method and evidence it used.
    public var inputDigest: String
    public var verdicts: [String: Verdict]
    public var report: Assessment

    public init(id: String, applicationID: String, at: Date, trigger: AssessmentTrigger, knowledgeDate: Day, report: Assessment) {
        self.id = id
        self.applicationID = applicationID
        self.at = at
        self.trigger = trigger
        self.knowledgeDate = knowledgeDate
        self.inputDigest = report.inputDigest
        self.verdicts = report.verdicts
        self.report = report
    }
}

/// What an officer recommends.
public enum RecommendedOutcome: String, Codable, Sendable, Hashable, CaseIterable {
    case approve, deny
}

/// An officer's recommendation.
public struct Recommendation: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var applicationID: String
    public var officerID: String
    public var officerName: String
    public var at: Date
    public var outcome: RecommendedOutcome
    public var rationale: String
    /// The assessment the recommendation relied on.
    public var assessmentID: String
    public var conditions: [String]

    public init(id: String, applicationID: String, officerID: String, officerName: String, at: Date, outcome: RecommendedOutcome,
                rationale: String, assessmentID: String, conditions: [String]) {
        self.id = id
        self.applicationID = applicationID
        self.officerID = officerID
        self.officerName = officerName
        self.at = at
        self.outcome = outcome
        self.rationale = rationale
        self.assessmentID = assessmentID
        self.conditions = conditions
    }
}

/// A licensing decision: who, the outcome, the rationale, and the assessment relied on.
public struct DecisionRecord: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var applicationID: String
    public var deciderID: String
    public var deciderName: String
    public var at: Date
    public var outcome: PermitDecision.Outcome
    public var rationale: String
    public var assessmentID: String
    /// The relied-on assessment's input digest.
    public var assessmentDigest: String
    /// The verdicts of the assessment relied on.
    public var verdicts: [String: Verdict]
    /// The permit's conditions: the mitigation measures plus any the decider added.
    public var conditions: [String]

    public init(id: String, applicationID: String, deciderID: String, deciderName: String, at: Date, outcome: PermitDecision.Outcome,
                rationale: String, assessmentID: String, assessmentDigest: String, verdicts: [String: Verdict], conditions: [String]) {
        self.id = id
        self.applicationID = applicationID
        self.deciderID = deciderID
        self.deciderName = deciderName
        self.at = at
        self.outcome = outcome
        self.rationale = rationale
        self.assessmentID = assessmentID
        self.assessmentDigest = assessmentDigest
        self.verdicts = verdicts
        self.conditions = conditions
    }
}

/// A monitoring alert: evidence changed and a case now reaches its regime's threshold (ATT Art. 7.7).
public struct MonitoringAlert: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var applicationID: String
    /// Set when the case is an issued (or suspended) permit.
    public var permitID: String?
    public var raisedAt: Date
    /// What changed, in words (e.g. "3 claims added or changed: claim:…").
    public var change: String
    /// The changed claims that made the case affected.
    public var claimIDs: [String]
    /// Regimes that now reach the threshold.
    public var regimes: [String]
    public var previousVerdicts: [String: Verdict]
    public var newVerdicts: [String: Verdict]
    /// The monitoring assessment (its report holds the evidence).
    public var assessmentID: String
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?
    public var note: String?

    public init(id: String, applicationID: String, permitID: String?, raisedAt: Date, change: String, claimIDs: [String],
                regimes: [String], previousVerdicts: [String: Verdict], newVerdicts: [String: Verdict], assessmentID: String,
                acknowledgedBy: String? = nil, acknowledgedAt: Date? = nil, note: String? = nil) {
        self.id = id
        self.applicationID = applicationID
        self.permitID = permitID
        self.raisedAt = raisedAt
        self.change = change
        self.claimIDs = claimIDs
        self.regimes = regimes
        self.previousVerdicts = previousVerdicts
        self.newVerdicts = newVerdicts
        self.assessmentID = assessmentID
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
        self.note = note
    }

    public var isAcknowledged: Bool { acknowledgedAt != nil }
}
