import Foundation
import OversightCore
import OversightStore

/// What the audit log records when an application changes state.
struct StateChange: Encodable {
    var state: ApplicationState
    var verdicts: [String: Verdict]?
    var assessmentID: String?
    var inputDigest: String?
    var screeningID: String?
    var hits: Int?
    var reason: String?
}

extension WorkflowService {
    func subject(_ id: String) -> String { "application:\(id)" }

    func loadDetail(_ id: String) async throws -> ApplicationDetail {
        guard let detail = try await workflow.applicationDetail(id: id) else {
            throw WorkflowError(.notFound, "no application \(id)")
        }
        return detail
    }

    // MARK: - Drafts and submission

    /// Starts a draft owned by `actor` (an applicant). The application's `id` is ignored and assigned; the input
    /// is validated (`.invalid` with field errors such as `destination`, `items[0].controlEntry`).
    public func createDraft(_ application: ExportApplication, by actor: UserAccount) async throws -> ApplicationRecord {
        try Self.require(actor, [.applicant], to: "create applications")
        let problems = ApplicationRules.problems(application, for: .draft)
        if !problems.isEmpty { throw WorkflowError.invalid(problems) }
        let id = makeID("app")
        var application = application
        application.id = id
        application.decisionDate = today
        let record = ApplicationRecord(id: id, state: .draft, applicantID: actor.id, applicantName: actor.name,
                                       application: application, createdAt: now(), updatedAt: now())
        try await workflow.commit([.insertApplication(record)], audit: [
            AuditDraft(at: now(), actor: actor.name, action: "application.create", subject: subject(id), after: try json(record)),
        ])
        return record
    }

    /// Replaces a draft's content (its owner, while it is a draft).
    public func updateDraft(id: String, _ application: ExportApplication, by actor: UserAccount) async throws -> ApplicationRecord {
        guard let before = try await workflow.application(id: id) else { throw WorkflowError(.notFound, "no application \(id)") }
        try Lifecycle.authorize(.updateDraft, state: before.state, actor: actor, applicantID: before.applicantID)
        let problems = ApplicationRules.problems(application, for: .draft)
        if !problems.isEmpty { throw WorkflowError.invalid(problems) }
        var after = before
        after.application = application
        after.application.id = id
        after.application.decisionDate = today
        after.updatedAt = now()
        try await workflow.commit([.updateApplication(after, expectedState: before.state)], audit: [
            AuditDraft(at: now(), actor: actor.name, action: "application.update", subject: subject(id),
                       before: try json(before), after: try json(after)),
        ])
        return after
    }

    /// Submits a draft, then screens its parties and assesses it on today's evidence (submitted → screened →
    /// assessed, each step audited). Returns the application with its screening and assessment.
    public func submit(id: String, by actor: UserAccount) async throws -> ApplicationDetail {
        guard let before = try await workflow.application(id: id) else { throw WorkflowError(.notFound, "no application \(id)") }
        try Lifecycle.authorize(.submit, state: before.state, actor: actor, applicantID: before.applicantID)
        var application = before.application
        application.decisionDate = today
        let problems = ApplicationRules.problems(application, for: .submission)
        if !problems.isEmpty { throw WorkflowError.invalid(problems) }

        // Screening, then the assessment on the evidence as it stands today (the knowledge date).
        let screener = try await cache.screener(store: screening, configuration: configuration.screening)
        let hook = screener.map { ScreeningHookAdapter(screening: $0.0) }
        var hits: [PartyHit] = []
        if let hook {
            hits += hook.hits(party: application.consignee, role: "consignee")
            hits += hook.hits(party: Party(name: application.endUser.name, country: application.destination), role: "end user")
            for party in application.intermediaries { hits += hook.hits(party: party, role: "intermediary") }
        }
        let screeningRecord = ScreeningRecord(id: makeID("screening"), applicationID: id, at: now(), hits: hits,
                                              entriesScreened: screener?.entries ?? 0)
        let index = try await cache.index(store: evidence)
        let assessor = AssessmentEngine(methodology: engine.methodology, reference: engine.reference, screening: hook)
        let report = assessor.assess(application, index: index, asOf: today)
        let assessment = AssessmentRecord(id: makeID("assessment"), applicationID: id, at: now(), trigger: .submission,
                                          knowledgeDate: today, report: report)

        var after = before
        after.application = application
        after.state = .assessed
        after.submittedAt = now()
        after.updatedAt = now()
        after.verdicts = report.verdicts
        var submitted = before
        submitted.state = .submitted
        submitted.application = application
        try await workflow.commit([
            .updateApplication(after, expectedState: .draft),
            .insertScreening(screeningRecord),
            .insertAssessment(assessment),
        ], audit: [
            AuditDraft(at: now(), actor: actor.name, action: "application.submit", subject: subject(id),
                       before: try json(before), after: try json(submitted)),
            AuditDraft(at: now(), actor: "system", action: "application.screen", subject: subject(id),
                       before: try json(StateChange(state: .submitted)),
                       after: try json(StateChange(state: .screened, screeningID: screeningRecord.id, hits: hits.count))),
            AuditDraft(at: now(), actor: "system", action: "application.assess", subject: subject(id),
                       before: try json(StateChange(state: .screened)),
                       after: try json(StateChange(state: .assessed, verdicts: report.verdicts, assessmentID: assessment.id,
                                                   inputDigest: report.inputDigest))),
        ])
        return try await loadDetail(id)
    }

