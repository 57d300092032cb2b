import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HummingbirdTesting
import OversightCore
import OversightDemo
import OversightStore
import OversightStoreSQLite
import OversightWeb
import Testing

/// The report pages over the Peru demo: the numbers in the CSV and JSON downloads are those on the page, the
/// charts are accessible SVG, and bad filters are explained.
@Suite struct ReportPageTests {
    /// The table cells of the page (`<table id="data-ID">`), rows then the totals row, as text with entities decoded.
    static func pageTable(_ html: String, id: String) -> [[String]] {
        let table = html.section(from: "<table class=\"report-table\" id=\"data-\(id)\">", to: "</table>")
        return table.components(separatedBy: "<tr>").dropFirst().map { row in
            row.components(separatedBy: "<td").dropFirst().map { cell in
                let text = cell.drop { $0 != ">" }.dropFirst()
                return String(text.prefix { $0 != "<" })
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                    .replacingOccurrences(of: "&amp;", with: "&")
            }
        }.filter { !$0.isEmpty }
    }

    /// CSV rows (no quoted line breaks in these tables), header dropped.
    static func csvRows(_ csv: String) -> [[String]] {
        csv.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map { line in
            var fields: [String] = [], field = "", quoted = false
            var chars = Array(line)[...]
            while let c = chars.popFirst() {
                if quoted {
                    if c == "\"" { if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false } } else { field.append(c) }
                } else if c == "\"" { quoted = true } else if c == "," { fields.append(field); field = "" } else { field.append(c) }
            }
            fields.append(field)
            return fields
        }
    }

    struct Envelope: Decodable {
        var document: ReportDocument
    }

    @Test(arguments: [("exports", "matrix", "year=2023&exporter=CA"), ("exports", "regions", "year=2023"), ("att", "exports", "year=2022"),
                      ("coarm", "matrix", "year=2023&destination=PE"), ("watchdog", "cases", ""), ("att", "outside", "")])
    func theDownloadsHoldExactlyTheNumbersOnThePage(_ kind: String, _ table: String, _ query: String) async throws {
        try await DemoApp.test { client in
            let page = try await client.get("/reports/\(kind)" + (query.isEmpty ? "" : "?" + query))
            #expect(page.status == .ok)
            let shown = Self.pageTable(page.text, id: table)
            #expect(!shown.isEmpty, "the page shows the \(table) table")
            let csv = try await client.get("/reports/\(kind)/csv?table=\(table)" + (query.isEmpty ? "" : "&" + query))
            #expect(csv.status == .ok)
            #expect(csv.contentType.hasPrefix("text/csv"))
            #expect(Self.csvRows(csv.text) == shown)
            let json = try await client.get("/reports/\(kind)/json" + (query.isEmpty ? "" : "?" + query))
            let envelope = try json.decode(Envelope.self)
            let jsonTable = try #require(envelope.document.table(table))
            #expect(jsonTable.rows + (jsonTable.totals.map { [$0] } ?? []) == shown)
            let api = try await client.get("/api/v1/reports/\(kind)" + (query.isEmpty ? "" : "?" + query))
            #expect(api.text == json.text)
        }
    }

    @Test func theExportsPageShowsThePeruFiguresWithChartsAndTotals() async throws {
        try await DemoApp.test { client in
            let page = try await client.get("/reports/exports?year=2023&exporter=CA")
            let html = page.text
            #expect(html.contains("Annual exports report 2023"))
            let matrix = Self.pageTable(html, id: "matrix")
            let peru = try #require(matrix.first { $0.first == "Peru" })
            #expect(peru.contains("1800000.00"))
            #expect(peru.contains("560000.00"), "the 2022 total, for the year-over-year change")
            #expect(peru.contains("+221.4"))
            #expect(matrix.last?.first == "Total")
            #expect(html.occurrences(of: "<svg") == 2)
            #expect(html.contains("<title id=\"exports-bars-title\">Exports in 2023 by destination, stacked by item (CAD)</title>"))
            #expect(html.contains("Peru: 1800000.00 CAD (2-14 1800000.00)"))
            let svg = try await client.get("/reports/exports/chart-1.svg?year=2023&exporter=CA")
            #expect(svg.contentType.hasPrefix("image/svg+xml"))
            #expect(!svg.text.contains("<script"))
            #if canImport(FoundationXML) || os(macOS)
            let parser = XMLParser(data: Data(svg.text.utf8))
            #expect(parser.parse(), "the chart is well-formed XML")
            #endif
            #expect(html.contains("@media print"))
        }
    }

    @Test func theWatchdogPageFlagsThe2023PermitWithTheEvidenceOfThatDay() async throws {
        let services = AssessmentServices(readApplication: { try JSONDecoder().decode(ExportApplication.self, from: $0) },
                                          demoApplications: DemoCase.applicationURLs())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-report-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("demo.sqlite").path)
        try await DemoCase.load(into: store)
        let app = try buildApplication(store: store, configuration: .init(port: 0), logger: DemoApp.quietLogger(), assessments: services)
        try await app.test(.router) { client in
            let html = try await client.get("/reports/watchdog?year=2023").text
            let cases = Self.pageTable(html, id: "cases")
            let permit = try #require(cases.first { $0.first == "permit:ca-pe-2023-02-06" })
            #expect(permit.contains("yes: ATT, EIPA"), "method v2: the ATT denies too")
            #expect(permit.contains("2023-02-06"))
            let evidence = Self.pageTable(html, id: "evidence")
            #expect(evidence.contains { $0.contains("incident:juliaca-2023-01-09") && $0.contains("17") })
            #expect(!html.contains("Human Rights Watch"), "the HRW report came out after the decision")
            #expect(cases.count == 3, "the permit, the 2023 exports and the totals row")
            let csv = try await client.get("/reports/watchdog/csv?table=evidence&year=2023").text
            #expect(Self.csvRows(csv) == evidence, "the evidence download holds what the page shows")
            #expect(evidence.count == 3)
        }
    }

    @Test func badFiltersAndUnknownReportsAreExplained() async throws {
        try await DemoApp.test { client in
            let year = try await client.get("/reports/exports?year=20x3")
            #expect(year.status == .badRequest)
            #expect(year.text.contains("year=20x3"))
            let country = try await client.get("/api/v1/reports/att?exporter=Canada")
            #expect(country.status == .badRequest)
            #expect(try country.decode(ErrorBody.self).error.message.contains("ISO 3166 alpha-2"))
            let unknown = try await client.get("/reports/arms")
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("exports, att, coarm, transfers, watchdog"))
            let table = try await client.get("/reports/exports/csv?table=nope")
            #expect(table.status == .notFound)
            let index = try await client.get("/reports")
            #expect(index.text.contains("/reports/watchdog"))
            let transfers = try await client.get("/reports/transfers")
            #expect(transfers.status == .ok)
            #expect(transfers.text.contains("oversight import sipri"), "no register imported yet: the page says how")
        }
    }
}
