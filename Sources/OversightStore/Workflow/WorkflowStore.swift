import Foundation
import OversightCore

/// One write of the workflow. A `WorkflowStore.commit` applies a list of them in one transaction.
public enum WorkflowChange: Sendable, Hashable {
    case insertUser(UserAccount, passwordHash: String)
    /// Replaces name, role and disabled; the password hash too when given.
    case updateUser(UserAccount, passwordHash: String?)
    case insertSession(SessionRecord)
    case deleteSession(tokenHash: String)
    case insertAPIToken(APITokenRecord)
    case deleteAPIToken(tokenHash: String)
    case insertApplication(ApplicationRecord)
    /// Replaces the application; fails with `.conflict` unless it is still in `expectedState` (someone else acted first).
    case updateApplication(ApplicationRecord, expectedState: ApplicationState)
    case insertScreening(ScreeningRecord)
    case insertAssessment(AssessmentRecord)
    case insertRecommendation(Recommendation)
    case insertDecision(DecisionRecord)
    case insertPermit(Permit)
    /// Fails with `.conflict` unless the permit is still in `expectedState`.
    case updatePermit(Permit, expectedState: PermitState)
    /// Checked against the permit's limits and earlier shipments inside the transaction (`ShipmentCheck`).
    case insertShipment(Shipment)
    case insertAlert(MonitoringAlert)
    /// Records an acknowledgement; fails with `.conflict` when already acknowledged.
    case acknowledgeAlert(id: String, by: String, at: Date, note: String)
}

/// Everything about one application, read in one transaction.
public struct ApplicationDetail: Sendable, Hashable {
    public var record: ApplicationRecord
    /// Newest first.
    public var screenings: [ScreeningRecord]
    /// Newest first.
    public var assessments: [AssessmentRecord]
    /// Newest first.
    public var recommendations: [Recommendation]
    /// Newest first.
    public var decisions: [DecisionRecord]
    public var permit: Permit?
    /// Oldest first.
    public var shipments: [Shipment]
    /// Newest first.
    public var alerts: [MonitoringAlert]
    /// Audit entries whose subject is the application or its permit, oldest first.
    public var history: [AuditEntry]

    public init(record: ApplicationRecord, screenings: [ScreeningRecord] = [], assessments: [AssessmentRecord] = [],
                recommendations: [Recommendation] = [], decisions: [DecisionRecord] = [], permit: Permit? = nil,
                shipments: [Shipment] = [], alerts: [MonitoringAlert] = [], history: [AuditEntry] = []) {
        self.record = record
        self.screenings = screenings
        self.assessments = assessments
        self.recommendations = recommendations
        self.decisions = decisions
        self.permit = permit
        self.shipments = shipments
        self.alerts = alerts
        self.history = history
    }

    /// The assessment decisions rely on: the newest.
    public var latestAssessment: AssessmentRecord? { assessments.first }
    public var latestRecommendation: Recommendation? { recommendations.first }
    public var decision: DecisionRecord? { decisions.first }
    /// Shipped so far, per permit line.
    public var utilisation: [Int: ShipmentCheck.Utilisation] { ShipmentCheck.utilisation(shipments) }
}

/// A case monitoring re-assesses: an open application or a live permit, with its latest verdicts.
public struct MonitoredRecord: Sendable, Hashable {
    public var record: ApplicationRecord
    public var permitID: String?

    public init(record: ApplicationRecord, permitID: String?) {
        self.record = record
        self.permitID = permitID
    }
}

/// Which alerts to list.
public struct AlertFilter: Sendable, Hashable {
    /// nil: both.
    public var acknowledged: Bool?
    public var applicationID: String?
    public var limit: Int
    public var offset: Int

    public init(acknowledged: Bool? = nil, applicationID: String? = nil, limit: Int = 50, offset: Int = 0) {
        self.acknowledged = acknowledged
        self.applicationID = applicationID
        self.limit = limit
        self.offset = offset
    }
}

