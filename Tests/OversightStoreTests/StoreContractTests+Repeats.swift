import Foundation
import Testing
import OversightCore
import OversightStore

extension StoreContractTests {
    /// A record given twice in one import: the later version wins, with its own citations, names and
    /// references only; into an empty store (where PostgreSQL copies claims straight into their table) and into
    /// a loaded one.
    @Test(arguments: StoreFactory.all)
    func aRecordGivenTwiceInOneImportKeepsTheLastVersion(factory: StoreFactory) async throws {
        for preload in [false, true] {
            let store = try factory.make()
            if preload {
                _ = try await store.importRecords { sink in for record in Fixture.records { try sink.add(record) } }
            }
            var records = Fixture.records
            records.append(.claim(Claim(id: "claim:juliaca", subject: "incident:juliaca", confidence: .low,
                                        citations: [Citation(source: Fixture.early.id, page: "9")])))
            records.append(.unit(Unit(id: "unit:station", name: "Comisaría Juliaca Norte", country: "PE", force: "police")))
            let all = records
            let summary = try await store.importRecords { sink in for record in all { try sink.add(record) } }
            #expect(summary.written["claim"] == 8)
            let claims = try await store.claims(about: "incident:juliaca", asOf: nil)
            let juliaca = try #require(claims.first { $0.claim.id == "claim:juliaca" })
            #expect(juliaca.claim.confidence == .low, "preload \(preload)")
            #expect(juliaca.claim.citations.map(\.source) == [Fixture.early.id])
            #expect(juliaca.publicFrom == Day("2023-01-09"))
            #expect(try await store.claims(citing: Fixture.late.id).map(\.claim.id).contains("claim:juliaca") == false,
                    "the first version's citation is gone")
            #expect(try await store.entities(named: "Comisaría Juliaca Norte", kind: .unit).map(\.id) == ["unit:station"])
            #expect(try await store.entities(named: "Comisaría Sectorial Juliaca", kind: .unit).isEmpty, "the old name is gone")
            #expect(try await store.statistics(asOf: nil).claims == 7)
        }
    }
}
