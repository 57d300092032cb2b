import Foundation
import OversightCore
import OversightStore

/// The permit workflow as the web layer and the CLI use it: intent-named operations that check who may do
/// what (`Lifecycle`, `FourEyes`), validate input (`WorkflowError.invalid` with field errors), write through the
/// `WorkflowStore` with an audit entry in the same transaction, and run screening, assessment and monitoring.
///
/// Time and identifiers are injected (`now`, `makeID`) so that tests are reproducible.
public final class WorkflowService: Sendable {
    public let workflow: any WorkflowStore
    public let evidence: any Store
    public let screening: (any ScreeningStore)?
    public let configuration: WorkflowConfiguration
    public let engine: AssessmentEngine
    public let now: @Sendable () -> Date
    /// Makes a fresh identifier with a prefix (`app`, `user`, `permit`…).
    public let makeID: @Sendable (String) -> String

    public init(workflow: any WorkflowStore, evidence: any Store, screening: (any ScreeningStore)?,
                configuration: WorkflowConfiguration = .init(), engine: AssessmentEngine = AssessmentEngine(),
                now: @escaping @Sendable () -> Date = { Date() },
                makeID: @escaping @Sendable (String) -> String = WorkflowService.randomID) {
        self.workflow = workflow
        self.evidence = evidence
        self.screening = screening
        self.configuration = configuration
        self.engine = engine
        self.now = now
        self.makeID = makeID
    }

    /// The SQLite store serves all three roles.
    public convenience init(store: SQLiteStore, configuration: WorkflowConfiguration = .init(),
                            now: @escaping @Sendable () -> Date = { Date() },
                            makeID: @escaping @Sendable (String) -> String = WorkflowService.randomID) {
        self.init(workflow: store, evidence: store, screening: store, configuration: configuration, now: now, makeID: makeID)
    }

    /// `prefix-` and 16 random base-32 characters.
    public static func randomID(_ prefix: String) -> String { fatalError("not yet") }

    // MARK: - Users

    /// Creates a user. `password` nil: a random one is generated and returned (show it once). `actor` nil means
    /// the local operator (the CLI); otherwise only an administrator may create users.
    public func createUser(name: String, role: Role, password: String?, by actor: UserAccount?) async throws
        -> (user: UserAccount, generatedPassword: String?) { fatalError("not yet") }

    /// Every user, by name (administrators and auditors).
    public func users(by actor: UserAccount) async throws -> [UserAccount] { fatalError("not yet") }

    /// Changes a user's role or disables/enables them (administrators; not themselves).
    public func updateUser(id: String, role: Role?, disabled: Bool?, by actor: UserAccount) async throws -> UserAccount {
        fatalError("not yet")
    }

    /// Sets a new password (the user themself, or an administrator).
    public func setPassword(userID: String, password: String, by actor: UserAccount?) async throws { fatalError("not yet") }

    /// The user with this name and password; `.unauthenticated` otherwise (the same message whether the name or
    /// the password is wrong, or the user is disabled). Rate limiting is the web layer's job.
    public func authenticate(name: String, password: String) async throws -> UserAccount { fatalError("not yet") }

    // MARK: - Sessions and API tokens

    /// Starts a session: returns the token to put in the cookie (shown once; only its hash is stored).
    public func createSession(for user: UserAccount) async throws -> (token: String, session: Session) { fatalError("not yet") }

    /// The live session for a cookie token, or nil (unknown, expired, or the user disabled).
    public func session(token: String) async throws -> Session? { fatalError("not yet") }

    /// Signs out: the token stops working.
    public func endSession(token: String) async throws { fatalError("not yet") }

    /// Whether a form's CSRF token belongs to the session (constant-time comparison).
    public func isValidCSRF(_ presented: String, for session: Session) -> Bool { fatalError("not yet") }

    /// Creates an API token for `user` (themself, or an administrator for anyone; nil actor: the CLI operator).
    /// Returns the token, shown once.
    public func createAPIToken(for user: UserAccount, label: String, by actor: UserAccount?) async throws -> String {
        fatalError("not yet")
    }

    /// The user an API bearer token belongs to, or nil.
    public func user(forAPIToken token: String) async throws -> UserAccount? { fatalError("not yet") }

    // MARK: - Applications

    /// Starts a draft owned by `actor` (an applicant). The application's `id` is ignored and assigned; the input
    /// is validated (`.invalid` with field errors such as `destination`, `items[0].controlEntry`).
    public func createDraft(_ application: ExportApplication, by actor: UserAccount) async throws -> ApplicationRecord {
        fatalError("not yet")
    }

