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
        /// The provisions cited, as cited.
        public var criteria: [String]
        /// Where the row's licences, exports and refusals came from (`register`, `evidence`, a dataset's name).
        public var origins: [String]
    }

    public var year: Int
    public var filter: ReportFilter
    public var currency: String
    /// Per destination: its entries, then its subtotal row (`entry == "all"`).
    public var rows: [Row]
    public var totals: Row
    /// Refusals per destination by EU criterion; the last row (`destination == ""`) is the total.
    public var criteria: [CriterionRow]
    public var notes: [String]

    /// A destination's refusals by EU criterion, as the EU annual report counts them: each refusal once, under each
    /// criterion it cites.
    public struct CriterionRow: Sendable, Hashable, Codable {
        public var destination: String
        public var destinationName: String
        public var refusals: Int
        /// Index 0 … 7 for Criteria 1 … 8.
        public var byCriterion: [Int]
        /// Refusals citing no EU criterion (EIPA, ATT Art. 7 …).
        public var otherGrounds: Int
    }

    public static func build(licences: [LicenceRow], exports: [ExportRow], denials: [DenialRecord] = [], leftOut: ReportRows? = nil,
                             filter: ReportFilter, reference: ReferenceData = .shared) -> COARMReport {
        let years = licences.filter { filter.matches(exporter: $0.exporter, destination: $0.destination) }.map(\.issued.year)
            + exports.filter { filter.matches(exporter: $0.exporter, destination: $0.destination) }.map(\.year)
        let year = filter.year ?? years.max() ?? 0
        struct Key: Hashable { var destination: String; var entry: String }
        struct Cell {
            var licences = 0; var value: Int64 = 0; var actual: Int64 = 0; var refusals = 0; var criteria: Set<String> = []
            var origins: Set<String> = []
        }
        var cells: [Key: Cell] = [:]
        var currencies: [String: Int] = [:]
        var useECL = filter.exporter == "CA"
        for licence in licences where licence.issued.year == year && filter.matches(exporter: licence.exporter, destination: licence.destination) {
            useECL = useECL || (filter.exporter == nil && licence.exporter == "CA")
            currencies[licence.currency ?? "", default: 0] += 1
            for (i, entry) in licence.entries.enumerated() {
                var cell = cells[Key(destination: licence.destination, entry: entry)] ?? Cell()
                cell.licences += 1
                cell.origins.insert(licence.origin)
                if i == 0 { cell.value += licence.valueMinor ?? 0 }
                cells[Key(destination: licence.destination, entry: entry)] = cell
            }
        }
        for row in exports where row.year == year && row.basis == "actual" && filter.matches(exporter: row.exporter, destination: row.destination) {
            useECL = useECL || (filter.exporter == nil && row.exporter == "CA")
            currencies[row.currency ?? "", default: 0] += 1
            cells[Key(destination: row.destination, entry: row.entry), default: Cell()].actual += row.valueMinor ?? 0
            cells[Key(destination: row.destination, entry: row.entry)]!.origins.insert(row.origin)
        }
        for denial in denials where denial.date.year == year && filter.matches(exporter: denial.exporter, destination: denial.destination) {
            for entry in denial.entries.isEmpty ? ["unspecified"] : denial.entries {
                var cell = cells[Key(destination: denial.destination, entry: entry)] ?? Cell()
                cell.refusals += 1
                cell.criteria.formUnion(denial.criteria)
                cell.origins.insert(denial.origin)
                cells[Key(destination: denial.destination, entry: entry)] = cell
            }
        }
        let currency = currencies.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""
        func number(_ entry: String) -> Int { Int(entry.dropFirst(2)) ?? 99 }
        var rows: [Row] = []
        var grand = Row(destination: "", destinationName: "Total", entry: "all", label: "All", licences: 0, licensedValue: 0,
                        actualExports: 0, refusals: 0, criteria: [], origins: [])
        var grandOrigins = Set<String>()
        var grandCriteria = Set<String>()
        let byDestination = Dictionary(grouping: cells.keys, by: \.destination)
        let ordered = byDestination.keys.sorted { (reference.country($0)?.name ?? $0) < (reference.country($1)?.name ?? $1) }
        for destination in ordered {
            let name = reference.country(destination)?.name ?? destination
            var subtotal = Row(destination: destination, destinationName: name, entry: "all", label: "All", licences: 0,
                               licensedValue: 0, actualExports: 0, refusals: 0, criteria: [], origins: [])
            var criteria = Set<String>()
            var origins = Set<String>()
            for key in byDestination[destination]!.sorted(by: { number($0.entry) < number($1.entry) }) {
                let cell = cells[key]!
                let label = useECL ? (reference.controlEntry(key.entry)?.ecl ?? key.entry) : key.entry
                rows.append(Row(destination: destination, destinationName: name, entry: key.entry, label: label,
                                licences: cell.licences, licensedValue: cell.value, actualExports: cell.actual,
                                refusals: cell.refusals, criteria: cell.criteria.sorted(), origins: cell.origins.sorted()))
                origins.formUnion(cell.origins)
                subtotal.licences += cell.licences
                subtotal.licensedValue += cell.value
                subtotal.actualExports += cell.actual
                subtotal.refusals += cell.refusals
                criteria.formUnion(cell.criteria)
            }
            subtotal.criteria = criteria.sorted()
            subtotal.origins = origins.sorted()
            grandOrigins.formUnion(origins)
            rows.append(subtotal)
            grand.licences += subtotal.licences
            grand.licensedValue += subtotal.licensedValue
            grand.actualExports += subtotal.actualExports
            grand.refusals += subtotal.refusals
            grandCriteria.formUnion(criteria)
        }
        grand.criteria = grandCriteria.sorted()
        grand.origins = grandOrigins.sorted()
        var notes = leftOut?.leftOutNotes(year: year, filter: filter) ?? []
        if denials.isEmpty { notes.append("No denial records: the permit register holds no refused application and none were given, so the refusals column counts none.") }
        var perDestination: [String: CriterionRow] = [:]
        var total = CriterionRow(destination: "", destinationName: "Total", refusals: 0, byCriterion: Array(repeating: 0, count: 8), otherGrounds: 0)
        for denial in denials where denial.date.year == year && filter.matches(exporter: denial.exporter, destination: denial.destination) {
            var row = perDestination[denial.destination] ?? CriterionRow(
                destination: denial.destination, destinationName: reference.country(denial.destination)?.name ?? denial.destination,
                refusals: 0, byCriterion: Array(repeating: 0, count: 8), otherGrounds: 0)
            let numbers = Set(denial.criteria.compactMap(RefusalCriterion.euNumber))
            row.refusals += 1
            total.refusals += 1
            for n in numbers {
                row.byCriterion[n - 1] += 1
                total.byCriterion[n - 1] += 1
            }
            if numbers.isEmpty {
                row.otherGrounds += 1
                total.otherGrounds += 1
            }
            perDestination[denial.destination] = row
        }
        let criteria = perDestination.values.sorted { ($0.destinationName, $0.destination) < ($1.destinationName, $1.destination) } + [total]
        return COARMReport(year: year, filter: filter, currency: currency, rows: rows, totals: grand, criteria: criteria, notes: notes)
    }

    public func document() -> ReportDocument {
        let money = currency.isEmpty ? "" : " (\(currency))"
        let columns: [ReportTable.Column] = [
            .init("destination", "Destination"), .init("code", "Code"), .init("entry", "Item"),
            .init("licences_issued", "(a) Licences issued", numeric: true), .init("licensed_value", "(b) Licensed value\(money)", numeric: true),
            .init("actual_exports", "(c) Actual exports\(money)", numeric: true), .init("refusals", "Refusals", numeric: true),
            .init("criteria", "Criteria cited"), .init("origin", "Origin"),
        ]
        func cells(_ row: Row) -> [String] {
            [row.destinationName, row.destination, row.entry == "all" ? "Subtotal" : row.label, String(row.licences),
             Money.decimal(row.licensedValue), Money.decimal(row.actualExports), String(row.refusals), row.criteria.joined(separator: "; "),
             row.origins.joined(separator: ", ")]
        }
        var scope = ["Year: \(year)"]
        if let e = filter.exporter { scope.append("Exporter: \(e)") }
        if let d = filter.destination { scope.append("Destination: \(d)") }
        let table = ReportTable(
            id: "matrix", title: "Licences, exports and refusals in \(year) by destination and item", columns: columns,
            rows: rows.map(cells),
            totals: ["Total", "", "", String(totals.licences), Money.decimal(totals.licensedValue), Money.decimal(totals.actualExports),
                     String(totals.refusals), totals.criteria.joined(separator: "; "), totals.origins.joined(separator: ", ")],
            notes: ["Each destination ends with its subtotal row; the totals row sums the subtotals.",
                    "A licence for several items counts under each; its value is under its first item."])
        let perDestination = criteria.filter { !$0.destination.isEmpty }
        let criteriaTotal = criteria.last
        var criterionColumns: [ReportTable.Column] = [.init("destination", "Destination"), .init("code", "Code"),
                                                       .init("refusals", "Refusals", numeric: true)]
        criterionColumns += (1...8).map { .init("criterion_\($0)", "Criterion \($0)", numeric: true) }
        criterionColumns.append(.init("other", "Other grounds", numeric: true))
        let byCriterion = ReportTable(
            id: "criteria", title: "Refusals in \(year) by EU criterion", columns: criterionColumns,
            rows: perDestination.map { row in [row.destinationName, row.destination, String(row.refusals)] + row.byCriterion.map(String.init) + [String(row.otherGrounds)] },
            totals: criteriaTotal.map { ["Total", "", String($0.refusals)] + $0.byCriterion.map(String.init) + [String($0.otherGrounds)] },
            notes: ["As the EU annual report counts them: each refused application once, under each criterion it cites (the matrix above counts a refusal under each of its items). ATT Art. 6 prohibitions count under Criterion 1 (international obligations); provisions outside the EU numbering (EIPA, ATT Art. 7) count as other grounds."])
        return ReportDocument(kind: "coarm", title: "COARM-style matrix \(year)", scope: scope, tables: [table, byCriterion],
                              notes: notes + ["Refusals are the permit register's refused applications, with the grounds of the assessment each relied on, and any denial records given to the report."])
    }
}
