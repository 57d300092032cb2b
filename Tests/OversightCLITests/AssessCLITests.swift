import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `oversight assess`: the report formats, `--verify`, and invalid applications, running the real binary
/// against a temporary database loaded with the demo case.
struct AssessCLITests {
    /// The shared runner of the real binary (Tests/OversightCLITests/CLITests.swift).
    typealias Result = CLITests.Result
    let runner = CLITests()
    var folder: URL { runner.folder }
    var db: String { runner.db }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Result {
        try runner.run(arguments, environment: environment, input: input)
    }

    /// The demo applications in the source tree.
    static let applications = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/OversightDemo/Data/applications")
    static var february: String { applications.appendingPathComponent("peru-pnp-simulators-2023-02-06.json").path }


    func loadDemo() throws {
        let result = try run(["demo", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
    }

    static func verdictTable(_ html: String) -> String? {
        guard let start = html.range(of: "<table class=\"verdicts\">"),
              let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func htmlHasTheSameVerdictTableAsTheWebPage() async throws {
        try loadDemo()
        let cli = try run(["assess", Self.february, "--db", db, "--format", "html"])
        #expect(cli.status == 0, "\(cli.stderr)")
        let table = try #require(Self.verdictTable(cli.stdout), "the CLI report has a verdict table")
        #expect(table.contains("<tr id=\"verdict-EIPA\"><th scope=\"row\" class=\"regime\">EIPA</th><td class=\"verdict verdict-deny\">deny</td>"))
        // Method v2: an overriding risk (5.9 ≥ 5) also denies under the ATT.
        #expect(table.contains("<tr id=\"verdict-ATT\"><th scope=\"row\" class=\"regime\">ATT</th><td class=\"verdict verdict-deny\">deny</td>"), "ATT")
        #expect(table.contains("[not in force]"), "the EU Common Position does not bind Canada")
        #expect(cli.stdout.hasPrefix("<!doctype html>"))
        #expect(cli.stdout.contains("w = g × s × c × r × a"))

        // The same application through the web form of `oversight serve` over the same database.
        let server = Process()
        server.executableURL = CLITests.binary
        server.arguments = ["serve", "--db", db, "--port", "0"]
        server.currentDirectoryURL = folder
        let err = Pipe()
        server.standardError = err
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        defer {
            if server.isRunning { server.terminate() }
            server.waitUntilExit()
        }
        let (log, port) = CLITests.awaitListening(err)
        let listening = try #require(port, "the server said where it listens: \(log)")

        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        let application = try String(contentsOfFile: Self.february, encoding: .utf8)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(listening)/assessments")!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data("application=\(application.addingPercentEncoding(withAllowedCharacters: allowed)!)&asOf=".utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let page = String(decoding: data, as: UTF8.self)
        #expect(Self.verdictTable(page) == table)
        #expect(page == cli.stdout.dropLast(cli.stdout.hasSuffix("\n") ? 1 : 0), "the whole report is the web page")
    }

    @Test func jsonHasVerdictsAndVerifiesUntilTheEvidenceChanges() throws {
        try loadDemo()
        let json = try run(["assess", Self.february, "--db", db, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let assessment = try #require(object["assessment"] as? [String: Any])
        let verdicts = try #require(assessment["verdicts"] as? [String: String])
        #expect(verdicts == ["EIPA": "deny", "ATT": "deny", "EU": "deny"])
        #expect(assessment["overallVerdict"] as? String == "deny")
        #expect(object["application"] is [String: Any])
        let saved = folder.appendingPathComponent("assessment.json")
        try Data(json.stdout.utf8).write(to: saved)

        let verified = try run(["assess", "--verify", saved.path, "--db", db])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("verified: demo:peru-pnp-simulators-2023-02-06 recomputes identically"))

        // One more Peru incident, public before the decision date.
        let bundle = folder.appendingPathComponent("extra.jsonl")
        try """
            {"format":"oversight-bundle","type":"bundle","version":1}
            {"id":"src:test-puno-2023-01-20","kind":"news","language":"en","published":"2023-01-20","publisher":"Test Wire","title":"[Test: killings in Puno]","type":"source"}
            {"country":"PE","id":"incident:test-puno-2023-01-20","killed":2,"perpetratorPersons":[],"perpetratorUnits":["unit:pnp-region-puno"],"range":{"end":"2023-01-20","endIsReal":true,"precise":true,"start":"2023-01-20","startIsReal":true},"stateForces":true,"title":"Test killings in Puno","type":"incident","victims":[],"violations":["unlawful-killing"]}
            {"citations":[{"source":"src:test-puno-2023-01-20"}],"confidence":"high","id":"claim:incident-test-puno-2023-01-20","status":"accepted","subject":"incident:test-puno-2023-01-20","type":"claim"}

            """.write(to: bundle, atomically: true, encoding: .utf8)
        let imported = try run(["import", "bundle", bundle.path, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")

        let changed = try run(["assess", "--verify", saved.path, "--db", db])
        #expect(changed.status != 0)
        #expect(changed.stderr.contains("NOT verified"))
        #expect(changed.stderr.contains("the inputs differ"))
    }

    @Test func invalidApplicationListsEveryProblem() throws {
        try loadDemo()
        let bad = folder.appendingPathComponent("bad.json")
        try """
            {"id": "x", "regimes": ["EIPA"], "exporter": "CA", "destination": "ZZ",
             "consignee": {"name": "a"}, "endUser": {"name": "b"},
             "items": [{"controlEntry": "2-99", "description": "d"}], "mitigations": ["bribe-the-minister"]}
            """.write(to: bad, atomically: true, encoding: .utf8)
        for format in ["md", "html", "json"] {
            let result = try run(["assess", bad.path, "--db", db, "--format", format])
            #expect(result.status != 0)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("4 problems"))
            for path in ["destination:", "items[0].controlEntry:", "decisionDate:", "mitigations[0]:"] {
                #expect(result.stderr.contains(path), "\(format): \(path)")
            }
        }
    }

    @Test func knownLaterTheReportSaysTheRiskCannotBeMitigated() throws {
        try loadDemo()
        let result = try run(["assess", Self.february, "--db", db, "--format", "html", "--as-of", "2026-11-29"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("<strong>Cannot be mitigated</strong>"))
        #expect(result.stdout.contains("Knowledge date</dt><dd><time datetime=\"2026-11-29\">"))
    }
}
