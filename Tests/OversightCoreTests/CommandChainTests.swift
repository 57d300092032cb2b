import Testing
@testable import OversightCore

/// Small synthetic evidence bases for the chain-of-command analyses.
enum CommandFixture {
    static let source = Source(id: "src:s", title: "S", publisher: "P", published: PartialDate("2020-01-01")!)

    static func range(_ start: String?, _ end: String?, startIsReal: Bool = true, endIsReal: Bool = true, precise: Bool = true) -> DateRange {
        DateRange(start: start.flatMap { PartialDate($0) }, startIsReal: startIsReal,
                  end: end.flatMap { PartialDate($0) }, endIsReal: endIsReal, precise: precise)
    }

    static let always = range("2000-01-01", "2030-12-31")

    static func unit(_ id: String, force: String = "army") -> Record {
        .unit(Unit(id: id, name: id.replacingOccurrences(of: "unit:", with: "Unit "), force: force))
    }

    static func person(_ id: String) -> Record {
        .person(Person(id: id, name: id.replacingOccurrences(of: "person:", with: "Person ")))
    }

    static func relation(_ id: String, _ unit: String, _ related: String, _ kind: RelationKind = .childOf, range: DateRange = always) -> Record {
        .relation(UnitRelation(id: id, unit: unit, related: related, kind: kind, range: range))
    }

    static func posting(_ id: String, _ person: String, _ unit: String, _ role: PostRole = .commander, range: DateRange = always) -> Record {
        .posting(Posting(id: id, person: person, unit: unit, role: role, title: role.rawValue, range: range))
    }

    static func claim(_ subject: String, status: ClaimStatus = .accepted) -> Record {
        .claim(Claim(id: "claim:\(subject)", subject: subject, status: status, citations: [Citation(source: source.id)]))
    }

    static func snapshot(_ records: [Record]) -> EvidenceSnapshot {
        EvidenceSnapshot(records: [.source(source)] + records)
    }

    static let day = Day("2023-01-09")!
}

@Suite struct CommandChainTests {
    typealias F = CommandFixture

    @Test func followsChildOfAndCivilianControlUpToTheTop() throws {
        let index = CommandIndex(snapshot: F.snapshot([
            F.unit("unit:station", force: "police"), F.unit("unit:police", force: "police"),
            F.unit("unit:ministry", force: "government"), F.unit("unit:president", force: "government"),
            F.relation("relation:1", "unit:station", "unit:police"),
            F.relation("relation:2", "unit:police", "unit:ministry", .civilianControlOf),
            F.relation("relation:3", "unit:ministry", "unit:president", .civilianControlOf),
            F.person("person:chief"), F.person("person:minister"),
            F.posting("posting:chief", "person:chief", "unit:police"),
            F.posting("posting:minister", "person:minister", "unit:ministry", .minister),
        ]))
        let chain = try #require(index.chain(unit: "unit:station", on: F.day))
        #expect(chain.levels.map(\.unit.id) == ["unit:station", "unit:police", "unit:ministry", "unit:president"])
        #expect(chain.levels[0].link == nil)
        #expect(chain.levels[2].link?.relation.kind == .civilianControlOf)
        #expect(chain.levels[1].holders.map(\.posting.person) == ["person:chief"])
        #expect(chain.levels[1].holderCertainty == "definite")
        #expect(chain.levels[3].holderCertainty == "unknown", "no holder recorded: unknown, never guessed")
        #expect(chain.cycle == nil)
        #expect(index.chain(unit: "unit:nowhere", on: F.day) == nil)
    }

    @Test func aCycleIsReportedAndTheWalkStops() throws {
        let index = CommandIndex(snapshot: F.snapshot([
            F.unit("unit:a"), F.unit("unit:b"),
            F.relation("relation:a-b", "unit:a", "unit:b"),
            F.relation("relation:b-a", "unit:b", "unit:a"),
            F.person("person:p"), F.posting("posting:p", "person:p", "unit:b"),
            .incident(Incident(id: "incident:i", title: "I", country: "PE", range: .on(F.day), violations: ["unlawful-killing"],
                               perpetratorUnits: ["unit:a"])),
        ]))
        let chain = try #require(index.chain(unit: "unit:a", on: F.day))
        #expect(chain.cycle == ["unit:a", "unit:b", "unit:a"])
        #expect(chain.levels.map(\.unit.id) == ["unit:a", "unit:b"])
        #expect(chain.notes.contains { $0.contains("cycle") })
        #expect(!index.isBelow("unit:a", "unit:a", on: F.day))
        // The responsibility analysis walks the same chain and also ends.
        let report = try #require(index.responsibility(incident: "incident:i"))
        #expect(report.units.first?.chain.cycle != nil)
        #expect(report.units.first?.superiors.map(\.holder.posting.person) == ["person:p"])
    }

