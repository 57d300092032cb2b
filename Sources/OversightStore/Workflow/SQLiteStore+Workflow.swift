import Foundation
import GRDB
import OversightCore

extension SQLiteStore: WorkflowStore {
    public func commit(_ changes: [WorkflowChange], audit: [AuditDraft]) async throws -> [AuditEntry] { fatalError("not yet") }
    public func user(id: String) async throws -> UserAccount? { fatalError("not yet") }
    public func user(named name: String) async throws -> UserAccount? { fatalError("not yet") }
    public func credentials(named name: String) async throws -> (user: UserAccount, passwordHash: String)? { fatalError("not yet") }
    public func users() async throws -> [UserAccount] { fatalError("not yet") }
    public func session(tokenHash: String) async throws -> SessionRecord? { fatalError("not yet") }
    public func apiToken(tokenHash: String) async throws -> APITokenRecord? { fatalError("not yet") }
    public func deleteExpiredSessions(before date: Date) async throws -> Int { fatalError("not yet") }
    public func application(id: String) async throws -> ApplicationRecord? { fatalError("not yet") }
    public func applicationDetail(id: String) async throws -> ApplicationDetail? { fatalError("not yet") }
    public func applications(_ filter: ApplicationFilter) async throws -> Page<ApplicationSummary> { fatalError("not yet") }
    public func applicationCounts(applicantID: String?) async throws -> [ApplicationState: Int] { fatalError("not yet") }
    public func permit(id: String) async throws -> Permit? { fatalError("not yet") }
    public func permit(applicationID: String) async throws -> Permit? { fatalError("not yet") }
    public func shipments(permitID: String) async throws -> [Shipment] { fatalError("not yet") }
    public func recentDecisions(limit: Int) async throws -> [DecisionRecord] { fatalError("not yet") }
    public func monitoredCases() async throws -> [MonitoredRecord] { fatalError("not yet") }
    public func alert(id: String) async throws -> MonitoringAlert? { fatalError("not yet") }
    public func alerts(_ filter: AlertFilter) async throws -> [MonitoringAlert] { fatalError("not yet") }
    public func auditEntries(after seq: Int, limit: Int) async throws -> [AuditEntry] { fatalError("not yet") }
    public func auditCount() async throws -> Int { fatalError("not yet") }
}
