import Foundation
import OversightCore
import OversightDemo
import OversightStore
import Testing

/// The chain-of-command analyses on the Peru demo case, loaded into a real SQLite file store.
@Suite struct CommandDemoTests {
    static let juliacaDay = Day("2023-01-09")!
    static let ayacuchoDay = Day("2022-12-15")!

    static func index(asOf: Day? = nil) async throws -> CommandIndex {
        let store = try StoreFactory.sqliteFile.make()
        try await DemoCase.load(into: store)
        return CommandIndex(snapshot: try await store.snapshot(asOf: asOf))
    }

    @Test func juliacaStationChainReachesPresidentBoluarteThroughRojasAndAlfaro() async throws {
        let index = try await Self.index()
        let chain = try #require(index.chain(unit: "unit:pnp-comisaria-juliaca", on: Self.juliacaDay))
        #expect(chain.levels.map(\.unit.id) == ["unit:pnp-comisaria-juliaca", "unit:pnp-region-puno", "unit:pnp-macro-region-puno",
                                                "unit:pnp", "unit:mininter", "unit:pe-presidency"])
        #expect(chain.cycle == nil)
        #expect(chain.levels.dropFirst().allSatisfy { $0.link?.presence == .definite })
        #expect(chain.levels[4].link?.relation.kind == .civilianControlOf)
        func holders(_ unit: String) -> [String] {
            chain.levels.first { $0.unit.id == unit }?.holders.map(\.posting.person) ?? []
        }
        // The interior minister in office that day: Rojas (21 Dec 2022 – 13 Jan 2023), not Cervantes nor Romero.
        #expect(holders("unit:mininter") == ["person:victor-rojas-herrera"])
        #expect(holders("unit:pnp") == ["person:raul-alfaro-alvarado"])
        #expect(holders("unit:pe-presidency") == ["person:dina-boluarte"])
        for unit in ["unit:mininter", "unit:pnp", "unit:pe-presidency"] {
            let level = try #require(chain.levels.first { $0.unit.id == unit })
            #expect(level.holders.allSatisfy { $0.presence == .definite && !$0.contested }, "\(unit)")
            #expect(level.holders.allSatisfy { !$0.claims.isEmpty }, "the claims behind each holder come with it")
        }
        // The Puno region's chief is contested: both candidates, side by side, only possible.
        let puno = try #require(chain.levels.first { $0.unit.id == "unit:pnp-region-puno" })
        #expect(Set(puno.holders.map(\.posting.person)) == ["person:carlos-bravo-caceres", "person:julio-mauricio-contreras"])
        #expect(puno.holders.allSatisfy { $0.contested && $0.presence == .possible })
        #expect(chain.levels[0].holderCertainty == "unknown")
    }

    @Test func armyCommandOn15December2022IsContestedBetweenCordovaAndOjeda() async throws {
        let index = try await Self.index()
        let chain = try #require(index.chain(unit: "unit:army", on: Self.ayacuchoDay))
        let army = try #require(chain.levels.first)
        #expect(army.holders.map(\.posting.person) == ["person:david-ojeda-parra", "person:walter-cordova-aleman"])
        #expect(army.holders.allSatisfy { $0.contested && $0.presence == .possible })
        #expect(army.holderCertainty == "possible")
        #expect(chain.levels.map(\.unit.id) == ["unit:army", "unit:ccffaa", "unit:mindef", "unit:pe-presidency"])
        #expect(chain.levels[2].holders.map(\.posting.person) == ["person:alberto-otarola"], "Minister of Defence 10–21 Dec 2022")
    }

    @Test func ayacuchoResponsibilityIncludesTheBrigadeCommanderWithTheProsecutorsInvestigation() async throws {
        let index = try await Self.index()
        let report = try #require(index.responsibility(incident: "incident:ayacucho-2022-12-15"))
        #expect(report.date == Self.ayacuchoDay)
        let brigade = try #require(report.units.first { $0.unit.id == "unit:army-2nd-infantry-brigade" })
        let vera = try #require(brigade.superiors.first { $0.holder.posting.person == "person:jesus-vera-ipenza" })
        #expect(vera.level == 0)
        #expect(vera.standard == .military)
        #expect(vera.elements.map(\.element) == ResponsibilityElement.allCases)
        let failure = try #require(vera.element(.failureToAct))
        let investigation = try #require(failure.indicators.first { $0.recordID == "accountability:ayacucho-prosecutor-mejia-vera-ipenza" })
        #expect(investigation.direction == .contradicts, "an open investigation is the authorities acting")
        #expect(!investigation.claims.isEmpty)
        // The contested Army command is carried into the table, both candidates, the relationship only partly supported.
        let army = brigade.superiors.filter { $0.unit.id == "unit:army" }
        #expect(Set(army.map(\.holder.posting.person)) == ["person:walter-cordova-aleman", "person:david-ojeda-parra"])
        #expect(army.allSatisfy { $0.element(.relationship)?.rating == .partlySupported })
        // The on-scene officer is not named by the investigation of his commander.
        let sampen = try #require(brigade.superiors.first { $0.holder.posting.person == "person:enrique-sampen" })
        #expect(!(sampen.element(.failureToAct)?.indicators.contains { $0.recordID == investigation.recordID } ?? true))
    }

    @Test func juliacaResponsibilityListsThePromotionAndTheCommendationAsFailureIndicators() async throws {
        let index = try await Self.index()
        let report = try #require(index.responsibility(incident: "incident:juliaca-2023-01-09"))
        #expect(Set(report.units.map(\.unit.id)) == ["unit:pnp-comisaria-juliaca", "unit:pnp-region-puno"])
        let failures = report.units.flatMap(\.superiors).flatMap { $0.element(.failureToAct)?.indicators ?? [] }
        let supporting = Set(failures.filter { $0.direction == .supports }.map(\.recordID))
        #expect(supporting.contains("accountability:promotion-bravo-caceres"))
        #expect(supporting.contains("accountability:commendation-4th-mountain-brigade-2023-06"))
        let station = try #require(report.units.first { $0.unit.id == "unit:pnp-comisaria-juliaca" })
        let boluarte = try #require(station.superiors.first { $0.holder.posting.person == "person:dina-boluarte" })
        #expect(boluarte.standard == .civilian)
        let boluarteFailure = try #require(boluarte.element(.failureToAct)).indicators.map(\.recordID)
        #expect(boluarteFailure.contains("accountability:commendation-4th-mountain-brigade-2023-06"))
        #expect(boluarteFailure.contains("accountability:promotion-bravo-caceres"))
        let alfaro = try #require(station.superiors.first { $0.holder.posting.person == "person:raul-alfaro-alvarado" })
        #expect(alfaro.element(.failureToAct)?.indicators.contains { $0.recordID == "accountability:promotion-bravo-caceres" } == true)
        #expect(alfaro.element(.failureToAct)?.indicators.contains { $0.recordID == "accountability:promotion-zanabria" } == false,
                "a successor's promotion a year later is not this commander's failure")
        #expect(alfaro.element(.relationship)?.rating == .supported)
        // The rival holder of the Puno region is not said to be named by Bravo Cáceres's promotion.
        let contreras = try #require(station.superiors.first { $0.holder.posting.person == "person:julio-mauricio-contreras" })
        #expect(contreras.element(.failureToAct)?.indicators.contains { $0.recordID == "accountability:promotion-bravo-caceres" } == false)
        #expect(report.accountability.map(\.id).contains("accountability:commendation-4th-mountain-brigade-2023-06"))
    }

    @Test func nobodyIsTheirOwnSuperiorAndTheWordingIsNeverAVerdict() async throws {
        let index = try await Self.index()
        for id in ["incident:juliaca-2023-01-09", "incident:ayacucho-2022-12-15", "incident:andahuaylas-2022-12-10"] {
            let report = try #require(index.responsibility(incident: id))
            for unit in report.units {
                let people = unit.superiors.map(\.holder.posting.person)
                #expect(Set(people).count == people.count, "\(id) \(unit.unit.id): a person appears once")
                #expect(unit.superiors.allSatisfy { $0.holder.posting.role.isCommand })
                let texts = unit.superiors.flatMap(\.elements).flatMap(\.indicators).map { $0.text.lowercased() }
                #expect(!texts.contains { $0.contains("guilt") || $0.contains("guilty") || $0.contains("responsible for") })
            }
        }
        #expect(ResponsibilityReport.disclaimer.contains("not findings of guilt"))
    }

    @Test func asKnownOnThePermitDayOnlyWhatWasPublicCounts() async throws {
        let index = try await Self.index(asOf: Day("2023-02-06")!)
        let chain = try #require(index.chain(unit: "unit:pnp-comisaria-juliaca", on: Self.juliacaDay))
        // Both candidates for the Puno command were named only later (May 2023, January 2024).
        let holders = chain.levels.flatMap(\.holders).map(\.posting.person)
        #expect(!holders.contains("person:carlos-bravo-caceres") && !holders.contains("person:julio-mauricio-contreras"))
        #expect(chain.levels.first { $0.unit.id == "unit:pnp-region-puno" }?.holders.isEmpty ?? true)
        let report = try #require(index.responsibility(incident: "incident:juliaca-2023-01-09"))
        let ids = Set(report.units.flatMap(\.superiors).flatMap(\.elements).flatMap(\.indicators).map(\.recordID))
        #expect(!ids.contains("accountability:promotion-bravo-caceres"), "reported only in January 2024")
        #expect(!ids.contains("accountability:commendation-4th-mountain-brigade-2023-06"))
    }
}
