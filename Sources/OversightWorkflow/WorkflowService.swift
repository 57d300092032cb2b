import Foundation
import HummingbirdBcrypt
import OversightCore
import OversightStore
import Synchronization

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
    let cache = EvidenceCache()
    /// A bcrypt hash to check wrong user names against, so that a missing user takes as long as a wrong password.
    private let decoyHash = Mutex<String?>(nil)

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

    /// One database (SQLite or PostgreSQL) serves all three roles.
    public convenience init(store: any DatabaseStore, configuration: WorkflowConfiguration = .init(),
                            now: @escaping @Sendable () -> Date = { Date() },
                            makeID: @escaping @Sendable (String) -> String = WorkflowService.randomID) {
        self.init(workflow: store, evidence: store, screening: store, configuration: configuration, now: now, makeID: makeID)
    }

    /// `prefix-` and 16 random base-32 characters.
    public static func randomID(_ prefix: String) -> String {
        prefix + "-" + Secrets.readable(16, alphabet: "abcdefghijkmnpqrstuvwxyz23456789")
    }

    /// Today in UTC.
    var today: Day {
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now())
        return Day(year: components.year!, month: components.month!, day: components.day!)!
    }

    func json<T: Encodable>(_ value: T) throws -> String { try WorkflowJSON.encode(value) }

    /// ISO 8601 in UTC with milliseconds, e.g. `2026-11-29T07:00:00.000Z`.
    static func iso(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func require(_ actor: UserAccount, _ roles: Set<Role>, to what: String) throws {
        guard !actor.disabled, roles.contains(actor.role) else {
            throw WorkflowError(.forbidden, "a user with role \(actor.role.rawValue) may not \(what)")
        }
    }

    static func required(_ text: String, _ field: String, what: String, maximum: Int = 4000) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw WorkflowError.invalid([field: "is required: \(what)"]) }
        if trimmed.count > maximum { throw WorkflowError.invalid([field: "is too long (\(trimmed.count) characters; at most \(maximum))"]) }
        return trimmed
    }

    // MARK: - Users

    /// Creates a user. `password` nil: a random one is generated and returned (show it once). `actor` nil means
    /// the local operator (the CLI); otherwise only an administrator may create users.
    public func createUser(name: String, role: Role, password: String?, by actor: UserAccount?) async throws
        -> (user: UserAccount, generatedPassword: String?) {
        if let actor { try Self.require(actor, [.administrator], to: "create users") }
        var fields: [String: String] = [:]
        if let problem = UserAccount.nameProblem(name) { fields["name"] = problem }
        if let password, let problem = passwordProblem(password) { fields["password"] = problem }
        if !fields.isEmpty { throw WorkflowError.invalid(fields) }
        let generated = password == nil ? Secrets.readable(20) : nil
        let user = UserAccount(id: makeID("user"), name: name, role: role, createdAt: now())
        let hash = await Self.offPool { [cost = configuration.bcryptCost] in Bcrypt.hash(password ?? generated!, cost: cost) }
        try await workflow.commit([.insertUser(user, passwordHash: hash)], audit: [
            AuditDraft(at: now(), actor: actor?.name ?? "system", action: "user.create", subject: "user:\(user.id)", after: try json(user)),
        ])
        return (user, generated)
    }

    func passwordProblem(_ password: String) -> String? {
        if password.count < configuration.minimumPasswordLength {
            return "must be at least \(configuration.minimumPasswordLength) characters long"
        }
        // bcrypt reads only the first 72 bytes; a longer password would be silently truncated.
        if password.utf8.count > 72 { return "must be at most 72 bytes long" }
        return nil
    }

    /// Every user, by name (administrators and auditors).
    public func users(by actor: UserAccount) async throws -> [UserAccount] {
        try Self.require(actor, [.administrator, .auditor], to: "list users")
        return try await workflow.users()
    }

    /// Changes a user's role or disables/enables them (administrators; not themselves).
    public func updateUser(id: String, role: Role?, disabled: Bool?, by actor: UserAccount) async throws -> UserAccount {
        try Self.require(actor, [.administrator], to: "change users")
        guard let before = try await workflow.user(id: id) else { throw WorkflowError(.notFound, "no user \(id)") }
        if id == actor.id, role.map({ $0 != actor.role }) ?? false || disabled == true {
            throw WorkflowError(.forbidden, "administrators cannot change their own role or disable themselves; ask another administrator")
        }
        var after = before
        if let role { after.role = role }
        if let disabled { after.disabled = disabled }
        guard after != before else { return before }
        try await workflow.commit([.updateUser(after, passwordHash: nil)], audit: [
            AuditDraft(at: now(), actor: actor.name, action: "user.update", subject: "user:\(id)", before: try json(before), after: try json(after)),
        ])
        return after
    }

    /// Sets a new password (the user themself, an administrator, or the local operator when `actor` is nil).
    public func setPassword(userID: String, password: String, by actor: UserAccount?) async throws {
        if let actor, actor.id != userID { try Self.require(actor, [.administrator], to: "set another user's password") }
        if let problem = passwordProblem(password) { throw WorkflowError.invalid(["password": problem]) }
        guard let user = try await workflow.user(id: userID) else { throw WorkflowError(.notFound, "no user \(userID)") }
        let hash = await Self.offPool { [cost = configuration.bcryptCost] in Bcrypt.hash(password, cost: cost) }
        try await workflow.commit([.updateUser(user, passwordHash: hash)], audit: [
            AuditDraft(at: now(), actor: actor?.name ?? "system", action: "user.password", subject: "user:\(userID)"),
        ])
    }

    /// Counts a sign-in attempt for `account` from `address` now, in the store (so every server on the database
    /// counts the same attempts), unless one of them is over `limits`; returns the refusal when it is.
    public func signInAttempt(account: String, address: String, limits: SignInLimits) async throws -> SignInRefusal? {
        try await workflow.recordSignInAttempt(account: account, address: address, at: now(), limits: limits)
    }

    /// A successful sign-in: the account's earlier attempts no longer count against it.
    public func signInSucceeded(account: String) async throws {
        try await workflow.clearSignInAttempts(account: account)
    }

    /// The user with this name and password; `.unauthenticated` otherwise (the same message whether the name or
    /// the password is wrong, or the user is disabled). Attempts are limited by `signInAttempt` before this.
    public func authenticate(name: String, password: String) async throws -> UserAccount {
        let failure = WorkflowError(.unauthenticated, "wrong user name or password")
        guard password.utf8.count <= 72, name.count <= 64 else { throw failure }
        guard let (user, hash) = try await workflow.credentials(named: name) else {
            let decoy = decoy()
            _ = await Self.offPool { Bcrypt.verify(password, hash: decoy) }
            throw failure
        }
        let matches = await Self.offPool { Bcrypt.verify(password, hash: hash) }
        guard matches, !user.disabled else { throw failure }
        return user
    }

    /// Runs slow CPU work (bcrypt takes about a quarter of a second at cost 12) on a Dispatch thread, so that it
    /// does not hold one of the few threads of Swift's cooperative pool that serve every request.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }

    private func decoy() -> String {
        if let hash = decoyHash.withLock({ $0 }) { return hash }
        let hash = Bcrypt.hash(Secrets.readable(16), cost: configuration.bcryptCost)
        decoyHash.withLock { $0 = hash }
        return hash
    }

    // MARK: - Sessions and API tokens

    /// Starts a session: returns the token to put in the cookie (shown once; only its hash is stored).
    public func createSession(for user: UserAccount) async throws -> (token: String, session: Session) {
        guard !user.disabled else { throw WorkflowError(.unauthenticated, "this account is disabled") }
        // Housekeeping: sessions past their expiry are useless; drop them as new ones start.
        _ = try await workflow.deleteExpiredSessions(before: now())
        let token = Secrets.token()
        let record = SessionRecord(tokenHash: Secrets.sha256(token), userID: user.id, createdAt: now(),
                                   expiresAt: now().addingTimeInterval(configuration.sessionLifetime), csrfSecret: Secrets.token())
        try await workflow.commit([.insertSession(record)], audit: [
            AuditDraft(at: now(), actor: user.name, action: "session.create", subject: "user:\(user.id)",
                       after: try json(["expiresAt": Self.iso(record.expiresAt)])),
        ])
        return (token, Session(user: user, csrfToken: Self.csrfToken(record), expiresAt: record.expiresAt))
    }

    static func csrfToken(_ record: SessionRecord) -> String { Secrets.hmac(key: record.csrfSecret, "csrf") }

    /// The live session for a cookie token, or nil (unknown, expired, or the user disabled).
    public func session(token: String) async throws -> Session? {
        guard !token.isEmpty, token.count <= 128,
              let (record, user) = try await workflow.sessionAndUser(tokenHash: Secrets.sha256(token)),
              record.expiresAt > now(), !user.disabled else { return nil }
        return Session(user: user, csrfToken: Self.csrfToken(record), expiresAt: record.expiresAt)
    }

    /// Signs out: the token stops working.
    public func endSession(token: String) async throws {
        let hash = Secrets.sha256(token)
        guard let record = try await workflow.session(tokenHash: hash) else { return }
        let name = try await workflow.user(id: record.userID)?.name ?? record.userID
        try await workflow.commit([.deleteSession(tokenHash: hash)], audit: [
            AuditDraft(at: now(), actor: name, action: "session.end", subject: "user:\(record.userID)"),
        ])
    }

    /// Whether a form's CSRF token belongs to the session (constant-time comparison).
    public func isValidCSRF(_ presented: String, for session: Session) -> Bool {
        Secrets.constantTimeEqual(presented, session.csrfToken)
    }

    /// Creates an API token for `user` (themself, or an administrator for anyone; nil actor: the CLI operator).
    /// Returns the token, shown once.
    public func createAPIToken(for user: UserAccount, label: String, by actor: UserAccount?) async throws -> String {
        if let actor, actor.id != user.id { try Self.require(actor, [.administrator], to: "create API tokens for other users") }
        let label = try Self.required(label, "label", what: "what the token is for", maximum: 200)
        let token = "ovt_" + Secrets.token()
        let record = APITokenRecord(tokenHash: Secrets.sha256(token), userID: user.id, label: label, createdAt: now())
        try await workflow.commit([.insertAPIToken(record)], audit: [
            AuditDraft(at: now(), actor: actor?.name ?? "system", action: "token.create", subject: "user:\(user.id)",
                       after: try json(["label": label])),
        ])
        return token
    }

    /// The user an API bearer token belongs to, or nil.
    public func user(forAPIToken token: String) async throws -> UserAccount? {
        guard token.hasPrefix("ovt_"), token.count <= 128,
              let record = try await workflow.apiToken(tokenHash: Secrets.sha256(token)),
              record.expiresAt.map({ $0 > now() }) ?? true,
              let user = try await workflow.user(id: record.userID), !user.disabled else { return nil }
        return user
    }
}
