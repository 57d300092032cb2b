import Foundation
import Hummingbird
import OversightApp
import OversightCore
import OversightStore

/// The transparency report pages `/reports` and `/reports/{exports,att,coarm,transfers,watchdog}`, each with
/// its charts and downloads (`/reports/KIND/csv?table=ID`, `/reports/KIND/json`, `/reports/KIND/chart-N.svg`),
/// and the JSON API `/api/v1/reports/KIND`. Every form of a report is built from the same `ReportDocument`, so the
/// downloads hold exactly the numbers on the page. Filters: `?year=YYYY&exporter=XX&destination=XX`.
struct ReportsController<S: Store>: Sendable {
    let reports: TransparencyReports
    let renderer: PageRenderer
    let services: AssessmentServices

    init(store: S, renderer: PageRenderer, services: AssessmentServices = .basic) {
        self.reports = TransparencyReports(store: store)
        self.renderer = renderer
        self.services = services
    }

    /// The report, with the applications on file (the demo applications) matched to the recorded permits.
    func build(_ kind: TransparencyReports.Kind, filter: ReportFilter) async throws -> TransparencyReports.Built {
        var applications: [ExportApplication] = []
        if kind == .watchdog {
            for name in services.demoApplications.keys.sorted() {
                if let demo = try? services.demo(name) { applications.append(demo.application) }
            }
        }
        return try await reports.build(kind, filter: filter, onFile: applications)
    }

    /// The pages and downloads; `GET /api/v1/reports/KIND` is a row of the `/api/v1/` table (`EvidenceAPIRoutes`).
    var routes: [BoundRoute] {
        [
            .page(.reports, "The transparency reports", index),
            .page(.report, "One report, filtered by its query", page),
            .page(.reportCSV, "The report's tables as CSV", csv),
            .page(.reportJSON, "The report as JSON", json),
            .page(.reportChart, "One of the report's charts (SVG)", chart),
        ]
    }

    @Sendable func index(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let links = TransparencyReports.Kind.allCases.map { ReportLinkView(title: $0.title, href: SitePath.report.href($0.rawValue), summary: $0.summary) }
        return HTMLResponse(html: try renderer.render(ReportsIndexPage(chrome: PageChrome(title: "Transparency reports", path: SitePath.reports.href(), asOf: nil),
                                                                       reports: links)))
    }

    @Sendable func page(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let (kind, filter) = try parse(request, context: context)
        let built = try await build(kind, filter: filter)
        let view = ReportPage(kind: kind, built: built, filter: filter)
        return HTMLResponse(html: try renderer.render(view))
    }

    @Sendable func csv(_ request: Request, context: OversightRequestContext) async throws -> Response {
        let (kind, filter) = try parse(request, context: context)
        let built = try await build(kind, filter: filter)
        let tableID = QueryParameters(request).text("table")
        guard let table = tableID.map({ built.document.table($0) }) ?? built.document.tables.first else {
            throw WebError.notFound("the \(kind.rawValue) report has no table '\(tableID ?? "")'; tables: \(built.document.tables.map(\.id).joined(separator: ", "))")
        }
        let buffer = ByteBuffer(string: table.csv())
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8", .contentLength: String(buffer.readableBytes),
            .contentDisposition: "attachment; filename=\"\(Self.fileName(kind, filter, table: table.id)).csv\"",
        ], body: .init(byteBuffer: buffer))
    }

    @Sendable func json(_ request: Request, context: OversightRequestContext) async throws -> Response {
        let (kind, filter) = try parse(request, context: context)
        let built = try await build(kind, filter: filter)
        let buffer = ByteBuffer(bytes: built.json)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(buffer.readableBytes)],
                        body: .init(byteBuffer: buffer))
    }

    @Sendable func chart(_ request: Request, context: OversightRequestContext) async throws -> SVGResponse {
        let (kind, filter) = try parse(request, context: context)
        let name = context.parameters.get("chart") ?? ""
        guard name.hasPrefix("chart-"), name.hasSuffix(".svg"), let n = Int(name.dropFirst(6).dropLast(4)) else {
            throw WebError.notFound("no page /reports/\(kind.rawValue)/\(name); charts are /reports/\(kind.rawValue)/chart-1.svg, chart-2.svg…")
        }
        let built = try await build(kind, filter: filter)
        guard (1...built.charts.count).contains(n) else {
            throw WebError.notFound("the \(kind.rawValue) report has \(built.charts.count) chart(s); there is no chart-\(n).svg")
        }
        return SVGResponse(svg: built.charts[n - 1])
    }

    static func fileName(_ kind: TransparencyReports.Kind, _ filter: ReportFilter, table: String) -> String {
        (["oversight", kind.rawValue, table] + [filter.year.map(String.init), filter.exporter, filter.destination].compactMap { $0 })
            .joined(separator: "-").lowercased()
    }

    func parse(_ request: Request, context: OversightRequestContext) throws -> (TransparencyReports.Kind, ReportFilter) {
        let name = context.parameters.get("kind") ?? ""
        guard let kind = TransparencyReports.Kind(rawValue: name) else {
            throw WebError.notFound("there is no report '\(name)'; the reports are \(TransparencyReports.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return (kind, try Self.filter(QueryParameters(request)))
    }

    static func filter(_ query: QueryParameters) throws -> ReportFilter {
        func country(_ name: String) throws -> String? {
            guard let text = query.text(name) else { return nil }
            guard text.count == 2, text.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw WebError.badRequest("\(name)=\(text) is not an ISO 3166 alpha-2 country code: use two letters, e.g. \(name)=\(name == "exporter" ? "CA" : "PE")")
            }
            return text.uppercased()
        }
        var year: Int?
        if query.text("year") != nil { year = try query.integer("year", in: 1900...2100, default: 0) }
        return ReportFilter(year: year, exporter: try country("exporter"), destination: try country("destination"))
    }
}

