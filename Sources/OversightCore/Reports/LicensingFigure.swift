import Foundation

/// One of the measures the EU annual report (COARM) gives per exporter, destination and military-list category,
/// with its letter in the report's tables: (a) licences issued, (b) value of the licences, (c) value of the
/// exports, (d) licences refused, (e1…e8) refusals citing Criterion 1…8 of Common Position 2008/944/CFSP.
public enum LicensingMeasure: String, Sendable, Hashable, Codable, CaseIterable {
    case licencesIssued = "a"
    case licensedValue = "b"
    case actualExports = "c"
    case refusals = "d"
    case criterion1 = "e1", criterion2 = "e2", criterion3 = "e3", criterion4 = "e4"
    case criterion5 = "e5", criterion6 = "e6", criterion7 = "e7", criterion8 = "e8"

    /// The refusals citing Criterion `n` (1…8).
    public static func criterion(_ n: Int) -> LicensingMeasure? { LicensingMeasure(rawValue: "e\(n)") }

    /// 1…8 for `e1`…`e8`, nil otherwise.
    public var criterion: Int? { rawValue.hasPrefix("e") ? Int(rawValue.dropFirst()) : nil }

    /// Whether the amount is money in minor units (b, c) rather than a count.
    public var isMoney: Bool { self == .licensedValue || self == .actualExports }
}

/// One figure of an imported licensing dataset: how many licences, refusals or how much value one exporter
/// reported for one destination, year and military-list category. Both importers (the EU member-state table and
/// the UK licence data) produce these, so the licensing report compares exporters from either side by side.
public struct LicensingFigure: Sendable, Hashable, Codable {
    /// The line of the imported file the figure comes from (the first line of a UK licence).
    public var line: Int
    public var year: Int
    /// ISO 3166 alpha-2 of the licensing state.
    public var exporter: String
    public var exporterName: String
    /// ISO 3166 alpha-2 of the destination; nil when the source gives none or its name maps to no country.
    public var destination: String?
    public var destinationName: String
    /// The region the source puts the destination in (EU table only).
    public var region: String?
    /// Military-list category (`ML4`) or the UK's control-list rating (`ML10`, `5A002`, `End Use`); empty when
    /// the source gives none.
    public var rating: String
    public var measure: LicensingMeasure
    /// A count (a, d, e1…e8) or an amount in minor units of `currency` (b, c).
    public var amount: Int64
    /// `EUR`, `GBP` for money measures; nil for counts.
    public var currency: String?
    /// Whether the source marks the destination as under an arms embargo that year (EU table only).
    public var embargo: Bool?
    /// The source's licence identifier (UK licence cohort), when the figure is one licence's.
    public var licence: String?

    public init(line: Int, year: Int, exporter: String, exporterName: String, destination: String?, destinationName: String,
                region: String? = nil, rating: String, measure: LicensingMeasure, amount: Int64, currency: String? = nil,
                embargo: Bool? = nil, licence: String? = nil) {
        self.line = line
        self.year = year
        self.exporter = exporter
        self.exporterName = exporterName
        self.destination = destination
        self.destinationName = destinationName
        self.region = region
        self.rating = rating
        self.measure = measure
        self.amount = amount
        self.currency = currency
        self.embargo = embargo
        self.licence = licence
    }
}

/// An imported licensing dataset: its name (what `--dataset` chose, unique), the importer that read it, the file
/// and when it was imported. Re-importing the same name replaces the dataset whole.
public struct LicensingDataset: Sendable, Hashable, Codable {
    public var name: String
    /// `eu-export` or `uk-licences`.
    public var kind: String
    /// The file name imported.
    public var file: String
    /// When it was imported, ISO 8601 UTC (`2026-12-03T10:00:00Z`).
    public var importedAt: String
    /// The figures stored.
    public var rows: Int

    public init(name: String, kind: String, file: String, importedAt: String, rows: Int) {
        self.name = name
        self.kind = kind
        self.file = file
        self.importedAt = importedAt
        self.rows = rows
    }

    /// A dataset name: letters, digits, `.`, `-` and `_`, 1 to 64 characters, starting with a letter or digit.
    public static func isValidName(_ name: String) -> Bool {
        guard (1...64).contains(name.count), let first = name.first, first.isASCII, first.isLetter || first.isNumber else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
    }

    /// The default name for a file: its name without folder and extension, lower-cased, other characters as `-`
    /// (`EU export 2024.csv` → `eu-export-2024`).
    public static func defaultName(forFile path: String) -> String {
        var base = Substring(path.split(separator: "/").last ?? "")
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = base[..<dot] }
        let mapped = String(base.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_") ? $0 : "-" })
        let trimmed = mapped.trimmingCharacters(in: CharacterSet(charactersIn: "-._"))
        return trimmed.isEmpty ? "dataset" : String(trimmed.prefix(64))
    }
}
