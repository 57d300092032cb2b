import Foundation
import PropertyBased
import Testing
@testable import OversightCore

/// A small synthetic world for the engine's properties: a police force with a station, an army, sources
/// published before and after the knowledge date.
enum World {
    static let decision = Day("2023-02-06")!
    static let early = Source(id: "src:early", title: "Early news", publisher: "Wire", published: PartialDate("2022-06-01")!)
    static let late = Source(id: "src:late", title: "Later report", publisher: "NGO", published: PartialDate("2024-01-01")!)

    static func range(_ text: String) -> DateRange {
        DateRange(start: PartialDate(text), startIsReal: true, end: PartialDate(text), endIsReal: true)
    }

    static var base: [Record] {
        let span = DateRange(start: PartialDate("2010"), startIsReal: false, end: PartialDate("2030"), endIsReal: false)
        return [
            .source(early), .source(late),
            .unit(Unit(id: "unit:police", name: "Police", country: "PE", force: "police")),
            .unit(Unit(id: "unit:station", name: "Station", country: "PE", force: "police")),
            .unit(Unit(id: "unit:other-station", name: "Other station", country: "PE", force: "police")),
            .unit(Unit(id: "unit:army", name: "Army", country: "PE", force: "army")),
            .relation(UnitRelation(id: "relation:station", unit: "unit:station", related: "unit:police", kind: .childOf, range: span)),
            .claim(Claim(id: "claim:relation", subject: "relation:station", citations: [Citation(source: early.id)])),
        ]
    }

    struct IncidentSpec: Sendable, Hashable, CustomStringConvertible {
        var killed: Int
        var injured: Int
        var violation: String
        var unit: String
        var daysBefore: Int
        var confidence: Confidence
        var description: String { "\(violation) by \(unit): \(killed)/\(injured), \(daysBefore)d before, \(confidence.rawValue)" }
    }

    static let violations = ["unlawful-killing", "excessive-force", "torture", "arbitrary-detention", "unlawful-surveillance", "sgbv"]
    static let units = ["unit:station", "unit:police", "unit:other-station", "unit:army"]

    static let incidentGen = zip(Gen.int(in: 0...40), Gen.int(in: 0...100), Gen.int(in: 0...(violations.count - 1)),
                                 Gen.int(in: 0...(units.count - 1)), Gen.int(in: 1...1500), Gen.int(in: 0...2))
        .map { (values: (Int, Int, Int, Int, Int, Int)) -> IncidentSpec in
            IncidentSpec(killed: values.0, injured: values.1, violation: violations[values.2], unit: units[values.3],
                         daysBefore: values.4, confidence: Confidence.allCases[values.5])
        }

    static func records(_ spec: IncidentSpec, _ n: Int, source: Source = early) -> [Record] {
        let day = decision.adding(days: -spec.daysBefore)
        let id = "incident:\(n)"
        return [
            .incident(Incident(id: id, title: "Incident \(n)", country: "PE", range: .on(day), violations: [spec.violation],
                               killed: spec.killed, injured: spec.injured, perpetratorUnits: [spec.unit])),
            .claim(Claim(id: "claim:\(id)", subject: id, confidence: spec.confidence, citations: [Citation(source: source.id)])),
        ]
    }

    static func impunityEvent(_ n: Int, _ type: AccountabilityType, incident: String = "incident:0", source: Source = early) -> [Record] {
        let id = "accountability:\(n)"
        return [
            .accountability(AccountabilityEvent(id: id, eventType: type, title: "event \(n)", range: range("2023-01-20"), incidents: [incident])),
            .claim(Claim(id: "claim:\(id)", subject: id, citations: [Citation(source: source.id)])),
        ]
    }

    static func application(entry: String = "2-14", mitigations: [String] = [], destination: String = "PE",
                            endUserUnit: String? = "unit:police", decision: Day = decision) -> ExportApplication {
        ExportApplication(id: "app:1", regimes: [.eipa, .att, .eu], exporter: "CA", destination: destination, decisionDate: decision,
                          consignee: Party(name: "Police", country: destination), endUser: EndUser(name: "Police", unit: endUserUnit),
                          items: [ApplicationItem(controlEntry: entry, description: "items", quantity: 1, value: 1000, currency: "CAD")],
                          endUse: "training", mitigations: mitigations)
    }

