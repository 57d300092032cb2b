import Foundation
import OversightCore

/// The report charts as standalone SVG documents, in the house style of `CommandChartSVG`: every style an
/// attribute (no CSS, no JavaScript), `role="img"` with a `<title>` and a `<desc>` that give the numbers in words,
/// labelled axes with units, XML-escaped text, and output that depends only on the data.
public enum ReportChartSVG {
    static let palette = ["#0b4f8a", "#d17a00", "#2e7d32", "#8a1c0b", "#6a3d9a", "#00838f", "#9e9d24", "#ad1457",
                          "#5d4037", "#455a64", "#1565c0", "#ef6c00"]
    static let ink = "#1a1a1a", muted = "#555555", grid = "#dddddd"

    /// Horizontal bars, one per destination (the `limit` largest), stacked by control-list item, with a legend.
    public static func stackedBars(_ report: AnnualExportsReport, limit: Int = 15, idPrefix: String = "exports-bars") -> String {
        let prefix = XML.idSafe(idPrefix)
        let rows = Array(report.rows.filter { $0.total > 0 }.prefix(limit))
        let unit = report.currency.isEmpty ? "value" : report.currency
        let title = "Exports in \(report.year) by destination, stacked by item (\(unit))"
        var desc = rows.map { row in
            "\(row.name): \(Money.decimal(row.total)) \(unit)" + " (" + zip(report.itemLabels, row.values).compactMap { label, v in
                v.map { "\(label) \(Money.decimal($0))" } }.joined(separator: ", ") + ")"
        }.joined(separator: "; ")
        if rows.isEmpty { desc = "No exports in \(report.year)." }
        let labelWidth = 170, left = 16 + labelWidth, plotWidth = 520, barHeight = 22, gap = 8
        let top = 48
        let legendRows = (report.items.count + 5) / 6
        let height = top + max(rows.count, 1) * (barHeight + gap) + 44 + legendRows * 20 + 16
        let width = left + plotWidth + 40
        let maxValue = max(rows.map(\.total).max() ?? 0, 1)
        let ticks = niceTicks(max: Double(maxValue) / 100)
        let scaleMax = max(ticks.last ?? 1, Double(maxValue) / 100)
        func x(_ minor: Int64) -> Double { Double(left) + Double(minor) / 100 / scaleMax * Double(plotWidth) }

        var out = header(prefix: prefix, width: width, height: height, title: title, desc: desc)
        out.append(text(title, x: 16, y: 24, size: 15, weight: "700"))
        let plotBottom = top + max(rows.count, 1) * (barHeight + gap)
        for tick in ticks {
            let tx = Double(left) + tick / scaleMax * Double(plotWidth)
            out.append(#"<line x1="\#(f(tx))" y1="\#(top - 4)" x2="\#(f(tx))" y2="\#(plotBottom)" stroke="\#(grid)" stroke-width="1"/>"#)
            out.append(text(axisLabel(tick), x: Int(tx.rounded()), y: plotBottom + 16, size: 11, fill: muted, anchor: "middle"))
        }
        out.append(text("Value (\(unit))", x: left + plotWidth / 2, y: plotBottom + 34, size: 12, fill: ink, anchor: "middle"))
        for (i, row) in rows.enumerated() {
            let y = top + i * (barHeight + gap)
            out.append(text(row.name, x: left - 8, y: y + 15, size: 12, anchor: "end"))
            var running: Int64 = 0
            for (column, value) in row.values.enumerated() {
                guard let value, value > 0 else { continue }
                let x0 = x(running), x1 = x(running + value)
                out.append(#"<rect x="\#(f(x0))" y="\#(y)" width="\#(f(max(x1 - x0, 0.5)))" height="\#(barHeight)" fill="\#(palette[column % palette.count])"><title>\#(XML.escape("\(row.name), \(report.itemLabels[column]): \(Money.decimal(value)) \(unit)"))</title></rect>"#)
                running += value
            }
            out.append(text(Money.decimal(row.total), x: Int(x(row.total).rounded()) + 4, y: y + 15, size: 11, fill: muted))
        }
        if rows.isEmpty { out.append(text("No exports in \(report.year).", x: left, y: top + 15, size: 12, fill: muted)) }
        let legendTop = plotBottom + 50
        for (i, label) in report.itemLabels.enumerated() {
            let lx = 16 + (i % 6) * 110, ly = legendTop + (i / 6) * 20
            out.append(#"<rect x="\#(lx)" y="\#(ly - 10)" width="12" height="12" fill="\#(palette[i % palette.count])"/>"#)
            out.append(text("Item \(label)", x: lx + 16, y: ly, size: 12))
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// One line per series over the years, with points, a y axis in the series' unit and a legend.
    public static func timeSeries(_ data: TimeSeries, title: String, idPrefix: String = "time-series") -> String {
        let prefix = XML.idSafe(idPrefix)
        let scale = Double(max(data.scale, 1))
        let unitText = data.unit.isEmpty ? "value" : data.unit
        func value(_ v: Int64) -> String { data.scale == 1000 ? ArmsTransfer.tivText(v) : Money.decimal(v) }
        var desc = data.series.map { s in
            "\(s.name): " + zip(data.years, s.values).map { "\($0) \(value($1))" }.joined(separator: ", ")
        }.joined(separator: "; ")
        if data.series.isEmpty || data.years.isEmpty { desc = "No data." }
        let left = 90, top = 48, plotWidth = 560, plotHeight = 240
        let legendTop = top + plotHeight + 56
        let height = legendTop + max(data.series.count, 1) * 18 + 12
        let width = left + plotWidth + 40
        let maxValue = Double(data.series.flatMap(\.values).max() ?? 0) / scale
        let ticks = niceTicks(max: max(maxValue, 0))
        let yMax = max(ticks.last ?? 1, maxValue, 1e-9)
        let years = data.years
        func x(_ i: Int) -> Double {
            years.count <= 1 ? Double(left + plotWidth / 2) : Double(left) + Double(i) / Double(years.count - 1) * Double(plotWidth)
        }
        func y(_ v: Int64) -> Double { Double(top + plotHeight) - Double(v) / scale / yMax * Double(plotHeight) }

        var out = header(prefix: prefix, width: width, height: height, title: title, desc: desc)
        out.append(text(title, x: 16, y: 24, size: 15, weight: "700"))
        for tick in ticks {
            let ty = Double(top + plotHeight) - tick / yMax * Double(plotHeight)
            out.append(#"<line x1="\#(left)" y1="\#(f(ty))" x2="\#(left + plotWidth)" y2="\#(f(ty))" stroke="\#(grid)" stroke-width="1"/>"#)
            out.append(text(axisLabel(tick), x: left - 6, y: Int(ty.rounded()) + 4, size: 11, fill: muted, anchor: "end"))
        }
        out.append(#"<line x1="\#(left)" y1="\#(top + plotHeight)" x2="\#(left + plotWidth)" y2="\#(top + plotHeight)" stroke="\#(ink)" stroke-width="1"/>"#)
        let step = max(1, years.count / 12)
        for (i, year) in years.enumerated() where i % step == 0 || i == years.count - 1 {
            out.append(text(String(year), x: Int(x(i).rounded()), y: top + plotHeight + 16, size: 11, fill: muted, anchor: "middle"))
        }
        out.append(text("Year", x: left + plotWidth / 2, y: top + plotHeight + 34, size: 12, anchor: "middle"))
        out.append(#"<text x="16" y="\#(top + plotHeight / 2)" font-size="12" fill="\#(ink)" transform="rotate(-90 16 \#(top + plotHeight / 2))" text-anchor="middle" dominant-baseline="hanging">\#(XML.escape(unitText))</text>"#)
        for (n, series) in data.series.enumerated() {
            let color = palette[n % palette.count]
            let points = series.values.enumerated().map { "\(f(x($0.offset))),\(f(y($0.element)))" }.joined(separator: " ")
            if series.values.count > 1 {
                out.append(#"<polyline points="\#(points)" fill="none" stroke="\#(color)" stroke-width="2"/>"#)
            }
            for (i, v) in series.values.enumerated() {
                out.append(#"<circle cx="\#(f(x(i)))" cy="\#(f(y(v)))" r="3.5" fill="\#(color)"><title>\#(XML.escape("\(series.name), \(years[i]): \(value(v)) \(unitText)"))</title></circle>"#)
            }
            let ly = legendTop + n * 18
            out.append(#"<rect x="16" y="\#(ly - 10)" width="12" height="12" fill="\#(color)"/>"#)
            out.append(text(series.name, x: 32, y: ly, size: 12))
        }
        if data.series.isEmpty { out.append(text("No data.", x: left + 8, y: top + 20, size: 12, fill: muted)) }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: - Helpers

    static func header(prefix: String, width: Int, height: Int, title: String, desc: String) -> [String] {
        [#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="\#(prefix)-title \#(prefix)-desc" width="\#(width)" height="\#(height)" viewBox="0 0 \#(width) \#(height)" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="13">"#,
         #"<title id="\#(prefix)-title">\#(XML.escape(title))</title>"#,
         #"<desc id="\#(prefix)-desc">\#(XML.escape(desc))</desc>"#,
         #"<rect x="0" y="0" width="\#(width)" height="\#(height)" fill="white"/>"#]
    }

    static func text(_ content: String, x: Int, y: Int, size: Int, fill: String = ink, weight: String? = nil, anchor: String? = nil) -> String {
        var attributes = #"x="\#(x)" y="\#(y)" font-size="\#(size)" fill="\#(fill)""#
        if let weight { attributes += #" font-weight="\#(weight)""# }
        if let anchor { attributes += #" text-anchor="\#(anchor)""# }
        return "<text \(attributes)>\(XML.escape(content))</text>"
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// 0 and 4–6 round steps up to at least `max`.
    static func niceTicks(max: Double) -> [Double] {
        guard max > 0 else { return [0, 1] }
        let rough = max / 5
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        var ticks: [Double] = []
        var t = 0.0
        while t < max + step * 0.999 { ticks.append(t); t += step }
        return ticks
    }

    /// 1,500,000 → "1.5M", 2,000 → "2k".
    static func axisLabel(_ v: Double) -> String {
        func trim(_ s: String) -> String { s.hasSuffix(".0") ? String(s.dropLast(2)) : s }
        if v >= 1_000_000_000 { return trim(String(format: "%.1f", v / 1_000_000_000)) + "G" }
        if v >= 1_000_000 { return trim(String(format: "%.1f", v / 1_000_000)) + "M" }
        if v >= 1_000 { return trim(String(format: "%.1f", v / 1_000)) + "k" }
        if v == v.rounded() { return String(Int(v)) }
        return String(format: "%.2f", v)
    }
}
