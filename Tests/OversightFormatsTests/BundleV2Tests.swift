import Foundation
import Testing
import OversightCore
import OversightFormats

/// Bundle version 2 records and fields, the v2 application fields, and the historical-decision converter.
struct BundleV2Tests {
    static let v2Lines = [
        #"{"format":"oversight-bundle","type":"bundle","version":2}"#,
        #"{"id":"src:un","published":"2017-08-25","publisher":"OHCHR","title":"Civilian casualties in Yemen","type":"source"}"#,
        #"{"id":"coalition:yemen","members":[{"lead":true,"state":"SA"},{"state":"AE","weight":0.4}],"name":"Saudi-led coalition","range":{"endIsReal":false,"precise":true,"start":"2015-03-26","startIsReal":true},"type":"coalition"}"#,
        #"{"coalition":"coalition:yemen","country":"YE","forces":["air-force"],"id":"incident:strike","killed":50,"perpetratorPersons":[],"perpetratorUnits":[],"range":{"end":"2018-08-09","endIsReal":true,"precise":true,"start":"2018-08-09","startIsReal":true},"responsibleState":"SA","stateForces":true,"title":"Bus strike","type":"incident","victims":[],"violations":["ihl-attack"]}"#,
        #"{"body":"UN human rights office","bodyKind":"ohchr","categories":["unlawful-killing","ihl-attack"],"coalition":"coalition:yemen","country":"YE","determination":false,"id":"finding:ohchr","incidentCount":12,"incidents":["incident:strike"],"injured":8719,"killed":5110,"range":{"end":"2017-08-25","endIsReal":false,"precise":true,"start":"2015-03-26","startIsReal":true},"states":["SA"],"strength":"pattern","title":"Casualties","type":"finding","units":[]}"#,
        #"{"controlEntry":"ML4","id":"item-use:bomb","incident":"incident:strike","maker":"Maker","originState":"US","range":{"end":"2018-08-09","endIsReal":true,"precise":true,"start":"2018-08-09","startIsReal":true},"state":"SA","title":"Laser-guided bomb","type":"item-use"}"#,
        #"{"found":false,"id":"item-use:none","originState":"NO","range":{"endIsReal":false,"precise":true,"start":"2017","startIsReal":false},"state":"AE","title":"No Norwegian ammunition found","type":"item-use"}"#,
        #"{"foundIn":"SY","foundWith":"armed group","id":"diversion:grenade","kind":"re-exported","originState":"CH","range":{"endIsReal":false,"precise":true,"start":"2012-07-01","startIsReal":false},"recipient":"AE","title":"Grenade found in Syria","type":"diversion"}"#,
        #"{"breached":true,"exporter":"CH","id":"assurance:declaration","kind":"non-re-export","range":{"endIsReal":false,"precise":true,"start":"2003","startIsReal":true},"recipient":"AE","title":"Non-re-export declaration","type":"assurance"}"#,
        #"{"credible":false,"eventType":"investigation-opened","id":"accountability:jiat","incidents":["incident:strike"],"persons":[],"range":{"endIsReal":false,"precise":true,"start":"2018-09-01","startIsReal":true},"state":"SA","title":"Coalition investigation","type":"accountability","units":[]}"#,
    ]

    func read(_ lines: [String]) throws -> [(Record, String)] {
        var out: [(Record, String)] = []
        try BundleReader().read(Data((lines.joined(separator: "\n") + "\n").utf8)) { out.append(($0, $1)) }
        return out
    }

