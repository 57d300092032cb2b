import Foundation

/// One delivery year of a deal in the SIPRI Arms Transfers Database: who supplied what to whom, and its
/// volume in SIPRI trend-indicator values (TIV, millions). SIPRI's data are a cross-reference, not evidence
/// claims of Oversight, so they are kept apart from the evidence base.
public struct ArmsTransfer: Sendable, Hashable, Codable {
    /// SIPRI's deal id (2026 layout), or `row-N` for the N-th deal of an older-layout file.
    public var dealID: String
    public var supplier: String
    /// ISO alpha-2, or a former state's ISO 3166-3 code (`SUHH`); nil for non-state and unmapped names.
    public var supplierCode: String?
    public var recipient: String
    public var recipientCode: String?
    public var designation: String
    public var description: String
    /// SIPRI armament category (`Aircraft`, `Armoured vehicles`…).
    public var category: String
    /// The category was inferred from the description (the older layout has no category column).
    public var categoryInferred: Bool
    public var orderYear: Int?
    public var orderYearEstimated: Bool
    /// Nil when nothing has been delivered yet.
    public var deliveryYear: Int?
    public var deliveryYearEstimated: Bool
    public var numberDelivered: Int?
    public var numberEstimated: Bool
    /// TIV delivered in this year, in thousandths of a million TIV (so sums are exact).
    public var tivMilli: Int64?
    /// The older layout gives a deal's deliveries only in total over its delivery years; this row holds an even
    /// share of them.
    public var apportioned: Bool
    public var status: String?
    public var comments: String?

    public init(dealID: String, supplier: String, supplierCode: String?, recipient: String, recipientCode: String?,
                designation: String, description: String, category: String, categoryInferred: Bool = false,
                orderYear: Int?, orderYearEstimated: Bool = false, deliveryYear: Int?, deliveryYearEstimated: Bool = false,
                numberDelivered: Int?, numberEstimated: Bool = false, tivMilli: Int64?, apportioned: Bool = false,
                status: String? = nil, comments: String? = nil) {
        self.dealID = dealID
        self.supplier = supplier
        self.supplierCode = supplierCode
        self.recipient = recipient
        self.recipientCode = recipientCode
        self.designation = designation
        self.description = description
        self.category = category
        self.categoryInferred = categoryInferred
        self.orderYear = orderYear
        self.orderYearEstimated = orderYearEstimated
        self.deliveryYear = deliveryYear
        self.deliveryYearEstimated = deliveryYearEstimated
        self.numberDelivered = numberDelivered
        self.numberEstimated = numberEstimated
        self.tivMilli = tivMilli
        self.apportioned = apportioned
        self.status = status
        self.comments = comments
    }

    /// `8.64` for 8,640 thousandths.
    public static func tivText(_ milli: Int64) -> String {
        let sign = milli < 0 ? "-" : ""
        let m = milli.magnitude
        let fraction = String(m % 1000)
        return "\(sign)\(m / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}

/// Supplier → recipient deliveries by year and armament category, in TIV, from SIPRI.
public struct TransfersReport: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        public var supplier: String
        public var supplierCode: String?
        public var recipient: String
        public var recipientCode: String?
        public var year: Int
        public var category: String
        public var numberDelivered: Int
        public var tivMilli: Int64
        public var deals: Int
        public var estimated: Bool
    }

    public struct Filter: Sendable, Hashable, Codable {
        public var from: Int?
        public var to: Int?
        /// Supplier code or name.
        public var supplier: String?
        public var recipient: String?

        public init(from: Int? = nil, to: Int? = nil, supplier: String? = nil, recipient: String? = nil) {
            self.from = from
            self.to = to
            self.supplier = supplier
            self.recipient = recipient
        }

        func matches(_ t: ArmsTransfer) -> Bool {
            guard let year = t.deliveryYear else { return false }
            if let from, year < from { return false }
            if let to, year > to { return false }
            if let supplier, !Self.same(supplier, t.supplierCode, t.supplier) { return false }
            if let recipient, !Self.same(recipient, t.recipientCode, t.recipient) { return false }
            return true
        }

        static func same(_ wanted: String, _ code: String?, _ name: String) -> Bool {
            if let code, code.caseInsensitiveCompare(wanted) == .orderedSame { return true }
            return NameKey.fold(name) == NameKey.fold(wanted)
        }
    }