    // MARK: - Recommendation and decision

    /// An officer's recommendation on an assessed case, relying on its latest assessment.
    public func recommend(id: String, outcome: RecommendedOutcome, rationale: String, conditions: [String],
                          by actor: UserAccount) async throws -> ApplicationDetail {
        let detail = try await loadDetail(id)
        let before = detail.record
        try Lifecycle.authorize(.recommend, state: before.state, actor: actor, applicantID: before.applicantID)
        let rationale = try Self.required(rationale, "rationale", what: "why you recommend this outcome")
        guard let assessment = detail.latestAssessment else {
            throw WorkflowError(.invalidTransition, "application \(id) has no assessment to rely on")
        }
        let recommendation = Recommendation(
            id: makeID("recommendation"), applicationID: id, officerID: actor.id, officerName: actor.name, at: now(),
            outcome: outcome, rationale: rationale, assessmentID: assessment.id,
            conditions: conditions.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty })
        var after = before
        after.state = .recommended
        after.updatedAt = now()
        try await workflow.commit([.updateApplication(after, expectedState: before.state), .insertRecommendation(recommendation)], audit: [
            AuditDraft(at: now(), actor: actor.name, action: "application.recommend", subject: subject(id),
                       before: try json(StateChange(state: before.state)), after: try json(recommendation)),
        ])
        return try await loadDetail(id)
    }

    /// Decides a recommended case (four-eyes enforced). Records the rationale and the assessment relied on; an
    /// approval's conditions are the mitigation measures plus `conditions` (`PermitConditions`).
    public func decide(id: String, outcome: PermitDecision.Outcome, rationale: String, conditions: [String],
                       by actor: UserAccount) async throws -> ApplicationDetail {
        let detail = try await loadDetail(id)
        let before = detail.record
        let action: ApplicationAction = outcome == .denied ? .deny : .approve
        try Lifecycle.authorize(action, state: before.state, actor: actor, applicantID: before.applicantID)
        guard let assessment = detail.latestAssessment else {
            throw WorkflowError(.invalidTransition, "application \(id) has no assessment to rely on")
        }
        try FourEyes.check(decider: actor, recommenderID: detail.latestRecommendation?.officerID, verdicts: assessment.verdicts)
        let rationale = try Self.required(rationale, "rationale", what: "the reasons for the decision")
        if action == .approve, let regime = assessment.verdicts.keys.sorted().first(where: { assessment.verdicts[$0] == .prohibited }) {
            throw WorkflowError(.forbidden, "the transfer is prohibited under \(regime) (\(assessment.report.prohibitions.map(\.basis).joined(separator: "; "))); it cannot be approved")
        }
        let permitConditions = action == .approve
            ? PermitConditions.conditions(assessment: assessment.report, added: conditions + (detail.latestRecommendation?.conditions ?? []))
            : []
        let recorded: PermitDecision.Outcome = action == .deny ? .denied : (permitConditions.isEmpty ? .approved : .approvedWithConditions)
        let decision = DecisionRecord(
            id: makeID("decision"), applicationID: id, deciderID: actor.id, deciderName: actor.name, at: now(), outcome: recorded,
            rationale: rationale, assessmentID: assessment.id, assessmentDigest: assessment.inputDigest,
            verdicts: assessment.verdicts, conditions: permitConditions)
        var after = before
        after.state = action == .deny ? .denied : .approved
        after.updatedAt = now()
        try await workflow.commit([.updateApplication(after, expectedState: before.state), .insertDecision(decision)], audit: [
            AuditDraft(at: now(), actor: actor.name, action: "application.decide", subject: subject(id),
                       before: try json(StateChange(state: before.state)), after: try json(decision)),
        ])
        return try await loadDetail(id)
    }

    // MARK: - Permits

    /// Issues the permit of an approved application, with the applied-for items as its limits. `expiresOn` nil:
    /// today plus `configuration.permitValidityDays`.
    public func issuePermit(applicationID id: String, expiresOn: Day?, by actor: UserAccount) async throws -> Permit {
        let detail = try await loadDetail(id)
        let before = detail.record
        try Lifecycle.authorize(.issue, state: before.state, actor: actor, applicantID: before.applicantID)
        guard let decision = detail.decision, decision.outcome != .denied else {
            throw WorkflowError(.invalidTransition, "application \(id) has no approval to issue a permit on")
        }
        let expiry = expiresOn ?? today.adding(days: configuration.permitValidityDays)
        if expiry <= today { throw WorkflowError.invalid(["expiresOn": "must be after today (\(today))"]) }
        let permitID = makeID("permit")
        let suffix = permitID.split(separator: "-").last.map(String.init)?.uppercased() ?? permitID
        let permit = Permit(id: permitID, applicationID: id, number: "P-\(today.year)-\(suffix)", issuedAt: now(), issuedBy: actor.name,
                            expiresOn: expiry, limits: PermitLimit.limits(of: before.application), conditions: decision.conditions)
        var after = before
        after.state = .issued
        after.updatedAt = now()
        try await workflow.commit([.updateApplication(after, expectedState: before.state), .insertPermit(permit)], audit: [
            AuditDraft(at: now(), actor: actor.name, action: "permit.issue", subject: subject(id),
                       before: try json(StateChange(state: before.state)), after: try json(permit)),
        ])
        return permit
    }

    /// Records a shipment against the permit of an application (the owning applicant, or an officer);
    /// `.limitExceeded` when it would pass the line's quantity or value limit.
    public func recordShipment(applicationID id: String, line: Int, quantity: Int, value: Double, shippedOn: Day,
                               by actor: UserAccount) async throws -> Shipment {
        guard let record = try await workflow.application(id: id) else { throw WorkflowError(.notFound, "no application \(id)") }
        try Lifecycle.authorize(.recordShipment, state: record.state, actor: actor, applicantID: record.applicantID)
        guard let permit = try await workflow.permit(applicationID: id) else {
            throw WorkflowError(.invalidTransition, "application \(id) has no permit")
        }
        if shippedOn > today { throw WorkflowError.invalid(["shippedOn": "is in the future; record shipments once they have left"]) }
        let shipment = Shipment(id: makeID("shipment"), permitID: permit.id, line: line, quantity: quantity, value: value,
                                shippedOn: shippedOn, recordedBy: actor.name, recordedAt: now())
        // Checked here for a quick answer, and again inside the write transaction.
        try ShipmentCheck.check(shipment, permit: permit, previous: try await workflow.shipments(permitID: permit.id))
        try await workflow.commit([.insertShipment(shipment)], audit: [
            AuditDraft(at: now(), actor: actor.name, action: "permit.shipment", subject: subject(id), after: try json(shipment)),
        ])
        return shipment
    }

    /// The writes that suspend, reinstate, revoke or expire a permit (committed by the caller).
    func permitChange(_ detail: ApplicationDetail, action: ApplicationAction, reason: String, actor: UserAccount) throws
        -> (changes: [WorkflowChange], audit: AuditDraft, permit: Permit) {
        let record = detail.record
        let target: PermitState
        switch action {
        case .suspend: target = .suspended
        case .reinstate: target = .active
        case .revoke: target = .revoked
        case .expire: target = .expired
        default: throw WorkflowError.invalid(["action": "must be suspend, reinstate, revoke or expire"])
        }
        let next = try Lifecycle.authorize(action, state: record.state, actor: actor, applicantID: record.applicantID)
        let reason = try Self.required(reason, "reason", what: "why the permit is \(action == .reinstate ? "reinstated" : target.rawValue)")
        guard var permit = detail.permit else { throw WorkflowError(.invalidTransition, "application \(record.id) has no permit") }
        let previousState = permit.state
        permit.state = target
        permit.stateReason = reason
        var after = record
        after.state = next
        after.stateReason = reason
        after.updatedAt = now()
        return ([.updateApplication(after, expectedState: record.state), .updatePermit(permit, expectedState: previousState)],
                AuditDraft(at: now(), actor: actor.name, action: "permit.\(action.rawValue)", subject: subject(record.id),
                           before: try json(StateChange(state: record.state)),
                           after: try json(StateChange(state: next, reason: reason))),
                permit)
    }

    /// Suspends, reinstates, revokes or expires a permit, with a reason.
    public func changePermit(applicationID id: String, action: ApplicationAction, reason: String,
                             by actor: UserAccount) async throws -> Permit {
        let change = try permitChange(try await loadDetail(id), action: action, reason: reason, actor: actor)
        try await workflow.commit(change.changes, audit: [change.audit])
        return change.permit
    }
}