    static func assess(_ records: [Record], _ application: ExportApplication = application(), asOf: Day? = nil) -> Assessment {
        AssessmentEngine().assess(application, snapshot: EvidenceSnapshot(records: records), asOf: asOf)
    }

    static func maxRaw(_ a: Assessment) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: a.consequences.map { ($0.code, $0.raw) })
    }

    static func noLower(_ before: Assessment, _ after: Assessment) -> Bool {
        let b = maxRaw(before), a = maxRaw(after)
        return b.allSatisfy { code, value in (a[code] ?? 0) >= value - 1e-9 }
    }

    static func json(_ a: Assessment) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try! encoder.encode(a)
    }
}

struct AssessmentPropertyTests {
    @Test func deterministicAndIndependentOfInputOrder() async {
        await propertyCheck(count: 60, input: World.incidentGen.array(of: 1...6), Gen.int(in: 0...1000)) { specs, seed in
            var records = World.base
            for (n, spec) in specs.enumerated() { records += World.records(spec, n) }
            records += World.impunityEvent(0, .promotion)
            let first = World.assess(records)
            var generator = SplitMix(seed: UInt64(seed))
            let shuffled = records.shuffled(using: &generator)
            let second = World.assess(shuffled)
            #expect(World.json(first) == World.json(second))
        }
    }

    @Test func addingAnIncidentNeverLowersTheRisk() async {
        await propertyCheck(count: 80, input: World.incidentGen.array(of: 0...5), World.incidentGen) { specs, extra in
            var records = World.base
            for (n, spec) in specs.enumerated() { records += World.records(spec, n) }
            let before = World.assess(records)
            let after = World.assess(records + World.records(extra, 99))
            #expect(World.noLower(before, after))
        }
    }

    @Test func raisingCasualtiesCredibilityGravityOrAttributionNeverLowersTheRisk() async {
        await propertyCheck(count: 80, input: World.incidentGen, Gen.int(in: 1...30)) { spec, more in
            let before = World.assess(World.base + World.records(spec, 0))
            var killed = spec; killed.killed += more
            var injured = spec; injured.injured += more
            var credible = spec; credible.confidence = .high
            var grave = spec; grave.violation = "unlawful-killing"
            var attributed = spec; attributed.unit = "unit:station"
            for changed in [killed, injured, credible, grave, attributed] {
                #expect(World.noLower(before, World.assess(World.base + World.records(changed, 0))), "\(changed)")
            }
        }
    }

    @Test func raisingTheNexusNeverLowersTheRisk() async {
        await propertyCheck(count: 60, input: World.incidentGen.array(of: 1...4)) { specs in
            var records = World.base
            for (n, spec) in specs.enumerated() { records += World.records(spec, n) }
            // ML1 (small arms) has a nexus at least as strong as ML14 (simulators) to every violation type.
            let simulators = World.assess(records, World.application(entry: "2-14"))
            let rifles = World.assess(records, World.application(entry: "2-1"))
            #expect(World.noLower(simulators, rifles))
        }
    }

    @Test func impunityEventsNeverLowerAndAccountabilityNeverRaisesTheRisk() async {
        let shielding: [AccountabilityType] = [.promotion, .commendation, .investigationArchived, .noCharges, .praiseOfForces]
        let holding: [AccountabilityType] = [.investigationOpened, .charge, .conviction, .dismissal]
        await propertyCheck(count: 60, input: World.incidentGen, Gen.int(in: 0...(shielding.count - 1)), Gen.int(in: 0...(holding.count - 1)),
                            Gen.bool) { spec, s, h, mitigate in
            var records = World.base + World.records(spec, 0)
            let application = World.application(mitigations: mitigate ? ["post-shipment-verification", "human-rights-training"] : [])
            let before = World.assess(records, application)
            let residual = { (a: Assessment) in a.consequences.map(\.residual).max() ?? 0 }
            let worse = World.assess(records + World.impunityEvent(1, shielding[s]), application)
            #expect(residual(worse) >= residual(before) - 1e-9)
            #expect(worse.impunity >= before.impunity)
            records += World.impunityEvent(2, holding[h])
            let better = World.assess(records, application)
            #expect(residual(better) <= residual(before) + 1e-9)
            #expect(better.impunity <= before.impunity)
        }
    }

