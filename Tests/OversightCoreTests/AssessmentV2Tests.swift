import Foundation
import PropertyBased
import Testing
@testable import OversightCore

/// Method v2: forces abroad, coalitions, findings, item use, diversion, assurances, regimes in force, end users.
enum V2World {
    static let decision = Day("2023-02-06")!
    static let src = Source(id: "src:v2", title: "Report", publisher: "Wire", published: PartialDate("2022-12-01")!)
    static let late = Source(id: "src:v2-late", title: "Later report", publisher: "NGO", published: PartialDate("2024-01-01")!)
    static let day = DateRange.on(Day("2022-10-01")!)

    static func claim(_ subject: String, _ source: Source = src) -> Record {
        .claim(Claim(id: "claim:\(subject)", subject: subject, confidence: .high, citations: [Citation(source: source.id)]))
    }

    static var base: [Record] { [.source(src), .source(late)] }

    static func incident(_ id: String, country: String, state: String?, killed: Int = 10, violations: [String] = ["unlawful-killing"],
                         coalition: String? = nil, forces: [String]? = nil, units: [String] = [], source: Source = src) -> [Record] {
        [.incident(Incident(id: id, title: id, country: country, range: day, violations: violations, killed: killed,
                            perpetratorUnits: units, stateForces: state != nil || coalition != nil, responsibleState: state,
                            coalition: coalition, forces: forces)),
         claim(id, source)]
    }

    static func finding(_ id: String, states: [String], country: String = "YE", kind: FindingBodyKind = .ohchr,
                        strength: FindingStrength = .pattern, killed: Int? = 100, incidents: [String] = [],
                        categories: [String] = ["unlawful-killing", "ihl-attack"], coalition: String? = nil,
                        source: Source = src, period: (String, String) = ("2022-01", "2022-11")) -> [Record] {
        [.finding(Finding(id: id, body: "UN", title: id, country: country,
                          range: DateRange(start: PartialDate(period.0), startIsReal: false, end: PartialDate(period.1), endIsReal: false),
                          categories: categories, determination: false, incidents: incidents, bodyKind: kind, strength: strength,
                          states: states, coalition: coalition, killed: killed)),
         claim(id, source)]
    }

    static func coalition(_ members: [Coalition.Member]) -> [Record] {
        [.coalition(Coalition(id: "coalition:op", name: "Operation", members: members,
                              range: DateRange(start: PartialDate("2015"), startIsReal: true))),
         claim("coalition:op")]
    }

    static func application(exporter: String = "FR", destination: String = "AE", entry: String = "ML4",
                            endUser: EndUser = EndUser(name: "Armed forces", scope: .armedForces),
                            regimes: [Regime] = [.att, .eu], auto: Bool = false, mitigations: [String] = [],
                            decision: Day = decision) -> ExportApplication {
        var app = ExportApplication(id: "app:v2", regimes: regimes, exporter: exporter, destination: destination, decisionDate: decision,
                                    consignee: Party(name: endUser.name, country: destination), endUser: endUser,
                                    items: [ApplicationItem(controlEntry: entry, description: "goods")], endUse: "", mitigations: mitigations)
        app.autoRegimes = auto
        if auto { app.regimes = [] }
        return app
    }

    static func assess(_ records: [Record], _ app: ExportApplication = application(), methodology: Methodology = .standard,
                       asOf: Day? = nil) -> Assessment {
        AssessmentEngine(methodology: methodology).assess(app, snapshot: EvidenceSnapshot(records: records), asOf: asOf)
    }

    static func top(_ a: Assessment) -> Double { a.consequences.map(\.raw).max() ?? 0 }
}

struct AssessmentV2Tests {
    @Test func theRecipientsForcesCountWhereverTheyAct() {
        let records = V2World.base + V2World.incident("incident:strike", country: "YE", state: "AE")
        let v2 = V2World.assess(records)
        #expect(v2.incidents.map(\.incidentID) == ["incident:strike"])
        #expect(v2.incidents[0].attribution == 1, "a state's forces abroad are its armed forces: \(v2.incidents[0].attributionReason)")
        #expect(v2.rationale.joined().contains("in Yemen"))
        // v1 counted only incidents located in the destination.
        #expect(V2World.assess(records, methodology: .v1).incidents.isEmpty)
        // Another state's forces in the same place do not count.
        #expect(V2World.assess(V2World.base + V2World.incident("incident:other", country: "YE", state: "SA")).incidents.isEmpty)
    }

