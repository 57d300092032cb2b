import Foundation
import OversightCore
import OversightStore
import OversightWorkflow
import Testing

/// The lifecycle through the service: every step lands in the right state and leaves its record; steps out of
/// order, by the wrong role or by another applicant are refused and change nothing.
struct WorkflowServiceTests {
    @Test func fullLifecycleFromDraftToExpiry() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let draft = try await f.service.createDraft(Fixture.quiet(), by: f.applicant)
        #expect(draft.state == .draft)
        #expect(draft.applicantID == f.applicant.id)

        let submitted = try await f.service.submit(id: draft.id, by: f.applicant)
        #expect(submitted.record.state == .assessed, "screening and assessment run on submission")
        #expect(submitted.screenings.count == 1)
        let assessment = try #require(submitted.latestAssessment)
        #expect(assessment.trigger == .submission)
        #expect(assessment.verdicts["EIPA"] == .approveWithConditions, "no evidence on Norway; the proposed end-use certificate is a condition")
        #expect(!FourEyes.isHighRisk(assessment.verdicts))
        #expect(submitted.history.map(\.action) == ["application.create", "application.submit", "application.screen", "application.assess"])

        let recommended = try await f.service.recommend(id: draft.id, outcome: .approve, rationale: "No evidence of risk",
                                                        conditions: ["Quarterly end-use report"], by: f.officer)
        #expect(recommended.record.state == .recommended)
        #expect(recommended.latestRecommendation?.assessmentID == assessment.id)

        // Low risk: the recommending officer may decide it.
        let decided = try await f.service.decide(id: draft.id, outcome: .approved, rationale: "Approved", conditions: [], by: f.officer)
        #expect(decided.record.state == .approved)
        let decision = try #require(decided.decision)
        #expect(decision.assessmentID == assessment.id)
        #expect(decision.assessmentDigest == assessment.inputDigest)
        #expect(decision.rationale == "Approved")
        // The proposed mitigation becomes a condition, with the officer's.
        #expect(decision.outcome == .approvedWithConditions)
        #expect(decision.conditions.contains("Quarterly end-use report"))
        #expect(decision.conditions.count >= 2, "\(decision.conditions)")

        #expect(try await f.service.dashboard(for: f.applicant).recentDecisions.map(\.id) == [decision.id])
        #expect(try await f.service.dashboard(for: f.otherApplicant).recentDecisions.isEmpty)
        #expect(try await f.service.dashboard(for: f.senior).recentDecisions.map(\.id) == [decision.id])

        let permit = try await f.service.issuePermit(applicationID: draft.id, expiresOn: nil, by: f.officer)
        #expect(permit.state == .active)
        #expect(permit.conditions == decision.conditions)
        #expect(permit.limits.first?.quantity == 10)
        #expect(permit.expiresOn == Day("2026-03-02")!.adding(days: 730))

