/// Where an application (and, once issued, its permit) stands in the licensing lifecycle (PRODUCT.md §D).
///
/// draft → submitted → screened → assessed → recommended → approved | denied → issued → expired;
/// an issued permit can be suspended (and reinstated) or revoked, with reasons.
public enum ApplicationState: String, Codable, Sendable, CaseIterable, Comparable {
    /// Being written by the applicant; only the applicant sees it.
    case draft
    /// Handed in; party screening runs next.
    case submitted
    /// Parties screened against the loaded lists.
    case screened
    /// Risk-assessed under every requested regime; waits for an officer's recommendation.
    case assessed
    /// An officer recommended an outcome; waits for a decision.
    case recommended
    /// Decided: approved (with the conditions recorded on the decision); waits for the permit to be issued.
    case approved
    /// Decided: denied. Final.
    case denied
    /// The permit is in force; shipments are recorded against its limits.
    case issued
    /// The permit is suspended (no shipments) until reinstated or revoked.
    case suspended
    /// The permit is revoked. Final.
    case revoked
    /// The permit ran out (or its limits were used up and an officer closed it). Final.
    case expired

    public static func < (lhs: ApplicationState, rhs: ApplicationState) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Label shown in lists and filters.
    public var label: String {
        switch self {
        case .draft: "Draft"
        case .submitted: "Submitted"
        case .screened: "Screened"
        case .assessed: "Assessed"
        case .recommended: "Recommended"
        case .approved: "Decided: approved"
        case .denied: "Decided: denied"
        case .issued: "Permit issued"
        case .suspended: "Permit suspended"
        case .revoked: "Permit revoked"
        case .expired: "Permit expired"
        }
    }

    /// No action leads out of this state.
    public var isFinal: Bool { Lifecycle.actions(from: self).isEmpty }

    /// Open applications (submitted, not yet decided): monitoring re-assesses them when evidence changes.
    public var isOpenApplication: Bool { [.submitted, .screened, .assessed, .recommended, .approved].contains(self) }

    /// A permit in force or suspended: monitoring re-assesses it too (ATT Art. 7.7).
    public var isLivePermit: Bool { self == .issued || self == .suspended }
}