    @Test func aCoalitionsIncidentsCountForEachMemberAtItsWeight() {
        let records = V2World.base + V2World.coalition([Coalition.Member(state: "SA", lead: true), Coalition.Member(state: "AE"),
                                                        Coalition.Member(state: "BH", weight: 0.2)])
            + V2World.incident("incident:coalition", country: "YE", state: nil, coalition: "coalition:op")
        let lead = V2World.assess(records, V2World.application(destination: "SA"))
        let member = V2World.assess(records, V2World.application(destination: "AE"))
        let minor = V2World.assess(records, V2World.application(destination: "BH"))
        #expect(lead.incidents.first?.attribution == 1)
        #expect(member.incidents.first?.attribution == 0.5)
        #expect(minor.incidents.first.map { abs($0.attribution - 0.2) < 1e-9 } == true)
        #expect(member.incidents.first?.attributionReason.contains("member of Operation") == true)
        #expect(V2World.assess(records, V2World.application(destination: "QA")).incidents.isEmpty)
    }

    @Test func findingsCountWeightedByBodyAndStrengthAndNotTwiceWithTheirIncidents() {
        let incident = V2World.incident("incident:a", country: "AE", state: "AE", killed: 30)
        func risk(_ records: [Record]) -> Double { V2World.top(V2World.assess(V2World.base + records)) }
        let byOHCHR = risk(V2World.finding("finding:f", states: ["AE"]))
        let byNGO = risk(V2World.finding("finding:f", states: ["AE"], kind: .credibleNGO))
        let allegations = risk(V2World.finding("finding:f", states: ["AE"], strength: .allegations))
        #expect(byOHCHR > byNGO && byNGO > 0)
        #expect(byOHCHR > allegations && allegations > 0)
        // v1 ignored findings that are not formal determinations.
        #expect(V2World.top(V2World.assess(V2World.base + V2World.finding("finding:f", states: ["AE"]), methodology: .v1)) == 0)
        let alone = risk(incident)
        let separate = risk(incident + V2World.finding("finding:f", states: ["AE"]))
        let covering = risk(incident + V2World.finding("finding:f", states: ["AE"], incidents: ["incident:a"]))
        #expect(covering < separate, "a finding that lists the incident adds only what goes beyond it")
        #expect(covering >= max(alone, byOHCHR) - 1e-9)
        let a = V2World.assess(V2World.base + incident + V2World.finding("finding:f", states: ["AE"], incidents: ["incident:a"]))
        #expect(a.findings?.first?.coveredIncidents == ["incident:a"])
        // A finding about another state's forces does not count.
        #expect(risk(V2World.finding("finding:f", states: ["SA"])) == 0)
    }

    @Test func itemUseRaisesTheNexusAndNoUseFoundLowersIt() {
        // ML9 vessels: not a direct means of killing in the matrix; vessels used in the killings make them direct.
        #expect(ReferenceData.shared.nexus.level(entry: "ML9", violation: "unlawful-killing") < .direct)
        let base = V2World.base + V2World.finding("finding:f", states: ["AE"], categories: ["unlawful-killing"])
        func use(_ found: Bool?, origin: String, entry: String? = "ML9", verified: Bool? = nil) -> [Record] {
            [.itemUse(ItemUse(id: "item-use:u", title: "aircraft seen", range: V2World.day, state: "AE", finding: "finding:f",
                              controlEntry: entry, originState: origin, found: found, verified: verified)),
             V2World.claim("item-use:u")]
        }
        let app = V2World.application(entry: "ML9")
        let plain = V2World.top(V2World.assess(base, app))
        let sameKind = V2World.top(V2World.assess(base + use(nil, origin: "US"), app))
        let exporters = V2World.top(V2World.assess(base + use(nil, origin: "FR"), app))
        let notFound = V2World.top(V2World.assess(base + use(false, origin: "FR"), app))
        let unverified = V2World.top(V2World.assess(base + use(nil, origin: "FR", verified: false), app))
        let otherKind = V2World.top(V2World.assess(base + use(nil, origin: "FR", entry: "ML7"), app))
        #expect(sameKind > plain)
        #expect(exporters > sameKind)
        #expect(notFound < plain)
        #expect(unverified == plain)
        #expect(otherKind == plain)
        #expect(V2World.assess(base + use(nil, origin: "FR"), app).itemUse?.first?.effect.contains("raised to direct") == true)
    }

