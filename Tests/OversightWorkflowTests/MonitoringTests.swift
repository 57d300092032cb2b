import Foundation
import OversightCore
import OversightDemo
import OversightFormats
import OversightStore
import OversightStoreSQLite
import OversightWorkflow
import Testing

/// Continuous monitoring (ATT Art. 7.7) on the Peru demo: a new Peru incident after a permit's decision raises an
/// alert for that permit, and for no permit to a country the evidence does not touch.
struct MonitoringTests {
    /// A new incident in Peru in February 2023 attributed to the National Police, with its source and claims.
    static let bundle = """
        {"format":"oversight-bundle","type":"bundle","version":1}
        {"id":"src:test-ombudsman-2023-02-20","kind":"report","published":"2023-02-20","publisher":"Test Ombudsman","title":"[Test report of a February 2023 incident]","type":"source"}
        {"country":"PE","description":"Test incident for the monitoring test.","id":"incident:test-cusco-2023-02-15","killed":4,"perpetratorPersons":[],"perpetratorUnits":["unit:pnp"],"place":"Cusco","range":{"end":"2023-02-15","endIsReal":true,"precise":true,"start":"2023-02-15","startIsReal":true},"stateForces":true,"title":"Test killings of protesters in Cusco","type":"incident","victims":[],"violations":["unlawful-killing"]}
        {"citations":[{"excerpt":"Police fired on protesters.","source":"src:test-ombudsman-2023-02-20"}],"confidence":"high","id":"claim:test-cusco-incident","status":"accepted","subject":"incident:test-cusco-2023-02-15","type":"claim"}
        {"citations":[{"excerpt":"Four killed.","source":"src:test-ombudsman-2023-02-20"}],"confidence":"high","id":"claim:test-cusco-killed","property":"killed","status":"accepted","subject":"incident:test-cusco-2023-02-15","type":"claim","value":"4"}
        """

    @Test func aNewPeruIncidentRaisesAnAlertForThePeruPermitOnly() async throws {
        let f = try await Fixture(day: "2022-12-01", demo: true)
        defer { f.remove() }
        // Hide the demo's 2023 evidence from the decision: decided on 1 Dec 2022 with what was public then.
        let (peru, peruPermit) = try await f.issued(try Fixture.demoApplication("peru-pnp-simulators-2022-12-01"))
        let (norway, _) = try await f.issued(Fixture.quiet())
        let before = try #require(peru.decision?.verdicts)
        #expect(!before.values.contains { $0 >= .deny }, "approvable on 1 Dec 2022: \(before)")

        f.clock.set("2023-03-01")
        let data = Data(Self.bundle.utf8)
        _ = try await f.store.importRecords { sink in
            try BundleReader().read(data) { record, json in try sink.add(record, canonicalJSON: json) }
        }
        let alerts = try await f.service.evidenceChanged(.claims(["claim:test-cusco-incident", "claim:test-cusco-killed"]))
        #expect(alerts.count == 1)
        let alert = try #require(alerts.first)
        #expect(alert.applicationID == peru.record.id)
        #expect(alert.permitID == peruPermit.id)
        #expect(alert.claimIDs == ["claim:test-cusco-incident", "claim:test-cusco-killed"])
        #expect(alert.previousVerdicts == before)
        #expect(!alert.regimes.isEmpty && alert.regimes.allSatisfy { alert.newVerdicts[$0]! >= .deny })
        #expect(alert.change.contains("2 claims"))

        // The evidence: the monitoring assessment counts the new incident.
        let detail = try await f.service.application(id: peru.record.id, for: f.officer)
        let assessment = try #require(detail.assessments.first { $0.id == alert.assessmentID })
        #expect(assessment.trigger == .monitoring)
        #expect(assessment.report.incidents.contains { $0.incidentID == "incident:test-cusco-2023-02-15" })
        #expect(detail.record.verdicts == alert.newVerdicts)
        #expect(detail.history.map(\.action).suffix(2) == ["monitoring.reassess", "alert.raise"])
        // Norway: untouched.
        let quiet = try await f.service.application(id: norway.record.id, for: f.officer)
        #expect(quiet.alerts.isEmpty)
        #expect(quiet.assessments.count == 1)

        // The same change again raises nothing new: the permit already stands at the new verdicts.
        #expect(try await f.service.evidenceChanged(.claims(["claim:test-cusco-killed"])).isEmpty)

        // An officer suspends the permit from the alert, which acknowledges it.
        let (acknowledged, suspended) = try await f.service.suspendFromAlert(id: alert.id, reason: "New killings by the end user", by: f.officer)
        #expect(suspended.state == .suspended)
        #expect(acknowledged.acknowledgedBy == f.officer.name)
        #expect(try await f.service.alerts(AlertFilter(acknowledged: false), by: f.officer).isEmpty)
        #expect(try await f.service.application(id: peru.record.id, for: f.auditor).record.state == .suspended)
        #expect(try await f.service.verifyAudit().isIntact)
    }