    @Test func version2RecordsReadAndWriteBackIdentically() throws {
        let records = try read(Self.v2Lines)
        #expect(records.count == Self.v2Lines.count - 1)
        // The canonical form of each line is the line itself (keys sorted, absent fields omitted).
        for ((_, canonical), line) in zip(records, Self.v2Lines.dropFirst()) { #expect(canonical == line) }
        let kinds = records.map { $0.0.typeName }
        #expect(kinds == ["source", "coalition", "incident", "finding", "item-use", "item-use", "diversion", "assurance", "accountability"])
        guard case .finding(let finding) = records[3].0 else { Issue.record("finding"); return }
        #expect(finding.bodyKind == .ohchr && finding.strength == .pattern && finding.killed == 5110 && finding.incidentCount == 12)
        guard case .diversion(let diversion) = records[6].0, case .assurance(let assurance) = records[7].0 else { Issue.record("kinds"); return }
        #expect(diversion.diversionKind == .reExported && assurance.assuranceKind == .nonReExport && assurance.breached == true)
    }

    @Test func aVersion1BundleKeepsItsMeaning() throws {
        let v1 = [#"{"format":"oversight-bundle","type":"bundle","version":1}"#,
                  #"{"country":"PE","id":"incident:a","perpetratorPersons":[],"perpetratorUnits":[],"range":{"endIsReal":true,"precise":true,"start":"2023-01-09","startIsReal":true},"stateForces":true,"title":"A","type":"incident","victims":[],"violations":["unlawful-killing"]}"#,
                  #"{"body":"IACHR","categories":["massacre"],"country":"PE","determination":true,"id":"finding:a","incidents":[],"range":{"endIsReal":false,"precise":true,"start":"2023","startIsReal":false},"title":"F","type":"finding","units":[]}"#]
        let records = try read(v1)
        guard case .incident(let incident) = records[0].0, case .finding(let finding) = records[1].0 else { Issue.record("kinds"); return }
        #expect(records[0].1 == v1[1], "no v2 field is written for a v1 record")
        #expect(incident.effectiveResponsibleState == "PE")
        #expect(finding.effectiveStrength == .determination)
        #expect(finding.concernedStates == ["PE"])
        let error = #expect(throws: BundleReader.LineError.self) {
            _ = try read([#"{"format":"oversight-bundle","type":"bundle","version":3}"#])
        }
        #expect(error?.message.contains("versions 1 to 2") == true)
    }

    @Test func v2RecordsAreValidated() throws {
        let validator = RecordValidator(isKnownViolation: { ReferenceData.shared.violationType($0) != nil },
                                        canonicalControlEntry: ControlEntry.canonicalCode,
                                        isKnownCountry: { ReferenceData.shared.country($0) != nil })
        let empty = Record.coalition(Coalition(id: "coalition:x", name: "X", members: [], range: DateRange()))
        #expect(validator.check(empty).contains { $0.path == "coalition:coalition:x.members" })
        let heavy = Record.coalition(Coalition(id: "coalition:x", name: "X", members: [.init(state: "SA", weight: 2)], range: DateRange()))
        #expect(validator.check(heavy).contains { $0.message.contains("between 0 and 1") })
        let noOrigin = Record.itemUse(ItemUse(id: "item-use:x", title: "none", range: DateRange(), state: "AE", found: false))
        #expect(validator.check(noOrigin).contains { $0.path.hasSuffix(".originState") })
        let badEntry = Record.diversion(DiversionRecord(id: "diversion:x", title: "d", range: DateRange(), recipient: "ZZ",
                                                        diversionKind: .diverted, controlEntry: "ML99"))
        let issues = validator.check(badEntry)
        #expect(issues.contains { $0.path.hasSuffix(".recipient") } && issues.contains { $0.path.hasSuffix(".controlEntry") })
    }

    @Test func applicationsTakeAutoRegimesScopesSeveralUnitsAndUndisclosedEntries() throws {
        let json = """
        {"id": "a", "exporter": "NO", "destination": "AE", "decisionDate": "2017-12-19",
         "endUser": {"name": "UAE armed forces", "scope": "armed-forces", "units": ["unit:a", "unit:b"]},
         "items": [{"controlEntry": null, "description": "weapons"}, {"description": "ammunition"}, {"controlEntry": "ML3", "description": "cartridges"}]}
        """
        let app = try ApplicationReader.read(Data(json.utf8))
        #expect(app.autoRegimes && app.regimes.isEmpty, "regimes default to auto")
        #expect(app.endUser.scope == .armedForces && app.endUser.units == ["unit:a", "unit:b"])
        #expect(app.items.map(\.controlEntry) == ["undisclosed", "undisclosed", "ML3"])
        #expect(app.consignee == Party(name: "UAE armed forces", country: "AE"), "the consignee defaults to the end user")
        let encoded = String(decoding: try JSONEncoder().encode(app), as: UTF8.self)
        #expect(encoded.contains(#""regimes":"auto""#))
        let bad = """
        {"id": "a", "regimes": "some", "exporter": "NO", "destination": "AE", "decisionDate": "2017-12-19",
         "endUser": {"name": "X", "scope": "navy", "force": "marines", "extra": 1}, "items": [{"controlEntry": "ML99", "description": "x"}]}
        """
        let error = #expect(throws: ValidationError.self) { _ = try ApplicationReader.read(Data(bad.utf8)) }
        let paths = Set(error?.issues.map(\.path) ?? [])
        #expect(paths.isSuperset(of: ["regimes", "endUser.scope", "endUser.force", "endUser.extra", "items[0].controlEntry"]), "\(paths)")
    }
}

/// The historical-decision converter and evaluation, on a small file written here, and on the development set of
/// real decisions when `../shared/data/cases-dev` is present.
struct CaseConverterTests {
    static let file = """
    [
     {"id": "T-1", "exporter": "GB", "destination": "HK", "endUser": "Hong Kong Police Force",
      "items": [{"controlEntry": "ML7", "description": "Tear gas"}], "decisionDate": "2019-06-25", "outcome": "risk-found",
      "evidenceKnownAtDecision": [
        {"date": "2019-06-12", "kind": "incident", "fact": "Police fired tear gas and rubber bullets at protesters; 81 people were injured.",
         "source": "https://example.org/a", "injured": 81, "place": "Admiralty, Hong Kong", "perpetrator": "Hong Kong Police Force",
         "violation": "excessive force against protesters"},
        {"date": "2019-06-21", "kind": "finding", "fact": "Amnesty International concluded police used unnecessary and excessive force.",
         "source": "https://example.org/b", "perpetrator": "Hong Kong Police Force", "violation": "unlawful use of force"},
        {"date": "2019-06-25", "kind": "context", "fact": "No live licences remained.", "source": "https://example.org/c"}
      ]},
     {"id": "T-2", "exporter": "CH", "destination": "AE", "endUser": "UAE Armed Forces",
      "items": [{"controlEntry": null, "description": "War materiel"}], "decisionDate": "2012-09-21", "outcome": "no-risk",
      "evidenceKnownAtDecision": [
        {"date": "2012-07-04", "kind": "diversion", "fact": "A Swiss-made grenade from a shipment to the UAE was found with rebels in Syria.",
         "source": "https://example.org/d", "place": "Marea, Syria"},
        {"date": "2012-09-21", "kind": "mitigation", "fact": "New applications must carry a non-re-export declaration granting on-site post-shipment inspection.",
         "source": "https://example.org/e"},
        {"date": "2017-11-06", "kind": "incident", "fact": "The Saudi-led coalition closed Yemen's ports.", "source": "https://example.org/f",
         "place": "Yemen", "perpetrator": "Saudi-led coalition", "violation": "blockade impeding humanitarian access"}
      ]}
    ]
    """

    @Test func factsBecomeTheDocumentedRecords() throws {
        let cases = try DecisionCase.readAll(Data(Self.file.utf8))
        let first = try CaseConverter().convert(cases[0])
        // The converted bundle reads back through the bundle reader: it is a valid bundle.
        let text = try CaseConverter.bundleText(first.records)
        var read: [Record] = []
        try BundleReader().read(Data(text.utf8)) { record, _ in read.append(record) }
        #expect(read.count == first.records.count)
        let incident = try #require(first.records.compactMap { if case .incident(let i) = $0 { i } else { nil } }.first)
        #expect(incident.country == "HK" && incident.responsibleState == "HK" && incident.forces == ["police"])
        #expect(incident.violations.contains("excessive-force") && incident.injured == 81)
        let finding = try #require(first.records.compactMap { if case .finding(let f) = $0 { f } else { nil } }.first)
        #expect(finding.bodyKind == .credibleNGO && finding.strength == .established && finding.body == "Amnesty International")
        #expect(first.log.last?.contains("not encoded (context)") == true)
        #expect(first.application.autoRegimes && first.application.endUser.name == "Hong Kong Police Force")

        let second = try CaseConverter().convert(cases[1])
        #expect(second.application.items.first?.isUndisclosed == true)
        let kinds = Set(second.records.map(\.typeName))
        #expect(kinds.isSuperset(of: ["diversion", "assurance", "coalition"]))
        let assurances = second.records.compactMap { if case .assurance(let a) = $0 { a.assuranceKind } else { nil } }
        #expect(Set(assurances) == [.postShipmentInspection, .nonReExport])
        // The blockade was the coalition's, led by Saudi Arabia, with the destination a member.
        let coalition = try #require(second.records.compactMap { if case .coalition(let c) = $0 { c } else { nil } }.first)
        #expect(coalition.members.contains { $0.state == "SA" && $0.lead == true } && coalition.members.contains { $0.state == "AE" })
        // Sources are public no later than the decision date.
        let decision = try #require(Day("2012-09-21"))
        for case .source(let source) in second.records { #expect(source.publicFrom <= decision) }
    }

    @Test func theEvaluationScoresMeritsRecordsAndContrastPairs() throws {
        let cases = try DecisionCase.readAll(Data(Self.file.utf8))
        let evaluation = try CaseEvaluation.run(cases)
        #expect(evaluation.rows.map(\.id) == ["T-1", "T-2"])
        #expect(evaluation.rows[0].verdict == "deny", "\(evaluation.rows[0])")
        #expect(evaluation.rows[0].agrees == true)
        #expect(evaluation.merits.count == 2)
        #expect(evaluation.markdown().contains("Agreement on the merits records: \(evaluation.agreed) of 2"))
    }

    static let devSet = ScreeningSharedData.folder.appendingPathComponent("cases-dev/cases.json")

    @Test(.enabled(if: ScreeningSharedData.exists(devSet), "../shared/data/cases-dev/cases.json is absent: skipped"))
    func theDevelopmentSetOfRealDecisionsAgreesAtLeastNineTimesInTen() throws {
        let evaluation = try CaseEvaluation.run(try DecisionCase.readAll(try Data(contentsOf: Self.devSet)))
        #expect(evaluation.agreement >= 0.9, "\(evaluation.markdown())")
        #expect(!evaluation.pairs.isEmpty)
        let apart = evaluation.pairs.filter(\.toldApart)
        #expect(apart.count == evaluation.pairs.count, "\(evaluation.pairs)")
    }
}
