import Foundation
import Hummingbird
import HummingbirdTesting
import OversightCore
import OversightFormats
import OversightStore
import OversightStoreSQLite
import OversightWeb
import Testing

/// The assessment report of method v2 over HTTP, against a small v2 bundle written here: a finding of an OHCHR body
/// (strength pattern) about the destination, an item-use record of the exporter's goods, and an incident abroad
/// attributed to the destination through the coalition it leads.
@Suite struct V2AssessmentPageTests {
    static let range2019 = #"{"end":"2019-03-10","endIsReal":true,"precise":true,"start":"2019-03-10","startIsReal":true}"#
    static let bundle = """
        {"format":"oversight-bundle","type":"bundle","version":2}
        {"id":"src:test-ohchr-2019","published":"2019-09-03","publisher":"OHCHR","title":"Situation of human rights in Yemen (test)","type":"source","url":"https://www.ohchr.org/en/test-report"}
        {"id":"src:test-monitor-2019","published":"2019-04-01","publisher":"Test Monitor","title":"Armoured vehicles seen in Najran (test)","type":"source"}
        {"id":"coalition:test-coalition","members":[{"lead":true,"state":"SA"},{"state":"AE","weight":0.5}],"name":"Test coalition in Yemen","range":{"end":"2022-04","endIsReal":false,"precise":false,"start":"2015-03-26","startIsReal":true},"type":"coalition"}
        {"coalition":"coalition:test-coalition","country":"YE","forces":["air-force"],"id":"incident:test-saada-2019-03-10","killed":12,"perpetratorPersons":[],"perpetratorUnits":[],"range":\(range2019),"stateForces":false,"title":"Air strike on a market in Saada (test)","type":"incident","victims":[],"violations":["ihl-attack"]}
        {"body":"OHCHR Group of Experts (test)","bodyKind":"ohchr","categories":["unlawful-killing"],"country":"SA","determination":false,"id":"finding:test-ohchr-sa-2019","incidents":["incident:test-saada-2019-03-10"],"killed":30,"range":{"end":"2019-06","endIsReal":true,"precise":false,"start":"2018-01","startIsReal":true},"strength":"pattern","title":"A pattern of unlawful killings by the Saudi security forces (test)","type":"finding","units":[]}
        {"controlEntry":"2-6","goods":"light armoured vehicles","id":"item-use:test-lav-najran-2019","originState":"CA","range":{"end":"2019-02","endIsReal":true,"precise":false,"start":"2019-02","startIsReal":true},"state":"SA","title":"Canadian armoured vehicles used in Najran (test)","type":"item-use"}
        {"citations":[{"page":"4","source":"src:test-ohchr-2019"}],"confidence":"high","id":"claim:test-coalition","status":"accepted","subject":"coalition:test-coalition","type":"claim"}
        {"citations":[{"page":"9","source":"src:test-ohchr-2019"}],"confidence":"high","id":"claim:test-saada","status":"accepted","subject":"incident:test-saada-2019-03-10","type":"claim"}
        {"citations":[{"excerpt":"a pattern of unlawful killings","page":"12","source":"src:test-ohchr-2019"}],"confidence":"high","id":"claim:test-ohchr-finding","status":"accepted","subject":"finding:test-ohchr-sa-2019","type":"claim"}
        {"citations":[{"source":"src:test-monitor-2019"}],"confidence":"medium","id":"claim:test-lav-najran","status":"accepted","subject":"item-use:test-lav-najran-2019","type":"claim"}
        """

    static let application = """
        {"id": "test:ca-sa-lav-2020", "regimes": ["EIPA", "ATT", "EU"], "exporter": "CA", "destination": "SA",
         "decisionDate": "2020-06-01", "consignee": {"name": "Ministry of Defence", "country": "SA"},
         "endUser": {"name": "Royal Saudi Land Forces"},
         "items": [{"controlEntry": "2-6", "description": "Light armoured vehicles", "quantity": 10}],
         "endUse": "Border security", "mitigations": ["end-use-certificate"]}
        """

    struct Document: Decodable {
        var application: ExportApplication
        var assessment: Assessment
    }

