import Foundation
import Testing
import OversightCore
import OversightFormats
import OversightStore

/// The behaviour every `Store` adapter promises. Runs once per factory in `StoreFactory.all`.
struct StoreContractTests {
    func loaded(_ factory: StoreFactory) async throws -> any Store {
        let store = try factory.make()
        let records = Fixture.records
        _ = try await store.importRecords { sink in for record in records { try sink.add(record) } }
        return store
    }

    func day(_ text: String) -> Day { Day(text)! }

    @Test(arguments: StoreFactory.all)
    func importCountsEveryRecord(factory: StoreFactory) async throws {
        let store = try factory.make()
        let records = Fixture.records
        let summary = try await store.importRecords { sink in for record in records { try sink.add(record) } }
        #expect(summary.total == records.count)
        #expect(summary.written["claim"] == 7)
        let stats = try await store.statistics(asOf: nil)
        #expect(stats.sources == 2)
        #expect(stats.claims == 7)
        #expect(stats.count(.incident) == 3)
        #expect(stats.count(.unit) == 2)
        #expect(stats.count(.posting) == 1)
    }

    @Test(arguments: StoreFactory.all)
    func entityByIdAndByNameIgnoringCaseAndDiacritics(factory: StoreFactory) async throws {
        let store = try await loaded(factory)
        let byID = try await store.entity(id: "person:rojas")
        #expect(byID?.displayName == "Víctor Rojas Herrera")
        #expect(try await store.entity(id: "person:nobody") == nil)
        for name in ["victor rojas herrera", "VÍCTOR ROJAS-HERRERA", "Victor  Rojas Herrera"] {
            let found = try await store.entities(named: name, kind: nil)
            #expect(found.map(\.id) == ["person:rojas"], "name \(name)")
        }
        let alias = try await store.entities(named: "national police", kind: .unit)
        #expect(alias.map(\.id) == ["unit:police"])
        #expect(try await store.entities(named: "national police", kind: .person).isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func claimsAboutAnEntityCarryTheirSources(factory: StoreFactory) async throws {
        let store = try await loaded(factory)
        let claims = try await store.claims(about: "incident:juliaca", asOf: nil)
        #expect(claims.map(\.claim.id) == ["claim:juliaca", "claim:juliaca-killed-17", "claim:juliaca-killed-18"])
        let main = try #require(claims.first)
        #expect(main.claim.citations.map(\.source) == ["src:report-2023-04", "src:news-2023-01-09"])
        #expect(main.sources["src:news-2023-01-09"]?.title == "Seventeen dead near Juliaca airport")
        // Public from the earliest citation's publication.
        #expect(main.publicFrom == day("2023-01-09"))
        #expect(claims[2].publicFrom == day("2023-04-30"), "a month-precision source is public from its last day")
        let citing = try await store.claims(citing: "src:report-2023-04")
        #expect(citing.map(\.claim.id) == ["claim:juliaca", "claim:juliaca-killed-18", "claim:later", "claim:relation"])
    }

    @Test(arguments: StoreFactory.all)
    func incidentsByCountryAndDateRange(factory: StoreFactory) async throws {
        let store = try await loaded(factory)
        let peru = try await store.incidents(country: "PE", from: nil, to: nil, asOf: nil, limit: 10)
        #expect(peru.map(\.id) == ["incident:later", "incident:juliaca"])
        let january = try await store.incidents(country: "PE", from: day("2023-01-01"), to: day("2023-01-31"), asOf: nil, limit: 10)
        #expect(january.map(\.id) == ["incident:juliaca"])
        let anywhere = try await store.incidents(country: nil, from: day("2023-01-09"), to: day("2023-01-09"), asOf: nil, limit: 10)
        #expect(Set(anywhere.map(\.id)) == ["incident:juliaca", "incident:elsewhere"])
        #expect(try await store.incidents(country: "PE", from: day("2024-01-01"), to: nil, asOf: nil, limit: 10).isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func asKnownOnDateOnlySeesClaimsPublicByThen(factory: StoreFactory) async throws {
        let store = try await loaded(factory)
        let k = day("2023-02-06")
        let claims = try await store.claims(about: "incident:juliaca", asOf: k)
        #expect(claims.map(\.claim.id) == ["claim:juliaca", "claim:juliaca-killed-17"])
        let incidents = try await store.incidents(country: "PE", from: nil, to: nil, asOf: k, limit: 10)
        #expect(incidents.map(\.id) == ["incident:juliaca"], "the later incident is only reported in April")
        #expect(incidents.first?.killed == 17, "as known on 6 Feb 2023 the count was 17")
        #expect(try await store.incidents(country: "PE", from: nil, to: nil, asOf: day("2023-05-01"), limit: 10).first { $0.id == "incident:juliaca" }?.killed == 18)
        let stats = try await store.statistics(asOf: k)
        #expect(stats.claims == 4)
        #expect(stats.sources == 1)
        #expect(stats.count(.incident) == 2)
        #expect(stats.count(.relation) == 0)
        #expect(stats.count(.unit) == 2, "units are identities, always listed")
        let before = try await store.statistics(asOf: day("2023-01-08"))
        #expect(before.claims == 0)
        #expect(before.count(.posting) == 0)
        let snapshot = try await store.snapshot(asOf: k)
        #expect(snapshot.incidents["incident:juliaca"]?.killed == 17)
        #expect(snapshot.relations.isEmpty)
        #expect(snapshot.postings.keys.sorted() == ["posting:rojas"])
    }