    @Test func diversionRecordsFeedTheDiversionTestAndBreachesCutAssurances() {
        func diversion(_ n: Int) -> [Record] {
            [.diversion(DiversionRecord(id: "diversion:\(n)", title: "grenades found with rebels", range: V2World.day,
                                        recipient: "AE", diversionKind: .reExported, originState: "FR")),
             V2World.claim("diversion:\(n)")]
        }
        let app = V2World.application(mitigations: ["end-use-certificate"])
        let clean = V2World.assess(V2World.base, app)
        let one = V2World.assess(V2World.base + diversion(1), app)
        let two = V2World.assess(V2World.base + diversion(1) + diversion(2), app)
        #expect(one.diversion.score > clean.diversion.score)
        #expect(two.diversion.score > one.diversion.score)
        #expect(two.conclusions.first { $0.regime == .eu }?.verdict == .deny)
        #expect(two.conclusions.first { $0.regime == .eu }?.reasons.contains { $0.contains("Criterion 7") } == true)
        // The end-use certificate rests on the recipient's word: each breach halves its credibility.
        let credibility = { (a: Assessment) in a.mitigations.first { $0.code == "end-use-certificate" }!.credibility }
        #expect(credibility(one) < credibility(clean))
        #expect(credibility(two) < credibility(one))
        // An assurance on record counts as the measure.
        let assurance: [Record] = [.assurance(Assurance(id: "assurance:a", title: "written assurance", range: V2World.day,
                                                        recipient: "AE", exporter: "FR", assuranceKind: .diplomatic)),
                                   V2World.claim("assurance:a")]
        let assured = V2World.assess(V2World.base + assurance, V2World.application())
        #expect(assured.mitigations.contains { $0.code == "diplomatic-assurance" })
        #expect(assured.rationale.contains { $0.contains("Assurance on record") })
    }

    @Test func regimesAreThoseInForceOnTheDecisionDate() {
        func regimes(_ exporter: String, _ day: String) -> [String] {
            let a = V2World.assess(V2World.base, V2World.application(exporter: exporter, auto: true, decision: Day(day)!))
            return a.conclusions.filter { $0.inForce == true }.map(\.regime.rawValue)
        }
        #expect(regimes("CA", "2018-02-07") == ["CA-1986"])
        #expect(regimes("CA", "2020-01-10") == ["EIPA", "ATT"])
        #expect(regimes("US", "2017-08-02") == ["US"])
        #expect(regimes("FR", "2013-05-01") == ["EU"], "the ATT bound France from 24 Dec 2014")
        #expect(regimes("FR", "2016-05-01") == ["ATT", "EU"])
        #expect(regimes("GB", "2019-06-25") == ["ATT", "EU", "UK"])
        #expect(regimes("GB", "2022-06-01") == ["ATT", "UK"])
        #expect(regimes("KR", "2014-01-08") == ["NATIONAL"])
        // A regime asked for that was not in force is reported as such and left out of the overall verdict.
        let asked = V2World.assess(V2World.base, V2World.application(exporter: "CA", regimes: [.eipa], decision: Day("2018-02-07")!))
        let eipa = asked.conclusions.first { $0.regime == .eipa }!
        #expect(eipa.inForce == false)
        #expect(eipa.test.contains("[not in force]"))
        #expect(asked.flags?.contains { $0.contains("EIPA did not bind CA") } == true)
        #expect(asked.overallVerdict == nil)
    }