    /// Replaces a draft's content (its owner, while it is a draft).
    public func updateDraft(id: String, _ application: ExportApplication, by actor: UserAccount) async throws -> ApplicationRecord {
        fatalError("not yet")
    }

    /// Submits a draft, then screens its parties and assesses it on today's evidence (submitted → screened →
    /// assessed, each step audited). Returns the application with its screening and assessment.
    public func submit(id: String, by actor: UserAccount) async throws -> ApplicationDetail { fatalError("not yet") }

    /// An officer's recommendation on an assessed case, relying on its latest assessment.
    public func recommend(id: String, outcome: RecommendedOutcome, rationale: String, conditions: [String],
                          by actor: UserAccount) async throws -> ApplicationDetail { fatalError("not yet") }

    /// Decides a recommended case (four-eyes enforced). Records the rationale and the assessment relied on; an
    /// approval's conditions are the mitigation measures plus `conditions` (`PermitConditions`).
    public func decide(id: String, outcome: PermitDecision.Outcome, rationale: String, conditions: [String],
                       by actor: UserAccount) async throws -> ApplicationDetail { fatalError("not yet") }

    /// Issues the permit of an approved application, with the applied-for items as its limits. `expiresOn` nil:
    /// today plus `configuration.permitValidityDays`.
    public func issuePermit(applicationID: String, expiresOn: Day?, by actor: UserAccount) async throws -> Permit {
        fatalError("not yet")
    }

    /// Records a shipment against the permit of an application (the owning applicant, or an officer);
    /// `.limitExceeded` when it would pass the line's quantity or value limit.
    public func recordShipment(applicationID: String, line: Int, quantity: Int, value: Double, shippedOn: Day,
                               by actor: UserAccount) async throws -> Shipment { fatalError("not yet") }

    /// Suspends, reinstates, revokes or expires a permit, with a reason.
    public func changePermit(applicationID: String, action: ApplicationAction, reason: String,
                             by actor: UserAccount) async throws -> Permit { fatalError("not yet") }

    // MARK: - Monitoring

    /// Re-assesses the open applications and live permits a change touches (ATT Art. 7.7), records each new
    /// assessment, and raises an alert for each case that now reaches its regime's threshold. Returns the alerts.
    @discardableResult
    public func evidenceChanged(_ change: Monitoring.Change, actor: String = "system") async throws -> [MonitoringAlert] {
        fatalError("not yet")
    }

    /// Alerts (officers, senior reviewers, auditors, administrators).
    public func alerts(_ filter: AlertFilter, by actor: UserAccount) async throws -> [MonitoringAlert] { fatalError("not yet") }

    /// Acknowledges an alert with a note (officers and senior reviewers).
    public func acknowledgeAlert(id: String, note: String, by actor: UserAccount) async throws -> MonitoringAlert {
        fatalError("not yet")
    }

    /// Suspends the alert's permit with a reason and acknowledges the alert, in one transaction.
    public func suspendFromAlert(id: String, reason: String, by actor: UserAccount) async throws -> (alert: MonitoringAlert, permit: Permit) {
        fatalError("not yet")
    }

    // MARK: - Queries

    /// The dashboard for `user`.
    public func dashboard(for user: UserAccount) async throws -> Dashboard { fatalError("not yet") }

    /// A page of applications `user` may see (an applicant: their own only).
    public func applications(_ filter: ApplicationFilter, for user: UserAccount) async throws -> Page<ApplicationSummary> {
        fatalError("not yet")
    }

    /// One application with its full history, if `user` may see it (`.notFound` otherwise, so that applicants
    /// cannot probe for other applicants' ids).
    public func application(id: String, for user: UserAccount) async throws -> ApplicationDetail { fatalError("not yet") }

    /// Actions `user` may take on the application now (for buttons).
    public func availableActions(_ detail: ApplicationDetail, for user: UserAccount) -> [ApplicationAction] { fatalError("not yet") }

    /// A page of the audit log, newest first (auditors and administrators).
    public func auditLog(page: Int, perPage: Int, by actor: UserAccount) async throws -> Page<AuditEntry> { fatalError("not yet") }

    /// Checks the whole chain; names the first broken entry.
    public func verifyAudit() async throws -> AuditVerification { fatalError("not yet") }

    /// Writes the whole log, oldest first, in `format`, a chunk of text at a time.
    public func exportAudit(format: AuditExportFormat, write: (String) throws -> Void) async throws { fatalError("not yet") }
}
