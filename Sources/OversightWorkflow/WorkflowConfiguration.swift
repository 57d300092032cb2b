import Foundation
import OversightCore

/// Tunables of the workflow, with production defaults.
public struct WorkflowConfiguration: Sendable {
    /// bcrypt cost (work factor 2^cost). Tests use 4, the minimum.
    public var bcryptCost: UInt8
    /// How long a browser session lasts from sign-in.
    public var sessionLifetime: TimeInterval
    /// How long an issued permit is valid, in days, unless the officer sets an expiry.
    public var permitValidityDays: Int
    /// The party screener's threshold and weights.
    public var screening: ScreeningConfiguration
    /// Shortest password accepted.
    public var minimumPasswordLength: Int

    public init(bcryptCost: UInt8 = 12, sessionLifetime: TimeInterval = 8 * 3600, permitValidityDays: Int = 730,
                screening: ScreeningConfiguration = .init(), minimumPasswordLength: Int = 12) {
        self.bcryptCost = bcryptCost
        self.sessionLifetime = sessionLifetime
        self.permitValidityDays = permitValidityDays
        self.screening = screening
        self.minimumPasswordLength = minimumPasswordLength
    }
}

/// What a signed-in user sees first.
public struct Dashboard: Sendable, Hashable {
    public var user: UserAccount
    /// Applications waiting for this user: an applicant's drafts and permits; an officer's cases to recommend or
    /// decide; a senior reviewer's cases to decide; for auditors and administrators, the latest changes.
    public var queue: [ApplicationSummary]
    /// Unacknowledged monitoring alerts (none for applicants).
    public var alerts: [MonitoringAlert]
    /// Latest decisions (an applicant's own only).
    public var recentDecisions: [DecisionRecord]
    /// Applications per state (an applicant's own only).
    public var counts: [ApplicationState: Int]

    public init(user: UserAccount, queue: [ApplicationSummary], alerts: [MonitoringAlert], recentDecisions: [DecisionRecord],
                counts: [ApplicationState: Int]) {
        self.user = user
        self.queue = queue
        self.alerts = alerts
        self.recentDecisions = recentDecisions
        self.counts = counts
    }
}

/// Audit log export formats.
public enum AuditExportFormat: String, Sendable, CaseIterable, Codable {
    /// One JSON object per line, every field including both hashes (verifiable offline).
    case jsonl
    /// RFC 4180 CSV with a header row.
    case csv
}
