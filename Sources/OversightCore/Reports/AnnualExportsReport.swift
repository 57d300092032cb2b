/// The annual report of exports by destination and control-list item (Canada's Annex G style): the matrix
/// with row and column totals, totals by region, the top destinations, permits utilised, denials, and the
/// change from the year before. Values, not HTML: the web and the CLI render `document()`.
public struct AnnualExportsReport: Sendable, Hashable, Codable {
    public struct DestinationRow: Sendable, Hashable, Codable {
        public var code: String
        public var name: String
        public var region: String
        /// Per item of `items`, in minor units; nil where nothing was exported.
        public var values: [Int64?]
        public var total: Int64
        /// Sum of the permits utilised the rows give; nil when none of them gives a number.
        public var permitsUtilised: Int?
        public var denials: Int
        /// The destination's total the year before; nil when there were no rows then.
        public var previousTotal: Int64?
        /// Where the summed rows and the denials came from (`register`, `evidence`, a dataset's name).
        public var origins: [String]
    }

    public struct RegionTotal: Sendable, Hashable, Codable {
        public var region: String
        public var destinations: Int
        public var total: Int64
        public var permitsUtilised: Int
        public var denials: Int
    }

    public var year: Int
    public var filter: ReportFilter
    public var currency: String
    /// Canonical entries (`ML10`) of the columns, in list order.
    public var items: [String]
    /// How the columns are labelled: ECL items (`2-10`) for Canada, ML entries otherwise.
    public var itemLabels: [String]
    /// By total, largest first, then by name.
    public var rows: [DestinationRow]
    public var itemTotals: [Int64]
    public var total: Int64
    public var permitsUtilised: Int
    public var denials: Int
    public var previousTotal: Int64
    public var regions: [RegionTotal]
    /// At most `topCount` destinations by value.
    public var topDestinations: [DestinationRow]
    /// Rows in the year that were left out, and why.
    public var notes: [String]
    /// The year's denials (Canada's permit-denials table), by date.
    public var denialList: [DenialRecord]
    /// The year's suspensions, reinstatements, revocations and expiries of permits, by date.
    public var permitActions: [PermitActionRow]
    /// Permits issued in the year, by destination and item.
    public var permitsIssued: [PermitsIssued]

    /// The permits issued to one destination for one item in the year: how many and their value (a permit for
    /// several items counts under each; its value under its first item, as in the COARM matrix).
    public struct PermitsIssued: Sendable, Hashable, Codable {
        public var destination: String
        public var name: String
        public var entry: String
        public var permits: Int
        public var valueMinor: Int64
        public var currency: String
        public var origins: [String]
    }

    public static let topCount = 10

