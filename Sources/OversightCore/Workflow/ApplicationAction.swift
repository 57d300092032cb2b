/// Something a user (or the system on their behalf) does to an application.
public enum ApplicationAction: String, Codable, Sendable, CaseIterable {
    /// Changes a draft's content.
    case updateDraft = "update-draft"
    /// Hands a draft in.
    case submit
    /// Records the party screening (run automatically on submission).
    case recordScreening = "record-screening"
    /// Records the risk assessment (run automatically after screening).
    case recordAssessment = "record-assessment"
    /// An officer's recommendation, with rationale.
    case recommend
    /// Decides: approve (with conditions), with rationale and the assessment relied on.
    case approve
    /// Decides: deny, with rationale and the assessment relied on.
    case deny
    /// Issues the permit of an approved application.
    case issue
    /// Records a shipment (quantity and value actually exported) against the permit.
    case recordShipment = "record-shipment"
    /// Suspends a permit, with a reason.
    case suspend
    /// Lifts a suspension, with a reason.
    case reinstate
    /// Revokes a permit, with a reason.
    case revoke
    /// Closes a permit that ran out or was used up.
    case expire

    /// Label shown on buttons and in the history.
    public var label: String {
        switch self {
        case .updateDraft: "Edit draft"
        case .submit: "Submit"
        case .recordScreening: "Screen parties"
        case .recordAssessment: "Assess"
        case .recommend: "Recommend"
        case .approve: "Approve"
        case .deny: "Deny"
        case .issue: "Issue permit"
        case .recordShipment: "Record shipment"
        case .suspend: "Suspend"
        case .reinstate: "Reinstate"
        case .revoke: "Revoke"
        case .expire: "Expire"
        }
    }
}
