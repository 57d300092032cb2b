import Foundation
import Testing
import OversightCore
import OversightDemo
import OversightFormats
import OversightStore
import OversightStoreSQLite

/// The Peru cases of docs/ASSESSMENT.md, on the bundled demo evidence.
struct AssessmentDemoTests {
    /// The demo evidence, loaded through the store as users load it.
    func snapshot() async throws -> EvidenceSnapshot {
        let store = try SQLiteStore.inMemory()
        try await DemoCase.load(into: store)
        return try await store.snapshot(asOf: nil)
    }

    func application(_ name: String) throws -> ExportApplication {
        let url = try #require(DemoCase.applicationURLs()[name])
        return try ApplicationReader.read(Data(contentsOf: url))
    }

    func assess(_ application: ExportApplication, asOf: String? = nil, methodology: Methodology = .standard) async throws -> Assessment {
        AssessmentEngine(methodology: methodology).assess(application, snapshot: try await snapshot(), asOf: asOf.flatMap { Day($0) })
    }

    @Test func simulatorsForThePoliceKnownOnTheDecisionDateAreDeniedUnderEIPA() async throws {
        let a = try await assess(try application("peru-pnp-simulators-2023-02-06"))
        #expect(a.knowledgeDate == "2023-02-06")
        #expect(a.verdicts["EIPA"] == .deny)
        let text = a.rationale.joined(separator: "\n")
        for place in ["Juliaca", "Andahuaylas", "Ayacucho"] { #expect(text.contains(place), "rationale cites \(place)") }
        #expect(text.contains("Officials' public statements"))
        #expect(text.contains("pretext to continue generating chaos"))
        // Only the reporting of the day: the NGO reports and the promotions came later.
        #expect(!text.contains("promotion"))
        let sources = Set(a.incidents.flatMap(\.claims).flatMap(\.sources).map(\.publisher))
        #expect(!sources.contains("Human Rights Watch"))
        #expect(a.incidents.first { $0.incidentID == "incident:juliaca-2023-01-09" }?.killed == 17)
        #expect(a.incidents.allSatisfy { $0.attribution == 1.0 }, "the PNP commands the perpetrator units through the published chain")
    }

    @Test func theSameDecisionAsKnownTodayCitesThePromotionsAndCannotBeMitigated() async throws {
        let a = try await assess(try application("peru-pnp-simulators-2023-02-06"), asOf: "2026-11-29")
        #expect(a.verdicts["EIPA"] == .deny)
        #expect(a.cannotMitigate)
        let text = a.rationale.joined(separator: "\n")
        #expect(text.contains("promotion"))
        #expect(text.contains("commendation"))
        #expect(text.contains("no-charges"))
        #expect(text.contains("cannot be mitigated"))
        #expect(a.accountability.filter { $0.eventType == .promotion }.count >= 4)
        #expect(a.consequences.allSatisfy { !$0.mitigationApplied })
    }

    @Test func theSamePermitDecidedBeforeTheCrackdownIsNotDenied() async throws {
        let a = try await assess(try application("peru-pnp-simulators-2022-12-01"))
        #expect(a.verdicts["EIPA"] != .deny)
        #expect(a.verdicts.values.allSatisfy { $0 < .deny })
        #expect(a.incidents.isEmpty)
    }

    @Test func endUseRestrictedToAUnitWithNoLinkToThePatternLowersTheRisk() async throws {
        var wide = try application("peru-pnp-simulators-2023-02-06")
        wide.mitigations = []
        var narrow = wide
        narrow.endUser = EndUser(name: "Región Policial Lima", unit: "unit:pnp-region-lima")
        narrow.mitigations = ["end-use-restricted-unit"]
        let a = try await assess(wide), b = try await assess(narrow)
        let top = { (x: Assessment) in x.consequences.map(\.residual).max() ?? 0 }
        #expect(top(b) < top(a))
        #expect(b.incidents.allSatisfy { $0.attribution < 1.0 })
        #expect(b.mitigations.first?.effect ?? 0 > 0, "the Lima region has no incident of the pattern, so the restriction counts")
        // Restricting to a unit that is itself in the pattern's chain does not count as mitigation.
        var linked = narrow
        linked.endUser = EndUser(name: "Región Policial Puno", unit: "unit:pnp-region-puno")
        #expect(try await assess(linked).mitigations.first?.effect == 0)
    }

    @Test func assessmentsAreReproducible() async throws {
        let app = try application("peru-pnp-simulators-2023-02-06")
        let a = try await assess(app, methodology: .v1), b = try await assess(app, methodology: .v1)
        #expect(a == b)
        #expect(a.inputDigest.count == 64)
        // Stored assessments are checked with `assess --verify` against this digest: a v1 assessment's input text
        // must not change between versions (a change here is a format change and needs a methodology version).
        #expect(a.methodologyVersion == "oversight-method-1.0")
        #expect(a.inputDigest == "e4259d53cf96016a86fcfdf703034e065a7098b0e254877b02c16363df476efc")
        let v2a = try await assess(app), v2b = try await assess(app)
        #expect(v2a == v2b, "method v2 is deterministic too")
        #expect(v2a.methodologyVersion == "oversight-method-2.0")
        #expect(v2a.inputDigest != a.inputDigest, "the method is part of the input")
        let later = try await assess(app, asOf: "2026-11-29", methodology: .v1).inputDigest
        #expect(later != a.inputDigest, "later knowledge is a different input")
        #expect(later == "a013db135c649b872780983cb6325478e5e3e45ba7b0fc872fe2756995c7f958")
    }
}