    @Test(arguments: StoreFactory.all)
    func danglingReferenceRollsBackTheWholeImport(factory: StoreFactory) async throws {
        let store = try await loaded(factory)
        let before = try await store.statistics(asOf: nil)
        let error = await #expect(throws: ValidationError.self) {
            _ = try await store.importRecords { sink in
                try sink.add(.unit(Unit(id: "unit:new", name: "New unit", country: "PE")))
                try sink.add(.posting(Posting(id: "posting:bad", person: "person:rojas", unit: "unit:missing", role: .commander,
                                              range: Fixture.range("2022-01-01", "2022-02-01"))))
                try sink.add(.claim(Claim(id: "claim:bad", subject: "posting:bad", citations: [Citation(source: "src:nowhere")])))
            }
        }
        let messages = error?.issues.map(\.description) ?? []
        #expect(messages.contains { $0.contains("posting:posting:bad.unit") && $0.contains("unit:missing") })
        #expect(messages.contains { $0.contains("citations[0].source") && $0.contains("src:nowhere") })
        #expect(try await store.statistics(asOf: nil) == before)
        #expect(try await store.entity(id: "unit:new") == nil)
    }

    @Test(arguments: StoreFactory.all)
    func factWithoutClaimIsRejected(factory: StoreFactory) async throws {
        let store = try await loaded(factory)
        let error = await #expect(throws: ValidationError.self) {
            _ = try await store.importRecords { sink in
                try sink.add(.incident(Incident(id: "incident:unsourced", title: "x", country: "PE",
                                                range: Fixture.range("2023-01-01", "2023-01-01"), violations: [])))
            }
        }
        #expect(error?.issues.first?.path == "incident:incident:unsourced")
    }

    @Test(arguments: StoreFactory.all)
    func invalidRecordIsRejectedBeforeWriting(factory: StoreFactory) async throws {
        let store = try factory.make()
        await #expect(throws: ValidationError.self) {
            _ = try await store.importRecords { sink in
                try sink.add(.source(Fixture.early))
                try sink.add(.claim(Claim(id: "claim:nocite", subject: "unit:x", citations: [])))
            }
        }
        #expect(try await store.statistics(asOf: nil).sources == 0)
    }

    @Test(arguments: StoreFactory.all)
    func reimportingIsIdempotentAndReplacesByID(factory: StoreFactory) async throws {
        let store = try await loaded(factory)
        let first = try await export(store)
        _ = try await store.importRecords { sink in for record in Fixture.records { try sink.add(record) } }
        #expect(try await export(store) == first)
        // A newer version of a record replaces the old one, and moves the claim's publication with its source.
        var redated = Fixture.late
        redated.published = PartialDate("2023-01-05")!
        let newer = redated
        _ = try await store.importRecords { sink in try sink.add(.source(newer)) }
        let claims = try await store.claims(about: "relation:station-police", asOf: nil)
        #expect(claims.first?.publicFrom == Day("2023-01-05"))
    }

    @Test(arguments: StoreFactory.all)
    func bundleRoundTripIsByteIdentical(factory: StoreFactory) async throws {
        let store = try await loaded(factory)
        let first = try await export(store)
        let copy = try factory.make()
        let data = Data(first.utf8)
        _ = try await copy.importRecords { sink in
            try BundleReader().read(data) { record, json in try sink.add(record, canonicalJSON: json) }
        }
        let second = try await export(copy)
        #expect(second == first)
        #expect(first.split(separator: "\n").count == Fixture.records.count + 1)
    }

    @Test(arguments: StoreFactory.all)
    func malformedLineFailsTheWholeImportWithItsNumber(factory: StoreFactory) async throws {
        let store = try factory.make()
        let good = try await export(try await loaded(factory))
        var lines = good.split(separator: "\n").map(String.init)
        lines[5] = #"{"type":"unit","id":"unit:broken","name":"#
        let data = Data(lines.joined(separator: "\n").utf8)
        let error = await #expect(throws: BundleReader.LineError.self) {
            _ = try await store.importRecords { sink in
                try BundleReader().read(data) { record, json in try sink.add(record, canonicalJSON: json) }
            }
        }
        #expect(error?.line == 6)
        let stats = try await store.statistics(asOf: nil)
        #expect(stats.sources == 0 && stats.claims == 0 && stats.count(.unit) == 0, "nothing is half-imported")
    }

    func export(_ store: any Store) async throws -> String {
        let lines = LineCollector()
        lines.append(Record.bundleHeader)
        try await store.exportRecords { lines.append($0) }
        return lines.text
    }
}

final class LineCollector: @unchecked Sendable {
    private var lines: [String] = []
    private let lock = NSLock()
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return lines.joined(separator: "\n") + "\n" }
}
