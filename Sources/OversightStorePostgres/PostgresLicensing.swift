import Foundation
import OversightCore
import OversightStore
import PostgresNIO

/// The licensing datasets on PostgreSQL (tables of `v5-licensing-datasets`), in import order. Figures are written
/// in batches of `batch` rows, one `INSERT … SELECT FROM unnest(…)` each, under the write lock of the schema.
extension PostgresStore {
    static let licensingBatch = 2_000

    public func replaceLicensingDataset(_ dataset: LicensingDataset, figures: [LicensingFigure]) async throws {
        let schema = settings.schema
        do {
            try await inTransaction { connection in
                try await connection.query(PostgresSchema.lock(PostgresSchema.writeLock, schema: schema), logger: self.logger)
                try await connection.query("DELETE FROM licensing_figure WHERE dataset = \(dataset.name)", logger: self.logger)
                try await connection.query("DELETE FROM licensing_dataset WHERE name = \(dataset.name)", logger: self.logger)
                try await connection.query("""
                    INSERT INTO licensing_dataset (name, kind, file, imported_at, row_count)
                    VALUES (\(dataset.name), \(dataset.kind), \(dataset.file), \(dataset.importedAt), \(figures.count))
                    """, logger: self.logger)
                var start = 0
                while start < figures.count {
                    let slice = figures[start..<min(start + PostgresStore.licensingBatch, figures.count)]
                    // Nullable columns travel as '' (text) or -1 (embargo) and become NULL again in the SELECT.
                    let positions = slice.indices.map { Int64($0) }
                    let lines = slice.map { Int64($0.line) }, years = slice.map { Int64($0.year) }
                    let exporters = slice.map(\.exporter), exporterNames = slice.map(\.exporterName)
                    let destinations = slice.map { $0.destination ?? "" }, destinationNames = slice.map(\.destinationName)
                    let regions = slice.map { $0.region ?? "" }, ratings = slice.map(\.rating), measures = slice.map(\.measure.rawValue)
                    let amounts = slice.map(\.amount), currencies = slice.map { $0.currency ?? "" }
                    let embargoes = slice.map { f -> Int64 in f.embargo.map { $0 ? 1 : 0 } ?? -1 }, licences = slice.map { $0.licence ?? "" }
                    try await connection.query("""
                        INSERT INTO licensing_figure (dataset, position, line, year, exporter, exporter_name, destination, destination_name,
                            region, rating, measure, amount, currency, embargo, licence)
                        SELECT \(dataset.name), p, l, y, e, en, NULLIF(d, ''), dn, NULLIF(r, ''), ra, m, a, NULLIF(c, ''),
                            CASE WHEN em < 0 THEN NULL ELSE em = 1 END, NULLIF(li, '')
                        FROM unnest(\(positions)::bigint[], \(lines)::bigint[], \(years)::bigint[], \(exporters)::text[], \(exporterNames)::text[],
                            \(destinations)::text[], \(destinationNames)::text[], \(regions)::text[], \(ratings)::text[], \(measures)::text[],
                            \(amounts)::bigint[], \(currencies)::text[], \(embargoes)::bigint[], \(licences)::text[])
                            AS t(p, l, y, e, en, d, dn, r, ra, m, a, c, em, li)
                        """, logger: self.logger)
                    start += PostgresStore.licensingBatch
                }
            }
        } catch let error as StoreError where error.code == .unreadableDatabase && error.message.hasPrefix("PostgreSQL ") {
            throw StoreError(.invalidRecord, "the dataset '\(dataset.name)' was not replaced (the previous one is kept): \(error.message)")
        }
    }

    public func licensingDatasets() async throws -> [LicensingDataset] {
        try await withConnection { connection in
            var result: [LicensingDataset] = []
            for try await row in try await connection.query("SELECT * FROM licensing_dataset ORDER BY name", logger: self.logger) {
                let r = PGRow(row)
                result.append(LicensingDataset(name: try r("name"), kind: try r("kind"), file: try r("file"), importedAt: try r("imported_at"),
                                               rows: try r("row_count")))
            }
            return result
        }
    }

    public func licensingFigures(dataset name: String) async throws -> [LicensingFigure] {
        try await withConnection { connection in
            var result: [LicensingFigure] = []
            for try await row in try await connection.query("SELECT * FROM licensing_figure WHERE dataset = \(name) ORDER BY position", logger: self.logger) {
                let r = PGRow(row)
                let measureText: String = try r("measure")
                guard let measure = LicensingMeasure(rawValue: measureText) else {
                    throw StoreError(.unreadableDatabase, "licensing_figure of '\(name)' holds an unknown measure '\(measureText)'")
                }
                result.append(LicensingFigure(
                    line: try r("line"), year: try r("year"), exporter: try r("exporter"), exporterName: try r("exporter_name"),
                    destination: try r("destination"), destinationName: try r("destination_name"), region: try r("region"),
                    rating: try r("rating"), measure: measure, amount: try r("amount"), currency: try r("currency"),
                    embargo: try r("embargo"), licence: try r("licence")))
            }
            return result
        }
    }
}