/// Where the workflow lives: users, sessions, API tokens, applications and everything recorded on them, and
/// the hash-chained audit log. Every adapter promises the same behaviour:
///
/// - `commit` applies its changes and appends its audit entries in ONE transaction: all or nothing, and no write
///   without its audit entry. The store numbers the entries and chains their hashes (`AuditChain`) inside the
///   transaction, so concurrent writers cannot fork the chain.
/// - Errors a user can act on are `WorkflowError`s (`.conflict` for a taken name or a stale expected state,
///   `.notFound`, `.limitExceeded`); others are `StoreError`s.
public protocol WorkflowStore: Sendable {
    /// Applies `changes` and appends one audit entry per draft, in one transaction. Returns the appended entries.
    @discardableResult
    func commit(_ changes: [WorkflowChange], audit: [AuditDraft]) async throws -> [AuditEntry]

    // MARK: Users, sessions, tokens

    func user(id: String) async throws -> UserAccount?
    /// By sign-in name, exactly.
    func user(named name: String) async throws -> UserAccount?
    /// The user and their bcrypt hash, for signing in.
    func credentials(named name: String) async throws -> (user: UserAccount, passwordHash: String)?
    /// Every user, by name.
    func users() async throws -> [UserAccount]
    func session(tokenHash: String) async throws -> SessionRecord?
    /// The session and its user in one read (every signed-in request asks this).
    func sessionAndUser(tokenHash: String) async throws -> (session: SessionRecord, user: UserAccount)?
    func apiToken(tokenHash: String) async throws -> APITokenRecord?
    /// Removes sessions that expired before `date` (not audited: housekeeping, not a user's write). Returns how many.
    func deleteExpiredSessions(before date: Date) async throws -> Int

    // MARK: Sign-in attempts (not audited: rate limiting, not a user's write)

    /// Decides a sign-in attempt for `account` from `address` at `date` under `limits` and, when it is allowed,
    /// records it, in one transaction serialised with every other node's attempts, so that the limits hold across
    /// all servers on this database. Attempts that have left the window are deleted on the way. Returns the
    /// refusal, or nil when the attempt was allowed and recorded.
    func recordSignInAttempt(account: String, address: String, at date: Date, limits: SignInLimits) async throws -> SignInRefusal?
    /// A successful sign-in: the account's recorded attempts no longer count against it.
    func clearSignInAttempts(account: String) async throws

    // MARK: Applications

    func application(id: String) async throws -> ApplicationRecord?
    /// The application with everything recorded on it, or nil.
    func applicationDetail(id: String) async throws -> ApplicationDetail?
    /// A page of applications, newest update first.
    func applications(_ filter: ApplicationFilter) async throws -> Page<ApplicationSummary>
    /// Applications per state (states with none are absent), under the filter's applicant when set.
    func applicationCounts(applicantID: String?) async throws -> [ApplicationState: Int]
    func permit(id: String) async throws -> Permit?
    func permit(applicationID: String) async throws -> Permit?
    func shipments(permitID: String) async throws -> [Shipment]
    /// Latest decisions first; only on this applicant's applications when given.
    func recentDecisions(limit: Int, applicantID: String?) async throws -> [DecisionRecord]
    /// Open applications (submitted to approved) and live permits (issued, suspended), for monitoring.
    func monitoredCases() async throws -> [MonitoredRecord]

    // MARK: Alerts

    func alert(id: String) async throws -> MonitoringAlert?
    /// Newest first.
    func alerts(_ filter: AlertFilter) async throws -> [MonitoringAlert]

    // MARK: Audit log

    /// Entries with `seq > after`, in order, at most `limit`.
    func auditEntries(after seq: Int, limit: Int) async throws -> [AuditEntry]
    /// How many entries the log holds.
    func auditCount() async throws -> Int

    /// A counter every `commit` with changes moves, in any process or web node on this database: a page built
    /// at revision R is current while this still reads R.
    func workflowRevision() async throws -> Int
}

extension WorkflowStore {
    /// Latest decisions first, on any application.
    public func recentDecisions(limit: Int) async throws -> [DecisionRecord] { try await recentDecisions(limit: limit, applicantID: nil) }
}
