/// One row of an exports table: the exports of one control-list entry from one state to one destination in
/// one year, as a transparency report publishes them (Canada's Annex G, the ATT annual report).
public struct ExportRow: Sendable, Hashable, Codable {
    /// ISO 3166 alpha-2 of the exporting state.
    public var exporter: String
    /// ISO 3166 alpha-2 of the destination.
    public var destination: String
    public var year: Int
    /// Canonical control entry, `ML1` … `ML22`.
    public var entry: String
    /// Value in minor units of `currency` (cents); nil when the report gives none.
    public var valueMinor: Int64?
    public var currency: String?
    /// Export permits used for these exports, when the report gives them.
    public var permitsUtilised: Int?
    /// `actual` exports or `authorised` value.
    public var basis: String
    public var description: String?
    /// The record it came from, when it came from the evidence base.
    public var recordID: String?
    /// Where the row came from: `register`, `evidence` (`RowOrigin`), or an imported dataset's name.
    public var origin: String

    public init(exporter: String, destination: String, year: Int, entry: String, valueMinor: Int64?, currency: String?,
                permitsUtilised: Int? = nil, basis: String = "actual", description: String? = nil, recordID: String? = nil,
                origin: String = RowOrigin.evidence) {
        self.exporter = exporter
        self.destination = destination
        self.year = year
        self.entry = entry
        self.valueMinor = valueMinor
        self.currency = currency
        self.permitsUtilised = permitsUtilised
        self.basis = basis
        self.description = description
        self.recordID = recordID
        self.origin = origin
    }

    /// The row of an export record of the evidence base; nil when its control entry is not on the list.
    public init?(_ record: ExportRecord) {
        guard let entry = ControlEntry.canonicalCode(record.controlEntry) else { return nil }
        self.init(exporter: record.exporter.uppercased(), destination: record.destination.uppercased(), year: record.year,
                  entry: entry, valueMinor: record.valueMinor, currency: record.currency, permitsUtilised: record.permitsUtilised,
                  basis: record.basis, description: record.description, recordID: record.id)
    }
}

/// A licence (export permit) issued, for the COARM matrix and the watchdog.
public struct LicenceRow: Sendable, Hashable, Codable {
    public var id: String
    public var exporter: String
    public var destination: String
    /// The day the licence was issued (the decision date).
    public var issued: Day
    /// Canonical control entries, `ML14` …
    public var entries: [String]
    public var valueMinor: Int64?
    public var currency: String?
    public var endUser: String?
    public var description: String?
    /// Where the row came from: `register`, `evidence` (`RowOrigin`), or an imported dataset's name.
    public var origin: String
    /// The register's permit id, for a register row (`id` is then the permit number).
    public var permitID: String?

    public init(id: String, exporter: String, destination: String, issued: Day, entries: [String], valueMinor: Int64? = nil,
                currency: String? = nil, endUser: String? = nil, description: String? = nil, origin: String = RowOrigin.evidence,
                permitID: String? = nil) {
        self.id = id
        self.exporter = exporter
        self.destination = destination
        self.issued = issued
        self.entries = entries
        self.valueMinor = valueMinor
        self.currency = currency
        self.endUser = endUser
        self.description = description
        self.origin = origin
        self.permitID = permitID
    }

    /// The licence of a permit record; a permit dated only to the month or year is taken as issued on the first
    /// day it may stand for.
    public init(_ permit: PermitRecord) {
        self.init(id: permit.id, exporter: permit.exporter.uppercased(), destination: permit.destination.uppercased(),
                  issued: permit.issued.earliestDay, entries: permit.controlEntries.compactMap { ControlEntry.canonicalCode($0) },
                  valueMinor: permit.valueMinor, currency: permit.currency, endUser: permit.endUser, description: permit.description)
    }
}

/// A refused licence application: from the permit register (`Register.denials()`), or given to a report.
public struct DenialRecord: Sendable, Hashable, Codable {
    public var id: String
    public var exporter: String
    public var destination: String
    public var date: Day
    /// Canonical control entries of the refused application.
    public var entries: [String]
    /// Criteria or provisions cited for the refusal, e.g. `EU Criterion 2(a)`, `EIPA 7.3(1)(b)(ii)`.
    public var criteria: [String]
    /// Where the row came from: `register` (`RowOrigin`), or the name of whatever supplied it.
    public var origin: String

    /// The criteria of a register denial whose relied-on assessment reached no refusal under any regime (the
    /// decider's rationale gives the reasons).
    public static let groundsNotRecorded = "not stated in the assessment (see the decision's rationale)"

    public init(id: String, exporter: String, destination: String, date: Day, entries: [String], criteria: [String],
                origin: String = "given") {
        self.id = id
        self.exporter = exporter
        self.destination = destination
        self.date = date
        self.entries = entries
        self.criteria = criteria
        self.origin = origin
    }
}

/// Which rows a report covers. Nil fields do not filter.
public struct ReportFilter: Sendable, Hashable, Codable {
    public var year: Int?
    public var exporter: String?
    public var destination: String?

    public init(year: Int? = nil, exporter: String? = nil, destination: String? = nil) {
        self.year = year
        self.exporter = exporter?.uppercased()
        self.destination = destination?.uppercased()
    }

    public func matches(exporter e: String, destination d: String) -> Bool {
        (exporter == nil || exporter == e) && (destination == nil || destination == d)
    }
}

/// Money in minor units, written as a plain decimal with two places (`560000.00`): the form used on the pages,
/// in the CSV and in the JSON of every report, so the three always agree.
public enum Money {
    public static func decimal(_ minor: Int64) -> String {
        let sign = minor < 0 ? "-" : ""
        let magnitude = minor.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Parses `1234`, `1234.5`, `1,234.56`, `$1,234.56` into minor units; nil for anything else.
    public static func parseMinor(_ text: String) -> Int64? {
        var s = Substring(text.trimmed)
        if s.hasPrefix("$") { s = s.dropFirst() }
        var negative = false
        if s.hasPrefix("-") { negative = true; s = s.dropFirst() }
        let cleaned = s.filter { $0 != "," && $0 != " " && $0 != "\u{00A0}" }
        guard !cleaned.isEmpty else { return nil }
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        // ASCII digits only: `isNumber` also holds for digits of other scripts and for fractions such as ½,
        // which Int64 does not read.
        func digits(_ part: Substring) -> Bool { part.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard parts.count <= 2, digits(parts[0]), let whole = Int64(parts[0].isEmpty ? "0" : String(parts[0])) else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard fraction.utf8.count <= 2, digits(fraction), let value = Int64(fraction.isEmpty ? "0" : String(fraction)) else { return nil }
            cents = value * (fraction.utf8.count == 1 ? 10 : 1)
        }
        let (product, overflow) = whole.multipliedReportingOverflow(by: 100)
        let (sum, carried) = product.addingReportingOverflow(cents)
        guard !overflow, !carried else { return nil }
        return negative ? -sum : sum
    }
}

/// A change between two years' totals.
public struct YearChange: Sendable, Hashable, Codable {
    public var previous: Int64
    public var current: Int64
    public var difference: Int64 { current - previous }
    /// Percent change, one decimal, as text; nil when the previous year had nothing.
    public var percent: String? {
        guard previous != 0 else { return nil }
        let tenths = (Double(current - previous) / Double(previous) * 1000).rounded()
        let value = tenths / 10
        return (value > 0 ? "+" : "") + String(value)
    }
}
