import Foundation
import OversightCore
import OversightStore

// The workflow register and the SIPRI transfers table are not yet on PostgreSQL. Every call answers with one
// clear error instead of a half-working store; the SQLite adapter has them.

private func pending(_ what: String) -> StoreError {
    StoreError(.unreadableDatabase, "\(what) is not available on PostgreSQL in this version; use a SQLite database (--db PATH) for it")
}

extension PostgresStore {
    public func replaceTransfers(_ transfers: [ArmsTransfer], dataset: TransferDataset) async throws { throw pending("the SIPRI transfers table") }
    public func transfers(involving countries: Set<String>?) async throws -> [ArmsTransfer] { throw pending("the SIPRI transfers table") }
    public func transferDataset() async throws -> TransferDataset? { throw pending("the SIPRI transfers table") }
}

extension PostgresStore {
    public func commit(_ changes: [WorkflowChange], audit: [AuditDraft]) async throws -> [AuditEntry] { throw pending("the permit workflow") }
    public func user(id: String) async throws -> UserAccount? { throw pending("the permit workflow") }
    public func user(named name: String) async throws -> UserAccount? { throw pending("the permit workflow") }
    public func credentials(named name: String) async throws -> (user: UserAccount, passwordHash: String)? { throw pending("the permit workflow") }
    public func users() async throws -> [UserAccount] { throw pending("the permit workflow") }
    public func session(tokenHash: String) async throws -> SessionRecord? { throw pending("the permit workflow") }
    public func sessionAndUser(tokenHash: String) async throws -> (session: SessionRecord, user: UserAccount)? { throw pending("the permit workflow") }
    public func apiToken(tokenHash: String) async throws -> APITokenRecord? { throw pending("the permit workflow") }
    public func deleteExpiredSessions(before date: Date) async throws -> Int { throw pending("the permit workflow") }
    public func application(id: String) async throws -> ApplicationRecord? { throw pending("the permit workflow") }
    public func applicationDetail(id: String) async throws -> ApplicationDetail? { throw pending("the permit workflow") }
    public func applications(_ filter: ApplicationFilter) async throws -> Page<ApplicationSummary> { throw pending("the permit workflow") }
    public func applicationCounts(applicantID: String?) async throws -> [ApplicationState: Int] { throw pending("the permit workflow") }
    public func permit(id: String) async throws -> Permit? { throw pending("the permit workflow") }
    public func permit(applicationID: String) async throws -> Permit? { throw pending("the permit workflow") }
    public func shipments(permitID: String) async throws -> [Shipment] { throw pending("the permit workflow") }
    public func recentDecisions(limit: Int, applicantID: String?) async throws -> [DecisionRecord] { throw pending("the permit workflow") }
    public func monitoredCases() async throws -> [MonitoredRecord] { throw pending("the permit workflow") }
    public func alert(id: String) async throws -> MonitoringAlert? { throw pending("the permit workflow") }
    public func alerts(_ filter: AlertFilter) async throws -> [MonitoringAlert] { throw pending("the permit workflow") }
    public func auditEntries(after seq: Int, limit: Int) async throws -> [AuditEntry] { throw pending("the permit workflow") }
    public func auditCount() async throws -> Int { throw pending("the permit workflow") }
}