        _ = try await f.service.recordShipment(applicationID: draft.id, line: 0, quantity: 4, value: 40_000,
                                               shippedOn: Day("2026-03-01")!, by: f.applicant)
        let suspended = try await f.service.changePermit(applicationID: draft.id, action: .suspend, reason: "Inquiry", by: f.officer)
        #expect(suspended.state == .suspended)
        let reinstated = try await f.service.changePermit(applicationID: draft.id, action: .reinstate, reason: "Cleared", by: f.senior)
        #expect(reinstated.state == .active)
        let expired = try await f.service.changePermit(applicationID: draft.id, action: .expire, reason: "Used up", by: f.officer)
        #expect(expired.state == .expired)
        let final = try await f.service.application(id: draft.id, for: f.auditor)
        #expect(final.record.state == .expired)
        #expect(final.record.stateReason == "Used up")
        #expect(final.shipments.count == 1)
        #expect(try await f.service.verifyAudit().isIntact)
    }

    @Test func stepsOutOfOrderAreRefusedAndChangeNothing() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let draft = try await f.service.createDraft(Fixture.quiet(), by: f.applicant)
        let before = try await f.store.auditCount()
        await #expect(throws: WorkflowError.self) {
            _ = try await f.service.recommend(id: draft.id, outcome: .approve, rationale: "x", conditions: [], by: f.officer)
        }
        await #expect(throws: WorkflowError.self) {
            _ = try await f.service.issuePermit(applicationID: draft.id, expiresOn: nil, by: f.officer)
        }
        let detail = try await f.submitted(Fixture.quiet())
        do {
            _ = try await f.service.submit(id: detail.record.id, by: f.applicant)
            Issue.record("a second submission must fail")
        } catch let error as WorkflowError {
            #expect(error.code == .invalidTransition)
            #expect(error.message.contains("assessed"))
        }
        do {
            _ = try await f.service.decide(id: detail.record.id, outcome: .approved, rationale: "x", conditions: [], by: f.senior)
            Issue.record("deciding before a recommendation must fail")
        } catch let error as WorkflowError {
            #expect(error.code == .invalidTransition)
        }
        #expect(try await f.service.application(id: draft.id, for: f.applicant).record.state == .draft)
        #expect(try await f.store.auditCount() == before + 4, "only the second application's create, submit, screen, assess")
    }

    @Test func rolesAndOwnershipAreEnforced() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let draft = try await f.service.createDraft(Fixture.quiet(), by: f.applicant)
        func code(_ body: () async throws -> Void) async -> WorkflowError.Code? {
            do { try await body(); return nil } catch let error as WorkflowError { return error.code } catch { return nil }
        }
        #expect(await code { _ = try await f.service.createDraft(Fixture.quiet(), by: f.officer) } == .forbidden)
        #expect(await code { _ = try await f.service.submit(id: draft.id, by: f.otherApplicant) } == .forbidden)
        #expect(await code { _ = try await f.service.application(id: draft.id, for: f.otherApplicant) } == .notFound)
        #expect(await code { _ = try await f.service.application(id: draft.id, for: f.researcher) } == .forbidden)
        #expect(await code { _ = try await f.service.auditLog(page: 1, perPage: 10, by: f.officer) } == .forbidden)
        #expect(await code { _ = try await f.service.createUser(name: "eve", role: .administrator, password: nil, by: f.officer) } == .forbidden)
        let detail = try await f.service.submit(id: draft.id, by: f.applicant)
        #expect(await code {
            _ = try await f.service.recommend(id: detail.record.id, outcome: .approve, rationale: "mine", conditions: [], by: f.applicant)
        } == .forbidden)
        #expect(await code {
            _ = try await f.service.recommend(id: detail.record.id, outcome: .approve, rationale: "  ", conditions: [], by: f.officer)
        } == .invalid)
        // Lists: an applicant sees only their own.
        _ = try await f.service.createDraft(Fixture.quiet(), by: f.otherApplicant)
        #expect(try await f.service.applications(ApplicationFilter(), for: f.applicant).items.map(\.id) == [draft.id])
        #expect(try await f.service.applications(ApplicationFilter(), for: f.auditor).total == 2)
        #expect(try await f.service.applications(ApplicationFilter(states: [.assessed]), for: f.officer).items.map(\.id) == [draft.id])
        #expect(try await f.service.applications(ApplicationFilter(destination: "PE"), for: f.officer).total == 0)
    }

    @Test func invalidApplicationsAnswerWithFieldErrors() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        var application = Fixture.quiet()
        application.destination = "XX"
        application.items[0].controlEntry = "9-99"
        application.items[0].quantity = 0
        application.consignee.name = " "
        application.regimes = []
        do {
            _ = try await f.service.createDraft(application, by: f.applicant)
            Issue.record("an invalid application must be refused")
        } catch let error as WorkflowError {
            #expect(error.code == .invalid)
            #expect(Set(error.fields.keys) == ["destination", "items[0].controlEntry", "items[0].quantity", "consignee.name", "regimes"])
            #expect(error.fields["destination"]?.contains("XX") == true)
        }
        // A draft may lack items; submitting it may not.
        var partial = Fixture.quiet()
        partial.items = []
        let draft = try await f.service.createDraft(partial, by: f.applicant)
        do {
            _ = try await f.service.submit(id: draft.id, by: f.applicant)
            Issue.record("an incomplete draft must not be submitted")
        } catch let error as WorkflowError {
            #expect(error.fields["items"] != nil)
        }
        #expect(try await f.store.application(id: draft.id)?.state == .draft)
    }

    @Test func dashboardsShowEachRoleItsQueue() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let assessed = try await f.submitted(Fixture.quiet())
        let draft = try await f.service.createDraft(Fixture.quiet(destination: "SE"), by: f.applicant)
        let officer = try await f.service.dashboard(for: f.officer)
        #expect(officer.queue.map(\.id) == [assessed.record.id])
        #expect(officer.counts[.assessed] == 1 && officer.counts[.draft] == 1)
        let applicant = try await f.service.dashboard(for: f.applicant)
        #expect(Set(applicant.queue.map(\.id)) == [assessed.record.id, draft.id])
        #expect(applicant.alerts.isEmpty)
        let other = try await f.service.dashboard(for: f.otherApplicant)
        #expect(other.queue.isEmpty && other.counts.isEmpty)
        let actions = f.service.availableActions(assessed, for: f.officer)
        #expect(actions == [.recommend])
        #expect(f.service.availableActions(assessed, for: f.applicant).isEmpty)
    }
}