    @Test func nobodyIsTheirOwnSuperior() throws {
        // One person commands both the unit and the unit above it: listed once, at the lower level.
        let index = CommandIndex(snapshot: F.snapshot([
            F.unit("unit:battalion"), F.unit("unit:brigade"), F.unit("unit:army"),
            F.relation("relation:1", "unit:battalion", "unit:brigade"),
            F.relation("relation:2", "unit:brigade", "unit:army"),
            F.person("person:double"), F.person("person:general"),
            F.posting("posting:double-battalion", "person:double", "unit:battalion"),
            F.posting("posting:double-brigade", "person:double", "unit:brigade", .actingCommander),
            F.posting("posting:general", "person:general", "unit:army"),
            .incident(Incident(id: "incident:i", title: "I", country: "PE", range: .on(F.day), violations: ["unlawful-killing"],
                               perpetratorUnits: ["unit:battalion"])),
        ]))
        let report = try #require(index.responsibility(incident: "incident:i"))
        let superiors = try #require(report.units.first?.superiors)
        #expect(superiors.map(\.holder.posting.person) == ["person:double", "person:general"])
        #expect(superiors.map(\.level) == [0, 2])
        for superior in superiors {
            #expect(superior.elements.map(\.element) == ResponsibilityElement.allCases)
        }
    }

    @Test func aNonCommandRoleIsNotAHolder() throws {
        let index = CommandIndex(snapshot: F.snapshot([
            F.unit("unit:police", force: "police"),
            F.person("person:commander"), F.person("person:staff-chief"), F.person("person:deputy"),
            F.posting("posting:commander", "person:commander", "unit:police"),
            F.posting("posting:staff-chief", "person:staff-chief", "unit:police", .chiefOfStaff),
            F.posting("posting:deputy", "person:deputy", "unit:police", .deputyCommander),
        ]))
        let holders = index.holders(of: "unit:police", on: F.day)
        #expect(holders.map(\.posting.person) == ["person:commander"])
        #expect(index.commandPostings["unit:police"]?.map(\.id) == ["posting:commander"])
        #expect(index.postingsByPerson["person:staff-chief"]?.count == 1, "the posting is kept, only not as command")
    }

    @Test func memberOfGivesASeparateMemberChain() throws {
        let index = CommandIndex(snapshot: F.snapshot([
            F.unit("unit:battalion"), F.unit("unit:brigade"), F.unit("unit:task-force", force: "joint"), F.unit("unit:joint-command", force: "joint"),
            F.relation("relation:1", "unit:battalion", "unit:brigade"),
            F.relation("relation:member", "unit:battalion", "unit:task-force", .memberOf),
            F.relation("relation:tf", "unit:task-force", "unit:joint-command"),
            F.person("person:tf"), F.posting("posting:tf", "person:tf", "unit:task-force"),
        ]))
        let chain = try #require(index.chain(unit: "unit:battalion", on: F.day))
        #expect(chain.levels.map(\.unit.id) == ["unit:battalion", "unit:brigade"], "member-of is not followed in the main chain")
        #expect(chain.memberChains.count == 1)
        let member = try #require(chain.memberChains.first)
        #expect(member.levels.map(\.unit.id) == ["unit:task-force", "unit:joint-command"])
        #expect(member.levels[0].holders.map(\.posting.person) == ["person:tf"])
        #expect(member.notes.first?.contains("is a member of") == true)
        #expect(member.memberChains.isEmpty)
    }

    @Test func presenceOfHoldersFollowsTheDateSemantics() throws {
        let index = CommandIndex(snapshot: F.snapshot([
            F.unit("unit:u"),
            F.person("person:open"), F.person("person:closed"), F.person("person:imprecise"), F.person("person:later"), F.person("person:ended"),
            // An open end is never "forever": after the last cited date, only possible.
            F.posting("posting:open", "person:open", "unit:u", range: F.range("2022-01-01", "2022-06-30", endIsReal: false)),
            F.posting("posting:closed", "person:closed", "unit:u", range: F.range("2022-12-01", "2023-02-01")),
            F.posting("posting:imprecise", "person:imprecise", "unit:u", range: F.range("2022-12", "2023-03", startIsReal: false, endIsReal: false, precise: false)),
            F.posting("posting:later", "person:later", "unit:u", range: F.range("2023-02-02", nil, endIsReal: false)),
            F.posting("posting:ended", "person:ended", "unit:u", range: F.range("2021-01-01", "2022-01-01")),
        ]))
        let holders = index.holders(of: "unit:u", on: F.day)
        let presence = Dictionary(uniqueKeysWithValues: holders.map { ($0.posting.person, $0.presence) })
        #expect(presence == ["person:closed": .definite, "person:open": .possible, "person:imprecise": .possible])
        #expect(holders.first?.posting.person == "person:closed", "definite first")
        // Long after: the open and imprecise ones are still possible, and so is one with no end at all.
        let later = index.holders(of: "unit:u", on: Day("2024-05-01")!)
        #expect(later.map(\.posting.person).sorted() == ["person:imprecise", "person:later", "person:open"])
        #expect(later.allSatisfy { $0.presence == .possible })
    }