    @Test func usActualKnowledgeTestsRefuseOnlyOnADetermination() {
        let icrc = Source(id: "src:2017", title: "Strike on a camp", publisher: "ICRC", published: PartialDate("2017-01-18")!)
        let records: [Record] = [.source(icrc),
                                 .incident(Incident(id: "incident:a", title: "strike", country: "NG", range: .on(Day("2017-01-17")!),
                                                    violations: ["ihl-attack", "unlawful-killing"], killed: 2000, responsibleState: "NG")),
                                 V2World.claim("incident:a", icrc)]
        let app = V2World.application(exporter: "US", destination: "NG", entry: "ML4", auto: true, decision: Day("2017-08-02")!)
        let a = V2World.assess(records, app)
        #expect(a.consequences.contains { $0.residualLevel >= .substantial }, "\(a.consequences.map { "\($0.code) \($0.residual)" }) \(a.incidents.map(\.attributionReason))")
        #expect(a.overallVerdict == .approve)
        #expect(a.conclusions[0].reasons.joined().contains("actual knowledge"))
        // Under NSM-18 (2023, "more likely than not") the same evidence is refused.
        let later = V2World.application(exporter: "US", destination: "NG", entry: "ML4", auto: true, decision: Day("2023-06-01")!)
        let b = V2World.assess(records, later)
        #expect(b.conclusions.first?.version == "US-NSM18")
        #expect(a.conclusions.first?.version == "US-PPD27")
    }

    @Test func undisclosedItemsAreAssessedAtTheirMostExposedNexusAndFlagged() {
        let records = V2World.base + V2World.incident("incident:a", country: "AE", state: "AE", killed: 5)
        let undisclosed = V2World.assess(records, V2World.application(entry: ApplicationItem.undisclosed))
        let frigate = V2World.assess(records, V2World.application(entry: "ML9"))
        let rifles = V2World.assess(records, V2World.application(entry: "ML1"))
        #expect(V2World.top(undisclosed) >= V2World.top(rifles))
        #expect(V2World.top(undisclosed) > V2World.top(frigate))
        #expect(undisclosed.flags?.contains { $0.contains("control entry not disclosed") } == true)
        #expect(undisclosed.items.first?.hasPrefix("undisclosed") == true)
    }

    @Test func endUsersOfEveryScope() {
        let units: [Record] = [
            .unit(Unit(id: "unit:af", name: "Armed Forces", country: "AE", force: "joint")),
            .unit(Unit(id: "unit:navy", name: "Navy", country: "AE", force: "navy")),
            .unit(Unit(id: "unit:police", name: "Police", country: "AE", force: "police")),
            .relation(UnitRelation(id: "relation:navy", unit: "unit:navy", related: "unit:af", kind: .childOf,
                                   range: DateRange(start: PartialDate("2000"), startIsReal: true, end: PartialDate("2030"), endIsReal: false))),
            V2World.claim("relation:navy"),
        ]
        let byArmedForces = units + V2World.base + V2World.incident("incident:a", country: "AE", state: "AE", units: ["unit:af"])
        func a(_ endUser: EndUser, _ records: [Record] = byArmedForces) -> Double {
            V2World.assess(records, V2World.application(endUser: endUser)).incidents.first?.attribution ?? 0
        }
        #expect(a(EndUser(name: "Navy", unit: "unit:navy")) == 0.8, "a sub-unit of the perpetrator force counts as linked")
        #expect(a(EndUser(name: "Navy", units: ["unit:police", "unit:af"])) == 1, "several units: the closest link counts")
        #expect(a(EndUser(name: "Government", scope: .government)) == 1)
        #expect(a(EndUser(name: "Private security company")) == 0, "a non-state end user, read from its name")
        let byPolice = units + V2World.base + V2World.incident("incident:p", country: "AE", state: "AE", forces: ["police"])
        #expect(a(EndUser(name: "Emirati Armed Forces"), byPolice) == 0.3, "another branch")
        #expect(a(EndUser(name: "National Police"), byPolice) == 1, "the branch, read from the name")
        #expect(EndUserScope.inferred(from: "Bahrain Ministry of Interior (police)")! == (.force, "police"))
        #expect(EndUserScope.inferred(from: "Egyptian Armed Forces")! == (.armedForces, nil))
        #expect(EndUserScope.inferred(from: "Private maritime security companies")! == (.nonState, nil))
        #expect(EndUserScope.inferred(from: "Egyptian military and police")! == (.securityForces, nil))
        #expect(EndUserScope.inferred(from: "Bahrain armed forces (air force)")! == (.force, "air-force"))
        #expect(EndUserScope.inferred(from: "Hong Kong SAR Government (police)")! == (.force, "police"))
        #expect(EndUserScope.inferred(from: "Saudi Arabia") == nil)
    }

