import Testing
@testable import OversightCore

/// The engine's screening step with the real screener: a party matching a UN-listed entry makes the
/// application prohibited under every regime.
struct AssessmentScreeningTests {
    @Test func aConsigneeOnTheUNListIsProhibited() {
        let listed = ListEntry(list: "un-sc", id: "QDe.001", schema: .organization,
                               names: [ListName("Arms Brokers International")])
        let screener = Screener(entries: [listed])
        var application = World.application()
        application.consignee = Party(name: "Arms Brokers International", country: "PE")
        let engine = AssessmentEngine(screening: ScreeningHookAdapter(screening: screener))
        let assessment = engine.assess(application, snapshot: EvidenceSnapshot(records: World.base))
        #expect(Set(assessment.verdicts.values) == [.prohibited])
        #expect(assessment.screening.first?.entryID == "QDe.001")
        var clean = application
        clean.consignee = Party(name: "Policía Nacional del Perú", country: "PE")
        #expect(!engine.assess(clean, snapshot: EvidenceSnapshot(records: World.base)).verdicts.values.contains(.prohibited))
        // Listed under a programme with an asset freeze but no arms embargo: reported, not prohibited.
        var freezeOnly = listed
        freezeOnly.program = "Iraq"
        let other = AssessmentEngine(screening: ScreeningHookAdapter(screening: Screener(entries: [freezeOnly])))
        let result = other.assess(application, snapshot: EvidenceSnapshot(records: World.base))
        #expect(result.screening.count == 1)
        #expect(!result.verdicts.values.contains(.prohibited))
    }
}