extension WorkflowService {
    /// Expires every issued or suspended permit whose last day is before today, in the name of `actor` (run daily,
    /// e.g. from cron with `oversight permit expire-due`). Returns the permits expired.
    @discardableResult
    public func expireDuePermits(actor: String = "system") async throws -> [Permit] {
        var expired: [Permit] = []
        for item in try await workflow.monitoredCases() where item.record.state.isLivePermit {
            guard var permit = try await workflow.permit(applicationID: item.record.id), permit.expiresOn < today else { continue }
            let previous = permit.state
            let reason = "the permit's validity ended on \(permit.expiresOn)"
            permit.state = .expired
            permit.stateReason = reason
            var after = item.record
            after.state = .expired
            after.stateReason = reason
            after.updatedAt = now()
            do {
                try await workflow.commit([.updateApplication(after, expectedState: item.record.state),
                                           .updatePermit(permit, expectedState: previous)], audit: [
                    AuditDraft(at: now(), actor: actor, action: "permit.expire", subject: subject(item.record.id),
                               before: try json(StateChange(state: item.record.state)),
                               after: try json(StateChange(state: .expired, reason: reason))),
                ])
                expired.append(permit)
            } catch let error as WorkflowError where error.code == .conflict {
                continue  // changed meanwhile; the next run looks again
            }
        }
        return expired
    }
}
