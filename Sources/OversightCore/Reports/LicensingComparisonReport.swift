import Foundation

/// Exporters side by side from the imported licensing datasets (the EU member-state table, the UK licence data):
/// one row per dataset, exporter, destination and year, with the COARM measures — (a) licences issued, (b)
/// licensed value, (c) actual exports, (d) refusals and the refusals citing each of Criteria 1…8 — and the dataset
/// the row comes from, so figures of different origins are never mixed in one row.
public struct LicensingComparisonReport: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        /// The dataset the figures come from.
        public var dataset: String
        public var exporter: String
        public var exporterName: String
        public var destination: String?
        public var destinationName: String
        public var year: Int
        public var licencesIssued: Int64
        public var licensedValueMinor: Int64
        public var actualExportsMinor: Int64
        /// The currency of the two values (`EUR`, `GBP`); empty when the row has no value.
        public var currency: String
        public var refusals: Int64
        /// Refusals citing Criterion 1…8, index 0 for Criterion 1.
        public var refusalsByCriterion: [Int64]
        /// Whether the source marks the destination as under embargo that year.
        public var embargo: Bool
    }

    public struct Filter: Sendable, Hashable, Codable {
        /// The datasets to compare (all when nil).
        public var datasets: Set<String>?
        /// ISO alpha-2 of the exporter, or its name.
        public var exporter: String?
        /// ISO alpha-2 of the destination, or its name.
        public var destination: String?
        public var from: Int?
        public var to: Int?

        public init(datasets: Set<String>? = nil, exporter: String? = nil, destination: String? = nil, from: Int? = nil, to: Int? = nil) {
            self.datasets = datasets
            self.exporter = exporter
            self.destination = destination
            self.from = from
            self.to = to
        }

        func matches(dataset: String, _ f: LicensingFigure) -> Bool {
            if let datasets, !datasets.contains(dataset) { return false }
            if let from, f.year < from { return false }
            if let to, f.year > to { return false }
            // A code or a name, as the transfers report matches its supplier and recipient.
            if let exporter, !TransfersReport.Filter.same(exporter, f.exporter, f.exporterName) { return false }
            if let destination, !TransfersReport.Filter.same(destination, f.destination, f.destinationName) { return false }
            return true
        }
    }

    public var filter: Filter
    /// By destination, year, dataset, exporter.
    public var rows: [Row]
    /// The datasets the rows come from, with their kind, file and import time.
    public var datasets: [LicensingDataset]

    /// Sums the figures of every dataset (`figures[name]`) that the filter keeps.
    public static func build(datasets: [LicensingDataset], figures: [String: [LicensingFigure]], filter: Filter) -> LicensingComparisonReport {
        struct Key: Hashable { var dataset: String; var exporter: String; var destination: String; var year: Int }
        var groups: [Key: Row] = [:]
        for dataset in datasets {
            for f in figures[dataset.name] ?? [] where filter.matches(dataset: dataset.name, f) {
                let key = Key(dataset: dataset.name, exporter: f.exporter, destination: f.destination ?? f.destinationName, year: f.year)
                var row = groups[key] ?? Row(dataset: dataset.name, exporter: f.exporter, exporterName: f.exporterName,
                                             destination: f.destination, destinationName: f.destinationName, year: f.year,
                                             licencesIssued: 0, licensedValueMinor: 0, actualExportsMinor: 0, currency: "", refusals: 0,
                                             refusalsByCriterion: Array(repeating: 0, count: 8), embargo: false)
                switch f.measure {
                case .licencesIssued: row.licencesIssued += f.amount
                case .licensedValue: row.licensedValueMinor += f.amount
                case .actualExports: row.actualExportsMinor += f.amount
                case .refusals: row.refusals += f.amount
                default: if let n = f.measure.criterion { row.refusalsByCriterion[n - 1] += f.amount }
                }
                if f.measure.isMoney, let currency = f.currency { row.currency = currency }
                row.embargo = row.embargo || f.embargo == true
                groups[key] = row
            }
        }
        let rows = groups.values.sorted {
            ($0.destination ?? $0.destinationName, $0.year, $0.dataset, $0.exporter) < ($1.destination ?? $1.destinationName, $1.year, $1.dataset, $1.exporter)
        }
        let used = Set(rows.map(\.dataset))
        return LicensingComparisonReport(filter: filter, rows: rows, datasets: datasets.filter { used.contains($0.name) })
    }

    /// The currencies of the rows' values.
    public var currencies: [String] { Set(rows.map(\.currency).filter { !$0.isEmpty }).sorted() }

    public func document() -> ReportDocument {
        var columns: [ReportTable.Column] = [
            .init("dataset", "Dataset"), .init("exporter", "Exporter"), .init("exporter_code", "Code"),
            .init("destination", "Destination"), .init("destination_code", "Code"), .init("year", "Year"),
            .init("licences_issued", "(a) Licences issued", numeric: true), .init("licensed_value", "(b) Licensed value", numeric: true),
            .init("actual_exports", "(c) Actual exports", numeric: true), .init("currency", "Currency"),
            .init("refusals", "(d) Refusals", numeric: true),
        ]
        columns += (1...8).map { .init("criterion_\($0)", "Crit. \($0)", numeric: true) }
        columns.append(.init("embargo", "Embargo"))
        let body = rows.map { r -> [String] in
            [r.dataset, r.exporterName, r.exporter, r.destinationName, r.destination ?? "", String(r.year), String(r.licencesIssued),
             r.currency.isEmpty ? "" : Money.decimal(r.licensedValueMinor), r.currency.isEmpty ? "" : Money.decimal(r.actualExportsMinor),
             r.currency, String(r.refusals)] + r.refusalsByCriterion.map { String($0) } + [r.embargo ? "yes" : ""]
        }
        let single = currencies.count == 1
        func total(_ value: (Row) -> Int64) -> String { String(rows.reduce(0) { $0 + value($1) }) }
        let totals = ["Total", "", "", "", "", "", total(\.licencesIssued),
                      single ? Money.decimal(rows.reduce(0) { $0 + $1.licensedValueMinor }) : "",
                      single ? Money.decimal(rows.reduce(0) { $0 + $1.actualExportsMinor }) : "",
                      single ? currencies[0] : "", total(\.refusals)]
            + (0..<8).map { i in total { $0.refusalsByCriterion[i] } } + [""]
        var notes = [
            "(a) licences issued, (b) their value, (c) the value of actual exports, (d) licences refused and the refusals citing each criterion of Common Position 2008/944/CFSP (the UK's Consolidated Criteria are numbered alike), as the datasets give them. Each row comes from one dataset, named in the first column; rows of different datasets are never added together.",
            "EU member-state table: licences and refusals are given per military-list category, so a licence covering several categories counts under each, as in the EU annual report; CAAT notes that the criterion counts are approximate. UK licence data: each licence (cohort) counts once, its value is the sum over its ratings; no export values are published, so (c) is 0.",
        ]
        if !single && currencies.count > 1 {
            notes.append("The values are in \(currencies.joined(separator: " and ")) (each row's currency is given), so the totals row adds the counts only.")
        }
        let table = ReportTable(id: "licensing", title: "Licences and refusals by exporter, destination and year",
                                columns: columns, rows: body, totals: rows.isEmpty ? nil : totals, notes: notes)
        var scope: [String] = []
        if let d = filter.destination { scope.append("Destination: \(d)") }
        if let e = filter.exporter { scope.append("Exporter: \(e)") }
        if filter.from != nil || filter.to != nil {
            scope.append(filter.from == filter.to ? "Year: \(filter.from!)" : "Years: \(filter.from.map(String.init) ?? "…")–\(filter.to.map(String.init) ?? "…")")
        }
        if let names = filter.datasets { scope.append("Datasets asked for: \(names.sorted().joined(separator: ", "))") }
        scope += datasets.map { "Dataset \($0.name): \($0.kind), \($0.file), imported \($0.importedAt), \($0.rows) figures" }
        return ReportDocument(kind: "licensing", title: "Licensing compared by exporter", scope: scope, tables: [table])
    }
}
