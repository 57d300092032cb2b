/// The EU COARM-style matrix (the EU annual report on arms exports): per destination and military-list entry,
/// (a) licences issued, (b) value of the licences, (c) actual exports, with refusals and the criteria cited.
///
/// A licence for several entries counts once under each of them, and its value goes to its first entry (the
/// value is not split in the records); a refusal counts under each of its entries too.
public struct COARMReport: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        public var destination: String
        public var destinationName: String
        /// `ML14`, or `all` for the destination's subtotal.
        public var entry: String
        public var label: String
        public var licences: Int
        public var licensedValue: Int64
        public var actualExports: Int64
        public var refusals: Int
        public var criteria: [String]
    }

    public var year: Int
    public var filter: ReportFilter
    public var currency: String
    /// Per destination: its entries, then its subtotal row (`entry == "all"`).
    public var rows: [Row]
    public var totals: Row

    public static func build(licences: [LicenceRow], exports: [ExportRow], denials: [DenialRecord] = [], filter: ReportFilter,
                             reference: ReferenceData = .shared) -> COARMReport {
        let years = licences.filter { filter.matches(exporter: $0.exporter, destination: $0.destination) }.map(\.issued.year)
            + exports.filter { filter.matches(exporter: $0.exporter, destination: $0.destination) }.map(\.year)
        let year = filter.year ?? years.max() ?? 0
        struct Key: Hashable { var destination: String; var entry: String }
        struct Cell { var licences = 0; var value: Int64 = 0; var actual: Int64 = 0; var refusals = 0; var criteria: Set<String> = [] }
        var cells: [Key: Cell] = [:]
        var currencies: [String: Int] = [:]
        var useECL = filter.exporter == "CA"
        for licence in licences where licence.issued.year == year && filter.matches(exporter: licence.exporter, destination: licence.destination) {
            useECL = useECL || (filter.exporter == nil && licence.exporter == "CA")
            currencies[licence.currency ?? "", default: 0] += 1
            for (i, entry) in licence.entries.enumerated() {
                var cell = cells[Key(destination: licence.destination, entry: entry)] ?? Cell()
                cell.licences += 1
                if i == 0 { cell.value += licence.valueMinor ?? 0 }
                cells[Key(destination: licence.destination, entry: entry)] = cell
            }
        }
        for row in exports where row.year == year && row.basis == "actual" && filter.matches(exporter: row.exporter, destination: row.destination) {
            useECL = useECL || (filter.exporter == nil && row.exporter == "CA")
            currencies[row.currency ?? "", default: 0] += 1
            cells[Key(destination: row.destination, entry: row.entry), default: Cell()].actual += row.valueMinor ?? 0
        }
        for denial in denials where denial.date.year == year && filter.matches(exporter: denial.exporter, destination: denial.destination) {
            for entry in denial.entries.isEmpty ? ["unspecified"] : denial.entries {
                var cell = cells[Key(destination: denial.destination, entry: entry)] ?? Cell()
                cell.refusals += 1
                cell.criteria.formUnion(denial.criteria)
                cells[Key(destination: denial.destination, entry: entry)] = cell
            }
        }
        let currency = currencies.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""
        func number(_ entry: String) -> Int { Int(entry.dropFirst(2)) ?? 99 }
        var rows: [Row] = []
        var grand = Row(destination: "", destinationName: "Total", entry: "all", label: "All", licences: 0, licensedValue: 0,
                        actualExports: 0, refusals: 0, criteria: [])
        var grandCriteria = Set<String>()
        let byDestination = Dictionary(grouping: cells.keys, by: \.destination)
        let ordered = byDestination.keys.sorted { (reference.country($0)?.name ?? $0) < (reference.country($1)?.name ?? $1) }
        for destination in ordered {
            let name = reference.country(destination)?.name ?? destination
            var subtotal = Row(destination: destination, destinationName: name, entry: "all", label: "All", licences: 0,
                               licensedValue: 0, actualExports: 0, refusals: 0, criteria: [])
            var criteria = Set<String>()
            for key in byDestination[destination]!.sorted(by: { number($0.entry) < number($1.entry) }) {
                let cell = cells[key]!
                let label = useECL ? (reference.controlEntry(key.entry)?.ecl ?? key.entry) : key.entry
                rows.append(Row(destination: destination, destinationName: name, entry: key.entry, label: label,
                                licences: cell.licences, licensedValue: cell.value, actualExports: cell.actual,
                                refusals: cell.refusals, criteria: cell.criteria.sorted()))
                subtotal.licences += cell.licences
                subtotal.licensedValue += cell.value
                subtotal.actualExports += cell.actual
                subtotal.refusals += cell.refusals
                criteria.formUnion(cell.criteria)
            }
            subtotal.criteria = criteria.sorted()
            rows.append(subtotal)
            grand.licences += subtotal.licences
            grand.licensedValue += subtotal.licensedValue
            grand.actualExports += subtotal.actualExports
            grand.refusals += subtotal.refusals
            grandCriteria.formUnion(criteria)
        }
        grand.criteria = grandCriteria.sorted()
        return COARMReport(year: year, filter: filter, currency: currency, rows: rows, totals: grand)
    }

    public func document() -> ReportDocument {
        let money = currency.isEmpty ? "" : " (\(currency))"
        let columns: [ReportTable.Column] = [
            .init("destination", "Destination"), .init("code", "Code"), .init("entry", "Item"),
            .init("licences_issued", "(a) Licences issued", numeric: true), .init("licensed_value", "(b) Licensed value\(money)", numeric: true),
            .init("actual_exports", "(c) Actual exports\(money)", numeric: true), .init("refusals", "Refusals", numeric: true),
            .init("criteria", "Criteria cited"),
        ]
        func cells(_ row: Row) -> [String] {
            [row.destinationName, row.destination, row.entry == "all" ? "Subtotal" : row.label, String(row.licences),
             Money.decimal(row.licensedValue), Money.decimal(row.actualExports), String(row.refusals), row.criteria.joined(separator: "; ")]
        }
        var scope = ["Year: \(year)"]
        if let e = filter.exporter { scope.append("Exporter: \(e)") }
        if let d = filter.destination { scope.append("Destination: \(d)") }
        let table = ReportTable(
            id: "matrix", title: "Licences, exports and refusals in \(year) by destination and item", columns: columns,
            rows: rows.map(cells),
            totals: ["Total", "", "", String(totals.licences), Money.decimal(totals.licensedValue), Money.decimal(totals.actualExports),
                     String(totals.refusals), totals.criteria.joined(separator: "; ")],
            notes: ["Each destination ends with its subtotal row; the totals row sums the subtotals.",
                    "A licence for several items counts under each; its value is under its first item."])
        return ReportDocument(kind: "coarm", title: "COARM-style matrix \(year)", scope: scope, tables: [table],
                              notes: ["Refusals come from denial records given to the report; Oversight records none yet, so without them the column is 0."])
    }
}
