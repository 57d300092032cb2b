import Foundation
import OversightCore
import OversightStore

extension WorkflowService {
    static let caseReaders: Set<Role> = [.applicant, .officer, .seniorReviewer, .auditor, .administrator]

    /// The dashboard for `user`.
    /// The workflow's revision: moved by every committed change, in any process on the database
    /// (`WorkflowStore.workflowRevision()`). Read it before the data a cached page is built from.
    public func revision() async throws -> Int { try await workflow.workflowRevision() }

    public func dashboard(for user: UserAccount) async throws -> Dashboard {
        let queueStates: Set<ApplicationState>
        switch user.role {
        case .applicant: queueStates = []
        case .officer: queueStates = [.assessed, .recommended, .approved]
        case .seniorReviewer: queueStates = [.recommended, .approved, .suspended]
        case .auditor, .administrator: queueStates = []
        case .researcher: return Dashboard(user: user, queue: [], alerts: [], recentDecisions: [], counts: [:])
        }
        let applicant = user.role == .applicant ? user.id : nil
        let queue = try await workflow.applications(ApplicationFilter(states: queueStates, applicantID: applicant, perPage: 20)).items
        let alerts = Self.alertReaders.contains(user.role) ? try await workflow.alerts(AlertFilter(acknowledged: false, limit: 20)) : []
        let decisions = try await workflow.recentDecisions(limit: 10, applicantID: applicant)
        let counts = try await workflow.applicationCounts(applicantID: applicant)
        return Dashboard(user: user, queue: queue, alerts: alerts, recentDecisions: decisions, counts: counts)
    }

    /// A page of applications `user` may see (an applicant: their own only).
    public func applications(_ filter: ApplicationFilter, for user: UserAccount) async throws -> Page<ApplicationSummary> {
        try Self.require(user, Self.caseReaders, to: "read applications")
        var filter = filter
        if user.role == .applicant { filter.applicantID = user.id }
        return try await workflow.applications(filter)
    }

    /// One application with its full history, if `user` may see it (`.notFound` otherwise, so that applicants
    /// cannot probe for other applicants' ids).
    public func application(id: String, for user: UserAccount) async throws -> ApplicationDetail {
        try Self.require(user, Self.caseReaders, to: "read applications")
        let detail = try await loadDetail(id)
        if user.role == .applicant, detail.record.applicantID != user.id { throw WorkflowError(.notFound, "no application \(id)") }
        return detail
    }

    /// Actions `user` may take on the application now (for buttons). Screening and assessment run by themselves
    /// and are not offered; a decision the four-eyes rule forbids is not offered either.
    public func availableActions(_ detail: ApplicationDetail, for user: UserAccount) -> [ApplicationAction] {
        Lifecycle.actions(from: detail.record.state, for: user, applicantID: detail.record.applicantID).filter { action in
            switch action {
            case .recordScreening, .recordAssessment: return false
            case .approve, .deny:
                guard let assessment = detail.latestAssessment else { return false }
                return (try? FourEyes.check(decider: user, recommenderID: detail.latestRecommendation?.officerID,
                                            verdicts: assessment.verdicts)) != nil
            case .issue: return detail.decision.map { $0.outcome != .denied } ?? false
            default: return true
            }
        }
    }

    // MARK: - Audit log

    /// A page of the audit log, newest first (auditors and administrators).
    public func auditLog(page: Int, perPage: Int, by actor: UserAccount) async throws -> Page<AuditEntry> {
        try Self.require(actor, [.auditor, .administrator], to: "read the audit log")
        let perPage = max(1, min(perPage, 500))
        let page = max(1, page)
        let total = try await workflow.auditCount()
        let upper = total - (page - 1) * perPage
        guard upper > 0 else { return Page(items: [], total: total, page: page, perPage: perPage) }
        let lower = max(0, upper - perPage)
        let entries = try await workflow.auditEntries(after: lower, limit: upper - lower)
        return Page(items: entries.reversed(), total: total, page: page, perPage: perPage)
    }

    /// Checks the whole chain, a thousand entries at a time; names the first broken entry.
    public func verifyAudit() async throws -> AuditVerification {
        var verifier = AuditChain.Verifier()
        var after = 0
        while true {
            let entries = try await workflow.auditEntries(after: after, limit: 1000)
            guard let last = entries.last else { break }
            for entry in entries where !verifier.check(entry) { return verifier.result }
            after = last.seq
        }
        return verifier.result
    }

    /// One exported entry: every stored field, the time both as ISO 8601 and as the milliseconds the hash covers.
    struct ExportedEntry: Encodable {
        var seq: Int
        var at: String
        var atMilliseconds: Int64
        var actor: String
        var action: String
        var subject: String
        var before: String?
        var after: String?
        var previousHash: String
        var hash: String
    }

    static let csvHeader = "seq,at,at_ms,actor,action,subject,before,after,previous_hash,hash\r\n"

    static func csvField(_ text: String?) -> String {
        guard let text else { return "" }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Writes the whole log, oldest first, in `format`, a chunk of text at a time.
    public func exportAudit(format: AuditExportFormat, write: (String) throws -> Void) async throws {
        if format == .csv { try write(Self.csvHeader) }
        var after = 0
        while true {
            let entries = try await workflow.auditEntries(after: after, limit: 1000)
            guard let last = entries.last else { break }
            var chunk = ""
            for entry in entries {
                let exported = ExportedEntry(seq: entry.seq, at: Self.iso(entry.at), atMilliseconds: entry.atMilliseconds,
                                             actor: entry.actor, action: entry.action, subject: entry.subject, before: entry.before,
                                             after: entry.after, previousHash: entry.previousHash, hash: entry.hash)
                switch format {
                case .jsonl:
                    chunk += try WorkflowJSON.encode(exported) + "\n"
                case .csv:
                    chunk += [String(entry.seq), exported.at, String(exported.atMilliseconds), entry.actor, entry.action, entry.subject,
                              entry.before, entry.after, entry.previousHash, entry.hash].map(Self.csvField).joined(separator: ",") + "\r\n"
                }
            }
            try write(chunk)
            after = last.seq
        }
    }
}
