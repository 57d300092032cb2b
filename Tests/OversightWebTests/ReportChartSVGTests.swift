import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import OversightApp
import OversightCore
import OversightWeb
import Testing

/// The report charts: accessible, labelled, escaped, well-formed SVG that draws the report's numbers.
@Suite struct ReportChartSVGTests {
    static let rows = [
        ExportRow(exporter: "CA", destination: "PE", year: 2023, entry: "ML14", valueMinor: 180_000_000, currency: "CAD"),
        ExportRow(exporter: "CA", destination: "PE", year: 2022, entry: "ML10", valueMinor: 56_000_000, currency: "CAD"),
        ExportRow(exporter: "CA", destination: "US", year: 2023, entry: "ML10", valueMinor: 90_000_000, currency: "CAD"),
        ExportRow(exporter: "CA", destination: "US", year: 2023, entry: "ML4", valueMinor: 10_000_000, currency: "CAD"),
    ]

    static func wellFormed(_ svg: String) -> Bool { XMLParser(data: Data(svg.utf8)).parse() }

    @Test func stackedBarsDrawOneSegmentPerItemAndSayTheNumbersInWords() {
        let report = AnnualExportsReport.build(rows: Self.rows, filter: ReportFilter(year: 2023, exporter: "CA"))
        let svg = ReportChartSVG.stackedBars(report)
        #expect(Self.wellFormed(svg))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title id=\"exports-bars-title\">Exports in 2023 by destination, stacked by item (CAD)</title>"))
        #expect(svg.contains("Peru: 1800000.00 CAD (2-14 1800000.00)"))
        #expect(svg.contains("United States: 1000000.00 CAD (2-4 100000.00, 2-10 900000.00)"))
        #expect(svg.contains("Value (CAD)"), "the value axis is labelled with its unit")
        #expect(svg.contains("Item 2-14"), "legend")
        #expect(svg.occurrences(of: "<rect x=") - 1 - report.items.count == 3, "three bar segments besides the background and legend keys")
        #expect(!svg.contains("<script"))
    }

    @Test func timeSeriesLabelsItsAxesAndEscapesNames() {
        let series = TimeSeries(years: [2021, 2022, 2023], series: [.init(name: "A & <B>", values: [0, 56_000_000, 180_000_000])],
                                unit: "CAD", scale: 100)
        let svg = ReportChartSVG.timeSeries(series, title: "Exports per year (CAD)")
        #expect(Self.wellFormed(svg))
        #expect(svg.contains("A &amp; &lt;B&gt;: 2021 0.00, 2022 560000.00, 2023 1800000.00"))
        #expect(svg.contains(">Year</text>"))
        #expect(svg.contains(">CAD</text>"))
        #expect(svg.occurrences(of: "<circle") == 3)
        #expect(svg.contains("<polyline"))
        let empty = ReportChartSVG.timeSeries(TimeSeries(years: [], series: [], unit: "CAD", scale: 100), title: "Nothing")
        #expect(Self.wellFormed(empty))
        #expect(empty.contains("No data."))
    }
}
