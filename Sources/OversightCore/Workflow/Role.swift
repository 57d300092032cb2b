/// What a signed-in person may do. Anonymous visitors have no role: they see published reports and public
/// evidence only.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    /// An exporter: drafts and submits its own applications, records shipments against its own permits.
    case applicant
    /// An export-control officer: screens, assesses and recommends; decides cases assessed `approve`.
    case officer
    /// A senior reviewer: decides any case, including `refer` and `deny` ones an officer recommended.
    case seniorReviewer = "senior-reviewer"
    /// Reads everything, including the audit log; changes nothing.
    case auditor
    /// Manages users; reads everything.
    case administrator
    /// Curates evidence (sources, claims, incidents, units…); no access to applications.
    case researcher

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Label shown in forms and tables.
    public var label: String {
        switch self {
        case .applicant: "Applicant (exporter)"
        case .officer: "Officer"
        case .seniorReviewer: "Senior reviewer"
        case .auditor: "Auditor"
        case .administrator: "Administrator"
        case .researcher: "Researcher"
        }
    }
}
