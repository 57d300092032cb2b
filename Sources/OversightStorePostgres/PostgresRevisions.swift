import Logging
import PostgresNIO

/// The evidence and workflow revision counters of `v7-revisions` (see `Store.evidenceRevision()`).
extension PostgresStore {
    static let evidenceArea = "evidence"
    static let workflowArea = "workflow"

    /// Moves `area`'s counter inside the caller's transaction.
    static func bumpRevision(_ area: String, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE oversight_revision SET value = value + 1 WHERE area = \(area)", logger: logger)
    }

    private func revision(_ area: String) async throws -> Int {
        try await withConnection { c in try await self.count(c, "SELECT value FROM oversight_revision WHERE area = \(area)") }
    }

    public func evidenceRevision() async throws -> Int { try await revision(Self.evidenceArea) }
    public func workflowRevision() async throws -> Int { try await revision(Self.workflowArea) }
}
