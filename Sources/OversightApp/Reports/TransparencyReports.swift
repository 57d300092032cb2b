import Foundation
import OversightCore
import OversightStore

/// The transparency reports, built from a store: the web pages, their downloads, the JSON API and the CLI's
/// `oversight report` all call this, so they show the same numbers.
public struct TransparencyReports: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case exports, att, coarm, transfers, watchdog, licensing

        public var title: String {
            switch self {
            case .exports: "Annual exports report"
            case .att: "ATT annual report (Art. 13)"
            case .coarm: "EU COARM-style matrix"
            case .transfers: "Arms transfers (SIPRI)"
            case .watchdog: "Watchdog cross-check"
            case .licensing: Self.licensingTitle
            }
        }

        public var summary: String {
            switch self {
            case .exports: "Destination × control-list item with totals, regions, top destinations, permits utilised, denials with their grounds, suspensions and revocations, and the change from the year before."
            case .att: "The exports table by ATT Art. 2(1) category: authorised or actual, importing state, value, description, comments."
            case .coarm: "Per destination and item: licences issued, licensed value, actual exports, refusals and criteria, and refusals by EU criterion."
            case .transfers: "Supplier → recipient deliveries by year and armament category, in SIPRI TIV."
            case .watchdog: "Every decision of the permit register, and every recorded permit and export, re-assessed with the evidence public on its decision date."
            case .licensing: Self.licensingSummary
            }
        }
    }

    /// A built report: the tables, the charts, and the JSON download (the tables plus the typed values).
    public struct Built: Sendable {
        public var kind: Kind
        public var document: ReportDocument
        /// SVG documents, in page order.
        public var charts: [String]
        public var json: Data
    }

    let store: any Store
    /// Denial records to count besides the register's own refusals.
    public var denials: [DenialRecord]

    public init(store: any Store, denials: [DenialRecord] = []) {
        self.store = store
        self.denials = denials
    }

    /// Builds one report. For the watchdog, `onFile` are applications on file: a recorded permit they match takes
    /// the end user they name when its own is not recorded (see `WatchdogCase.merging`); `additional` applications
    /// do the same and, when they match no permit, are re-assessed as cases of their own.
    public func build(_ kind: Kind, filter: ReportFilter, onFile: [ExportApplication] = [], additional: [ExportApplication] = []) async throws -> Built {
        switch kind {
        case .exports:
            let sources = try await reportRows()
            let report = AnnualExportsReport.build(rows: sources.exports, denials: sources.denials, permitActions: sources.permitActions,
                                                   licences: sources.licences, leftOut: sources, filter: filter)
            let series = TimeSeries.exports(rows: sources.exports, report: report)
            let charts = [ReportChartSVG.stackedBars(report),
                          ReportChartSVG.timeSeries(series, title: "Exports per year to the top destinations of \(report.year) (\(report.currency.isEmpty ? "value" : report.currency))",
                                                    idPrefix: "exports-series")]
            return try built(kind, report.document(), report, charts: charts)
        case .att:
            let sources = try await reportRows()
            let report = ATTAnnualReport.build(rows: sources.exports, filter: filter)
            var document = report.document()
            document.notes += sources.leftOutNotes(year: report.year, filter: filter)
            return try built(kind, document, report, charts: [])
        case .coarm:
            let sources = try await reportRows()
            let report = COARMReport.build(licences: sources.licences, exports: sources.exports, denials: sources.denials,
                                           leftOut: sources, filter: filter)
            return try built(kind, report.document(), report, charts: [])
        case .transfers:
            let transferStore = store as? any TransferStore
            var codes: Set<String>?
            if let e = filter.exporter { codes = [e] }
            if let d = filter.destination { codes = (codes ?? []).union([d]) }
            let transfers = try await transferStore?.transfers(involving: codes) ?? []
            // Unfiltered, the whole register would be tens of thousands of rows: show its latest delivery year.
            let year = filter.year ?? (filter.exporter == nil && filter.destination == nil ? transfers.compactMap(\.deliveryYear).max() : nil)
            let report = TransfersReport.build(transfers: transfers, filter: TransfersReport.Filter(
                from: year, to: year, supplier: filter.exporter, recipient: filter.destination))
            var document = report.document()
            if let dataset = try await transferStore?.transferDataset() {
                document.scope.append("Imported: \(dataset.file), \(dataset.layout) layout\(dataset.generated.map { ", data generated \($0)" } ?? ""), \(dataset.rows) rows")
            } else {
                document.notes.append("No SIPRI trade register has been imported: run `oversight import sipri FILE`.")
            }
            let chart = ReportChartSVG.timeSeries(TimeSeries.transfers(report), title: "TIV delivered per year, largest recipients (TIV, millions)",
                                                  idPrefix: "transfers-series")
            return try built(kind, document, report, charts: [chart])
        case .watchdog:
            let snapshot = try await store.snapshot(asOf: nil)
            let screening = try await (store as? any ScreeningStore)?.loadScreener()
            let engine = AssessmentEngine(screening: screening.map { ScreeningHookAdapter(screening: $0) })
            let register = try await (store as? any WorkflowStore)?.register() ?? Register(cases: [])
            let (registerAndEvidence, leftOut) = register.watchdogCases(with: snapshot.watchdogCases(filter: ReportFilter()))
            let recorded = WatchdogCase.merging(registerAndEvidence, applications: additional, addUnmatched: true)
            let cases = WatchdogCase.merging(recorded, applications: onFile, addUnmatched: false)
                .filter { c in
                    filter.matches(exporter: c.exporter, destination: c.destination) && (filter.year == nil || c.decisionDate.year == filter.year)
                }
            let findings = Watchdog(engine: engine).check(cases, index: EvidenceIndex(snapshot: snapshot))
            var document = Watchdog.document(findings, filter: filter)
            if leftOut > 0 {
                document.notes.append("\(leftOut) permit record(s) of the evidence base are permits of the register and are checked once, as the register's decisions.")
            }
            return try built(kind, document, findings, charts: [])
        case .licensing:
            return try await licensing(filter: filter)
        }
    }

    /// The rows the register-fed reports sum: the permit register's licences, shipments, denials and permit actions,
    /// and the evidence base's imported export and permit records, with no permit counted twice (`ReportRows`).
    func reportRows() async throws -> ReportRows {
        let register = try await (store as? any WorkflowStore)?.register() ?? Register(cases: [])
        let licences = try await store.entities(kind: .permit, limit: Int.max, offset: 0).compactMap { $0 as? PermitRecord }
            .sorted { $0.id < $1.id }.map(LicenceRow.init)
        return ReportRows.combine(register: register, importedExports: try await exportRows(), importedLicences: licences,
                                  importedDenials: denials)
    }

    /// The export records of the store (only those; no full snapshot), by id.
    private func exportRows() async throws -> [ExportRow] {
        try await store.entities(kind: .export, limit: Int.max, offset: 0).compactMap { $0 as? ExportRecord }
            .sorted { $0.id < $1.id }.compactMap(ExportRow.init)
    }

    private func built<D: Codable & Sendable>(_ kind: Kind, _ document: ReportDocument, _ data: D, charts: [String]) throws -> Built {
        let json = try Record.makeEncoder().encode(ReportEnvelope(document: document, data: data))
        return Built(kind: kind, document: document, charts: charts, json: json)
    }
}
