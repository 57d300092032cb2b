/// The exports table of the Arms Trade Treaty annual report (Art. 13(3)): by Art. 2(1) category, with the
/// final importing state, the number of items and/or the value, a description and comments.
///
/// The control list maps to ATT categories many-to-one and partially (REFERENCE.md): an entry with one
/// category is reported under it; an entry with several (ML6 → I or II) is reported under all of them joined
/// with "/", with a comment that the category of the goods is not recorded; an entry with none is not an
/// Art. 2(1) category and goes to the `outside` table for information. Small-arms and light-weapons
/// subcategories are not recorded by transparency reports, so the subcategory is left empty with a comment.
public struct ATTAnnualReport: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        /// `IV`, or `IV/V` when the entry maps to several categories.
        public var category: String
        public var categoryName: String
        public var subcategory: String?
        /// `actual` or `authorised`.
        public var basis: String
        /// ISO alpha-2 of the final importing state.
        public var importingState: String
        public var importingStateName: String
        public var number: Int?
        public var valueMinor: Int64
        public var currency: String
        /// Control entries (ECL items for Canada) summed in this row.
        public var entries: [String]
        public var description: String
        public var comments: String
    }

    public var year: Int
    public var filter: ReportFilter
    /// Rows under an Art. 2(1) category, by category then importing state.
    public var rows: [Row]
    /// Exports of entries with no Art. 2(1) category, for information.
    public var outside: [Row]
    /// Total value per currency of `rows`.
    public var totals: [String: Int64]
    public var outsideTotals: [String: Int64]

    public static func build(rows: [ExportRow], filter: ReportFilter, reference: ReferenceData = .shared) -> ATTAnnualReport {
        let year = filter.year ?? rows.lazy.filter { filter.matches(exporter: $0.exporter, destination: $0.destination) }.map(\.year).max() ?? 0
        struct Key: Hashable { var category: String; var basis: String; var destination: String; var currency: String }
        var groups: [Key: (value: Int64, entries: Set<String>, descriptions: [String], exporterCA: Bool, origins: Set<String>)] = [:]
        let categoryNames = Dictionary(uniqueKeysWithValues: reference.attCategories.map { ($0.code, $0.name) })
        var categoryOf: [String: String] = [:]
        for entry in reference.controlEntries { categoryOf[entry.id] = entry.attCategories.joined(separator: "/") }
        for row in rows where row.year == year && filter.matches(exporter: row.exporter, destination: row.destination) {
            let key = Key(category: categoryOf[row.entry] ?? "", basis: row.basis, destination: row.destination, currency: row.currency ?? "")
            var group = groups[key] ?? (0, [], [], false, [])
            group.origins.insert(row.origin)
            group.value += row.valueMinor ?? 0
            if !group.entries.contains(row.entry) { group.entries.insert(row.entry) }
            if let d = row.description, !d.isEmpty { group.descriptions.append(d) }
            group.exporterCA = group.exporterCA || row.exporter == "CA"
            groups[key] = group
        }
        var reported: [Row] = [], outside: [Row] = []
        for (key, group) in groups {
            let entries = group.entries.sorted { (Int($0.dropFirst(2)) ?? 0) < (Int($1.dropFirst(2)) ?? 0) }
            let labels = entries.map { group.exporterCA ? (reference.controlEntry($0)?.ecl ?? $0) : $0 }
            var comments: [String] = []
            let codes = key.category.split(separator: "/").map(String.init)
            if codes.count > 1 {
                comments.append("\(labels.joined(separator: ", ")) may fall under categories \(codes.joined(separator: " or ")); the category of the goods is not recorded")
            }
            if codes.contains("VIII") { comments.append("SALW subcategory not recorded") }
            if key.category.isEmpty { comments.append("not an ATT Art. 2(1) category; listed for information") }
            comments.append("origin: \(group.origins.sorted().joined(separator: ", "))")
            let country = reference.country(key.destination)
            let row = Row(category: key.category.isEmpty ? "-" : key.category,
                          categoryName: codes.compactMap { categoryNames[$0] }.joined(separator: " or "),
                          subcategory: nil, basis: key.basis, importingState: key.destination,
                          importingStateName: country?.name ?? key.destination, number: nil, valueMinor: group.value,
                          currency: key.currency, entries: labels,
                          description: "Items of \(labels.joined(separator: ", "))",
                          comments: comments.joined(separator: "; "))
            if key.category.isEmpty { outside.append(row) } else { reported.append(row) }
        }
        let order = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
        func rank(_ category: String) -> Int { order.firstIndex(of: String(category.split(separator: "/").first ?? "")) ?? order.count }
        let sort: (Row, Row) -> Bool = {
            (rank($0.category), $0.category, $0.importingStateName, $0.basis, $0.currency)
                < (rank($1.category), $1.category, $1.importingStateName, $1.basis, $1.currency)
        }
        reported.sort(by: sort)
        outside.sort { ($0.importingStateName, $0.entries.joined(), $0.basis) < ($1.importingStateName, $1.entries.joined(), $1.basis) }
        func totals(_ rows: [Row]) -> [String: Int64] { rows.reduce(into: [:]) { $0[$1.currency, default: 0] += $1.valueMinor } }
        return ATTAnnualReport(year: year, filter: filter, rows: reported, outside: outside, totals: totals(reported),
                               outsideTotals: totals(outside))
    }

    static let columns: [ReportTable.Column] = [
        .init("category", "Category"), .init("category_name", "Category name"), .init("subcategory", "Subcategory"),
        .init("authorised_or_actual", "Authorised or actual"), .init("final_importing_state", "Final importing state"),
        .init("importing_state_code", "Code"), .init("number_of_items", "Number of items", numeric: true),
        .init("value", "Value", numeric: true), .init("currency", "Currency"), .init("description", "Description"),
        .init("comments", "Comments"),
    ]

    static func cells(_ row: Row) -> [String] {
        [row.category, row.categoryName, row.subcategory ?? "", row.basis, row.importingStateName, row.importingState,
         row.number.map(String.init) ?? "", Money.decimal(row.valueMinor), row.currency, row.description, row.comments]
    }

    static func totalsRow(_ totals: [String: Int64]) -> [String]? {
        // One totals row when the table has one currency; with several a single sum would mean nothing.
        guard totals.count == 1, let (currency, value) = totals.first else { return nil }
        return ["Total", "", "", "", "", "", "", Money.decimal(value), currency, "", ""]
    }

    public func document() -> ReportDocument {
        var scope = ["Reporting year: \(year)"]
        if let e = filter.exporter { scope.append("Exporting state: \(e)") }
        if let d = filter.destination { scope.append("Importing state: \(d)") }
        let table = ReportTable(
            id: "exports", title: "ATT annual report \(year): exports by Art. 2(1) category", columns: Self.columns,
            rows: rows.map(Self.cells), totals: Self.totalsRow(totals),
            notes: ["Number of items is not published in the source tables and is left empty; values are summed by category, basis and importing state."])
        let other = ReportTable(
            id: "outside", title: "Exports outside the Art. 2(1) categories (for information)", columns: Self.columns,
            rows: outside.map(Self.cells), totals: Self.totalsRow(outsideTotals))
        return ReportDocument(kind: "att", title: "ATT annual report (Art. 13) \(year)", scope: scope, tables: [table, other])
    }
}
