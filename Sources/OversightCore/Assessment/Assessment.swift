/// What an assessment concludes for one regime.
public enum Verdict: String, Sendable, Codable, CaseIterable, Comparable {
    case approve
    case approveWithConditions = "approve-with-conditions"
    case refer
    case deny
    case prohibited

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A negative consequence a regime asks about, and the violation types that speak to it.
public struct Consequence: Sendable, Codable, Hashable {
    public var code: String
    public var regime: Regime
    public var title: String
    public var violationTypes: [String]

    static let humanRights = ["unlawful-killing", "torture", "enforced-disappearance", "sgbv", "excessive-force",
                              "arbitrary-detention", "unlawful-surveillance"]

    /// The consequences of EIPA s. 7.3(1)(b), ATT Art. 7.1(b) and 7.4, and EU Criterion 2(a) and 2(c).
    public static func all(for regime: Regime) -> [Consequence] {
        switch regime {
        case .eipa:
            return [
                Consequence(code: "EIPA 7.3(1)(b)(i)", regime: .eipa, title: "serious violation of international humanitarian law", violationTypes: ["ihl-attack"]),
                Consequence(code: "EIPA 7.3(1)(b)(ii)", regime: .eipa, title: "serious violation of international human rights law", violationTypes: humanRights),
                Consequence(code: "EIPA 7.3(1)(b)(iii)", regime: .eipa, title: "act constituting a terrorism offence", violationTypes: []),
                Consequence(code: "EIPA 7.3(1)(b)(iv)", regime: .eipa, title: "transnational organized crime offence", violationTypes: []),
                Consequence(code: "EIPA 7.3(1)(b)(v)", regime: .eipa, title: "serious acts of gender-based violence or violence against women and children", violationTypes: ["sgbv"]),
            ]
        case .att:
            return [
                Consequence(code: "ATT 7.1(b)(i)", regime: .att, title: "serious violation of international humanitarian law", violationTypes: ["ihl-attack"]),
                Consequence(code: "ATT 7.1(b)(ii)", regime: .att, title: "serious violation of international human rights law", violationTypes: humanRights),
                Consequence(code: "ATT 7.4", regime: .att, title: "serious acts of gender-based violence or violence against women and children", violationTypes: ["sgbv"]),
            ]
        case .eu:
            return [
                Consequence(code: "EU Criterion 2(a)", regime: .eu, title: "internal repression", violationTypes: humanRights),
                Consequence(code: "EU Criterion 2(c)", regime: .eu, title: "serious violations of international humanitarian law", violationTypes: ["ihl-attack"]),
            ]
        case .uk:
            return [
                Consequence(code: "UK Criterion 2(a)", regime: .uk, title: "internal repression", violationTypes: humanRights),
                Consequence(code: "UK Criterion 2(c)", regime: .uk, title: "serious violations of international humanitarian law", violationTypes: ["ihl-attack"]),
            ]
        case .us:
            return [
                Consequence(code: "US CAT: IHL", regime: .us, title: "serious violations of international humanitarian law (attacks on civilians, grave breaches)", violationTypes: ["ihl-attack"]),
                Consequence(code: "US CAT: human rights", regime: .us, title: "serious violations of international human rights law", violationTypes: humanRights),
            ]
        case .ca1986:
            return [
                Consequence(code: "CA 1986 guidelines", regime: .ca1986, title: "use against the civilian population", violationTypes: humanRights + ["ihl-attack"]),
            ]
        case .ch:
            return [
                Consequence(code: "CH KMV Art. 5(2)(b)", regime: .ch, title: "serious violations of human rights", violationTypes: humanRights),
                Consequence(code: "CH KMV Art. 5(2)(c)", regime: .ch, title: "use against the civilian population", violationTypes: ["ihl-attack", "unlawful-killing"]),
            ]
        case .national:
            return [
                Consequence(code: "Clear risk: repression", regime: .national, title: "violation or suppression of human rights", violationTypes: humanRights),
                Consequence(code: "Clear risk: IHL", regime: .national, title: "serious violations of international humanitarian law", violationTypes: ["ihl-attack"]),
            ]
        }
    }
}

/// A cited source, as an assessment shows it.
public struct SourceReference: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    public var publisher: String
    public var published: String
    public var url: String?
}

