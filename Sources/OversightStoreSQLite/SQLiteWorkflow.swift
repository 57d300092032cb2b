import Foundation
import GRDB
import OversightCore
import OversightStore

/// The workflow in the same SQLite file as the evidence (tables of `v3-workflow`).
extension SQLiteStore: WorkflowStore {
    private typealias J = WorkflowJSON

    // MARK: - Writing

    @discardableResult
    public func commit(_ changes: [WorkflowChange], audit: [AuditDraft]) async throws -> [AuditEntry] {
        do {
            return try await writer.write { db in
                for change in changes { try Self.apply(change, db: db) }
                if !changes.isEmpty { try SQLiteRevisions.bump(SQLiteRevisions.workflow, db: db) }
                return try Self.append(audit, db: db)
            }
        } catch let error as DatabaseError {
            throw StoreError(.invalidRecord, "the change was rolled back: \(SQLiteStore.describe(error))")
        }
    }

    /// Numbers and chains the drafts after the last entry, inside the caller's transaction.
    static func append(_ drafts: [AuditDraft], db: Database) throws -> [AuditEntry] {
        guard !drafts.isEmpty else { return [] }
        let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM wf_audit ORDER BY seq DESC LIMIT 1")
        var seq: Int = last?["seq"] ?? 0
        var previous: String = last?["hash"] ?? AuditChain.genesis
        var entries: [AuditEntry] = []
        for draft in drafts {
            seq += 1
            let entry = AuditEntry(seq: seq, draft: draft, previousHash: previous)
            try db.execute(sql: """
                INSERT INTO wf_audit (seq, at, actor, action, subject, before, after, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [entry.seq, entry.atMilliseconds, entry.actor, entry.action, entry.subject, entry.before,
                                 entry.after, entry.previousHash, entry.hash])
            previous = entry.hash
            entries.append(entry)
        }
        return entries
    }

    private static func apply(_ change: WorkflowChange, db: Database) throws {
        switch change {
        case .insertUser(let user, let hash):
            try WorkflowChangeRules.userName(user.name, taken: try Bool.fetchOne(db, sql: "SELECT 1 FROM wf_user WHERE name = ?", arguments: [user.name]) == true)
            try db.execute(sql: "INSERT INTO wf_user (id, name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [user.id, user.name, user.role.rawValue, hash, user.disabled, J.milliseconds(user.createdAt)])
        case .updateUser(let user, let hash):
            try WorkflowChangeRules.userName(user.name, taken: try Bool.fetchOne(db, sql: "SELECT 1 FROM wf_user WHERE name = ? AND id <> ?",
                                                                                 arguments: [user.name, user.id]) == true)
            try db.execute(sql: "UPDATE wf_user SET name = ?, role = ?, disabled = ?, password_hash = COALESCE(?, password_hash) WHERE id = ?",
                           arguments: [user.name, user.role.rawValue, user.disabled, hash, user.id])
            try WorkflowChangeRules.userUpdated(user.id, updated: db.changesCount > 0)
        case .insertSession(let session):
            try db.execute(sql: "INSERT INTO wf_session (token_hash, user_id, created_at, expires_at, csrf_secret) VALUES (?, ?, ?, ?, ?)",
                           arguments: [session.tokenHash, session.userID, J.milliseconds(session.createdAt),
                                       J.milliseconds(session.expiresAt), session.csrfSecret])
        case .deleteSession(let hash):
            try db.execute(sql: "DELETE FROM wf_session WHERE token_hash = ?", arguments: [hash])
        case .insertAPIToken(let token):
            try db.execute(sql: "INSERT INTO wf_api_token (token_hash, user_id, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [token.tokenHash, token.userID, token.label, J.milliseconds(token.createdAt),
                                       token.expiresAt.map(J.milliseconds)])
        case .deleteAPIToken(let hash):
            try db.execute(sql: "DELETE FROM wf_api_token WHERE token_hash = ?", arguments: [hash])
        case .insertApplication(let record):
            try WorkflowChangeRules.newApplication(record.id, exists: try Bool.fetchOne(db, sql: "SELECT 1 FROM wf_application WHERE id = ?",
                                                                                        arguments: [record.id]) == true)
            try writeApplication(record, db: db, insert: true)
        case .updateApplication(let record, let expected):
            let state = try String.fetchOne(db, sql: "SELECT state FROM wf_application WHERE id = ?", arguments: [record.id])
            try WorkflowChangeRules.applicationState(record.id, stored: state, expected: expected)
            try writeApplication(record, db: db, insert: false)
        case .insertScreening(let screening):
            try db.execute(sql: "INSERT INTO wf_screening (id, application_id, at, body) VALUES (?, ?, ?, ?)",
                           arguments: [screening.id, screening.applicationID, J.milliseconds(screening.at), try J.encode(screening)])
        case .insertAssessment(let assessment):
            try db.execute(sql: """
                INSERT INTO wf_assessment (id, application_id, at, trigger, knowledge_date, input_digest, verdicts, report)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [assessment.id, assessment.applicationID, J.milliseconds(assessment.at), assessment.trigger.rawValue,
                                 assessment.knowledgeDate.description, assessment.inputDigest, try J.encode(assessment.verdicts),
                                 try J.encode(assessment.report)])
        case .insertRecommendation(let recommendation):
            try db.execute(sql: "INSERT INTO wf_recommendation (id, application_id, officer_id, at, outcome, body) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [recommendation.id, recommendation.applicationID, recommendation.officerID,
                                       J.milliseconds(recommendation.at), recommendation.outcome.rawValue, try J.encode(recommendation)])
        case .insertDecision(let decision):
            let applicant = try WorkflowChangeRules.applicant(of: decision.applicationID, stored: try String.fetchOne(
                db, sql: "SELECT applicant_id FROM wf_application WHERE id = ?", arguments: [decision.applicationID]))
            try db.execute(sql: """
                INSERT INTO wf_decision (id, application_id, decider_id, applicant_id, at, outcome, assessment_id, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [decision.id, decision.applicationID, decision.deciderID, applicant, J.milliseconds(decision.at),
                                 decision.outcome.rawValue, decision.assessmentID, try J.encode(decision)])
        case .insertPermit(let permit):
            try WorkflowChangeRules.newPermit(applicationID: permit.applicationID, exists: try Bool.fetchOne(
                db, sql: "SELECT 1 FROM wf_permit WHERE application_id = ?", arguments: [permit.applicationID]) == true)
            try db.execute(sql: "INSERT INTO wf_permit (id, application_id, number, state, expires_on, body) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [permit.id, permit.applicationID, permit.number, permit.state.rawValue,
                                       permit.expiresOn.description, try J.encode(permit)])
        case .updatePermit(let permit, let expected):
            try WorkflowChangeRules.permitState(permit, stored: try String.fetchOne(db, sql: "SELECT state FROM wf_permit WHERE id = ?",
                                                                                    arguments: [permit.id]), expected: expected)
            try db.execute(sql: "UPDATE wf_permit SET state = ?, expires_on = ?, body = ? WHERE id = ?",
                           arguments: [permit.state.rawValue, permit.expiresOn.description, try J.encode(permit), permit.id])
        case .insertShipment(let shipment):
            try WorkflowChangeRules.shipment(
                shipment, permit: try String.fetchOne(db, sql: "SELECT body FROM wf_permit WHERE id = ?", arguments: [shipment.permitID]),
                previous: try String.fetchAll(db, sql: "SELECT body FROM wf_shipment WHERE permit_id = ?", arguments: [shipment.permitID]))
            try db.execute(sql: """
                INSERT INTO wf_shipment (id, permit_id, line, quantity, value, shipped_on, recorded_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [shipment.id, shipment.permitID, shipment.line, shipment.quantity, shipment.value,
                                 shipment.shippedOn.description, J.milliseconds(shipment.recordedAt), try J.encode(shipment)])
        case .insertAlert(let alert):
            try db.execute(sql: "INSERT INTO wf_alert (id, application_id, permit_id, raised_at, acknowledged_at, body) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [alert.id, alert.applicationID, alert.permitID, J.milliseconds(alert.raisedAt),
                                       alert.acknowledgedAt.map(J.milliseconds), try J.encode(alert)])
        case .acknowledgeAlert(let id, let by, let at, let note):
            let alert = try WorkflowChangeRules.acknowledged(
                id, stored: try String.fetchOne(db, sql: "SELECT body FROM wf_alert WHERE id = ?", arguments: [id]), by: by, at: at, note: note)
            try db.execute(sql: "UPDATE wf_alert SET acknowledged_at = ?, body = ? WHERE id = ?",
                           arguments: [J.milliseconds(at), try J.encode(alert), id])
        }
    }

    private static func writeApplication(_ record: ApplicationRecord, db: Database, insert: Bool) throws {
        let summary = ApplicationSummary(record)
        let arguments: StatementArguments = [
            record.state.rawValue, record.applicantID, record.applicantName, summary.exporter, summary.destination,
            summary.consignee, summary.endUser, summary.value, summary.currency, summary.worstVerdict?.rawValue,
            try J.encode(record.verdicts), record.stateReason, J.milliseconds(record.createdAt), J.milliseconds(record.updatedAt),
            record.submittedAt.map(J.milliseconds), try J.encode(record.application), record.id,
        ]
        if insert {
            try db.execute(sql: """
                INSERT INTO wf_application (state, applicant_id, applicant_name, exporter, destination, consignee, end_user,
                    total_value, currency, worst_verdict, verdicts, state_reason, created_at, updated_at, submitted_at, body, id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: arguments)
        } else {
            try db.execute(sql: """
                UPDATE wf_application SET state = ?, applicant_id = ?, applicant_name = ?, exporter = ?, destination = ?,
                    consignee = ?, end_user = ?, total_value = ?, currency = ?, worst_verdict = ?, verdicts = ?, state_reason = ?,
                    created_at = ?, updated_at = ?, submitted_at = ?, body = ?
                WHERE id = ?
                """, arguments: arguments)
        }
    }

    // MARK: - Reading users

    private static func user(_ row: Row) throws -> UserAccount {
        let roleText: String = row["role"]
        guard let role = Role(rawValue: roleText) else {
            throw StoreError(.unreadableDatabase, "user \(row["id"] as String) has an unknown role '\(roleText)'")
        }
        return UserAccount(id: row["id"], name: row["name"], role: role, disabled: row["disabled"],
                           createdAt: J.date(row["created_at"]))
    }

    public func user(id: String) async throws -> UserAccount? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM wf_user WHERE id = ?", arguments: [id]).map(Self.user)
        }
    }

    public func user(named name: String) async throws -> UserAccount? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM wf_user WHERE name = ?", arguments: [name]).map(Self.user)
        }
    }

    public func credentials(named name: String) async throws -> (user: UserAccount, passwordHash: String)? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM wf_user WHERE name = ?", arguments: [name]).map { row in
                (try Self.user(row), row["password_hash"] as String)
            }
        }
    }

    public func users() async throws -> [UserAccount] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM wf_user ORDER BY name").map(Self.user) }
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM wf_session WHERE token_hash = ?", arguments: [tokenHash]).map { row in
                SessionRecord(tokenHash: row["token_hash"], userID: row["user_id"], createdAt: J.date(row["created_at"]),
                              expiresAt: J.date(row["expires_at"]), csrfSecret: row["csrf_secret"])
            }
        }
    }

    public func sessionAndUser(tokenHash: String) async throws -> (session: SessionRecord, user: UserAccount)? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT s.token_hash, s.user_id, s.created_at AS session_created_at, s.expires_at, s.csrf_secret,
                       u.id, u.name, u.role, u.disabled, u.created_at
                FROM wf_session s JOIN wf_user u ON u.id = s.user_id WHERE s.token_hash = ?
                """, arguments: [tokenHash]).map { row in
                (SessionRecord(tokenHash: row["token_hash"], userID: row["user_id"], createdAt: J.date(row["session_created_at"]),
                               expiresAt: J.date(row["expires_at"]), csrfSecret: row["csrf_secret"]),
                 try Self.user(row))
            }
        }
    }

    public func apiToken(tokenHash: String) async throws -> APITokenRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM wf_api_token WHERE token_hash = ?", arguments: [tokenHash]).map { row in
                APITokenRecord(tokenHash: row["token_hash"], userID: row["user_id"], label: row["label"],
                               createdAt: J.date(row["created_at"]), expiresAt: (row["expires_at"] as Int64?).map(J.date))
            }
        }
    }

    public func deleteExpiredSessions(before date: Date) async throws -> Int {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM wf_session WHERE expires_at < ?", arguments: [J.milliseconds(date)])
            return db.changesCount
        }
    }

    // MARK: - Sign-in attempts

    public func recordSignInAttempt(account: String, address: String, at date: Date, limits: SignInLimits) async throws -> SignInRefusal? {
        let accountKey = SignInLimits.accountKey(account)
        let now = J.milliseconds(date)
        let start = J.milliseconds(limits.windowStart(at: date))
        // One write transaction: SQLite's single writer serialises the read, the decision and the insert across
        // every connection and process on the file.
        return try await writer.write { db in
            // Every attempt that has left the window, of any key, so the table never outgrows one window's attempts.
            try db.execute(sql: "DELETE FROM wf_sign_in_attempt WHERE at <= ?", arguments: [start])
            func attempts(_ scope: String, _ key: String) throws -> [Date] {
                try Int64.fetchAll(db, sql: "SELECT at FROM wf_sign_in_attempt WHERE scope = ? AND key = ? AND at > ?",
                                   arguments: [scope, key, start]).map(J.date)
            }
            if let refusal = limits.refusal(accountAttempts: try attempts("account", accountKey),
                                            addressAttempts: try attempts("address", address), at: date) {
                return refusal
            }
            try db.execute(sql: "INSERT INTO wf_sign_in_attempt (scope, key, at) VALUES ('account', ?, ?), ('address', ?, ?)",
                           arguments: [accountKey, now, address, now])
            return nil
        }
    }

    public func clearSignInAttempts(account: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM wf_sign_in_attempt WHERE scope = 'account' AND key = ?", arguments: [SignInLimits.accountKey(account)])
        }
    }

    // MARK: - Reading applications

    private static func application(_ row: Row) throws -> ApplicationRecord {
        ApplicationRecord(
            id: row["id"], state: try state(row["state"]), applicantID: row["applicant_id"], applicantName: row["applicant_name"],
            application: try J.cachedDecode(ExportApplication.self, row["body"]), createdAt: J.date(row["created_at"]),
            updatedAt: J.date(row["updated_at"]), submittedAt: (row["submitted_at"] as Int64?).map(J.date),
            verdicts: try J.cachedDecode([String: Verdict].self, row["verdicts"]), stateReason: row["state_reason"])
    }

    private static func state(_ text: String) throws -> ApplicationState {
        guard let state = ApplicationState(rawValue: text) else {
            throw StoreError(.unreadableDatabase, "unknown application state '\(text)' in the database")
        }
        return state
    }

    private static func summary(_ row: Row) throws -> ApplicationSummary {
        ApplicationSummary(
            id: row["id"], state: try state(row["state"]), applicantID: row["applicant_id"], applicantName: row["applicant_name"],
            exporter: row["exporter"], destination: row["destination"], consignee: row["consignee"], endUser: row["end_user"],
            value: row["total_value"], currency: row["currency"], worstVerdict: (row["worst_verdict"] as String?).flatMap(Verdict.init(rawValue:)),
            updatedAt: J.date(row["updated_at"]))
    }

    public func application(id: String) async throws -> ApplicationRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM wf_application WHERE id = ?", arguments: [id]).map(Self.application)
        }
    }

    public func applicationDetail(id: String) async throws -> ApplicationDetail? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM wf_application WHERE id = ?", arguments: [id]) else { return nil }
            var detail = ApplicationDetail(record: try Self.application(row))
            detail.screenings = try String.fetchAll(db, sql: "SELECT body FROM wf_screening WHERE application_id = ? ORDER BY at DESC, id DESC",
                                                    arguments: [id]).map { try J.cachedDecode(ScreeningRecord.self, $0) }
            detail.assessments = try Row.fetchAll(db, sql: "SELECT * FROM wf_assessment WHERE application_id = ? ORDER BY at DESC, id DESC",
                                                  arguments: [id]).map(Self.assessment)
            detail.recommendations = try String.fetchAll(db, sql: "SELECT body FROM wf_recommendation WHERE application_id = ? ORDER BY at DESC, id DESC",
                                                         arguments: [id]).map { try J.cachedDecode(Recommendation.self, $0) }
            detail.decisions = try String.fetchAll(db, sql: "SELECT body FROM wf_decision WHERE application_id = ? ORDER BY at DESC, id DESC",
                                                   arguments: [id]).map { try J.cachedDecode(DecisionRecord.self, $0) }
            detail.permit = try String.fetchOne(db, sql: "SELECT body FROM wf_permit WHERE application_id = ?", arguments: [id])
                .map { try J.cachedDecode(Permit.self, $0) }
            if let permit = detail.permit {
                detail.shipments = try Self.shipments(permitID: permit.id, db: db)
            }
            detail.alerts = try String.fetchAll(db, sql: "SELECT body FROM wf_alert WHERE application_id = ? ORDER BY raised_at DESC, id DESC",
                                                arguments: [id]).map { try J.cachedDecode(MonitoringAlert.self, $0) }
            detail.history = try Row.fetchAll(db, sql: "SELECT * FROM wf_audit WHERE subject = ? ORDER BY seq",
                                              arguments: ["application:\(id)"]).map(Self.auditEntry)
            return detail
        }
    }

    private static func assessment(_ row: Row) throws -> AssessmentRecord {
        let knowledge: String = row["knowledge_date"]
        guard let trigger = AssessmentTrigger(rawValue: row["trigger"]), let day = Day(knowledge) else {
            throw StoreError(.unreadableDatabase, "assessment \(row["id"] as String) has an unreadable trigger or knowledge date")
        }
        return AssessmentRecord(id: row["id"], applicationID: row["application_id"], at: J.date(row["at"]), trigger: trigger,
                                knowledgeDate: day, report: try J.cachedDecode(Assessment.self, row["report"]))
    }

    private static func shipments(permitID: String, db: Database) throws -> [Shipment] {
        try String.fetchAll(db, sql: "SELECT body FROM wf_shipment WHERE permit_id = ? ORDER BY recorded_at, id", arguments: [permitID])
            .map { try J.cachedDecode(Shipment.self, $0) }
    }

    public func applications(_ filter: ApplicationFilter) async throws -> Page<ApplicationSummary> {
        // Conditions other than the state; the state is handled per branch below so each branch reads its index in order.
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let destination = filter.destination { conditions.append("destination = ?"); arguments += [destination] }
        if let applicant = filter.applicantID { conditions.append("applicant_id = ?"); arguments += [applicant] }
        if let verdict = filter.verdict { conditions.append("worst_verdict = ?"); arguments += [verdict.rawValue] }
        if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            conditions.append("(id LIKE ? ESCAPE '\\' OR consignee LIKE ? ESCAPE '\\' OR end_user LIKE ? ESCAPE '\\' OR exporter LIKE ? ESCAPE '\\')")
            arguments += [pattern, pattern, pattern, pattern]
        }
        let perPage = max(1, min(filter.perPage, 500))
        let page = max(1, filter.page)
        let offset = (page - 1) * perPage
        let columns = """
            id, state, applicant_id, applicant_name, exporter, destination, consignee, end_user, total_value, currency,
            worst_verdict, updated_at
            """
        let order = "ORDER BY updated_at DESC, id DESC"
        let states = filter.states.sorted()
        let otherFilters = filter.destination != nil || filter.verdict != nil || !(filter.text ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        let sql: String
        var pageArguments: StatementArguments = []
        var countSQL: String?
        var countArguments: StatementArguments = []
        if states.count <= 1 {
            let all = conditions + (states.isEmpty ? [] : ["state = ?"])
            let whereClause = all.isEmpty ? "" : "WHERE " + all.joined(separator: " AND ")
            pageArguments = arguments + StatementArguments(states.map(\.rawValue)) + [perPage, offset]
            sql = "SELECT \(columns) FROM wf_application \(whereClause) \(order) LIMIT ? OFFSET ?"
            if otherFilters {
                countSQL = "SELECT COUNT(*) FROM wf_application \(whereClause)"
                countArguments = arguments + StatementArguments(states.map(\.rawValue))
            }
        } else {
            // One index range per state, each cut at the page's end, merged: reads at most (offset + perPage) rows
            // per state instead of sorting every row in the states.
            let whereClause = (conditions + ["state = ?"]).joined(separator: " AND ")
            let branch = "SELECT * FROM (SELECT \(columns) FROM wf_application WHERE \(whereClause) \(order) LIMIT ?)"
            sql = "SELECT * FROM (\(Array(repeating: branch, count: states.count).joined(separator: " UNION ALL "))) \(order) LIMIT ? OFFSET ?"
            for state in states { pageArguments += arguments + [state.rawValue, offset + perPage] }
            pageArguments += [perPage, offset]
            if otherFilters {
                countSQL = "SELECT COUNT(*) FROM wf_application WHERE \(conditions.joined(separator: " AND ")) AND state IN (\(states.map { _ in "?" }.joined(separator: ", ")))"
                countArguments = arguments + StatementArguments(states.map(\.rawValue))
            }
        }
        let query = sql
        let finalArguments = pageArguments
        let counting = countSQL
        let countingArguments = countArguments
        let applicant = filter.applicantID
        return try await writer.read { db in
            let total: Int
            if let counting {
                total = try Int.fetchOne(db, sql: counting, arguments: countingArguments) ?? 0
            } else {
                let counts = try Self.stateCounts(db, applicantID: applicant)
                total = states.isEmpty ? counts.values.reduce(0, +) : states.reduce(0) { $0 + (counts[$1] ?? 0) }
            }
            let rows = try Row.fetchAll(db, sql: query, arguments: finalArguments)
            return Page(items: try rows.map(Self.summary), total: total, page: page, perPage: perPage)
        }
    }

    private static func stateCounts(_ db: Database, applicantID: String?) throws -> [ApplicationState: Int] {
        var counts: [ApplicationState: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT state, n FROM wf_state_count WHERE applicant_id = ? AND n > 0",
                                    arguments: [applicantID ?? "*"]) {
            counts[try state(row["state"])] = row["n"]
        }
        return counts
    }

    public func applicationCounts(applicantID: String?) async throws -> [ApplicationState: Int] {
        try await writer.read { db in try Self.stateCounts(db, applicantID: applicantID) }
    }

    public func permit(id: String) async throws -> Permit? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM wf_permit WHERE id = ?", arguments: [id]).map { try J.cachedDecode(Permit.self, $0) }
        }
    }

    public func permit(applicationID: String) async throws -> Permit? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM wf_permit WHERE application_id = ?", arguments: [applicationID])
                .map { try J.cachedDecode(Permit.self, $0) }
        }
    }

    public func shipments(permitID: String) async throws -> [Shipment] {
        try await writer.read { db in try Self.shipments(permitID: permitID, db: db) }
    }

    public func recentDecisions(limit: Int, applicantID: String?) async throws -> [DecisionRecord] {
        try await writer.read { db in
            let bodies = if let applicantID {
                try String.fetchAll(db, sql: "SELECT body FROM wf_decision WHERE applicant_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                                    arguments: [applicantID, limit])
            } else {
                try String.fetchAll(db, sql: "SELECT body FROM wf_decision ORDER BY at DESC, id DESC LIMIT ?", arguments: [limit])
            }
            return try bodies.map { try J.cachedDecode(DecisionRecord.self, $0) }
        }
    }

    public func monitoredCases() async throws -> [MonitoredRecord] {
        let states = ApplicationState.allCases.filter { $0.isOpenApplication || $0.isLivePermit }
        return try await writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.*, p.id AS permit_id FROM wf_application a LEFT JOIN wf_permit p ON p.application_id = a.id
                WHERE a.state IN (\(states.map { _ in "?" }.joined(separator: ", "))) ORDER BY a.id
                """, arguments: StatementArguments(states.map(\.rawValue)))
            return try rows.map { MonitoredRecord(record: try Self.application($0), permitID: $0["permit_id"]) }
        }
    }

    // MARK: - Alerts

    public func alert(id: String) async throws -> MonitoringAlert? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM wf_alert WHERE id = ?", arguments: [id]).map { try J.cachedDecode(MonitoringAlert.self, $0) }
        }
    }

    public func alerts(_ filter: AlertFilter) async throws -> [MonitoringAlert] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        switch filter.acknowledged {
        case true?: conditions.append("acknowledged_at IS NOT NULL")
        case false?: conditions.append("acknowledged_at IS NULL")
        case nil: break
        }
        if let application = filter.applicationID { conditions.append("application_id = ?"); arguments += [application] }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [max(1, filter.limit), max(0, filter.offset)]
        let pageArguments = arguments
        return try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM wf_alert \(whereClause) ORDER BY raised_at DESC, id DESC LIMIT ? OFFSET ?",
                                arguments: pageArguments).map { try J.cachedDecode(MonitoringAlert.self, $0) }
        }
    }

    // MARK: - Audit log

    private static func auditEntry(_ row: Row) -> AuditEntry {
        AuditEntry(seq: row["seq"], at: J.date(row["at"]), actor: row["actor"], action: row["action"], subject: row["subject"],
                   before: row["before"], after: row["after"], previousHash: row["previous_hash"], hash: row["hash"])
    }

    public func auditEntries(after seq: Int, limit: Int) async throws -> [AuditEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM wf_audit WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit]).map(Self.auditEntry)
        }
    }

    public func auditCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM wf_audit") ?? 0 }
    }
}
