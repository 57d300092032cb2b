import Foundation
import Testing
import OversightCore
import OversightFormats
import OversightStore

/// Bundle version 2 records on every store adapter: imported, counted, read back and exported byte for byte.
struct StoreV2ContractTests {
    static let lines: [String] = {
        let range = #"{"endIsReal":true,"precise":true,"start":"2018-08-09","startIsReal":true,"end":"2018-08-09"}"#
        var lines = [
            #"{"id":"src:un","published":"2018-08-28","publisher":"OHCHR","title":"Yemen report","type":"source"}"#,
            #"{"id":"coalition:yemen","members":[{"lead":true,"state":"SA"},{"state":"AE","weight":0.4}],"name":"Saudi-led coalition","range":{"endIsReal":false,"precise":true,"start":"2015-03-26","startIsReal":true},"type":"coalition"}"#,
            #"{"coalition":"coalition:yemen","country":"YE","forces":["air-force"],"id":"incident:strike","killed":50,"perpetratorPersons":[],"perpetratorUnits":[],"range":RANGE,"responsibleState":"SA","stateForces":true,"title":"Bus strike","type":"incident","victims":[],"violations":["ihl-attack"]}"#,
            #"{"body":"UN human rights office","bodyKind":"ohchr","categories":["unlawful-killing"],"coalition":"coalition:yemen","country":"YE","determination":false,"id":"finding:ohchr","incidents":["incident:strike"],"killed":5110,"range":RANGE,"states":["SA"],"strength":"pattern","title":"Casualties","type":"finding","units":[]}"#,
            #"{"controlEntry":"ML4","id":"item-use:bomb","incident":"incident:strike","originState":"US","range":RANGE,"state":"SA","title":"Bomb","type":"item-use"}"#,
            #"{"id":"diversion:grenade","kind":"re-exported","originState":"CH","range":RANGE,"recipient":"AE","title":"Grenade","type":"diversion"}"#,
            #"{"breached":true,"id":"assurance:declaration","kind":"non-re-export","range":RANGE,"recipient":"AE","title":"Declaration","type":"assurance"}"#,
            #"{"credible":false,"eventType":"investigation-opened","id":"accountability:jiat","incidents":["incident:strike"],"persons":[],"range":RANGE,"state":"SA","title":"Investigation","type":"accountability","units":[]}"#,
        ]
        for id in ["coalition:yemen", "incident:strike", "finding:ohchr", "item-use:bomb", "diversion:grenade", "assurance:declaration", "accountability:jiat"] {
            lines.append(#"{"citations":[{"source":"src:un"}],"confidence":"high","id":"claim:\#(id)","status":"accepted","subject":"\#(id)","type":"claim"}"#)
        }
        return lines.map { $0.replacingOccurrences(of: "RANGE", with: range) }
    }()

    @Test(arguments: StoreFactory.all)
    func version2RecordsRoundTripOnEveryAdapter(factory: StoreFactory) async throws {
        let store = try factory.make()
        let data = Data(([#"{"format":"oversight-bundle","type":"bundle","version":2}"#] + Self.lines).joined(separator: "\n").utf8)
        _ = try await store.importRecords { sink in
            try BundleReader().read(data) { record, json in try sink.add(record, canonicalJSON: json) }
        }
        let stats = try await store.statistics(asOf: nil)
        for kind in [EntityKind.coalition, .itemUse, .diversion, .assurance, .finding, .incident, .accountability] {
            #expect(stats.count(kind) == 1, "\(kind)")
        }
        let snapshot = try await store.snapshot(asOf: nil)
        #expect(snapshot.coalitions["coalition:yemen"]?.members.count == 2)
        #expect(snapshot.findings["finding:ohchr"]?.bodyKind == .ohchr)
        #expect(snapshot.itemUses["item-use:bomb"]?.originState == "US")
        #expect(snapshot.diversions["diversion:grenade"]?.diversionKind == .reExported)
        #expect(snapshot.assurances["assurance:declaration"]?.breached == true)
        #expect(snapshot.accountability["accountability:jiat"]?.credible == false)
        let entity = try await store.entity(id: "coalition:yemen")
        #expect(entity?.displayName == "Saudi-led coalition")
        // Known on a day before the source: none of it.
        let before = try await store.snapshot(asOf: Day("2018-08-01"))
        #expect(before.coalitions.isEmpty && before.itemUses.isEmpty && before.diversions.isEmpty && before.assurances.isEmpty)
        // Export → import → export is byte-identical, and the export's lines are the canonical lines.
        let lines = LineCollector()
        lines.append(Record.bundleHeader)
        try await store.exportRecords { lines.append($0) }
        let exported = lines.text
        var canonical: [String] = []
        try BundleReader().read(data) { _, json in canonical.append(json) }
        #expect(Set(exported.split(separator: "\n").dropFirst().map(String.init)) == Set(canonical))
        let copy = try factory.make()
        _ = try await copy.importRecords { sink in
            try BundleReader().read(Data(exported.utf8)) { record, json in try sink.add(record, canonicalJSON: json) }
        }
        let again = LineCollector()
        again.append(Record.bundleHeader)
        try await copy.exportRecords { again.append($0) }
        #expect(again.text == exported)
    }
}
