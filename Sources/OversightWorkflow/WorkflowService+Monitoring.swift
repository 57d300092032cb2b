import Foundation
import OversightCore
import OversightStore

extension WorkflowService {
    static let alertReaders: Set<Role> = [.officer, .seniorReviewer, .auditor, .administrator]

    /// Re-assesses the open applications and live permits a change touches (ATT Art. 7.7), records each new
    /// assessment whose verdicts moved, and raises an alert for each case that now reaches its regime's threshold.
    /// Returns the alerts raised.
    @discardableResult
    public func evidenceChanged(_ change: Monitoring.Change, actor: String = "system") async throws -> [MonitoringAlert] {
        cache.invalidate()
        let monitored = try await workflow.monitoredCases()
        guard !monitored.isEmpty else { return [] }
        let index = try await cache.index(store: evidence)
        let screener = try await cache.screener(store: screening, configuration: configuration.screening)
        let assessor = AssessmentEngine(methodology: engine.methodology, reference: engine.reference,
                                        screening: screener.map { ScreeningHookAdapter(screening: $0.0) })
        let day = today
        let byID = Dictionary(uniqueKeysWithValues: monitored.map { ($0.record.id, $0) })
        let cases = monitored.map {
            MonitoredCase(id: $0.record.id, application: $0.record.application, knowledgeDate: day, previousVerdicts: $0.record.verdicts)
        }
        var alerts: [MonitoringAlert] = []
        for (result, claimIDs) in Monitoring.reassess(change, cases: cases, index: index, engine: assessor) {
            guard let item = byID[result.caseID], !result.changedRegimes.isEmpty || !result.reachesThreshold.isEmpty else { continue }
            let id = item.record.id
            let assessment = AssessmentRecord(id: makeID("assessment"), applicationID: id, at: now(), trigger: .monitoring,
                                              knowledgeDate: day, report: result.assessment)
            var after = item.record
            after.verdicts = result.assessment.verdicts
            after.updatedAt = now()
            var changes: [WorkflowChange] = [.updateApplication(after, expectedState: item.record.state), .insertAssessment(assessment)]
            var audit = [AuditDraft(at: now(), actor: actor, action: "monitoring.reassess", subject: subject(id),
                                    before: try json(StateChange(state: item.record.state, verdicts: item.record.verdicts)),
                                    after: try json(StateChange(state: item.record.state, verdicts: after.verdicts,
                                                                assessmentID: assessment.id, inputDigest: assessment.inputDigest)))]
            var raised: MonitoringAlert?
            if !result.reachesThreshold.isEmpty {
                let alert = MonitoringAlert(
                    id: makeID("alert"), applicationID: id, permitID: item.permitID, raisedAt: now(),
                    change: change.summary, claimIDs: claimIDs, regimes: result.reachesThreshold,
                    previousVerdicts: result.previousVerdicts, newVerdicts: result.assessment.verdicts, assessmentID: assessment.id)
                changes.append(.insertAlert(alert))
                audit.append(AuditDraft(at: now(), actor: actor, action: "alert.raise", subject: subject(id), after: try json(alert)))
                raised = alert
            }
            do {
                try await workflow.commit(changes, audit: audit)
                if let raised { alerts.append(raised) }
            } catch let error as WorkflowError where error.code == .conflict {
                // Someone moved the case on while it was re-assessed; the next change re-assesses it again.
                continue
            }
        }
        return alerts
    }

    /// Alerts (officers, senior reviewers, auditors, administrators).
    public func alerts(_ filter: AlertFilter, by actor: UserAccount) async throws -> [MonitoringAlert] {
        try Self.require(actor, Self.alertReaders, to: "read monitoring alerts")
        return try await workflow.alerts(filter)
    }

    /// One alert.
    public func alert(id: String, by actor: UserAccount) async throws -> MonitoringAlert {
        try Self.require(actor, Self.alertReaders, to: "read monitoring alerts")
        guard let alert = try await workflow.alert(id: id) else { throw WorkflowError(.notFound, "no alert \(id)") }
        return alert
    }

    /// Acknowledges an alert with a note (officers and senior reviewers).
    public func acknowledgeAlert(id: String, note: String, by actor: UserAccount) async throws -> MonitoringAlert {
        try Self.require(actor, [.officer, .seniorReviewer], to: "acknowledge alerts")
        let note = try Self.required(note, "note", what: "what you checked and concluded")
        guard let before = try await workflow.alert(id: id) else { throw WorkflowError(.notFound, "no alert \(id)") }
        var after = before
        after.acknowledgedBy = actor.name
        after.acknowledgedAt = now()
        after.note = note
        try await workflow.commit([.acknowledgeAlert(id: id, by: actor.name, at: now(), note: note)], audit: [
            AuditDraft(at: now(), actor: actor.name, action: "alert.acknowledge", subject: subject(before.applicationID),
                       before: try json(before), after: try json(after)),
        ])
        return after
    }

    /// Suspends the alert's permit with a reason and acknowledges the alert (the reason is the note), in one
    /// transaction.
    public func suspendFromAlert(id: String, reason: String, by actor: UserAccount) async throws -> (alert: MonitoringAlert, permit: Permit) {
        try Self.require(actor, [.officer, .seniorReviewer], to: "suspend permits")
        guard let before = try await workflow.alert(id: id) else { throw WorkflowError(.notFound, "no alert \(id)") }
        guard before.permitID != nil else {
            throw WorkflowError(.invalidTransition, "alert \(id) is about an application without a permit; there is nothing to suspend")
        }
        guard before.acknowledgedAt == nil else {
            throw WorkflowError(.conflict, "alert \(id) was already acknowledged by \(before.acknowledgedBy ?? "someone")")
        }
        let change = try permitChange(try await loadDetail(before.applicationID), action: .suspend, reason: reason, actor: actor)
        var after = before
        after.acknowledgedBy = actor.name
        after.acknowledgedAt = now()
        after.note = change.permit.stateReason
        try await workflow.commit(change.changes + [.acknowledgeAlert(id: id, by: actor.name, at: now(), note: after.note ?? "")], audit: [
            change.audit,
            AuditDraft(at: now(), actor: actor.name, action: "alert.acknowledge", subject: subject(before.applicationID),
                       before: try json(before), after: try json(after)),
        ])
        return (after, change.permit)
    }
}
