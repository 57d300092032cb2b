import Foundation
import OversightCore
import OversightStore
import PostgresNIO

/// The permit workflow on PostgreSQL (tables of `v3-workflow`), with the same behaviour as the SQLite adapter.
///
/// Every `commit` runs in one transaction that first takes a transaction-level advisory lock
/// (`PostgresSchema.workflowLock`): workflow writes are serialised across connections and processes, as SQLite's
/// single writer serialises them, so the expected-state checks, the shipment limits and the audit chain's head
/// are read and written by one writer at a time and concurrent writers cannot fork the chain. Reads never wait.
/// The per-state counts SQLite keeps by triggers are kept here by the commit itself, in the same transaction.
extension PostgresStore {
    private static func ms(_ date: Date) -> Int64 { AuditChain.milliseconds(date) }
    private static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    // MARK: - Writing

    @discardableResult
    public func commit(_ changes: [WorkflowChange], audit: [AuditDraft]) async throws -> [AuditEntry] {
        do {
            return try await inTransaction { connection in
                try await connection.query(PostgresSchema.lock(PostgresSchema.workflowLock, schema: self.settings.schema), logger: self.logger)
                for change in changes { try await self.apply(change, connection) }
                if !changes.isEmpty { try await PostgresStore.bumpRevision(PostgresStore.workflowArea, connection, logger: self.logger) }
                return try await self.append(audit, connection)
            }
        } catch let error as StoreError where error.code == .unreadableDatabase && error.message.hasPrefix("PostgreSQL ") {
            throw StoreError(.invalidRecord, "the change was rolled back: \(error.message)")
        }
    }

    private func append(_ drafts: [AuditDraft], _ connection: PostgresConnection) async throws -> [AuditEntry] {
        guard !drafts.isEmpty else { return [] }
        var seq = 0
        var previous = AuditChain.genesis
        for try await (last, hash) in try await connection.query("SELECT seq, hash FROM wf_audit ORDER BY seq DESC LIMIT 1",
                                                                 logger: logger).decode((Int, String).self) {
            seq = last
            previous = hash
        }
        var entries: [AuditEntry] = []
        for draft in drafts {
            seq += 1
            let entry = AuditEntry(seq: seq, draft: draft, previousHash: previous)
            try await connection.query("""
                INSERT INTO wf_audit (seq, at, actor, action, subject, before, after, previous_hash, hash)
                VALUES (\(entry.seq), \(entry.atMilliseconds), \(entry.actor), \(entry.action), \(entry.subject), \(entry.before),
                        \(entry.after), \(entry.previousHash), \(entry.hash))
                """, logger: logger)
            previous = entry.hash
            entries.append(entry)
        }
        return entries
    }

    private func first<T: PostgresDecodable & Sendable>(_ connection: PostgresConnection, _ query: PostgresQuery, as type: T.Type) async throws -> T? {
        for try await value in try await connection.query(query, logger: logger).decode(T.self) { return value }
        return nil
    }

