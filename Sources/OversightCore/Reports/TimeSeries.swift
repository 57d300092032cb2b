/// Values per year for a few named series (a destination's exports, a recipient's deliveries), for charts.
public struct TimeSeries: Sendable, Hashable, Codable {
    public struct Series: Sendable, Hashable, Codable {
        public var name: String
        /// One value per year of `years` (0 where there was nothing).
        public var values: [Int64]

        public init(name: String, values: [Int64]) {
            self.name = name
            self.values = values
        }
    }

    public var years: [Int]
    public var series: [Series]
    /// `CAD`, `TIV (millions)`…
    public var unit: String
    /// Values are in hundredths (money) or thousandths (TIV) of the unit.
    public var scale: Int64

    public init(years: [Int], series: [Series], unit: String, scale: Int64) {
        self.years = years
        self.series = series
        self.unit = unit
        self.scale = scale
    }

    /// Exports per year of the destinations with the largest totals in `year` (at most `limit`), over every year
    /// of the rows, in the report's currency.
    public static func exports(rows: [ExportRow], report: AnnualExportsReport, limit: Int = 5) -> TimeSeries {
        let chosen = report.topDestinations.prefix(limit).map(\.code)
        let wanted = Set(chosen)
        var byDestination: [String: [Int: Int64]] = [:]
        var years = Set<Int>()
        for row in rows where wanted.contains(row.destination) && row.basis == "actual" && (row.currency ?? "") == report.currency
            && report.filter.matches(exporter: row.exporter, destination: row.destination) {
            byDestination[row.destination, default: [:]][row.year, default: 0] += row.valueMinor ?? 0
            years.insert(row.year)
        }
        let sortedYears = years.sorted()
        let names = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.code, $0.name) })
        return TimeSeries(years: sortedYears, series: chosen.map { code in
            Series(name: names[code] ?? code, values: sortedYears.map { byDestination[code]?[$0] ?? 0 })
        }, unit: report.currency, scale: 100)
    }

    /// TIV delivered per year to the recipients with the most TIV (at most `limit`).
    public static func transfers(_ report: TransfersReport, limit: Int = 5) -> TimeSeries {
        var totals: [String: Int64] = [:]
        for row in report.rows { totals[row.recipient, default: 0] += row.tivMilli }
        let chosen = totals.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit).map(\.key)
        let years = Array(Set(report.rows.map(\.year))).sorted()
        var values: [String: [Int: Int64]] = [:]
        for row in report.rows { values[row.recipient, default: [:]][row.year, default: 0] += row.tivMilli }
        return TimeSeries(years: years, series: chosen.map { name in Series(name: name, values: years.map { values[name]?[$0] ?? 0 }) },
                          unit: "TIV (millions)", scale: 1000)
    }
}
