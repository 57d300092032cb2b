import Testing
@testable import OversightCore

struct ReassessmentTests {
    @Test func onlyCasesInTheClaimsDestinationAndKnowledgeWindowAreReassessed() {
        var records = World.base
        records.append(.unit(Unit(id: "unit:co-police", name: "Policía de Colombia", country: "CO", force: "police")))
        let spec = World.IncidentSpec(killed: 20, injured: 40, violation: "unlawful-killing", unit: "unit:station", daysBefore: 30, confidence: .high)
        let before = EvidenceSnapshot(records: records)
        let peru = World.application()
        var colombia = World.application(destination: "CO", endUserUnit: "unit:co-police")
        colombia.id = "app:co"
        let old = AssessmentEngine(methodology: .v1).assess(peru, snapshot: before)
        let cases = [
            MonitoredCase(id: "permit:pe", application: peru, knowledgeDate: Day("2023-03-01")!, previousVerdicts: old.verdicts),
            MonitoredCase(id: "permit:co", application: colombia, knowledgeDate: Day("2023-03-01")!),
            MonitoredCase(id: "permit:pe-old-view", application: peru, knowledgeDate: Day("2022-01-01")!),
        ]
        let added = World.records(spec, 1)
        let index = EvidenceIndex(snapshot: EvidenceSnapshot(records: records + added))
        guard case .claim(let claim) = added[1] else { Issue.record("fixture"); return }
        // Method v1's levels: one incident is a moderate risk there (v2 would deny; the selection is the point here).
        let results = Reassessment.reassess(after: claim, cases: cases, index: index, engine: AssessmentEngine(methodology: .v1))
        // Colombia is another destination; the view as known on 2022-01-01 predates the claim's source.
        #expect(results.map(\.caseID) == ["permit:pe"])
        let result = results[0]
        #expect(result.assessment.incidents.count == 1)
        #expect(old.verdicts["EIPA"] == .approve)
        #expect(result.assessment.verdicts["EIPA"] == .refer)
        #expect(result.changedRegimes.contains("EIPA"))
        #expect(result.reachesThreshold.isEmpty, "refer is below the EIPA threshold")
        #expect(Reassessment.countries(of: "relation:station", in: index.snapshot) == ["PE"])
        #expect(Reassessment.countries(of: claim.subject, in: index.snapshot) == ["PE"])
    }
}

struct ParallelMapTests {
    @Test func resultsKeepTheOrderOfTheInputs() {
        let items = Array(0..<2_000)
        let parallel = ParallelMap.map(items) { n -> String in String(repeating: "x", count: n % 7) + String(n * n) }
        #expect(parallel == items.map { String(repeating: "x", count: $0 % 7) + String($0 * $0) })
        #expect(ParallelMap.map([Int]()) { $0 } == [])
        #expect(ParallelMap.map([5]) { $0 + 1 } == [6])
    }
}
