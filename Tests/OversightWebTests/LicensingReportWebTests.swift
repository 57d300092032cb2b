import Foundation
import HummingbirdTesting
import OversightCore
import OversightFormats
import OversightStore
import OversightStoreSQLite
import OversightWeb
import Testing

/// The licensing comparison on the web, over a live HTTP server: the page, its CSV download and the API
/// `/api/v1/reports/licensing` pick the new report kind up and hold the same numbers.
struct LicensingReportWebTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/caat/\(name)"))
    }

    struct Envelope: Decodable {
        struct Data: Decodable {
            struct Row: Decodable { var dataset: String; var exporter: String; var year: Int; var refusalsByCriterion: [Int64] }
            var rows: [Row]
        }
        var document: ReportDocument
        var data: Data
    }

    @Test func thePageTheCSVAndTheAPIShowTheSameRefusalsByCriterion() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-licensing-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("web.sqlite").path)
        let eu = EUArmsExportTable.read(try Self.fixture("eu-export.csv")).figures
        let uk = UKLicenceData.read(licences: try Self.fixture("uk-values.csv"), criteria: try Self.fixture("uk-refusal-criteria.csv")).figures
        try await store.replaceLicensingDataset(LicensingDataset(name: "eu", kind: "eu-export", file: "eu-export.csv", importedAt: "2026-12-03T10:00:00Z", rows: 0), figures: eu)
        try await store.replaceLicensingDataset(LicensingDataset(name: "uk", kind: "uk-licences", file: "uk-values.csv", importedAt: "2026-12-03T10:00:00Z", rows: 0), figures: uk)
        let app = try buildApplication(store: store, configuration: .init(port: 0), logger: DemoApp.quietLogger())
        try await app.test(.live) { client in
            let index = try await client.get("/reports")
            #expect(index.text.contains("/reports/licensing"))
            let page = try await client.get("/reports/licensing?destination=LK")
            #expect(page.status == .ok)
            let shown = ReportPageTests.pageTable(page.text, id: "licensing")
            #expect(shown.map { "\($0[0]) \($0[2]) \($0[5]) \($0[12])" } == ["eu DE 2008 2", "eu FR 2008 0", "uk GB 2008 3", "eu DE 2009 0", "eu FR 2009 1", "uk GB 2009 11", "Total   17"])
            let csv = try await client.get("/reports/licensing/csv?table=licensing&destination=LK")
            #expect(csv.status == .ok)
            #expect(ReportPageTests.csvRows(csv.text) == shown)
            let api = try await client.get("/api/v1/reports/licensing?destination=LK&year=2009")
            #expect(api.status == .ok)
            let envelope = try api.decode(Envelope.self)
            #expect(envelope.document.kind == "licensing")
            #expect(envelope.data.rows.map { "\($0.dataset) \($0.exporter) \($0.year) \($0.refusalsByCriterion[1])" } == ["eu DE 2009 0", "eu FR 2009 1", "uk GB 2009 11"])
            #expect(envelope.document.scope.contains("Dataset uk: uk-licences, uk-values.csv, imported 2026-12-03T10:00:00Z, 28 figures"))
            // Without a destination, exporter or year: the latest year of the data only.
            let latest = try await client.get("/api/v1/reports/licensing")
            #expect(try latest.decode(Envelope.self).data.rows.allSatisfy { $0.year == 2009 })
        }
    }
}