    @Test func claimsPublishedAfterTheKnowledgeDateHaveNoEffect() async {
        await propertyCheck(count: 60, input: World.incidentGen.array(of: 0...4), World.incidentGen.array(of: 1...4)) { known, later in
            var records = World.base
            for (n, spec) in known.enumerated() { records += World.records(spec, n) }
            let before = World.assess(records)
            var more = records
            for (n, spec) in later.enumerated() { more += World.records(spec, 100 + n, source: World.late) }
            more += World.impunityEvent(7, .promotion, source: World.late)
            let after = World.assess(more)
            #expect(World.json(before) == World.json(after))
            // Known later, they count.
            let today = World.assess(more, asOf: Day("2025-01-01"))
            #expect(World.noLower(before, today))
        }
    }

    @Test func mitigationNeverChangesProhibitedNorAppliesWhereItCannot() async {
        await propertyCheck(count: 40, input: World.incidentGen.array(of: 1...4)) { specs in
            var records = World.base
            for (n, spec) in specs.enumerated() { records += World.records(spec, n) }
            let all = ["end-use-restricted-unit", "post-shipment-verification", "human-rights-training", "end-use-certificate"]
            // A whole-state embargo (DPRK) is prohibited with or without mitigation.
            let embargoed = World.assess(records, World.application(mitigations: all, destination: "KP", endUserUnit: nil))
            #expect(Set(embargoed.verdicts.values) == [.prohibited])
            // High impunity and a facilitating nexus: measures are recorded, not applied.
            for n in 0..<4 { records += World.impunityEvent(n, .promotion) }
            let shielded = World.assess(records, World.application(mitigations: all))
            #expect(shielded.impunity >= 0.7)
            if shielded.incidents.contains(where: { $0.attribution > 0 && $0.nexus.values.contains { $0 >= .facilitating } }) {
                #expect(shielded.cannotMitigate)
                #expect(shielded.consequences.allSatisfy { $0.residual == $0.raw && !$0.mitigationApplied })
                let bare = World.assess(records, World.application())
                #expect(bare.consequences.map(\.residual) == shielded.consequences.map(\.residual))
            }
        }
    }
}

/// A seeded generator for shuffles.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

struct EmbargoScopeTests {
    func verdicts(_ destination: String, _ day: String, unit: String? = nil) -> Set<Verdict> {
        var records = World.base
        records.append(.unit(Unit(id: "unit:x", name: "State unit", country: destination, force: "army")))
        let application = World.application(destination: destination, endUserUnit: unit, decision: Day(day)!)
        return Set(World.assess(records, application).verdicts.values)
    }

    @Test(arguments: [
        ("KP", "2020-01-01", true),   // DPRK: whole state
        ("LY", "2015-06-01", true),   // Libya: whole state
        ("HT", "2023-01-15", false),  // Haiti before the 2023 extension: listed persons only
        ("HT", "2023-10-02", true),   // Haiti from 2 Oct 2023: whole country
        ("SO", "2023-11-30", true),   // Somalia: whole state until 30 Nov 2023
        ("SO", "2023-12-01", false),  // government lifted 1 Dec 2023
        ("CF", "2024-07-30", false),  // Central African Republic: government lifted
        ("ER", "2019-01-01", false),  // Eritrea: lifted 2018
        ("ER", "2018-01-01", true),
        ("PE", "2023-02-06", false),
    ])
    func embargoScopeAndDates(destination: String, day: String, prohibited: Bool) {
        let result = verdicts(destination, day, unit: "unit:x")
        #expect(result.contains(.prohibited) == prohibited, "\(destination) \(day): \(result)")
    }

    @Test func nonStateActorEmbargoRefersWhenTheEndUserIsNotAStateUnit() {
        // Lebanon: embargo on non-state actors. A state unit is not covered; an unidentified end user is referred.
        #expect(!verdicts("LB", "2020-01-01", unit: "unit:x").contains(.prohibited))
        #expect(verdicts("LB", "2020-01-01", unit: nil) == [.refer])
    }
}