/// A claim behind a factor, with what a reader needs to check it.
public struct ClaimReference: Sendable, Codable, Hashable {
    public var id: String
    public var property: String?
    public var value: String?
    public var status: ClaimStatus
    public var confidence: Confidence
    public var publicFrom: String?
    public var sources: [SourceReference]
}

/// One incident of the pattern, with every factor of its weight and how it was computed.
public struct IncidentFactor: Sendable, Codable, Hashable {
    public var incidentID: String
    public var title: String
    public var date: String
    public var violations: [String]
    public var killed: Int?
    public var injured: Int?
    public var gravity: Double
    public var scale: Double
    public var credibility: Double
    public var credibilityReason: String
    public var ageYears: Double
    public var recency: Double
    public var attribution: Double
    public var attributionReason: String
    /// g × s × c × r × a.
    public var weight: Double
    /// Nexus level of each item's control entry to this incident's violations (the highest), by entry.
    public var nexus: [String: NexusLevel]
    public var claims: [ClaimReference]
}

/// An accountability event counted in the impunity score.
public struct AccountabilityFactor: Sendable, Codable, Hashable {
    public var eventID: String
    public var eventType: AccountabilityType
    public var title: String
    public var date: String
    public var weight: Double
    public var claims: [ClaimReference]
}

public struct MitigationFactor: Sendable, Codable, Hashable {
    public var code: String
    public var title: String
    /// The measure's effect on misuse (methodology).
    public var effect: Double
    /// 1 − impunity: how far the recipient's assurances can be relied on.
    public var credibility: Double
    /// effect × credibility: the share of risk removed.
    public var reduction: Double
    public var known: Bool
}

/// The risk of one negative consequence, raw and after mitigation.
public struct ConsequenceRisk: Sendable, Codable, Hashable {
    public var code: String
    public var regime: Regime
    public var title: String
    /// Σ of incident weights over the incidents whose violations speak to this consequence.
    public var pattern: Double
    /// Pattern-weighted nexus: Σ(weight × nexus) ÷ Σ weight, for the riskiest item.
    public var nexus: Double
    public var impunity: Double
    /// Σ(weight × nexus) × (0.5 + impunity).
    public var raw: Double
    public var rawLevel: RiskLevel
    public var mitigationApplied: Bool
    /// Π(1 − reduction) over the measures, or 1 where mitigation is not applied.
    public var mitigationFactor: Double
    public var residual: Double
    public var residualLevel: RiskLevel
    public var computation: String
}

public struct Prohibition: Sendable, Codable, Hashable {
    /// `ATT 6.1`, `ATT 6.3`, `EU Criterion 1`…
    public var basis: String
    public var text: String
    public var requiresFormalDetermination: Bool
}

public struct DiversionRisk: Sendable, Codable, Hashable {
    public var score: Double
    public var level: RiskLevel
    public var factors: [String]
}

/// One regime's conclusion and why.
public struct RegimeConclusion: Sendable, Codable, Hashable {
    public var regime: Regime
    public var verdict: Verdict
    /// The legal test applied.
    public var test: String
    /// The consequence that decided it and its residual level.
    public var decisiveConsequence: String?
    public var decisiveLevel: RiskLevel?
    public var reasons: [String]
    /// Method v2: whether the regime bound the exporter on the decision date. A regime asked for that was not in
    /// force is assessed for comparison only and does not count in the overall verdict.
    public var inForce: Bool? = nil
    /// Method v2: the version of the regime applied (`regimes.json`), and why it applies or does not.
    public var version: String? = nil
    public var status: String? = nil
    /// Method v2, when the verdict is deny or prohibited: the provisions the refusal rests on, as cited
    /// (`EU Criterion 2(a)`, `ATT 6.1`, `EU CP Criterion 7`…). The register's denial tables count them.
    public var grounds: [String]? = nil
}

