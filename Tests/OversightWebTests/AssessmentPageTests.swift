import Foundation
import Hummingbird
import HummingbirdTesting
import OversightCore
import OversightDemo
import OversightFormats
import OversightStore
import OversightStoreSQLite
import OversightWeb
import Testing

/// The export risk assessment over HTTP: `POST /api/v1/assessments`, the report page, the form and the demo
/// applications, against a real SQLite file loaded with the Peru demo case.
@Suite struct AssessmentPageTests {
    static let february = "peru-pnp-simulators-2023-02-06"
    static let december = "peru-pnp-simulators-2022-12-01"

    /// The services the CLI passes: the full application reader and the demo applications.
    static let services = AssessmentServices(readApplication: { try ApplicationReader.read($0) },
                                             demoApplications: DemoCase.applicationURLs())

    static func application(_ name: String) throws -> Data {
        try Data(contentsOf: try #require(DemoCase.applicationURLs()[name], "demo application \(name)"))
    }

    /// The demo application with four problems: a bad country, a bad control entry, no decision date and an
    /// unknown mitigation.
    static func invalidApplication() throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: application(february)) as? [String: Any])
        object["destination"] = "ZZ"
        object.removeValue(forKey: "decisionDate")
        var item = try #require((object["items"] as? [[String: Any]])?.first)
        item["controlEntry"] = "2-99"
        object["items"] = [item]
        object["mitigations"] = ["end-use-certificate", "bribe-the-minister"]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    static let invalidPaths = ["destination", "items[0].controlEntry", "decisionDate", "mitigations[1]"]

    struct Document: Decodable {
        var application: ExportApplication
        var assessment: Assessment
    }

    struct ErrorDocument: Decodable {
        struct Detail: Decodable {
            var message: String
            var issues: [ValidationIssue]?
        }
        var error: Detail
    }

    /// Runs `test` against the web application with the assessment services.
    static func withApp<Value>(_ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-assessment-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("demo.sqlite").path)
        try await DemoCase.load(into: store)
        let app = try buildApplication(store: store, configuration: .init(port: 0), logger: DemoApp.quietLogger(),
                                       assessments: services)
        return try await app.test(.router, test)
    }

    /// The figure as the report shows it: three decimals, trailing zeros dropped.
    static func shown(_ value: Double) -> String {
        var text = String(format: "%.3f", (value * 1000).rounded() / 1000)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// Text as Mustache escapes it in the page.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    // MARK: - API

    @Test func februaryApplicationIsDeniedUnderEIPA() async throws {
        try await Self.withApp { client in
            let response = try await client.postBody("/api/v1/assessments", body: try Self.application(Self.february))
            #expect(response.status == .ok)
            #expect(response.contentType.hasPrefix("application/json"))
            let text = response.text
            #expect(text.hasPrefix(#"{"application":{"#), "sorted keys: application before assessment")
            #expect(text.contains(#""verdicts":{"ATT":"deny","EIPA":"deny","EU":"deny"}"#), "method v2: the ATT denies at an overriding risk")
            let document = try response.decode(Document.self)
            #expect(document.application.id == "demo:peru-pnp-simulators-2023-02-06")
            #expect(document.assessment.verdicts["EIPA"] == .deny)
            #expect(document.assessment.knowledgeDate == "2023-02-06")
            #expect(document.assessment.incidents.contains { $0.incidentID == Demo.juliaca })
            #expect(!document.assessment.cannotMitigate)
        }
    }

    @Test func knownThreeYearsLaterTheRiskCannotBeMitigated() async throws {
        try await Self.withApp { client in
            let response = try await client.postBody("/api/v1/assessments?asOf=2026-11-29", body: try Self.application(Self.february))
            #expect(response.status == .ok)
            let assessment = try response.decode(Document.self).assessment
            #expect(assessment.knowledgeDate == "2026-11-29")
            #expect(assessment.cannotMitigate)
            #expect(assessment.rationale.contains { $0.contains("cannot be mitigated") })
            #expect(assessment.verdicts["EIPA"] == .deny)
        }
    }

    @Test func decemberApplicationIsNotDenied() async throws {
        try await Self.withApp { client in
            let response = try await client.postBody("/api/v1/assessments", body: try Self.application(Self.december))
            #expect(response.status == .ok)
            let assessment = try response.decode(Document.self).assessment
            #expect(assessment.verdicts.count == 3)
            for (regime, verdict) in assessment.verdicts {
                #expect(verdict < .deny, "\(regime): \(verdict)")
            }
        }
    }

    @Test func invalidApplicationIsA400ListingEveryProblem() async throws {
        try await Self.withApp { client in
            let response = try await client.postBody("/api/v1/assessments", body: try Self.invalidApplication())
            #expect(response.status == .badRequest)
            #expect(response.contentType.hasPrefix("application/json"))
            let error = try response.decode(ErrorDocument.self).error
            let issues = try #require(error.issues)
            #expect(Set(issues.map(\.path)) == Set(Self.invalidPaths))
            #expect(error.message.contains("4 problems"))
            #expect(issues.first { $0.path == "items[0].controlEntry" }?.message.contains("'2-99' is not a control-list entry") == true)
            #expect(issues.first { $0.path == "destination" }?.message.contains("'ZZ'") == true)

            let notJSON = try await client.postBody("/api/v1/assessments", body: Data("not json".utf8))
            #expect(notJSON.status == .badRequest)
            #expect(try notJSON.decode(ErrorDocument.self).error.issues?.map(\.path) == ["$"])
        }
    }

    @Test func badKnowledgeDateAndOversizedBodyAreRefused() async throws {
        try await Self.withApp { client in
            let badDate = try await client.postBody("/api/v1/assessments?asOf=2023-02-30", body: try Self.application(Self.february))
            #expect(badDate.status == .badRequest)
            let error = try badDate.decode(ErrorDocument.self).error
            #expect(error.message.contains("asOf=2023-02-30 is not a date"))
            #expect(error.issues?.map(\.path) == ["?asOf"])

            let huge = Data(repeating: UInt8(ascii: " "), count: AssessmentServices.maximumApplicationBytes + 1)
            let tooLarge = try await client.postBody("/api/v1/assessments", body: huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(try tooLarge.decode(ErrorDocument.self).error.message.contains("1024 KiB"))

            let get = try await client.get("/api/v1/assessments")
            #expect(get.status == .methodNotAllowed)
            #expect(get.text.contains("POST the application JSON"))
        }
    }

    // MARK: - The report page

    @Test func demoReportShowsVerdictsFactorsFormulaAndSources() async throws {
        try await Self.withApp { client in
            let document = try await client.postBody("/api/v1/assessments", body: try Self.application(Self.february)).decode(Document.self)
            let assessment = document.assessment
            let response = try await client.get("/assessments/demo/\(Self.february)")
            #expect(response.status == .ok)
            #expect(response.contentType.hasPrefix("text/html"))
            let html = response.text

            // The page is exactly what the CLI prints (`oversight assess --format html`).
            #expect(html == (try ReportHTML.assessment(assessment, application: document.application)))

            // Verdicts, one row per regime, with the legal test.
            let verdicts = String(html.section(from: "<table class=\"verdicts\">", to: "</table>"))
            for conclusion in assessment.conclusions {
                let row = String(verdicts.section(from: "<tr id=\"verdict-\(conclusion.regime.rawValue)\">", to: "</tr>"))
                #expect(row.contains("<td class=\"verdict verdict-\(conclusion.verdict.rawValue)\">\(conclusion.verdict.rawValue)</td>"))
                #expect(row.contains(Self.escaped(conclusion.test)))
                for reason in conclusion.reasons { #expect(row.contains(Self.escaped(reason))) }
            }
            #expect(verdicts.contains(">deny</td>"))

            // The formula, the Juliaca incident with its reasons and claims, a source linked to its page.
            #expect(html.contains("w = g × s × c × r × a"))
            #expect(html.contains("s = max(0.5, log2(1 + killed + 0.3 × injured))"))
            #expect(html.contains("Killings near Inca Manco Cápac airport, Juliaca"))
            let juliaca = try #require(assessment.incidents.first { $0.incidentID == Demo.juliaca })
            #expect(html.contains(Self.escaped(juliaca.attributionReason)))
            #expect(html.contains(Self.escaped(juliaca.credibilityReason)))
            #expect(html.contains("<a href=\"/sources/\(Demo.afp)\">\(Demo.afpTitle)</a>"))
            #expect(html.contains("AFP, <cite>"))
            #expect(html.contains("claim:juliaca-killed-afp</code></a>: killed = 17 — contested"))
            #expect(html.contains("public from <time datetime=\"2023-01-09\">2023-01-09</time>"))

            // Every incident's factors on the page equal the JSON's, rounded as displayed.
            #expect(!assessment.incidents.isEmpty)
            for f in assessment.incidents {
                let anchor = String(f.incidentID.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
                let row = String(html.section(from: "<tr id=\"row-\(anchor)\">", to: "</tr>"))
                #expect(!row.isEmpty, "row of \(f.incidentID)")
                for (name, value) in [("g", f.gravity), ("s", f.scale), ("c", f.credibility), ("r", f.recency), ("a", f.attribution), ("w", f.weight)] {
                    #expect(row.contains("<td class=\"num \(name)\">\(Self.shown(value))</td>"), "\(f.incidentID) \(name) = \(value)")
                }
                #expect(html.contains("w = \(Self.shown(f.gravity)) × \(Self.shown(f.scale)) × \(Self.shown(f.credibility)) × \(Self.shown(f.recency)) × \(Self.shown(f.attribution)) = \(Self.shown(f.weight))"))
            }
            #expect(html.contains("<td class=\"num w\">\(Self.shown(assessment.incidents.map(\.weight).reduce(0, +)))</td>"), "Σ w")

            // Impunity: every weight and the sum.
            for event in assessment.accountability {
                #expect(html.contains(Self.escaped(event.title)))
            }
            #expect(html.contains("<td class=\"num\"><strong>\(Self.shown(assessment.impunity))</strong></td>"))
            // Every consequence with its computation string.
            for consequence in assessment.consequences {
                #expect(html.contains(Self.escaped(consequence.computation)), "\(consequence.code)")
            }
            // The record of the assessment, and a print stylesheet.
            #expect(html.contains(assessment.inputDigest))
            #expect(html.contains("<code>\(assessment.methodologyVersion)</code>"))
            #expect(html.contains("@media print"))
            #expect(!html.contains("Cannot be mitigated"))
        }
    }

    @Test func demoReportAsKnownLaterSaysCannotBeMitigated() async throws {
        try await Self.withApp { client in
            let html = try await client.get("/assessments/demo/\(Self.february)?asOf=2026-11-29").text
            #expect(html.contains("<p class=\"cannot-mitigate\" role=\"note\"><strong>Cannot be mitigated</strong>: impunity"))
            #expect(html.contains("This assessment uses the evidence public by <time datetime=\"2026-11-29\">2026-11-29</time>"))
            let december = try await client.get("/assessments/demo/\(Self.december)").text
            #expect(december.contains("<td class=\"verdict verdict-approve-with-conditions\">"))
            #expect(december.contains("A permit would carry these conditions"))
            let missing = try await client.get("/assessments/demo/no-such-application")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("There is no demo application named &#39;no-such-application&#39;"))
        }
    }

    // MARK: - The form

    @Test func formIsLinkedFromHomeAndNavAndListsTheDemos() async throws {
        try await Self.withApp { client in
            let home = try await client.get("/").text
            #expect(home.contains("<a href=\"/assessments/new\">Assess an export application</a>"))
            #expect(home.contains("<li><a href=\"/assessments/new\">Assess an export</a></li>"), "in the nav")
            let response = try await client.get("/assessments/new")
            #expect(response.status == .ok)
            let form = response.text
            #expect(form.contains("<form class=\"assess\" method=\"post\" action=\"/assessments\" enctype=\"multipart/form-data\">"))
            #expect(form.contains("<label for=\"application\">Application JSON</label>"))
            #expect(form.contains("<textarea id=\"application\" name=\"application\""))
            #expect(form.contains("<input type=\"file\" id=\"applicationFile\" name=\"applicationFile\""))
            #expect(form.contains("<input type=\"date\" id=\"asOf\" name=\"asOf\""))
            for name in [Self.february, Self.december] {
                #expect(form.contains("<a href=\"/assessments/demo/\(name)\">Assess \(name)</a>"))
            }
            let redirect = try await client.get("/assessments")
            #expect(redirect.status == .found)
        }
    }

    @Test func formRoundTripListsEveryProblemThenRendersTheReport() async throws {
        try await Self.withApp { client in
            let invalid = String(decoding: try Self.invalidApplication(), as: UTF8.self)
            let refused = try await client.postForm("/assessments", fields: ["application": invalid, "asOf": ""])
            #expect(refused.status == .badRequest)
            #expect(refused.contentType.hasPrefix("text/html"))
            let page = refused.text
            #expect(page.contains("The application has 4 problem(s)"))
            let list = String(page.section(from: "<ol class=\"issue-list\">", to: "</ol>"))
            #expect(list.occurrences(of: "<li>") == 4)
            for path in Self.invalidPaths {
                #expect(list.contains("<code class=\"issue-path\">\(path)</code>: <span class=\"issue-message\">"), "\(path)")
            }
            #expect(list.contains("&#39;2-99&#39; is not a control-list entry"))
            #expect(page.contains(">\(Self.escaped(invalid))</textarea>"), "the text is kept to fix it")

            let badDate = try await client.postForm("/assessments", fields: ["application": "", "asOf": "2023-13-01"])
            #expect(badDate.status == .badRequest)
            #expect(badDate.text.contains("<code class=\"issue-path\">asOf</code>"))
            #expect(badDate.text.contains("<code class=\"issue-path\">application</code>: <span class=\"issue-message\">is empty"))

            let valid = String(decoding: try Self.application(Self.february), as: UTF8.self)
            let report = try await client.postForm("/assessments", fields: ["application": valid, "asOf": "2026-11-29"])
            #expect(report.status == .ok)
            #expect(report.text.contains("<h1>Assessment of demo:peru-pnp-simulators-2023-02-06</h1>"))
            #expect(report.text.contains("<strong>Cannot be mitigated</strong>"))
            #expect(report.text == (try await client.get("/assessments/demo/\(Self.february)?asOf=2026-11-29").text))
        }
    }

    @Test func uploadedFileIsAssessed() async throws {
        try await Self.withApp { client in
            let boundary = "----oversight-test-boundary"
            var body = ""
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"application\"\r\n\r\n\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"applicationFile\"; filename=\"app.json\"\r\nContent-Type: application/json\r\n\r\n"
            body += String(decoding: try Self.application(Self.december), as: UTF8.self) + "\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"asOf\"\r\n\r\n\r\n"
            body += "--\(boundary)--\r\n"
            let response = try await client.postBody("/assessments", body: Data(body.utf8),
                                                     contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(response.status == .ok)
            #expect(response.text.contains("<h1>Assessment of demo:peru-pnp-simulators-2022-12-01</h1>"))
            #expect(response.text.contains("<td class=\"verdict verdict-approve-with-conditions\">"))
        }
    }
}

private extension TestClientProtocol {
    func postBody(_ uri: String, body: Data, contentType: String = "application/json") async throws -> TestResponse {
        try await executeRequest(uri: uri, method: .post, headers: [.contentType: contentType], body: ByteBuffer(bytes: body))
    }

    func postForm(_ uri: String, fields: [String: String]) async throws -> TestResponse {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        let body = fields.keys.sorted().map { key in
            "\(key)=\(fields[key]!.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
        return try await postBody(uri, body: Data(body.utf8), contentType: "application/x-www-form-urlencoded")
    }
}