    private func exists(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> Bool {
        try await first(connection, query, as: Int.self) != nil
    }

    private func apply(_ change: WorkflowChange, _ connection: PostgresConnection) async throws {
        let c = connection
        switch change {
        case .insertUser(let user, let hash):
            try WorkflowChangeRules.userName(user.name, taken: try await exists(c, "SELECT 1::int8 FROM wf_user WHERE name = \(user.name)"))
            try await c.query("""
                INSERT INTO wf_user (id, name, role, password_hash, disabled, created_at)
                VALUES (\(user.id), \(user.name), \(user.role.rawValue), \(hash), \(user.disabled), \(Self.ms(user.createdAt)))
                """, logger: logger)
        case .updateUser(let user, let hash):
            try WorkflowChangeRules.userName(user.name, taken: try await exists(c, "SELECT 1::int8 FROM wf_user WHERE name = \(user.name) AND id <> \(user.id)"))
            let updated = try await first(c, """
                UPDATE wf_user SET name = \(user.name), role = \(user.role.rawValue), disabled = \(user.disabled),
                    password_hash = COALESCE(\(hash), password_hash) WHERE id = \(user.id) RETURNING 1::int8
                """, as: Int.self)
            try WorkflowChangeRules.userUpdated(user.id, updated: updated != nil)
        case .insertSession(let session):
            try await c.query("""
                INSERT INTO wf_session (token_hash, user_id, created_at, expires_at, csrf_secret)
                VALUES (\(session.tokenHash), \(session.userID), \(Self.ms(session.createdAt)), \(Self.ms(session.expiresAt)), \(session.csrfSecret))
                """, logger: logger)
        case .deleteSession(let hash):
            try await c.query("DELETE FROM wf_session WHERE token_hash = \(hash)", logger: logger)
        case .insertAPIToken(let token):
            try await c.query("""
                INSERT INTO wf_api_token (token_hash, user_id, label, created_at, expires_at)
                VALUES (\(token.tokenHash), \(token.userID), \(token.label), \(Self.ms(token.createdAt)), \(token.expiresAt.map(Self.ms)))
                """, logger: logger)
        case .deleteAPIToken(let hash):
            try await c.query("DELETE FROM wf_api_token WHERE token_hash = \(hash)", logger: logger)
        case .insertApplication(let record):
            try WorkflowChangeRules.newApplication(record.id, exists: try await exists(c, "SELECT 1::int8 FROM wf_application WHERE id = \(record.id)"))
            try await writeApplication(record, c, previous: nil)
        case .updateApplication(let record, let expected):
            var row: (String, String)?
            for try await found in try await c.query("SELECT state, applicant_id FROM wf_application WHERE id = \(record.id) FOR UPDATE",
                                                     logger: logger).decode((String, String).self) { row = found }
            try WorkflowChangeRules.applicationState(record.id, stored: row?.0, expected: expected)
            try await writeApplication(record, c, previous: row)
        case .insertScreening(let screening):
            try await c.query("""
                INSERT INTO wf_screening (id, application_id, at, body)
                VALUES (\(screening.id), \(screening.applicationID), \(Self.ms(screening.at)), \(try WorkflowJSON.encode(screening)))
                """, logger: logger)
        case .insertAssessment(let assessment):
            try await c.query("""
                INSERT INTO wf_assessment (id, application_id, at, trigger, knowledge_date, input_digest, verdicts, report)
                VALUES (\(assessment.id), \(assessment.applicationID), \(Self.ms(assessment.at)), \(assessment.trigger.rawValue),
                        \(assessment.knowledgeDate.description), \(assessment.inputDigest), \(try WorkflowJSON.encode(assessment.verdicts)),
                        \(try WorkflowJSON.encode(assessment.report)))
                """, logger: logger)
        case .insertRecommendation(let r):
            try await c.query("""
                INSERT INTO wf_recommendation (id, application_id, officer_id, at, outcome, body)
                VALUES (\(r.id), \(r.applicationID), \(r.officerID), \(Self.ms(r.at)), \(r.outcome.rawValue), \(try WorkflowJSON.encode(r)))
                """, logger: logger)
        case .insertDecision(let d):
            let applicant = try WorkflowChangeRules.applicant(
                of: d.applicationID, stored: try await first(c, "SELECT applicant_id FROM wf_application WHERE id = \(d.applicationID)", as: String.self))
            try await c.query("""
                INSERT INTO wf_decision (id, application_id, decider_id, applicant_id, at, outcome, assessment_id, body)
                VALUES (\(d.id), \(d.applicationID), \(d.deciderID), \(applicant), \(Self.ms(d.at)), \(d.outcome.rawValue),
                        \(d.assessmentID), \(try WorkflowJSON.encode(d)))
                """, logger: logger)
        case .insertPermit(let permit):
            try WorkflowChangeRules.newPermit(applicationID: permit.applicationID,
                                              exists: try await exists(c, "SELECT 1::int8 FROM wf_permit WHERE application_id = \(permit.applicationID)"))
            try await c.query("""
                INSERT INTO wf_permit (id, application_id, number, state, expires_on, body)
                VALUES (\(permit.id), \(permit.applicationID), \(permit.number), \(permit.state.rawValue), \(permit.expiresOn.description),
                        \(try WorkflowJSON.encode(permit)))
                """, logger: logger)
        case .updatePermit(let permit, let expected):
            try WorkflowChangeRules.permitState(permit, stored: try await first(c, "SELECT state FROM wf_permit WHERE id = \(permit.id) FOR UPDATE",
                                                                                as: String.self), expected: expected)
            try await c.query("""
                UPDATE wf_permit SET state = \(permit.state.rawValue), expires_on = \(permit.expiresOn.description),
                    body = \(try WorkflowJSON.encode(permit)) WHERE id = \(permit.id)
                """, logger: logger)
        case .insertShipment(let shipment):
            // The permit's row is locked, so two shipments recorded at once cannot both pass the limit.
            let permit = try await first(c, "SELECT body FROM wf_permit WHERE id = \(shipment.permitID) FOR UPDATE", as: String.self)
            var previous: [String] = []
            for try await text in try await c.query("SELECT body FROM wf_shipment WHERE permit_id = \(shipment.permitID)", logger: logger).decode(String.self) {
                previous.append(text)
            }
            try WorkflowChangeRules.shipment(shipment, permit: permit, previous: previous)
            try await c.query("""
                INSERT INTO wf_shipment (id, permit_id, line, quantity, value, shipped_on, recorded_at, body)
                VALUES (\(shipment.id), \(shipment.permitID), \(shipment.line), \(shipment.quantity), \(shipment.value),
                        \(shipment.shippedOn.description), \(Self.ms(shipment.recordedAt)), \(try WorkflowJSON.encode(shipment)))
                """, logger: logger)
        case .insertAlert(let alert):
            try await c.query("""
                INSERT INTO wf_alert (id, application_id, permit_id, raised_at, acknowledged_at, body)
                VALUES (\(alert.id), \(alert.applicationID), \(alert.permitID), \(Self.ms(alert.raisedAt)),
                        \(alert.acknowledgedAt.map(Self.ms)), \(try WorkflowJSON.encode(alert)))
                """, logger: logger)
        case .acknowledgeAlert(let id, let by, let at, let note):
            let alert = try WorkflowChangeRules.acknowledged(
                id, stored: try await first(c, "SELECT body FROM wf_alert WHERE id = \(id) FOR UPDATE", as: String.self), by: by, at: at, note: note)
            try await c.query("UPDATE wf_alert SET acknowledged_at = \(Self.ms(at)), body = \(try WorkflowJSON.encode(alert)) WHERE id = \(id)",
                              logger: logger)
        }
    }

    /// Inserts (`previous` nil) or replaces the application, keeping `wf_state_count` in step.
    private func writeApplication(_ record: ApplicationRecord, _ c: PostgresConnection, previous: (state: String, applicant: String)?) async throws {
        let s = ApplicationSummary(record)
        let verdicts = try WorkflowJSON.encode(record.verdicts)
        let body = try WorkflowJSON.encode(record.application)
        let created = Self.ms(record.createdAt), updated = Self.ms(record.updatedAt), submitted = record.submittedAt.map(Self.ms)
        if previous == nil {
            try await c.query("""
                INSERT INTO wf_application (id, state, applicant_id, applicant_name, exporter, destination, consignee, end_user,
                    total_value, currency, worst_verdict, verdicts, state_reason, created_at, updated_at, submitted_at, body)
                VALUES (\(record.id), \(record.state.rawValue), \(record.applicantID), \(record.applicantName), \(s.exporter),
                    \(s.destination), \(s.consignee), \(s.endUser), \(s.value), \(s.currency), \(s.worstVerdict?.rawValue), \(verdicts),
                    \(record.stateReason), \(created), \(updated), \(submitted), \(body))
                """, logger: logger)
        } else {
            try await c.query("""
                UPDATE wf_application SET state = \(record.state.rawValue), applicant_id = \(record.applicantID),
                    applicant_name = \(record.applicantName), exporter = \(s.exporter), destination = \(s.destination),
                    consignee = \(s.consignee), end_user = \(s.endUser), total_value = \(s.value), currency = \(s.currency),
                    worst_verdict = \(s.worstVerdict?.rawValue), verdicts = \(verdicts), state_reason = \(record.stateReason),
                    created_at = \(created), updated_at = \(updated), submitted_at = \(submitted), body = \(body)
                WHERE id = \(record.id)
                """, logger: logger)
        }
        if let previous, previous.state == record.state.rawValue, previous.applicant == record.applicantID { return }
        if let previous {
            try await c.query("""
                UPDATE wf_state_count SET n = n - 1 WHERE state = \(previous.state) AND applicant_id IN ('*', \(previous.applicant))
                """, logger: logger)
        }
        for applicant in ["*", record.applicantID] {
            try await c.query("""
                INSERT INTO wf_state_count (applicant_id, state, n) VALUES (\(applicant), \(record.state.rawValue), 1)
                ON CONFLICT (applicant_id, state) DO UPDATE SET n = wf_state_count.n + 1
                """, logger: logger)
        }
    }

    // MARK: - Reading users

    private static func user(_ r: PGRow) throws -> UserAccount {
        let roleText: String = try r("role")
        guard let role = Role(rawValue: roleText) else {
            throw StoreError(.unreadableDatabase, "user \(try r("id", as: String.self)) has an unknown role '\(roleText)'")
        }
        return UserAccount(id: try r("id"), name: try r("name"), role: role, disabled: try r("disabled"),
                           createdAt: date(try r("created_at")))
    }

    /// The rows of `query`, each turned into a value by `make`.
    private func rows<T: Sendable>(_ query: PostgresQuery, _ make: @escaping @Sendable (PGRow) throws -> T) async throws -> [T] {
        try await withConnection { connection in try await self.rows(connection, query, make) }
    }

    private func rows<T: Sendable>(_ connection: PostgresConnection, _ query: PostgresQuery,
                                   _ make: (PGRow) throws -> T) async throws -> [T] {
        var values: [T] = []
        for try await row in try await connection.query(query, logger: logger) { values.append(try make(PGRow(row))) }
        return values
    }

    private func bodies<T: Decodable & Sendable>(_ connection: PostgresConnection, _ query: PostgresQuery, as type: T.Type) async throws -> [T] {
        var values: [T] = []
        for try await text in try await connection.query(query, logger: logger).decode(String.self) {
            values.append(try WorkflowJSON.decode(T.self, text))
        }
        return values
    }

    private func bodies<T: Decodable & Sendable>(_ query: PostgresQuery, as type: T.Type) async throws -> [T] {
        try await withConnection { connection in try await self.bodies(connection, query, as: T.self) }
    }

    public func user(id: String) async throws -> UserAccount? {
        try await rows("SELECT * FROM wf_user WHERE id = \(id)", Self.user).first
    }

    public func user(named name: String) async throws -> UserAccount? {
        try await rows("SELECT * FROM wf_user WHERE name = \(name)", Self.user).first
    }

    public func credentials(named name: String) async throws -> (user: UserAccount, passwordHash: String)? {
        let found = try await rows("SELECT * FROM wf_user WHERE name = \(name)") { r in Credentials(user: try Self.user(r), hash: try r("password_hash")) }
        return found.first.map { ($0.user, $0.hash) }
    }

    private struct Credentials: Sendable {
        var user: UserAccount
        var hash: String
    }

    private struct SessionUser: Sendable {
        var session: SessionRecord
        var user: UserAccount
    }

    public func users() async throws -> [UserAccount] {
        try await rows("SELECT * FROM wf_user ORDER BY name", Self.user)
    }

    private static func session(_ r: PGRow, created: String) throws -> SessionRecord {
        SessionRecord(tokenHash: try r("token_hash"), userID: try r("user_id"), createdAt: date(try r(created)),
                      expiresAt: date(try r("expires_at")), csrfSecret: try r("csrf_secret"))
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await rows("SELECT * FROM wf_session WHERE token_hash = \(tokenHash)") { try Self.session($0, created: "created_at") }.first
    }

    public func sessionAndUser(tokenHash: String) async throws -> (session: SessionRecord, user: UserAccount)? {
        let found = try await rows("""
            SELECT s.token_hash, s.user_id, s.created_at AS session_created_at, s.expires_at, s.csrf_secret,
                   u.id, u.name, u.role, u.disabled, u.created_at
            FROM wf_session s JOIN wf_user u ON u.id = s.user_id WHERE s.token_hash = \(tokenHash)
            """) { r in SessionUser(session: try Self.session(r, created: "session_created_at"), user: try Self.user(r)) }
        return found.first.map { ($0.session, $0.user) }
    }

    public func apiToken(tokenHash: String) async throws -> APITokenRecord? {
        try await rows("SELECT * FROM wf_api_token WHERE token_hash = \(tokenHash)") { r in
            APITokenRecord(tokenHash: try r("token_hash"), userID: try r("user_id"), label: try r("label"),
                           createdAt: Self.date(try r("created_at")), expiresAt: (try r("expires_at", as: Int64?.self)).map(Self.date))
        }.first
    }

    public func deleteExpiredSessions(before date: Date) async throws -> Int {
        try await rows("DELETE FROM wf_session WHERE expires_at < \(Self.ms(date)) RETURNING 1::int8") { _ in 1 }.count
    }

    // MARK: - Sign-in attempts

    public func recordSignInAttempt(account: String, address: String, at date: Date, limits: SignInLimits) async throws -> SignInRefusal? {
        let accountKey = SignInLimits.accountKey(account)
        let now = Self.ms(date)
        let start = Self.ms(limits.windowStart(at: date))
        // Under a transaction-level advisory lock, so the count, the decision and the insert of one attempt never
        // interleave with another's on any node: the limit holds across every server on this database.
        return try await inTransaction { c in
            try await c.query(PostgresSchema.lock(PostgresSchema.signInLock, schema: self.settings.schema), logger: self.logger)
            // Every attempt that has left the window, of any key, so the table never outgrows one window's attempts.
            try await c.query("DELETE FROM wf_sign_in_attempt WHERE at <= \(start)", logger: self.logger)
            func attempts(_ scope: String, _ key: String) async throws -> [Date] {
                try await self.rows(c, "SELECT at FROM wf_sign_in_attempt WHERE scope = \(scope) AND key = \(key) AND at > \(start)") { row in
                    Self.date(try row("at"))
                }
            }
            if let refusal = limits.refusal(accountAttempts: try await attempts("account", accountKey),
                                            addressAttempts: try await attempts("address", address), at: date) {
                return refusal
            }
            try await c.query("""
                INSERT INTO wf_sign_in_attempt (scope, key, at) VALUES ('account', \(accountKey), \(now)), ('address', \(address), \(now))
                """, logger: self.logger)
            return nil
        }
    }

    public func clearSignInAttempts(account: String) async throws {
        try await withConnection { c in
            _ = try await c.query("DELETE FROM wf_sign_in_attempt WHERE scope = 'account' AND key = \(SignInLimits.accountKey(account))",
                                  logger: self.logger)
        }
    }

    // MARK: - Reading applications

    private static func state(_ text: String) throws -> ApplicationState {
        guard let state = ApplicationState(rawValue: text) else {
            throw StoreError(.unreadableDatabase, "unknown application state '\(text)' in the database")
        }
        return state
    }

    private static func application(_ r: PGRow) throws -> ApplicationRecord {
        ApplicationRecord(
            id: try r("id"), state: try state(try r("state")), applicantID: try r("applicant_id"), applicantName: try r("applicant_name"),
            application: try WorkflowJSON.decode(ExportApplication.self, try r("body")), createdAt: date(try r("created_at")),
            updatedAt: date(try r("updated_at")), submittedAt: (try r("submitted_at", as: Int64?.self)).map(date),
            verdicts: try WorkflowJSON.decode([String: Verdict].self, try r("verdicts")), stateReason: try r("state_reason"))
    }

    private static func summary(_ r: PGRow) throws -> ApplicationSummary {
        ApplicationSummary(
            id: try r("id"), state: try state(try r("state")), applicantID: try r("applicant_id"), applicantName: try r("applicant_name"),
            exporter: try r("exporter"), destination: try r("destination"), consignee: try r("consignee"), endUser: try r("end_user"),
            value: try r("total_value"), currency: try r("currency"),
            worstVerdict: (try r("worst_verdict", as: String?.self)).flatMap(Verdict.init(rawValue:)),
            updatedAt: date(try r("updated_at")))
    }

    private static func assessment(_ r: PGRow) throws -> AssessmentRecord {
        let knowledge: String = try r("knowledge_date")
        guard let trigger = AssessmentTrigger(rawValue: try r("trigger")), let day = Day(knowledge) else {
            throw StoreError(.unreadableDatabase, "assessment \(try r("id", as: String.self)) has an unreadable trigger or knowledge date")
        }
        return AssessmentRecord(id: try r("id"), applicationID: try r("application_id"), at: date(try r("at")), trigger: trigger,
                                knowledgeDate: day, report: try WorkflowJSON.decode(Assessment.self, try r("report")))
    }

    private static func auditEntry(_ r: PGRow) throws -> AuditEntry {
        AuditEntry(seq: try r("seq"), at: date(try r("at")), actor: try r("actor"), action: try r("action"), subject: try r("subject"),
                   before: try r("before"), after: try r("after"), previousHash: try r("previous_hash"), hash: try r("hash"))
    }

    public func application(id: String) async throws -> ApplicationRecord? {
        try await rows("SELECT * FROM wf_application WHERE id = \(id)", Self.application).first
    }

    public func applicationDetail(id: String) async throws -> ApplicationDetail? {
        try await withConnection { c in
            // One snapshot for every part of the page.
            try await c.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            do {
                let detail = try await self.detail(id: id, c)
                try await c.query("COMMIT", logger: self.logger)
                return detail
            } catch {
                _ = try? await c.query("ROLLBACK", logger: self.logger)
                throw error
            }
        }
    }

    private func detail(id: String, _ c: PostgresConnection) async throws -> ApplicationDetail? {
        guard let record = try await rows(c, "SELECT * FROM wf_application WHERE id = \(id)", Self.application).first else { return nil }
        var detail = ApplicationDetail(record: record)
        detail.screenings = try await bodies(c, "SELECT body FROM wf_screening WHERE application_id = \(id) ORDER BY at DESC, id DESC",
                                             as: ScreeningRecord.self)
        detail.assessments = try await rows(c, "SELECT * FROM wf_assessment WHERE application_id = \(id) ORDER BY at DESC, id DESC",
                                            Self.assessment)
        detail.recommendations = try await bodies(c, "SELECT body FROM wf_recommendation WHERE application_id = \(id) ORDER BY at DESC, id DESC",
                                                  as: Recommendation.self)
        detail.decisions = try await bodies(c, "SELECT body FROM wf_decision WHERE application_id = \(id) ORDER BY at DESC, id DESC",
                                            as: DecisionRecord.self)
        detail.permit = try await bodies(c, "SELECT body FROM wf_permit WHERE application_id = \(id)", as: Permit.self).first
        if let permit = detail.permit {
            detail.shipments = try await bodies(c, "SELECT body FROM wf_shipment WHERE permit_id = \(permit.id) ORDER BY recorded_at, id",
                                                as: Shipment.self)
        }
        detail.alerts = try await bodies(c, "SELECT body FROM wf_alert WHERE application_id = \(id) ORDER BY raised_at DESC, id DESC",
                                         as: MonitoringAlert.self)
        detail.history = try await rows(c, "SELECT * FROM wf_audit WHERE subject = \("application:\(id)") ORDER BY seq", Self.auditEntry)
        return detail
    }

    public func applications(_ filter: ApplicationFilter) async throws -> Page<ApplicationSummary> {
        var conditions: [String] = []
        var binds = PostgresBindings()
        func bind(_ value: String) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let destination = filter.destination { conditions.append("destination = \(bind(destination))") }
        if let applicant = filter.applicantID { conditions.append("applicant_id = \(bind(applicant))") }
        if let verdict = filter.verdict { conditions.append("worst_verdict = \(bind(verdict.rawValue))") }
        if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            let p = bind(pattern)
            // ILIKE: SQLite's LIKE ignores ASCII case.
            conditions.append("(id ILIKE \(p) OR consignee ILIKE \(p) OR end_user ILIKE \(p) OR exporter ILIKE \(p))")
        }
        let perPage = max(1, min(filter.perPage, 500))
        let page = max(1, filter.page)
        let offset = (page - 1) * perPage
        let columns = "id, state, applicant_id, applicant_name, exporter, destination, consignee, end_user, total_value, currency, worst_verdict, updated_at"
        let order = "ORDER BY updated_at DESC, id DESC"
        let states = filter.states.sorted()
        let otherFilters = filter.destination != nil || filter.verdict != nil || !(filter.text ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        let stateMarks = states.map { bind($0.rawValue) }
        var countSQL: String?
        let sql: String
        if states.count <= 1 {
            let all = conditions + stateMarks.map { "state = \($0)" }
            let whereClause = all.isEmpty ? "" : "WHERE " + all.joined(separator: " AND ")
            sql = "SELECT \(columns) FROM wf_application \(whereClause) \(order) LIMIT \(perPage) OFFSET \(offset)"
            if otherFilters { countSQL = "SELECT count(*) FROM wf_application \(whereClause)" }
        } else {
            // One index range per state, each cut at the page's end, merged.
            let branches = stateMarks.map { mark in
                "(SELECT \(columns) FROM wf_application WHERE \((conditions + ["state = \(mark)"]).joined(separator: " AND ")) \(order) LIMIT \(offset + perPage))"
            }
            sql = "SELECT * FROM (\(branches.joined(separator: " UNION ALL "))) AS merged \(order) LIMIT \(perPage) OFFSET \(offset)"
            if otherFilters {
                countSQL = "SELECT count(*) FROM wf_application WHERE \((conditions + ["state IN (\(stateMarks.joined(separator: ", ")))"]).joined(separator: " AND "))"
            }
        }
        let bindings = binds
        let counting = countSQL
        let applicant = filter.applicantID
        return try await withConnection { c in
            let total: Int
            if let counting {
                total = try await self.first(c, PostgresQuery(unsafeSQL: counting, binds: bindings), as: Int.self) ?? 0
            } else {
                let counts = try await self.stateCounts(c, applicantID: applicant)
                total = states.isEmpty ? counts.values.reduce(0, +) : states.reduce(0) { $0 + (counts[$1] ?? 0) }
            }
            let items = try await self.rows(c, PostgresQuery(unsafeSQL: sql, binds: bindings), Self.summary)
            return Page(items: items, total: total, page: page, perPage: perPage)
        }
    }

    private func stateCounts(_ c: PostgresConnection, applicantID: String?) async throws -> [ApplicationState: Int] {
        var counts: [ApplicationState: Int] = [:]
        for try await (state, n) in try await c.query("SELECT state, n FROM wf_state_count WHERE applicant_id = \(applicantID ?? "*") AND n > 0",
                                                      logger: logger).decode((String, Int).self) {
            counts[try Self.state(state)] = n
        }
        return counts
    }

    public func applicationCounts(applicantID: String?) async throws -> [ApplicationState: Int] {
        try await withConnection { c in try await self.stateCounts(c, applicantID: applicantID) }
    }

    public func permit(id: String) async throws -> Permit? {
        try await bodies("SELECT body FROM wf_permit WHERE id = \(id)", as: Permit.self).first
    }

    public func permit(applicationID: String) async throws -> Permit? {
        try await bodies("SELECT body FROM wf_permit WHERE application_id = \(applicationID)", as: Permit.self).first
    }

    public func shipments(permitID: String) async throws -> [Shipment] {
        try await bodies("SELECT body FROM wf_shipment WHERE permit_id = \(permitID) ORDER BY recorded_at, id", as: Shipment.self)
    }

    public func recentDecisions(limit: Int, applicantID: String?) async throws -> [DecisionRecord] {
        if let applicantID {
            return try await bodies("SELECT body FROM wf_decision WHERE applicant_id = \(applicantID) ORDER BY at DESC, id DESC LIMIT \(limit)",
                                    as: DecisionRecord.self)
        }
        return try await bodies("SELECT body FROM wf_decision ORDER BY at DESC, id DESC LIMIT \(limit)", as: DecisionRecord.self)
    }

    public func monitoredCases() async throws -> [MonitoredRecord] {
        let states = ApplicationState.allCases.filter { $0.isOpenApplication || $0.isLivePermit }.map(\.rawValue)
        return try await rows("""
            SELECT a.*, p.id AS permit_id FROM wf_application a LEFT JOIN wf_permit p ON p.application_id = a.id
            WHERE a.state = ANY(\(states)) ORDER BY a.id
            """) { r in MonitoredRecord(record: try Self.application(r), permitID: try r("permit_id")) }
    }

    // MARK: - Alerts

    public func alert(id: String) async throws -> MonitoringAlert? {
        try await bodies("SELECT body FROM wf_alert WHERE id = \(id)", as: MonitoringAlert.self).first
    }

    public func alerts(_ filter: AlertFilter) async throws -> [MonitoringAlert] {
        var conditions: [String] = []
        var binds = PostgresBindings()
        switch filter.acknowledged {
        case true?: conditions.append("acknowledged_at IS NOT NULL")
        case false?: conditions.append("acknowledged_at IS NULL")
        case nil: break
        }
        if let application = filter.applicationID {
            binds.append(application)
            conditions.append("application_id = $\(binds.count)")
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT body FROM wf_alert \(whereClause) ORDER BY raised_at DESC, id DESC LIMIT \(max(1, filter.limit)) OFFSET \(max(0, filter.offset))"
        return try await bodies(PostgresQuery(unsafeSQL: sql, binds: binds), as: MonitoringAlert.self)
    }

    // MARK: - Audit log

    public func auditEntries(after seq: Int, limit: Int) async throws -> [AuditEntry] {
        try await rows("SELECT * FROM wf_audit WHERE seq > \(seq) ORDER BY seq LIMIT \(limit)", Self.auditEntry)
    }

    public func auditCount() async throws -> Int {
        try await withConnection { c in try await self.count(c, "SELECT count(*) FROM wf_audit") }
    }
}