    @Test func weakLinksAreNotCalledAttributableAndNilRisksNameNoDecisiveConsequence() {
        let records = V2World.base + V2World.incident("incident:p", country: "AE", state: "AE", forces: ["police"])
        let a = V2World.assess(records)
        let text = a.rationale.joined(separator: "\n")
        #expect(!text.contains("Incidents attributable"))
        #expect(text.contains("linked less closely"))
        let nothing = V2World.assess(V2World.base)
        #expect(nothing.conclusions.allSatisfy { $0.decisiveConsequence == nil })
    }

    @Test func anInvestigationFoundNotCredibleRaisesImpunity() {
        func event(credible: Bool?) -> [Record] {
            [.accountability(AccountabilityEvent(id: "accountability:jiat", eventType: .investigationOpened, title: "joint investigation",
                                                 range: V2World.day, credible: credible, state: "AE")),
             V2World.claim("accountability:jiat")]
        }
        let records = V2World.base + V2World.incident("incident:a", country: "AE", state: "AE")
        let credible = V2World.assess(records + event(credible: nil))
        let notCredible = V2World.assess(records + event(credible: false))
        #expect(credible.impunity < 0.5)
        #expect(notCredible.impunity > 0.5)
    }

    @Test func theSwissOrdinanceRefusesDestinationsThatSystematicallyViolateHumanRights() {
        let report = Source(id: "src:2008", title: "Annual report", publisher: "NGO", published: PartialDate("2008-10-14")!)
        let records = V2World.base + [.source(report)] + V2World.finding("finding:sys", states: ["SA"], country: "SA", kind: .credibleNGO,
                                                     strength: .pattern, killed: nil, categories: ["torture"], source: report,
                                                     period: ("2007", "2008-05"))
        let app = V2World.application(exporter: "CH", destination: "SA", entry: "ML9", auto: true, decision: Day("2009-03-25")!)
        let a = V2World.assess(records, app)
        #expect(a.overallVerdict == .deny)
        #expect(a.conclusions[0].reasons.joined().contains("systematically"))
        // The same record under the 2014 text, with a low risk of misuse for the item: the exception applies.
        let later = V2World.application(exporter: "CH", destination: "SA", entry: "ML9", auto: true, decision: Day("2016-04-20")!)
        #expect(V2World.assess(records, later).conclusions.first { $0.regime == .ch }?.verdict != .deny)
    }
}

struct AssessmentV2PropertyTests {
    static let killedGen = Gen.int(in: 0...500)

    @Test func addingAFindingNeverLowersTheRisk() async {
        await propertyCheck(count: 50, input: Gen.int(in: 0...40), Gen.int(in: 0...500), Gen.int(in: 0...3)) { killed, findingKilled, strength in
            let base = V2World.base + V2World.incident("incident:a", country: "AE", state: "AE", killed: killed)
            let before = V2World.assess(base)
            let after = V2World.assess(base + V2World.finding("finding:f", states: ["AE"], strength: FindingStrength.allCases[strength],
                                                              killed: findingKilled, incidents: strength % 2 == 0 ? ["incident:a"] : []))
            #expect(World.noLower(before, after))
        }
    }

    @Test func addingACoveredIncidentNeverLowersTheRisk() async {
        await propertyCheck(count: 50, input: Gen.int(in: 0...40), Gen.int(in: 0...7)) { killed, violation in
            let finding = V2World.finding("finding:f", states: ["AE"], incidents: ["incident:a"])
            let before = V2World.assess(V2World.base + finding)
            let after = V2World.assess(V2World.base + finding + V2World.incident("incident:a", country: "AE", state: "AE", killed: killed,
                                                                                   violations: [World.violations[violation % World.violations.count]]))
            #expect(World.noLower(before, after))
        }
    }

