import Foundation
import OversightCore
import OversightStore

/// Copies the SIPRI transfers and the permit workflow between stores through the store protocols, for
/// `oversight copy`: users (with their password hashes), applications with everything recorded on them
/// (screenings, assessments, recommendations, decisions, permit, shipments, alerts) and the audit log, whose
/// entries are appended in order to the empty target so their numbers and hashes come out identical (checked).
/// Sessions and API tokens are not copied: users sign in again and create new tokens.
enum WorkflowCopy {
    struct Counts {
        var transfers = 0
        var users = 0
        var applications = 0
        var auditEntries = 0
    }

    static func run(from source: any DatabaseStore, to target: any DatabaseStore) async throws -> Counts {
        var counts = Counts()
        if let dataset = try await source.transferDataset() {
            let transfers = try await source.transfers(involving: nil)
            try await target.replaceTransfers(transfers, dataset: dataset)
            counts.transfers = transfers.count
        }
        var changes: [WorkflowChange] = []
        for user in try await source.users() {
            guard let credentials = try await source.credentials(named: user.name) else { continue }
            changes.append(.insertUser(credentials.user, passwordHash: credentials.passwordHash))
            counts.users += 1
        }
        var page = 1
        var later: [WorkflowChange] = []
        while true {
            let found = try await source.applications(ApplicationFilter(page: page, perPage: 500))
            for summary in found.items {
                guard let detail = try await source.applicationDetail(id: summary.id) else { continue }
                changes.append(.insertApplication(detail.record))
                changes += detail.screenings.reversed().map { .insertScreening($0) }
                changes += detail.assessments.reversed().map { .insertAssessment($0) }
                changes += detail.recommendations.reversed().map { .insertRecommendation($0) }
                changes += detail.decisions.reversed().map { .insertDecision($0) }
                if let permit = detail.permit {
                    // Shipments are checked against an active permit; the permit's own state is restored after them.
                    var active = permit
                    active.state = .active
                    changes.append(.insertPermit(active))
                    changes += detail.shipments.map { .insertShipment($0) }
                    if permit.state != .active { later.append(.updatePermit(permit, expectedState: .active)) }
                }
                changes += detail.alerts.reversed().map { .insertAlert($0) }
                counts.applications += 1
            }
            if page * found.perPage >= found.total || found.items.isEmpty { break }
            page += 1
        }
        var entries: [AuditEntry] = []
        while true {
            let next = try await source.auditEntries(after: entries.last?.seq ?? 0, limit: 10_000)
            if next.isEmpty { break }
            entries += next
        }
        let drafts = entries.map { AuditDraft(at: $0.at, actor: $0.actor, action: $0.action, subject: $0.subject, before: $0.before, after: $0.after) }
        // The chain the target will build, checked before anything is written.
        var previous = AuditChain.genesis
        for (entry, draft) in zip(entries, drafts) {
            let rebuilt = AuditEntry(seq: entry.seq, draft: draft, previousHash: previous)
            guard rebuilt.hash == entry.hash else {
                throw CLIError("audit entry \(entry.seq) of \(source.location) does not match its hash; run `oversight audit verify` on it before copying (the workflow was not copied)")
            }
            previous = rebuilt.hash
        }
        let appended = try await target.commit(changes + later, audit: drafts)
        counts.auditEntries = appended.count
        return counts
    }
}