    public var filter: Filter
    /// By supplier, recipient, year, category.
    public var rows: [Row]
    public var totalTIVMilli: Int64
    public var totalNumber: Int
    /// TIV per year over the rows, oldest first.
    public var byYear: [(year: Int, tivMilli: Int64)] { Dictionary(grouping: rows, by: \.year).map { ($0.key, $0.value.reduce(0) { $0 + $1.tivMilli }) }.sorted { $0.0 < $1.0 } }

    private enum CodingKeys: String, CodingKey { case filter, rows, totalTIVMilli, totalNumber }

    public static func build(transfers: [ArmsTransfer], filter: Filter) -> TransfersReport {
        struct Key: Hashable { var supplier: String; var recipient: String; var year: Int; var category: String }
        var groups: [Key: Row] = [:]
        for t in transfers where filter.matches(t) {
            let key = Key(supplier: t.supplier, recipient: t.recipient, year: t.deliveryYear!, category: t.category)
            var row = groups[key] ?? Row(supplier: t.supplier, supplierCode: t.supplierCode, recipient: t.recipient,
                                         recipientCode: t.recipientCode, year: key.year, category: t.category,
                                         numberDelivered: 0, tivMilli: 0, deals: 0, estimated: false)
            row.numberDelivered += t.numberDelivered ?? 0
            row.tivMilli += t.tivMilli ?? 0
            row.deals += 1
            row.estimated = row.estimated || t.apportioned || t.deliveryYearEstimated || t.numberEstimated || t.categoryInferred
            groups[key] = row
        }
        let rows = groups.values.sorted { ($0.supplier, $0.recipient, $0.year, $0.category) < ($1.supplier, $1.recipient, $1.year, $1.category) }
        return TransfersReport(filter: filter, rows: rows, totalTIVMilli: rows.reduce(0) { $0 + $1.tivMilli },
                               totalNumber: rows.reduce(0) { $0 + $1.numberDelivered })
    }

    public func document() -> ReportDocument {
        let table = ReportTable(
            id: "deliveries", title: "Deliveries by supplier, recipient, year and armament category",
            columns: [.init("supplier", "Supplier"), .init("supplier_code", "Code"), .init("recipient", "Recipient"),
                      .init("recipient_code", "Code"), .init("year", "Year"), .init("category", "Armament category"),
                      .init("number_delivered", "Number delivered", numeric: true), .init("tiv", "TIV (millions)", numeric: true),
                      .init("deals", "Deals", numeric: true), .init("estimated", "Estimated")],
            rows: rows.map { [$0.supplier, $0.supplierCode ?? "", $0.recipient, $0.recipientCode ?? "", String($0.year), $0.category,
                              String($0.numberDelivered), ArmsTransfer.tivText($0.tivMilli), String($0.deals), $0.estimated ? "yes" : ""] },
            totals: ["Total", "", "", "", "", "", String(totalNumber), ArmsTransfer.tivText(totalTIVMilli), String(rows.reduce(0) { $0 + $1.deals }), ""],
            notes: ["TIV: SIPRI trend-indicator value, millions, three decimals. \"Estimated\": SIPRI marks a number or year uncertain, the category was inferred from the description, or an older-layout deal's deliveries were shared evenly over its delivery years."])
        let years = ReportTable(
            id: "years", title: "TIV by year",
            columns: [.init("year", "Year"), .init("tiv", "TIV (millions)", numeric: true)],
            rows: byYear.map { [String($0.year), ArmsTransfer.tivText($0.tivMilli)] },
            totals: ["Total", ArmsTransfer.tivText(totalTIVMilli)])
        var scope: [String] = ["Source: SIPRI Arms Transfers Database"]
        if let s = filter.supplier { scope.append("Supplier: \(s)") }
        if let r = filter.recipient { scope.append("Recipient: \(r)") }
        if filter.from != nil || filter.to != nil { scope.append("Delivery years: \(filter.from.map(String.init) ?? "…")–\(filter.to.map(String.init) ?? "…")") }
        return ReportDocument(kind: "transfers", title: "Arms transfers (SIPRI)", scope: scope, tables: [table, years])
    }
}
