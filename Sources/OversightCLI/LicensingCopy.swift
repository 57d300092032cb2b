import Foundation
import OversightCore
import OversightStore

/// Copies the licensing datasets between stores through `LicensingDatasetStore`, for `oversight copy`: each
/// dataset with its name, kind, file and import time, and its figures in their order.
enum LicensingCopy {
    /// Copies every dataset; returns the figures copied.
    static func run(from source: any DatabaseStore, to target: any DatabaseStore) async throws -> Int {
        var figures = 0
        for dataset in try await source.licensingDatasets() {
            let rows = try await source.licensingFigures(dataset: dataset.name)
            try await target.replaceLicensingDataset(dataset, figures: rows)
            figures += rows.count
        }
        return figures
    }
}
