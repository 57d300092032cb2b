/// The transition table of the licensing lifecycle and who may take each step. Pure: the service asks it
/// before every write, and the web layer asks it which buttons to show.
public enum Lifecycle {
    /// One row of the table: from which states an action may be taken, the state it leads to (nil: the state
    /// does not change), the roles allowed, and whether an applicant must own the application.
    public struct Rule: Sendable, Hashable {
        public var action: ApplicationAction
        public var from: Set<ApplicationState>
        public var to: ApplicationState?
        public var roles: Set<Role>
        /// An applicant may act only on their own applications.
        public var applicantMustOwn: Bool
    }

    /// The whole table.
    public static let rules: [ApplicationAction: Rule] = {
        let staff: Set<Role> = [.officer, .seniorReviewer]
        let table: [Rule] = [
            Rule(action: .updateDraft, from: [.draft], to: nil, roles: [.applicant], applicantMustOwn: true),
            Rule(action: .submit, from: [.draft], to: .submitted, roles: [.applicant], applicantMustOwn: true),
            // Screening and assessment run on submission, in the submitter's name; officers can re-run them.
            Rule(action: .recordScreening, from: [.submitted], to: .screened, roles: staff.union([.applicant]), applicantMustOwn: true),
            Rule(action: .recordAssessment, from: [.screened], to: .assessed, roles: staff.union([.applicant]), applicantMustOwn: true),
            Rule(action: .recommend, from: [.assessed], to: .recommended, roles: staff, applicantMustOwn: false),
            Rule(action: .approve, from: [.recommended], to: .approved, roles: staff, applicantMustOwn: false),
            Rule(action: .deny, from: [.recommended], to: .denied, roles: staff, applicantMustOwn: false),
            Rule(action: .issue, from: [.approved], to: .issued, roles: staff, applicantMustOwn: false),
            Rule(action: .recordShipment, from: [.issued], to: nil, roles: [.applicant, .officer], applicantMustOwn: true),
            Rule(action: .suspend, from: [.issued], to: .suspended, roles: staff, applicantMustOwn: false),
            Rule(action: .reinstate, from: [.suspended], to: .issued, roles: [.seniorReviewer], applicantMustOwn: false),
            Rule(action: .revoke, from: [.issued, .suspended], to: .revoked, roles: [.seniorReviewer], applicantMustOwn: false),
            Rule(action: .expire, from: [.issued, .suspended], to: .expired, roles: staff, applicantMustOwn: false),
        ]
        return Dictionary(uniqueKeysWithValues: table.map { ($0.action, $0) })
    }()

    /// The state `action` leads to from `state`, or nil when the action is not allowed there.
    public static func next(from state: ApplicationState, by action: ApplicationAction) -> ApplicationState? {
        guard let rule = rules[action], rule.from.contains(state) else { return nil }
        return rule.to ?? state
    }

    /// Actions that may be taken from `state` (by anyone).
    public static func actions(from state: ApplicationState) -> [ApplicationAction] {
        ApplicationAction.allCases.filter { rules[$0]!.from.contains(state) }
    }

    /// Actions `actor` may take on an application in `state` owned by `applicantID`.
    public static func actions(from state: ApplicationState, for actor: UserAccount, applicantID: String) -> [ApplicationAction] {
        actions(from: state).filter { (try? authorize($0, state: state, actor: actor, applicantID: applicantID)) != nil }
    }

    /// Checks that `actor` may take `action` on an application in `state` owned by `applicantID`, and returns
    /// the state it leads to. Throws `WorkflowError` `.forbidden` or `.invalidTransition` otherwise.
    @discardableResult
    public static func authorize(_ action: ApplicationAction, state: ApplicationState, actor: UserAccount,
                                 applicantID: String) throws -> ApplicationState {
        let rule = rules[action]!
        guard !actor.disabled, rule.roles.contains(actor.role) else {
            throw WorkflowError(.forbidden, "a user with role \(actor.role.rawValue) may not \(action.rawValue) an application")
        }
        if actor.role == .applicant, rule.applicantMustOwn, actor.id != applicantID {
            throw WorkflowError(.forbidden, "only the applicant who owns the application may \(action.rawValue) it")
        }
        guard let next = next(from: state, by: action) else {
            let allowed = rule.from.sorted().map(\.rawValue).joined(separator: ", ")
            throw WorkflowError(.invalidTransition,
                                "cannot \(action.rawValue) an application that is \(state.rawValue); allowed from: \(allowed)")
        }
        return next
    }
}
