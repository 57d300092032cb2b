extension EvidenceSnapshot {
    /// The export records as report rows (records whose control entry is not on the list are left out), by id.
    public var exportRows: [ExportRow] {
        exports.values.sorted { $0.id < $1.id }.compactMap(ExportRow.init)
    }

    /// The permits as licences, by id.
    public var licences: [LicenceRow] {
        permits.values.sorted { $0.id < $1.id }.map(LicenceRow.init)
    }

    /// Every permit and export record as a watchdog case, filtered by exporter, destination and decision year.
    public func watchdogCases(filter: ReportFilter) -> [WatchdogCase] {
        let cases = permits.values.sorted { $0.id < $1.id }.map { WatchdogCase(permit: $0) }
            + exports.values.sorted { $0.id < $1.id }.map { WatchdogCase(export: $0) }
        return cases.filter { c in
            filter.matches(exporter: c.exporter, destination: c.destination) && (filter.year == nil || c.decisionDate.year == filter.year)
        }
    }
}

/// A report with its typed values, as the JSON downloads and `--format json` give it: `document` holds the tables
/// exactly as the page and the CSV show them, `data` the values they were computed from.
public struct ReportEnvelope<Data: Codable & Sendable>: Codable, Sendable {
    public var document: ReportDocument
    public var data: Data

    public init(document: ReportDocument, data: Data) {
        self.document = document
        self.data = data
    }
}
