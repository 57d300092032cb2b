import Foundation
import OversightCore
import OversightWorkflow
import Testing

/// Four-eyes: a case assessed `refer` or `deny` is decided by a senior reviewer other than the recommender.
struct FourEyesTests {
    @Test func officerWhoRecommendedAHighRiskCaseCannotDecideIt() async throws {
        // The February 2023 demo application to Peru is assessed deny (EIPA) on the evidence of that day.
        let f = try await Fixture(day: "2023-02-06", demo: true)
        defer { f.remove() }
        let detail = try await f.submitted(try Fixture.demoApplication("peru-pnp-simulators-2023-02-06"))
        let verdicts = try #require(detail.latestAssessment?.verdicts)
        #expect(FourEyes.isHighRisk(verdicts), "\(verdicts)")
        let id = detail.record.id
        _ = try await f.service.recommend(id: id, outcome: .deny, rationale: "Pattern of unlawful killings", conditions: [], by: f.officer)
        for decider in [f.officer, f.secondOfficer] {
            do {
                _ = try await f.service.decide(id: id, outcome: .denied, rationale: "Deny", conditions: [], by: decider)
                Issue.record("\(decider.name) must not decide a high-risk case")
            } catch let error as WorkflowError {
                #expect(error.code == .fourEyes, "\(error)")
            }
        }
        #expect(!f.service.availableActions(try await f.service.application(id: id, for: f.officer), for: f.officer).contains(.deny))
        let decided = try await f.service.decide(id: id, outcome: .denied, rationale: "Substantial risk (EIPA 7.3)", conditions: [], by: f.senior)
        #expect(decided.record.state == .denied)
        #expect(decided.decision?.deciderID == f.senior.id)
        #expect(decided.decision?.verdicts == verdicts)
    }

    @Test func seniorReviewerWhoRecommendedCannotDecideEither() {
        let senior = UserAccount(id: "u1", name: "sam", role: .seniorReviewer, createdAt: Date(timeIntervalSince1970: 0))
        let other = UserAccount(id: "u2", name: "sue", role: .seniorReviewer, createdAt: Date(timeIntervalSince1970: 0))
        let officer = UserAccount(id: "u3", name: "olivia", role: .officer, createdAt: Date(timeIntervalSince1970: 0))
        let refer: [String: Verdict] = ["EIPA": .refer, "ATT": .approve]
        #expect(throws: WorkflowError.self) { try FourEyes.check(decider: senior, recommenderID: "u1", verdicts: refer) }
        #expect(throws: Never.self) { try FourEyes.check(decider: other, recommenderID: "u1", verdicts: refer) }
        #expect(throws: WorkflowError.self) { try FourEyes.check(decider: officer, recommenderID: "u1", verdicts: refer) }
        // Low risk: anyone allowed to decide may, including the recommender.
        #expect(throws: Never.self) { try FourEyes.check(decider: officer, recommenderID: "u3", verdicts: ["EIPA": .approveWithConditions]) }
    }
}
