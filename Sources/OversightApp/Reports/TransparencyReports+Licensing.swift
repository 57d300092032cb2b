import Foundation
import OversightCore
import OversightStore

extension TransparencyReports.Kind {
    static let licensingTitle = "Licensing compared by exporter"
    static let licensingSummary = "Exporter × year from the imported EU and UK licensing datasets: licences, values, exports, refusals and refusals by Criterion 1–8, each row labelled with its dataset."
}

extension TransparencyReports {
    /// The licensing comparison over the stored datasets (`datasets`: their names, all when nil), for the filter's
    /// exporter and destination, over `from`…`to` (the filter's year when given). With neither a destination, an
    /// exporter nor years, only the latest year of the data is shown (every destination of every exporter would be
    /// tens of thousands of rows).
    public func licensing(filter: ReportFilter, datasets names: Set<String>? = nil, from: Int? = nil, to: Int? = nil) async throws -> Built {
        let licensingStore = store as? any LicensingDatasetStore
        let datasets = try await licensingStore?.licensingDatasets().filter { names?.contains($0.name) ?? true } ?? []
        var figures: [String: [LicensingFigure]] = [:]
        for dataset in datasets { figures[dataset.name] = try await licensingStore?.licensingFigures(dataset: dataset.name) ?? [] }
        var from = filter.year ?? from, to = filter.year ?? to
        if from == nil, to == nil, filter.exporter == nil, filter.destination == nil {
            from = figures.values.joined().map(\.year).max()
            to = from
        }
        let report = LicensingComparisonReport.build(datasets: datasets, figures: figures, filter: LicensingComparisonReport.Filter(
            datasets: names, exporter: filter.exporter, destination: filter.destination, from: from, to: to))
        var document = report.document()
        if datasets.isEmpty {
            document.notes.append(names == nil
                ? "No licensing dataset has been imported: run `oversight import eu-export FILE` or `oversight import uk-licences FILE`."
                : "None of the datasets asked for is stored; `oversight datasets` lists them.")
        }
        let json = try Record.makeEncoder().encode(ReportEnvelope(document: document, data: report))
        return Built(kind: .licensing, document: document, charts: [], json: json)
    }
}
