import Foundation
import OversightCore
import OversightStore
import OversightWorkflow
import Synchronization

/// Collects the ids of the claims an import writes, so monitoring re-assesses only the cases they touch.
final class ClaimCollector: Sendable {
    private let ids = Mutex<[String]>([])
    func add(_ record: Record) {
        if case .claim(let claim) = record { ids.withLock { $0.append(claim.id) } }
    }
    var claimIDs: [String] { ids.withLock { $0 } }
}

/// Continuous monitoring after an evidence import (ATT Art. 7.7): re-assesses the open applications and live
/// permits the new claims touch and reports the alerts raised.
enum ImportMonitoring {
    static func run(store: any DatabaseStore, change: Monitoring.Change) async throws {
        if case .claims(let ids) = change, ids.isEmpty { return }
        let alerts = try await WorkflowService(store: store).evidenceChanged(change)
        guard !alerts.isEmpty else { return }
        print("monitoring: \(alerts.count) alert\(alerts.count == 1 ? "" : "s") raised for review")
        for alert in alerts.prefix(20) {
            let regimes = alert.regimes.map { "\($0) \(alert.previousVerdicts[$0]?.rawValue ?? "none") → \(alert.newVerdicts[$0]?.rawValue ?? "?")" }
            print("  \(alert.applicationID)\(alert.permitID.map { " (permit \($0))" } ?? ""): \(regimes.joined(separator: ", "))")
        }
        if alerts.count > 20 { print("  … and \(alerts.count - 20) more (see the alerts page)") }
    }
}