    /// Builds the report for `filter.year` (the latest year of the rows when nil). Rows are those of the
    /// exporter and destination of the filter; only `actual` rows in the report's currency are summed (the most
    /// common currency of the year's rows when several are present; the others are counted in the notes).
    public static func build(rows: [ExportRow], denials: [DenialRecord] = [], permitActions: [PermitActionRow] = [],
                             licences: [LicenceRow] = [], leftOut: ReportRows? = nil, filter: ReportFilter,
                             reference: ReferenceData = .shared) -> AnnualExportsReport {
        let year = filter.year ?? rows.lazy.filter { filter.matches(exporter: $0.exporter, destination: $0.destination) }.map(\.year).max() ?? 0
        let previousYear = year - 1

        // One pass: pick the rows of the two years, count currencies.
        var currencyCounts: [String: Int] = [:]
        var selected: [Int] = []
        var previous: [Int] = []
        selected.reserveCapacity(rows.count / 8)
        for (i, row) in rows.enumerated() where row.year == year || row.year == previousYear {
            guard filter.matches(exporter: row.exporter, destination: row.destination) else { continue }
            if row.year == year {
                selected.append(i)
                currencyCounts[row.currency ?? "", default: 0] += 1
            } else {
                previous.append(i)
            }
        }
        let currency = currencyCounts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""

        var notes: [String] = []
        var otherCurrency = 0, notActual = 0, noValue = 0
        // Destination and item positions, so the inner loop adds integers into a flat array.
        var destinationIndex: [String: Int] = [:]
        var destinations: [String] = []
        var itemPresent = Array(repeating: false, count: ControlEntry.numbers.upperBound + 1)
        struct Cell { var value: Int64; var present: Bool }
        var cells: [Cell] = []
        var permits: [Int?] = []
        var origins: [Set<String>] = []
        let width = ControlEntry.numbers.upperBound + 1
        for i in selected {
            let row = rows[i]
            guard (row.currency ?? "") == currency else { otherCurrency += 1; continue }
            guard row.basis == "actual" else { notActual += 1; continue }
            guard let number = Int(row.entry.dropFirst(2)), ControlEntry.numbers.contains(number) else { continue }
            let d: Int
            if let known = destinationIndex[row.destination] {
                d = known
            } else {
                d = destinations.count
                destinationIndex[row.destination] = d
                destinations.append(row.destination)
                cells.append(contentsOf: repeatElement(Cell(value: 0, present: false), count: width))
                permits.append(nil)
                origins.append([])
            }
            origins[d].insert(row.origin)
            if row.valueMinor == nil { noValue += 1 }
            cells[d * width + number].value += row.valueMinor ?? 0
            cells[d * width + number].present = true
            itemPresent[number] = true
            if let p = row.permitsUtilised { permits[d] = (permits[d] ?? 0) + p }
        }
        var previousTotals: [String: Int64] = [:]
        for i in previous {
            let row = rows[i]
            guard (row.currency ?? "") == currency, row.basis == "actual" else { continue }
            previousTotals[row.destination, default: 0] += row.valueMinor ?? 0
        }
        var denialCounts: [String: Int] = [:]
        var denialOrigins: [String: Set<String>] = [:]
        let denialList = denials.filter { $0.date.year == year && filter.matches(exporter: $0.exporter, destination: $0.destination) }
            .sorted { ($0.date, $0.destination, $0.id) < ($1.date, $1.destination, $1.id) }
        for denial in denialList {
            denialCounts[denial.destination, default: 0] += 1
            denialOrigins[denial.destination, default: []].insert(denial.origin)
        }
        // Destinations with denials but no exports still get a row.
        for destination in denialCounts.keys.sorted() where destinationIndex[destination] == nil {
            destinationIndex[destination] = destinations.count
            destinations.append(destination)
            cells.append(contentsOf: repeatElement(Cell(value: 0, present: false), count: width))
            permits.append(nil)
            origins.append([])
        }
        for (destination, set) in denialOrigins { origins[destinationIndex[destination]!].formUnion(set) }
        let actions = permitActions.filter { $0.date.year == year && filter.matches(exporter: $0.exporter, destination: $0.destination) }
        struct IssuedKey: Hashable { var destination: String; var entry: String; var currency: String }
        var issued: [IssuedKey: PermitsIssued] = [:]
        for licence in licences where licence.issued.year == year && filter.matches(exporter: licence.exporter, destination: licence.destination) {
            for (i, entry) in (licence.entries.isEmpty ? ["unspecified"] : licence.entries).enumerated() {
                let key = IssuedKey(destination: licence.destination, entry: entry, currency: licence.currency ?? "")
                var row = issued[key] ?? PermitsIssued(destination: key.destination, name: reference.country(key.destination)?.name ?? key.destination,
                                                       entry: entry, permits: 0, valueMinor: 0, currency: key.currency, origins: [])
                row.permits += 1
                if i == 0 { row.valueMinor += licence.valueMinor ?? 0 }
                if !row.origins.contains(licence.origin) { row.origins = (row.origins + [licence.origin]).sorted() }
                issued[key] = row
            }
        }
        let permitsIssued = issued.values.sorted {
            ($0.name, $0.destination, Int($0.entry.dropFirst(2)) ?? 99, $0.currency) < ($1.name, $1.destination, Int($1.entry.dropFirst(2)) ?? 99, $1.currency)
        }

        let numbers = ControlEntry.numbers.filter { itemPresent[$0] }
        let items = numbers.map { "ML\($0)" }
        let useECL = filter.exporter == "CA" || (filter.exporter == nil && selected.allSatisfy { rows[$0].exporter == "CA" } && !selected.isEmpty)
        let labels = items.map { useECL ? (reference.controlEntry($0)?.ecl ?? $0) : $0 }

        var tableRows: [DestinationRow] = []
        tableRows.reserveCapacity(destinations.count)
        var itemTotals = Array(repeating: Int64(0), count: numbers.count)
        for (d, code) in destinations.enumerated() {
            let country = reference.country(code)
            var values: [Int64?] = []
            var total: Int64 = 0
            for (column, number) in numbers.enumerated() {
                let cell = cells[d * width + number]
                values.append(cell.present ? cell.value : nil)
                total += cell.value
                itemTotals[column] += cell.value
            }
            tableRows.append(DestinationRow(code: code, name: country?.name ?? code, region: country?.region ?? "Unknown",
                                            values: values, total: total, permitsUtilised: permits[d],
                                            denials: denialCounts[code] ?? 0, previousTotal: previousTotals[code],
                                            origins: origins[d].sorted()))
        }
        tableRows.sort { ($1.total, $0.name, $0.code) < ($0.total, $1.name, $1.code) }

        var regions: [String: RegionTotal] = [:]
        for row in tableRows {
            var r = regions[row.region] ?? RegionTotal(region: row.region, destinations: 0, total: 0, permitsUtilised: 0, denials: 0)
            r.destinations += 1
            r.total += row.total
            r.permitsUtilised += row.permitsUtilised ?? 0
            r.denials += row.denials
            regions[row.region] = r
        }

        if otherCurrency > 0 { notes.append("\(otherCurrency) row(s) of \(year) in another currency than \(currency) are not summed.") }
        if notActual > 0 { notes.append("\(notActual) row(s) of \(year) give authorised rather than actual values and are not summed.") }
        if noValue > 0 { notes.append("\(noValue) row(s) of \(year) give no value; they count as 0.") }
        if denials.isEmpty { notes.append("No denial records: the permit register holds no refused application and none were given, so the denials column counts none.") }
        if let leftOut { notes += leftOut.leftOutNotes(year: year, filter: filter) }

        return AnnualExportsReport(
            year: year, filter: filter, currency: currency, items: items, itemLabels: labels, rows: tableRows,
            itemTotals: itemTotals, total: itemTotals.reduce(0, +),
            permitsUtilised: tableRows.reduce(0) { $0 + ($1.permitsUtilised ?? 0) },
            denials: tableRows.reduce(0) { $0 + $1.denials },
            previousTotal: previousTotals.values.reduce(0, +),
            regions: regions.values.sorted { ($1.total, $0.region) < ($0.total, $1.region) },
            topDestinations: Array(tableRows.filter { $0.total > 0 }.prefix(topCount)), notes: notes,
            denialList: denialList, permitActions: actions, permitsIssued: permitsIssued)
    }

