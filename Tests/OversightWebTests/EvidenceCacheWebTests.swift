import Foundation
import Hummingbird
import HummingbirdTesting
import OversightApp
import OversightCore
import OversightStore
@testable import OversightWeb
import Testing

/// The chains of command and responsibility pages read the whole evidence base once per knowledge date and
/// evidence revision. An import or an edit made straight on the store (as the CLI or another node would make
/// it, without telling the server) shows at the next request; without one, the index is used again.
@Suite struct EvidenceCacheWebTests {
    static let always = DateRange(start: PartialDate("2020-01-01"), startIsReal: true, end: PartialDate("2025-12-31"), endIsReal: true)
    static let source = Source(id: "src:s", title: "Source S", publisher: "P", published: PartialDate("2021-01-01")!)

    static func posting(_ person: String, _ unit: String) -> [Record] {
        [.posting(Posting(id: "posting:\(person)", person: "person:\(person)", unit: unit, role: .commander, range: always)),
         .claim(Claim(id: "claim:posting-\(person)", subject: "posting:\(person)", citations: [Citation(source: source.id)]))]
    }

    @Test(arguments: WebBackend.all)
    func theChainFollowsAnImportAndAnEditMadeElsewhere(backend: WebBackend) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-evidence-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try backend.open(in: folder)
        let first: [Record] = [.source(Self.source), .unit(Unit(id: "unit:company", name: "Company")),
                               .person(Person(id: "person:first", name: "First Commander"))] + Self.posting("first", "unit:company")
        _ = try await store.importRecords { sink in for record in first { try sink.add(record) } }
        try await Self.check(store)
        await store.close()
    }

    static func check<S: DatabaseStore>(_ store: S) async throws {
        let reader = EvidenceQueries(store: store)
        let app = Application(router: try buildRouter(reader: reader, renderer: PageRenderer()),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: DemoApp.quietLogger())
        try await app.test(.router) { client in
            let before = try await client.get("/api/v1/units/unit:company/chain?date=2023-01-09").text
            #expect(before.contains("person:first"))
            _ = try await client.get("/units/unit:company?date=2023-01-09")
            #expect(reader.cacheCounts.builds == 1 && reader.cacheCounts.hits == 1, "the page used the API's index")

            _ = try await store.importRecords { sink in
                try sink.add(.person(Person(id: "person:second", name: "Second Commander")))
                for record in posting("second", "unit:company") { try sink.add(record) }
            }
            let imported = try await client.get("/units/unit:company?date=2023-01-09").text
            #expect(imported.contains("Second Commander"), "an import made elsewhere shows at the next request")
            #expect(reader.cacheCounts.builds == 2)

            _ = try await store.applyEdit([.person(Person(id: "person:second", name: "Second Commander, renamed")),
                                           .claim(Claim(id: "claim:second-name", subject: "person:second", citations: [Citation(source: source.id)]))],
                                          by: "researcher", at: "2026-12-03T19:00:00Z", note: nil)
            let edited = try await client.get("/api/v1/units/unit:company/chain?date=2023-01-09").text
            #expect(edited.contains("Second Commander, renamed"), "so does an edit")
            #expect(reader.cacheCounts.builds == 3)

            // A knowledge date before the source: its own index, without the postings.
            let early = try await client.get("/units/unit:company?date=2023-01-09&asOf=2020-06-01")
            #expect(!early.text.contains("Second Commander"))
            #expect(reader.cacheCounts.kept == 2)
        }
    }
}
