import Foundation
import GRDB
import OversightCore
import OversightStore
import OversightStoreSQLite
import Testing

/// What every adapter promises for the licensing datasets (`LicensingDatasetStore`): named datasets stored whole,
/// listed by name, read back in import order, a re-import replacing only its own name. Runs on SQLite and, when
/// `OVERSIGHT_TEST_DATABASE_URL` is set, on PostgreSQL.
struct LicensingStoreContractTests {
    static func figure(_ line: Int, _ exporter: String, _ destination: String?, _ measure: LicensingMeasure, _ amount: Int64,
                       embargo: Bool? = nil, licence: String? = nil) -> LicensingFigure {
        LicensingFigure(line: line, year: 2008, exporter: exporter, exporterName: exporter == "GB" ? "United Kingdom" : "Germany",
                        destination: destination, destinationName: destination == nil ? "Several destinations" : "Sri Lanka",
                        region: licence == nil ? "South Asia" : nil, rating: "ML10", measure: measure, amount: amount,
                        currency: measure.isMoney ? "EUR" : nil, embargo: embargo, licence: licence)
    }

    static func dataset(_ name: String, file: String, rows: Int) -> LicensingDataset {
        LicensingDataset(name: name, kind: "eu-export", file: file, importedAt: "2026-12-03T10:00:00Z", rows: rows)
    }

    @Test(arguments: StoreFactory.all)
    func datasetsAreStoredWholeListedAndReplacedByName(_ factory: StoreFactory) async throws {
        let store = try factory.makeDatabase()
        #expect(try await store.licensingDatasets() == [])
        #expect(try await store.licensingFigures(dataset: "eu") == [])
        let eu = [Self.figure(1, "DE", "LK", .licencesIssued, 4, embargo: false), Self.figure(2, "DE", "LK", .licensedValue, 125_000_050, embargo: true),
                  Self.figure(3, "DE", nil, .criterion2, 2)]
        let uk = [Self.figure(2, "GB", "LK", .refusals, 1, licence: "613"), Self.figure(2, "GB", "LK", .criterion8, 1, licence: "613")]
        try await store.replaceLicensingDataset(Self.dataset("eu", file: "export.csv", rows: 0), figures: eu)
        try await store.replaceLicensingDataset(LicensingDataset(name: "uk-2015", kind: "uk-licences", file: "values.csv",
                                                                 importedAt: "2026-12-03T10:05:00Z", rows: 2), figures: uk)
        #expect(try await store.licensingDatasets().map(\.name) == ["eu", "uk-2015"])
        #expect(try await store.licensingDatasets().first == Self.dataset("eu", file: "export.csv", rows: 3), "rows is the figures stored")
        #expect(try await store.licensingFigures(dataset: "eu") == eu, "every value, nulls included, comes back in order")
        #expect(try await store.licensingFigures(dataset: "uk-2015") == uk)

        let again = [Self.figure(9, "FR", "SY", .refusals, 7)]
        try await store.replaceLicensingDataset(Self.dataset("eu", file: "export-2026.csv", rows: 1), figures: again)
        #expect(try await store.licensingFigures(dataset: "eu") == again, "the old figures of that name are gone")
        #expect(try await store.licensingDatasets().map(\.file) == ["export-2026.csv", "values.csv"])
        #expect(try await store.licensingFigures(dataset: "uk-2015") == uk, "another name is untouched")
        await store.close()
    }

    @Test(arguments: StoreFactory.all)
    func largeDatasetsAndTheCopyCensusCountThem(_ factory: StoreFactory) async throws {
        let store = try factory.makeDatabase()
        let many = (1...4_500).map { Self.figure($0, "DE", "LK", .licencesIssued, Int64($0)) }
        try await store.replaceLicensingDataset(Self.dataset("big", file: "big.csv", rows: 0), figures: many)
        #expect(try await store.licensingFigures(dataset: "big") == many, "several write batches, in order")
        let census = try await store.copyCensus()
        #expect(census.rows["licensing_dataset"] == 1)
        #expect(census.rows["licensing_figure"] == 4_500)
        await store.close()
    }

    @Test func aFailedReplacementKeepsThePreviousDataset() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-licensing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("test.sqlite").path)
        let kept = [Self.figure(1, "DE", "LK", .licencesIssued, 4)]
        try await store.replaceLicensingDataset(Self.dataset("eu", file: "a.csv", rows: 1), figures: kept)
        // A trigger makes the second insert fail halfway through the write.
        try await store.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON licensing_figure WHEN NEW.amount = 666 BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        await #expect(throws: StoreError.self) {
            try await store.replaceLicensingDataset(Self.dataset("eu", file: "b.csv", rows: 2),
                                                    figures: [Self.figure(1, "DE", "LK", .licencesIssued, 1), Self.figure(2, "DE", "LK", .refusals, 666)])
        }
        #expect(try await store.licensingFigures(dataset: "eu") == kept)
        #expect(try await store.licensingDatasets().map(\.file) == ["a.csv"])
        #expect(try store.appliedMigrations().contains("v5-licensing-datasets"))
    }
}