// MARK: - View models

struct ReportLinkView: Sendable {
    var title: String
    var href: String
    var summary: String
}

struct ReportsIndexPage: Sendable {
    var chrome: PageChrome
    var reports: [ReportLinkView]
}

struct ReportCellView: Sendable {
    var text: String
    var numeric: Bool
}

struct ReportRowView: Sendable {
    var cells: [ReportCellView]
}

struct ReportTableView: Sendable {
    var id: String
    var title: String
    var headings: [ReportCellView]
    var rows: [ReportRowView]
    var hasRows: Bool
    var totals: ReportRowView?
    var notes: [String]
    var csvHref: String

    init(_ table: ReportTable, csvHref: String) {
        id = table.id
        title = table.title
        headings = table.columns.map { ReportCellView(text: $0.title, numeric: $0.numeric) }
        rows = table.rows.map { row in ReportRowView(cells: zip(row, table.columns).map { ReportCellView(text: $0, numeric: $1.numeric) }) }
        hasRows = !table.rows.isEmpty
        totals = table.totals.map { row in ReportRowView(cells: zip(row, table.columns).map { ReportCellView(text: $0, numeric: $1.numeric) }) }
        notes = table.notes
        self.csvHref = csvHref
    }
}

struct ReportChartView: Sendable {
    var svg: String
    var href: String
}

struct ReportPage: Sendable {
    var chrome: PageChrome
    var kind: String
    var title: String
    var scope: [String]
    var notes: [String]
    var tables: [ReportTableView]
    var charts: [ReportChartView]
    var hasCharts: Bool
    var year: String
    var exporter: String
    var destination: String
    var jsonHref: String
    var apiHref: String
    var others: [ReportLinkView]

    init(kind: TransparencyReports.Kind, built: TransparencyReports.Built, filter: ReportFilter) {
        let query = ReportPage.query(filter)
        let base = SitePath.report.href(kind.rawValue)
        chrome = PageChrome(title: built.document.title, path: base, asOf: nil)
        self.kind = kind.rawValue
        title = built.document.title
        scope = built.document.scope
        notes = built.document.notes
        tables = built.document.tables.map { table in
            ReportTableView(table, csvHref: base + "/csv?" + (["table=\(table.id)"] + (query.isEmpty ? [] : [query])).joined(separator: "&"))
        }
        charts = built.charts.enumerated().map { i, svg in
            ReportChartView(svg: svg, href: base + "/chart-\(i + 1).svg" + (query.isEmpty ? "" : "?" + query))
        }
        hasCharts = !charts.isEmpty
        year = filter.year.map(String.init) ?? ""
        exporter = filter.exporter ?? ""
        destination = filter.destination ?? ""
        jsonHref = base + "/json" + (query.isEmpty ? "" : "?" + query)
        apiHref = "/api/v1/reports/\(kind.rawValue)" + (query.isEmpty ? "" : "?" + query)
        others = TransparencyReports.Kind.allCases.filter { $0 != kind }
            .map { ReportLinkView(title: $0.title, href: SitePath.report.href($0.rawValue) + (query.isEmpty ? "" : "?" + query), summary: $0.summary) }
    }

    static func query(_ filter: ReportFilter) -> String {
        var parts: [String] = []
        if let y = filter.year { parts.append("year=\(y)") }
        if let e = filter.exporter { parts.append("exporter=\(e)") }
        if let d = filter.destination { parts.append("destination=\(d)") }
        return parts.joined(separator: "&")
    }
}