    static func withApp<Value>(_ test: @Sendable (any TestClientProtocol, SQLiteStore) async throws -> Value) async throws -> Value {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-v2-assessment-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("v2.sqlite").path)
        let data = Data(bundle.utf8)
        _ = try await store.importRecords { sink in
            try BundleReader().read(data) { record, json in try sink.add(record, canonicalJSON: json) }
        }
        let app = try buildApplication(store: store, configuration: .init(port: 0), logger: DemoApp.quietLogger(),
                                       assessments: AssessmentServices(readApplication: { try ApplicationReader.read($0) }))
        return try await app.test(.router) { client in try await test(client, store) }
    }

    @Test func reportShowsTheOverallVerdictRegimesInForceFindingsAndItemUse() async throws {
        try await Self.withApp { client, _ in
            let api = try await client.executeRequest(uri: "/api/v1/assessments", method: .post, headers: [.contentType: "application/json"],
                                                      body: ByteBuffer(string: Self.application))
            #expect(api.status == .ok, "\(api.text)")
            let document = try api.decode(Document.self)
            let assessment = document.assessment
            let overall = try #require(assessment.overallVerdict, "method v2 gives an overall verdict")
            let finding = try #require(assessment.findings?.first { $0.findingID == "finding:test-ohchr-sa-2019" }, "the OHCHR finding is counted")
            #expect(finding.bodyKind == .ohchr && finding.strength == .pattern && finding.weight > 0)
            let use = try #require(assessment.itemUse?.first { $0.itemUseID == "item-use:test-lav-najran-2019" }, "the item use is counted")
            #expect(use.entries == ["ML6"], "2-6 is ML6")
            let strike = try #require(assessment.incidents.first { $0.incidentID == "incident:test-saada-2019-03-10" }, "the coalition incident abroad is counted")
            #expect(strike.attributionReason.contains("as a member of Test coalition in Yemen"))
            let eu = try #require(assessment.conclusions.first { $0.regime == .eu })
            #expect(eu.inForce == false)

            let form = "application=" + Self.application.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let response = try await client.executeRequest(uri: "/assessments", method: .post,
                                                           headers: [.contentType: "application/x-www-form-urlencoded"],
                                                           body: ByteBuffer(string: form))
            #expect(response.status == .ok)
            let html = response.text
            #expect(html == (try ReportHTML.assessment(assessment, application: document.application)), "what the CLI prints")

            // The overall verdict and, per regime, whether it was in force with the version and status text.
            #expect(html.contains("Overall verdict: <strong class=\"verdict verdict-\(overall.rawValue)\">\(overall.rawValue)</strong>"))
            let verdicts = String(html.section(from: "<table class=\"verdicts\">", to: "</table>"))
            #expect(verdicts.contains("<th scope=\"col\">In force on 2020-06-01</th>"))
            for conclusion in assessment.conclusions {
                let row = String(verdicts.section(from: "<tr id=\"verdict-\(conclusion.regime.rawValue)\">", to: "</tr>"))
                #expect(row.contains(conclusion.inForce == true ? ">in force" : ">not in force: for comparison only"), "\(conclusion.regime)")
                if let version = conclusion.version { #expect(row.contains(escaped(version)), "\(conclusion.regime) version") }
                if let status = conclusion.status { #expect(row.contains(escaped(status)), "\(conclusion.regime) status") }
                #expect(row.contains("<td class=\"verdict verdict-\(conclusion.verdict.rawValue)\">"))
            }
            // The flags.
            let flags = try #require(assessment.flags)
            #expect(flags.contains { $0.contains("EU did not bind CA") })
            let flagList = html.section(from: "<div class=\"flags warning\" role=\"note\">", to: "</div>")
            for flag in flags { #expect(flagList.contains(escaped(flag))) }

            // The findings table: body, kind, strength, period, counts, every factor and the weight.
            let table = String(html.section(from: "<table class=\"factors findings-factors\">", to: "</table>"))
            let row = String(table.section(from: "<tr id=\"row-finding-finding-test-ohchr-sa-2019\">", to: "</tr>"))
            #expect(row.contains("OHCHR Group of Experts (test)"))
            #expect(row.contains("<td class=\"body-kind\">ohchr</td><td class=\"strength\">pattern</td><td>2018-01 – 2019-06</td>"))
            #expect(row.contains("<td class=\"num\">30</td>"), "killed")
            for (name, value) in [("b", finding.bodyWeight), ("k", finding.strengthWeight), ("g", finding.gravity), ("s", finding.scale),
                                  ("c", finding.credibility), ("r", finding.recency), ("a", finding.attribution), ("w", finding.weight)] {
                #expect(row.contains("<td class=\"num \(name)\">\(shown(value))</td>"), "\(name) = \(value)")
            }
            // The attribution's reason, and the incidents it lists that the pattern counts, linked to their detail.
            #expect(finding.coveredIncidents == ["incident:test-saada-2019-03-10"])
            let covered = "<a href=\"#incident-test-saada-2019-03-10\"><code>incident:test-saada-2019-03-10</code></a>"
            #expect(row.contains("<td class=\"attribution\">\(escaped(finding.attributionReason))</td><td class=\"covered\">\(covered)"))
            // Its detail: the computation, the claim and its citation.
            let detail = String(html.section(from: "<section class=\"incident-detail finding-detail\" id=\"finding-finding-test-ohchr-sa-2019\">", to: "</section>"))
            #expect(detail.contains("a = \(shown(finding.attribution)): \(escaped(finding.attributionReason))"))
            #expect(detail.contains("<strong>w = \(shown(finding.bodyWeight)) × \(shown(finding.strengthWeight)) × \(shown(finding.gravity)) × \(shown(finding.scale)) × \(shown(finding.credibility)) × \(shown(finding.recency)) × \(shown(finding.attribution)) = \(shown(finding.weight))</strong>"))
            #expect(detail.contains("covered incidents: \(covered)"))
            #expect(detail.contains("<a href=\"/entities/finding:test-ohchr-sa-2019#claim:test-ohchr-finding\"><code>claim:test-ohchr-finding</code></a>: the record as a whole — accepted"))
            #expect(detail.contains("OHCHR, <cite><a href=\"/sources/src:test-ohchr-2019\">Situation of human rights in Yemen (test)</a></cite>"))
            #expect(detail.contains("<a class=\"external\" href=\"https://www.ohchr.org/en/test-report\">"))

            // The item use: its effect, and its citation.
            let uses = String(html.section(from: "<table class=\"factors item-use\">", to: "</table>"))
            #expect(uses.contains("Canadian armoured vehicles used in Najran (test)"))
            #expect(uses.contains("<td class=\"effect\">\(escaped(use.effect))</td>"))
            #expect(use.effect.contains("nexus raised"), "\(use.effect)")
            let useDetail = String(html.section(from: "id=\"item-use-item-use-test-lav-najran-2019\">", to: "</section>"))
            #expect(useDetail.contains("<p class=\"effect\">\(escaped(use.effect))</p>"))
            #expect(useDetail.contains("Test Monitor, <cite><a href=\"/sources/src:test-monitor-2019\">Armoured vehicles seen in Najran (test)</a></cite>"))

            // The coalition incident abroad stays in the pattern table, with its attribution through the coalition.
            #expect(html.contains("<tr id=\"row-incident-test-saada-2019-03-10\">"))
            #expect(html.contains(escaped(strike.attributionReason)))

            // The Markdown report keeps in step.
            let markdown = AssessmentMarkdown.render(assessment)
            #expect(markdown.contains("Overall verdict: **\(overall.rawValue)**"))
            #expect(markdown.contains("| A pattern of unlawful killings by the Saudi security forces (test) (`finding:test-ohchr-sa-2019`) | OHCHR Group of Experts (test) | ohchr | pattern |"))
            #expect(markdown.contains(use.effect))
            #expect(markdown.contains("`claim:test-ohchr-finding`"))
            let euLine = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| EU | ") })
            #expect(euLine.hasPrefix("| EU | **\(eu.verdict.rawValue)** | no (comparison only): "), "\(euLine)")
        }
    }

    @Test func aV1AssessmentHasNoV2Sections() async throws {
        try await Self.withApp { _, store in
            var application = try JSONDecoder().decode(ExportApplication.self, from: Data(Self.application.utf8))
            application.regimes = [.eipa]
            let assessment = AssessmentEngine(methodology: .v1).assess(application, snapshot: try await store.snapshot(asOf: nil))
            #expect(assessment.overallVerdict == nil && assessment.findings == nil)
            let html = try ReportHTML.assessment(assessment, application: application)
            #expect(!html.contains("Overall verdict"))
            #expect(!html.contains("findings-heading"))
            #expect(!html.contains("In force on"))
            #expect(html.contains("<table class=\"verdicts\">"))
        }
    }

    func shown(_ value: Double) -> String {
        var text = String(format: "%.3f", (value * 1000).rounded() / 1000)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
