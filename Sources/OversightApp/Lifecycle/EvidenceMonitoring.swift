import Logging
import OversightCore
import OversightWorkflow

/// Continuous monitoring: what runs after an evidence edit, for every surface that edits evidence (the web's
/// editing forms today). The edited claims re-assess the open applications and live permits they touch, and
/// alerts are raised where a verdict moved past its threshold. A failure is logged, never lost silently, and never
/// undoes the edit, which is already committed.
public enum EvidenceMonitoring {
    /// The hook to hand to the editing surface: re-assesses after each change that touches claims.
    public static func onChange(service: WorkflowService, logger: Logger) -> @Sendable (EvidenceChange) async -> Void {
        { change in
            guard !change.claimIDs.isEmpty else { return }
            do {
                let alerts = try await service.evidenceChanged(.claims(change.claimIDs))
                if !alerts.isEmpty { logger.info("monitoring: \(alerts.count) alert(s) raised by an evidence edit") }
            } catch {
                logger.error("monitoring after an evidence edit failed: \(error)")
            }
        }
    }
}