    @Test func acknowledgingNeedsANoteAndHappensOnce() async throws {
        let f = try await Fixture(day: "2022-12-01", demo: true)
        defer { f.remove() }
        _ = try await f.submitted(try Fixture.demoApplication("peru-pnp-simulators-2022-12-01"))
        f.clock.set("2023-03-01")
        let alerts = try await f.service.evidenceChanged(.all)
        let alert = try #require(alerts.first, "the demo's 2023 evidence pushes the open application over the threshold")
        #expect(alert.permitID == nil)
        await #expect(throws: WorkflowError.self) { _ = try await f.service.acknowledgeAlert(id: alert.id, note: "", by: f.officer) }
        await #expect(throws: WorkflowError.self) { _ = try await f.service.acknowledgeAlert(id: alert.id, note: "seen", by: f.auditor) }
        await #expect(throws: WorkflowError.self) { _ = try await f.service.suspendFromAlert(id: alert.id, reason: "x", by: f.officer) }
        let done = try await f.service.acknowledgeAlert(id: alert.id, note: "Will refer to the senior reviewer", by: f.officer)
        #expect(done.note == "Will refer to the senior reviewer")
        do {
            _ = try await f.service.acknowledgeAlert(id: alert.id, note: "again", by: f.senior)
            Issue.record("a second acknowledgement must fail")
        } catch let error as WorkflowError {
            #expect(error.code == .conflict)
        }
    }
}

/// The grouped look-up of affected cases agrees with the engine's `Reassessment.affected`, claim by claim.
struct MonitoringAffectedTests {
    @Test func groupedLookupMatchesReassessmentForEveryDemoClaim() async throws {
        let store = try SQLiteStore.inMemory()
        try await DemoCase.load(into: store)
        let index = EvidenceIndex(snapshot: try await store.snapshot(asOf: nil))
        let peru = try Fixture.demoApplication("peru-pnp-simulators-2022-12-01")
        let cases = ["2022-06-01", "2022-12-01", "2023-01-10", "2023-03-01", "2026-01-01"].map { day in
            MonitoredCase(id: "pe-\(day)", application: peru, knowledgeDate: Day(day)!)
        } + [MonitoredCase(id: "no", application: Fixture.quiet(), knowledgeDate: Day("2026-01-01")!)]
        var touched = 0
        for claim in index.snapshot.claims.values.sorted(by: { $0.id < $1.id }) {
            let expected = Reassessment.affected(by: claim, cases: cases, index: index).map(\.id)
            let grouped = Monitoring.affected(by: .claims([claim.id]), cases: cases, index: index)
            #expect(grouped.map(\.monitored.id) == expected, "\(claim.id)")
            #expect(grouped.allSatisfy { $0.claimIDs == [claim.id] })
            if !expected.isEmpty { touched += 1 }
        }
        #expect(touched > 100, "most demo claims bear on Peru")
    }
}