/// A screening hit on a party, as the engine sees it.
public struct PartyHit: Sendable, Codable, Hashable {
    public var party: String
    public var role: String
    public var list: String
    public var entryID: String
    public var entryName: String
    public var score: Double
    /// The entry is on a UN list whose measures include an arms embargo.
    public var underArmsEmbargo: Bool

    public init(party: String, role: String, list: String, entryID: String, entryName: String, score: Double, underArmsEmbargo: Bool) {
        self.party = party
        self.role = role
        self.list = list
        self.entryID = entryID
        self.entryName = entryName
        self.score = score
        self.underArmsEmbargo = underArmsEmbargo
    }
}

/// Party screening as the engine consumes it; the screening module provides the implementation.
public protocol ScreeningHook: Sendable {
    /// Confirmed or unreviewed hits at or above the screener's threshold for one party.
    func hits(party: Party, role: String) -> [PartyHit]
}

/// The full, explainable result of assessing an application.
public struct Assessment: Sendable, Codable, Hashable {
    public var applicationID: String
    public var methodologyVersion: String
    /// Only evidence public by this day was used.
    public var knowledgeDate: String
    public var decisionDate: String
    /// SHA-256 over the application, the method and every evidence record about the destination known on the knowledge date.
    public var inputDigest: String
    /// Requested regime (`EIPA`, `ATT`, `EU`) → verdict.
    public var verdicts: [String: Verdict]
    public var conclusions: [RegimeConclusion]
    public var prohibitions: [Prohibition]
    public var screening: [PartyHit]
    public var embargoes: [String]
    public var endUserUnit: String?
    public var endUserResolution: String
    public var incidents: [IncidentFactor]
    public var impunity: Double
    public var accountability: [AccountabilityFactor]
    public var items: [String]
    public var consequences: [ConsequenceRisk]
    public var mitigations: [MitigationFactor]
    public var cannotMitigate: Bool
    public var cannotMitigateReason: String?
    public var diversion: DiversionRisk
    public var rationale: [String]
    /// Conditions the permit would carry (the mitigation measures) where the verdict allows approval.
    public var conditions: [String]
    /// Method v2: the strictest verdict of the regimes in force on the decision date.
    public var overallVerdict: Verdict? = nil
    /// Method v2: findings of competent bodies counted, with their weights.
    public var findings: [FindingFactor]? = nil
    /// Method v2: item-use evidence and what it did to the nexus.
    public var itemUse: [ItemUseFactor]? = nil
    /// Method v2: warnings about the application (undisclosed control entries, regimes not in force).
    public var flags: [String]? = nil
}

/// A finding of a competent body as method v2 counts it.
public struct FindingFactor: Sendable, Codable, Hashable {
    public var findingID: String
    public var title: String
    public var body: String
    public var bodyKind: FindingBodyKind
    public var strength: FindingStrength
    public var period: String
    public var violations: [String]
    public var killed: Int?
    public var injured: Int?
    public var incidentCount: Int?
    public var bodyWeight: Double
    public var strengthWeight: Double
    public var gravity: Double
    public var scale: Double
    public var credibility: Double
    public var recency: Double
    public var attribution: Double
    public var attributionReason: String
    public var weight: Double
    /// The pattern incidents the finding lists (their weight is not counted twice).
    public var coveredIncidents: [String]
    public var nexus: [String: NexusLevel]
    public var claims: [ClaimReference]
}

/// Item-use evidence as method v2 counts it.
public struct ItemUseFactor: Sendable, Codable, Hashable {
    public var itemUseID: String
    public var title: String
    public var date: String
    public var controlEntry: String?
    public var originState: String?
    public var found: Bool
    public var verified: Bool
    /// The application's entries it bears on.
    public var entries: [String]
    public var effect: String
    public var claims: [ClaimReference]
}