    /// The report's tables: `matrix` (destination × item with totals), `regions`, `top`.
    public func document() -> ReportDocument {
        let money = currency.isEmpty ? "" : " (\(currency))"
        var columns: [ReportTable.Column] = [.init("destination", "Destination"), .init("code", "Code"), .init("region", "Region")]
        for (item, label) in zip(items, itemLabels) { columns.append(.init(item, label, numeric: true)) }
        columns += [.init("total", "Total\(money)", numeric: true), .init("permits_utilised", "Permits utilised", numeric: true),
                    .init("denials", "Denials", numeric: true), .init("previous_total", "\(year - 1)\(money)", numeric: true),
                    .init("change_percent", "Change %", numeric: true), .init("origin", "Origin")]
        let matrixRows = rows.map { row -> [String] in
            var cells = [row.name, row.code, row.region]
            cells += row.values.map { $0.map(Money.decimal) ?? "" }
            cells += [Money.decimal(row.total), row.permitsUtilised.map(String.init) ?? "", String(row.denials),
                      row.previousTotal.map(Money.decimal) ?? "",
                      row.previousTotal.flatMap { YearChange(previous: $0, current: row.total).percent } ?? "",
                      row.origins.joined(separator: ", ")]
            return cells
        }
        var totals = ["Total", "", ""]
        totals += itemTotals.map(Money.decimal)
        totals += [Money.decimal(total), String(permitsUtilised), String(denials), Money.decimal(previousTotal),
                   YearChange(previous: previousTotal, current: total).percent ?? "", ""]
        let matrix = ReportTable(
            id: "matrix", title: "Exports in \(year) by destination and item", columns: columns, rows: matrixRows, totals: totals,
            notes: ["Values are actual exports in \(currency.isEmpty ? "the report's currency" : currency), two decimals; an empty cell means no exports of that item.",
                    "Origin: `register` rows are the shipments recorded against this deployment's permits and its refused applications; `evidence` rows are export records imported into the evidence base (published tables)."])
        let regionTable = ReportTable(
            id: "regions", title: "Totals by region (UN M49)",
            columns: [.init("region", "Region"), .init("destinations", "Destinations", numeric: true), .init("total", "Total\(money)", numeric: true),
                      .init("permits_utilised", "Permits utilised", numeric: true), .init("denials", "Denials", numeric: true)],
            rows: regions.map { [$0.region, String($0.destinations), Money.decimal($0.total), String($0.permitsUtilised), String($0.denials)] },
            totals: ["Total", String(regions.reduce(0) { $0 + $1.destinations }), Money.decimal(total), String(permitsUtilised), String(denials)])
        let top = ReportTable(
            id: "top", title: "Top destinations",
            columns: [.init("rank", "Rank", numeric: true), .init("destination", "Destination"), .init("code", "Code"),
                      .init("total", "Total\(money)", numeric: true), .init("share_percent", "Share %", numeric: true)],
            rows: topDestinations.enumerated().map { i, row in
                [String(i + 1), row.name, row.code, Money.decimal(row.total), total == 0 ? "" : Self.percent(row.total, of: total)]
            })
        let ecl = filter.exporter == "CA" || zip(items, itemLabels).contains { $0 != $1 }
        let itemLabel: (String) -> String = { entry in ecl ? (ReferenceData.shared.controlEntry(entry)?.ecl ?? entry) : entry }
        let denialTable = ReportTable(
            id: "denials", title: "Permit applications denied in \(year)",
            columns: [.init("date", "Date"), .init("destination", "Destination"), .init("code", "Code"), .init("items", "Items"),
                      .init("grounds", "Grounds (provisions cited)"), .init("reference", "Application"), .init("origin", "Origin")],
            rows: denialList.map { d in
                [d.date.description, ReferenceData.shared.country(d.destination)?.name ?? d.destination, d.destination,
                 d.entries.map(itemLabel).joined(separator: ", "), d.criteria.joined(separator: "; "), d.id, d.origin]
            },
            totals: ["Total", "", "", "", "", "\(denialList.count) denied", ""],
            notes: ["A denial's grounds are the provisions under which the assessment it relied on refuses (each regime in force at deny or prohibited)."])
        let actionTable = ReportTable(
            id: "suspensions", title: "Permits suspended, reinstated, revoked or expired in \(year)",
            columns: [.init("date", "Date"), .init("permit", "Permit"), .init("destination", "Destination"), .init("code", "Code"),
                      .init("items", "Items"), .init("action", "Action"), .init("reason", "Reason"), .init("origin", "Origin")],
            rows: permitActions.map { a in
                [a.date.description, a.permit, ReferenceData.shared.country(a.destination)?.name ?? a.destination, a.destination,
                 a.entries.map(itemLabel).joined(separator: ", "), a.action, a.reason ?? "", a.origin]
            })
        let issuedTable = ReportTable(
            id: "permits", title: "Permits issued in \(year) by destination and item",
            columns: [.init("destination", "Destination"), .init("code", "Code"), .init("item", "Item"),
                      .init("permits", "Permits issued", numeric: true), .init("value", "Value", numeric: true), .init("currency", "Currency"),
                      .init("origin", "Origin")],
            rows: permitsIssued.map { [$0.name, $0.destination, itemLabel($0.entry), String($0.permits), Money.decimal($0.valueMinor), $0.currency,
                                       $0.origins.joined(separator: ", ")] },
            totals: Set(permitsIssued.map(\.currency)).count == 1
                ? ["Total", "", "", String(permitsIssued.reduce(0) { $0 + $1.permits }), Money.decimal(permitsIssued.reduce(0) { $0 + $1.valueMinor }),
                   permitsIssued.first?.currency ?? "", ""] : nil,
            notes: ["A permit for several items counts under each; its value is under its first item."])
        var scope = ["Year: \(year) (compared with \(year - 1))"]
        if let e = filter.exporter { scope.append("Exporter: \(e)") }
        if let d = filter.destination { scope.append("Destination: \(d)") }
        if !currency.isEmpty { scope.append("Currency: \(currency)") }
        return ReportDocument(kind: "exports", title: "Annual exports report \(year)", scope: scope,
                              tables: [matrix, regionTable, top, issuedTable, denialTable, actionTable], notes: notes)
    }

    static func percent(_ part: Int64, of whole: Int64) -> String {
        let tenths = (Double(part) / Double(whole) * 1000).rounded() / 10
        return String(tenths)
    }
}