    @Test func contestedHoldersAreKeptSideBySide() throws {
        let index = CommandIndex(snapshot: F.snapshot([
            F.unit("unit:army"), F.person("person:a"), F.person("person:b"),
            F.posting("posting:a", "person:a", "unit:army", range: F.range("2021-11-03", "2022-12-09", endIsReal: false)),
            F.posting("posting:b", "person:b", "unit:army", range: F.range("2022-12-20", "2024-01-01", startIsReal: false)),
            F.claim("posting:a", status: .contested), F.claim("posting:b", status: .contested),
        ]))
        let holders = index.holders(of: "unit:army", on: Day("2022-12-15")!)
        #expect(holders.map(\.posting.person) == ["person:a", "person:b"])
        #expect(holders.allSatisfy { $0.contested && $0.presence == .possible })
        #expect(holders.allSatisfy { $0.claims.count == 1 })
    }

    @Test func aRelationOutsideItsDatesIsNotFollowed() throws {
        let index = CommandIndex(snapshot: F.snapshot([
            F.unit("unit:a"), F.unit("unit:old"), F.unit("unit:new"),
            F.relation("relation:old", "unit:a", "unit:old", range: F.range("2010-01-01", "2022-12-31")),
            F.relation("relation:new", "unit:a", "unit:new", range: F.range("2023-01-01", nil, endIsReal: false)),
            F.relation("relation:control", "unit:a", "unit:old", .operationalControlOf, range: F.range("2023-01-01", "2023-01-31")),
        ]))
        let chain = try #require(index.chain(unit: "unit:a", on: F.day))
        #expect(chain.levels.map(\.unit.id) == ["unit:a", "unit:old"], "definite operational control beats a possible child-of")
        #expect(chain.levels[0].otherSuperiors.map(\.relation.id) == ["relation:new"], "the other superior is shown, not dropped")
        let before = try #require(index.chain(unit: "unit:a", on: Day("2022-06-01")!))
        #expect(before.levels.map(\.unit.id) == ["unit:a", "unit:old"])
        #expect(before.levels[1].link?.relation.id == "relation:old")
    }

    @Test func failureToActNamesOnlyThePersonItNames() throws {
        // A promotion names a rival holder and the unit; it concerns the rival, not every holder of the unit.
        // A commendation of another branch under the same head of state counts for that head of state.
        let index = CommandIndex(snapshot: F.snapshot([
            F.unit("unit:region", force: "police"), F.unit("unit:police", force: "police"), F.unit("unit:brigade"), F.unit("unit:army"),
            F.unit("unit:president", force: "government"),
            F.relation("relation:1", "unit:region", "unit:police"),
            F.relation("relation:2", "unit:police", "unit:president", .civilianControlOf),
            F.relation("relation:3", "unit:brigade", "unit:army"),
            F.relation("relation:4", "unit:army", "unit:president", .civilianControlOf),
            F.person("person:a"), F.person("person:b"), F.person("person:chief"), F.person("person:president"),
            F.posting("posting:a", "person:a", "unit:region"), F.posting("posting:b", "person:b", "unit:region"),
            F.posting("posting:chief", "person:chief", "unit:police"),
            F.posting("posting:president", "person:president", "unit:president", .headOfState),
            .incident(Incident(id: "incident:i", title: "I", country: "PE", range: .on(F.day), violations: ["unlawful-killing"],
                               perpetratorUnits: ["unit:region"])),
            .accountability(AccountabilityEvent(id: "accountability:promotion-b", eventType: .promotion, title: "B promoted",
                                                range: .on(F.day.adding(days: 300)), persons: ["person:b"], units: ["unit:region"],
                                                incidents: ["incident:i"])),
            .accountability(AccountabilityEvent(id: "accountability:commendation", eventType: .commendation, title: "Brigade commended",
                                                range: .on(F.day.adding(days: 150)), units: ["unit:brigade"], incidents: ["incident:i"])),
            .accountability(AccountabilityEvent(id: "accountability:unrelated", eventType: .promotion, title: "Later chief promoted",
                                                range: .on(F.day.adding(days: 400)), units: ["unit:police"])),
        ]))
        let report = try #require(index.responsibility(incident: "incident:i"))
        let superiors = try #require(report.units.first?.superiors)
        func failure(_ person: String) -> [String] {
            superiors.first { $0.holder.posting.person == person }?.element(.failureToAct)?.indicators.map(\.recordID) ?? []
        }
        #expect(failure("person:a") == [])
        #expect(failure("person:b") == ["accountability:promotion-b"])
        #expect(failure("person:chief") == ["accountability:promotion-b"], "a subordinate's promotion after the incident")
        #expect(failure("person:president") == ["accountability:commendation", "accountability:promotion-b"])
        let president = try #require(superiors.first { $0.holder.posting.person == "person:president" })
        #expect(president.standard == .civilian)
        #expect(president.element(.failureToAct)?.rating == .supported)
        #expect(president.element(.failureToAct)?.indicators.first?.text.contains("concerning forces under this command") == true)
        #expect(superiors.first { $0.holder.posting.person == "person:a" }?.element(.failureToAct)?.rating == .noEvidence)
    }
}
