import Foundation
import GRDB
import OversightCore
import OversightStore

/// The licensing datasets in the SQLite file (tables of `v5-licensing-datasets`): one row per dataset, one per
/// figure (measures as their COARM letter, money in minor units, booleans as 0/1), in import order.
extension SQLiteStore: LicensingDatasetStore {
    public func replaceLicensingDataset(_ dataset: LicensingDataset, figures: [LicensingFigure]) async throws {
        do {
            try await writer.write { db in
                try db.execute(sql: "DELETE FROM licensing_figure WHERE dataset = ?", arguments: [dataset.name])
                try db.execute(sql: "DELETE FROM licensing_dataset WHERE name = ?", arguments: [dataset.name])
                try db.execute(sql: "INSERT INTO licensing_dataset (name, kind, file, imported_at, row_count) VALUES (?, ?, ?, ?, ?)",
                               arguments: [dataset.name, dataset.kind, dataset.file, dataset.importedAt, figures.count])
                let insert = try db.makeStatement(sql: """
                    INSERT INTO licensing_figure (dataset, position, line, year, exporter, exporter_name, destination, destination_name,
                        region, rating, measure, amount, currency, embargo, licence)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for (i, f) in figures.enumerated() {
                    try insert.execute(arguments: [
                        dataset.name, i, f.line, f.year, f.exporter, f.exporterName, f.destination, f.destinationName,
                        f.region, f.rating, f.measure.rawValue, f.amount, f.currency, f.embargo, f.licence,
                    ])
                }
            }
        } catch let error as DatabaseError {
            throw StoreError(.invalidRecord, "the dataset '\(dataset.name)' was not replaced (the previous one is kept): \(SQLiteStore.describe(error))")
        }
    }

    public func licensingDatasets() async throws -> [LicensingDataset] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM licensing_dataset ORDER BY name").map {
                LicensingDataset(name: $0["name"], kind: $0["kind"], file: $0["file"], importedAt: $0["imported_at"], rows: $0["row_count"])
            }
        }
    }

    public func licensingFigures(dataset name: String) async throws -> [LicensingFigure] {
        try await writer.read { db in
            var result: [LicensingFigure] = []
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM licensing_figure WHERE dataset = ? ORDER BY position", arguments: [name])
            while let row = try cursor.next() {
                let measureText: String = row["measure"]
                guard let measure = LicensingMeasure(rawValue: measureText) else {
                    throw StoreError(.unreadableDatabase, "licensing_figure of '\(name)' holds an unknown measure '\(measureText)'")
                }
                result.append(LicensingFigure(
                    line: row["line"], year: row["year"], exporter: row["exporter"], exporterName: row["exporter_name"],
                    destination: row["destination"], destinationName: row["destination_name"], region: row["region"], rating: row["rating"],
                    measure: measure, amount: row["amount"], currency: row["currency"], embargo: row["embargo"], licence: row["licence"]))
            }
            return result
        }
    }
}
