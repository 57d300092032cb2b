import OversightCore

/// Where the imported licensing datasets live (the EU member-state table, the UK licence data): named datasets of
/// `LicensingFigure`s, kept apart from the evidence claims like the SIPRI transfers. Every adapter promises the
/// same behaviour (`LicensingStoreContractTests`).
public protocol LicensingDatasetStore: Sendable {
    /// Stores `figures` as the dataset `dataset.name`, replacing a dataset of that name whole, in one transaction:
    /// a failed write keeps the previous dataset; other datasets are untouched. `dataset.rows` is set to
    /// `figures.count`.
    func replaceLicensingDataset(_ dataset: LicensingDataset, figures: [LicensingFigure]) async throws

    /// Every stored dataset, by name.
    func licensingDatasets() async throws -> [LicensingDataset]

    /// The figures of the dataset named `name`, in import order (empty when there is none).
    func licensingFigures(dataset name: String) async throws -> [LicensingFigure]
}