    @Test func itemUseAndDiversionRecordsNeverLowerTheirRisks() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...21), Gen.int(in: 1...4)) { entryIndex, records in
            let entry = "ML\(entryIndex + 1)"
            let base = V2World.base + V2World.finding("finding:f", states: ["AE"])
            let app = V2World.application(entry: entry)
            let use: [Record] = [.itemUse(ItemUse(id: "item-use:u", title: "used", range: V2World.day, state: "AE", finding: "finding:f",
                                                  controlEntry: entry, originState: "US")), V2World.claim("item-use:u")]
            #expect(World.noLower(V2World.assess(base, app), V2World.assess(base + use, app)))
            var diversions: [Record] = []
            var previous = V2World.assess(base, app).diversion.score
            for n in 0..<records {
                diversions += [.diversion(DiversionRecord(id: "diversion:\(n)", title: "found", range: V2World.day, recipient: "AE",
                                                          diversionKind: .diverted)), V2World.claim("diversion:\(n)")]
                let score = V2World.assess(base + diversions, app).diversion.score
                #expect(score >= previous)
                previous = score
            }
        }
    }

    @Test func v2RecordsPublishedAfterTheKnowledgeDateChangeNothing() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...500), Gen.int(in: 0...3)) { killed, kind in
            let known = V2World.base + V2World.incident("incident:a", country: "AE", state: "AE", killed: 3)
            var later: [Record]
            switch kind {
            case 0: later = V2World.finding("finding:late", states: ["AE"], killed: killed, source: V2World.late)
            case 1: later = V2World.incident("incident:late", country: "YE", state: "AE", killed: killed, source: V2World.late)
            case 2: later = [.diversion(DiversionRecord(id: "diversion:late", title: "found", range: V2World.day, recipient: "AE",
                                                        diversionKind: .embargoedParty)), V2World.claim("diversion:late", V2World.late)]
            default: later = [.itemUse(ItemUse(id: "item-use:late", title: "used", range: V2World.day, state: "AE", controlEntry: "ML4",
                                               originState: "FR")), V2World.claim("item-use:late", V2World.late)]
            }
            let a = V2World.assess(known, asOf: V2World.decision)
            let b = V2World.assess(known + later, asOf: V2World.decision)
            #expect(World.json(a) == World.json(b))
        }
    }
}

struct ReassessmentV2Tests {
    @Test func aNewFindingTouchesOnlyTheApplicationsToTheStateWhoseForcesItConcerns() {
        let base = V2World.base
        let finding = V2World.finding("finding:new", states: ["AE"], country: "YE")
        let index = EvidenceIndex(snapshot: EvidenceSnapshot(records: base + finding))
        let cases = ["AE", "YE", "SA"].map { MonitoredCase(id: "case:\($0)", application: V2World.application(destination: $0), knowledgeDate: V2World.decision) }
        guard case .claim(let claim) = finding[1] else { Issue.record("fixture"); return }
        let results = Reassessment.reassess(after: claim, cases: cases, index: index)
        #expect(results.map(\.caseID) == ["case:AE"])
        #expect(results[0].assessment.findings?.map(\.findingID) == ["finding:new"])
        // A coalition incident touches every member, and not the country where it happened.
        let coalition = V2World.coalition([Coalition.Member(state: "SA", lead: true), Coalition.Member(state: "AE")])
            + V2World.incident("incident:c", country: "YE", state: nil, coalition: "coalition:op")
        let snapshot = EvidenceSnapshot(records: base + coalition)
        #expect(Reassessment.countries(of: "incident:c", in: snapshot) == ["SA", "AE"])
        #expect(Reassessment.countries(of: "coalition:op", in: snapshot) == ["SA", "AE"])
    }

    @Test func methodsAreFoundByTheVersionAnAssessmentRecords() {
        #expect(Methodology.named("oversight-method-1.0") == Methodology.v1)
        #expect(Methodology.named("oversight-method-2.0") == Methodology.v2Method)
        #expect(Methodology.named("oversight-method-0.9") == nil)
        #expect(Methodology.standard.version == "oversight-method-2.0")
        #expect(Methodology.v1.v2 == nil, "v1's canonical JSON, part of every v1 digest, is unchanged")
    }
}
