import Foundation
import Testing

/// Runs the real `oversight` binary: ACLED import and re-import, search, SFM and FtM export.
struct CurationCLITests {
    typealias Result = CLITests.Result
    let runner = CLITests()
    var folder: URL { runner.folder }
    var db: String { runner.db }

    @discardableResult
    func run(_ arguments: [String]) throws -> Result { try runner.run(arguments) }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    struct ImportOutput: Decodable {
        struct Summary: Decodable {
            var added: Int, updated: Int, unchanged: Int, deleted: Int, deletedIDs: [String]
        }
        var layout: String
        var rows: Int
        var skipped: Int
        var summary: Summary
    }

    func importACLED(_ path: String, _ extra: [String] = []) throws -> ImportOutput {
        let result = try run(["import", "acled", path, "--db", db, "--format", "json"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(ImportOutput.self, from: Data(result.stdout.utf8))
    }

    @Test func bothLayoutsImportAndReimportUpdatesAndReportsDeletions() throws {
        let current = ACLEDFixtures.path("current.csv")
        let first = try importACLED(current)
        #expect(first.layout == "acled-2023" && first.rows == 10 && first.skipped == 0)
        #expect(first.summary.added == 10)

        // The legacy export of the same events adds nothing.
        let legacy = try importACLED(ACLEDFixtures.path("legacy.csv"))
        #expect(legacy.layout == "acled-legacy")
        #expect(legacy.summary.added == 0 && legacy.summary.unchanged == 10)

        // CHL8 was the latest event: only the period the export covers tells that it was deleted.
        let revision2 = ACLEDFixtures.path("current-revision-2.csv")
        let inferred = try importACLED(revision2)
        #expect(inferred.summary.updated == 1 && inferred.summary.deleted == 0)
        let second = try importACLED(revision2, ["--from", "2018-01-01", "--to", "2024-12-31"])
        #expect(second.summary.updated == 0, "MEX1 was updated by the previous import")
        #expect(second.summary.deleted == 1 && second.summary.deletedIDs == ["CHL8"])
        #expect(second.summary.added == 0 && second.summary.unchanged == 9)
        #expect(try run(["import", "acled", revision2, "--from", "2018-01-01", "--db", db]).status != 0, "--from needs --to")

        let table = try run(["import", "acled", current, "--db", db])
        #expect(table.status == 0)
        #expect(table.stdout.contains("added 0, updated 0, unchanged 10"), "the older revision changes nothing: \(table.stdout)")
    }

    @Test func statsCountTheCandidatesByReviewStatus() throws {
        _ = try importACLED(ACLEDFixtures.path("current.csv"))
        let stats = try run(["stats", "--db", db, "--format", "json"])
        #expect(stats.status == 0, "\(stats.stderr)")
        let counts = try JSONDecoder().decode([String: Int].self, from: Data(stats.stdout.utf8))
        #expect(counts["candidateIncidents"] == 10)
        #expect(counts["candidatesPending"] == 10)
        #expect(counts["candidatesConfirmed"] == 0 && counts["candidatesMerged"] == 0 && counts["candidatesRejected"] == 0)
        let table = try run(["stats", "--db", db])
        #expect(table.stdout.contains("candidatesPending"))
    }

    @Test func badRowsAreSkippedWithExitStatus3AndABadFileImportsNothing() throws {
        var lines = try String(contentsOfFile: ACLEDFixtures.path("current.csv"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let parts = lines[3].split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        lines[3] = parts[0] + ",not-a-date," + parts[2]
        let result = try run(["import", "acled", try write("bad.csv", lines.joined(separator: "\n")), "--db", db])
        #expect(result.status == 3)
        #expect(result.stderr.contains("line 4, column event_date"))
        #expect(result.stdout.contains("added 9"))
        let notACLED = try run(["import", "acled", try write("other.csv", "a,b\n1,2\n"), "--db", db])
        #expect(notACLED.status == 1)
        #expect(notACLED.stderr.contains("is this an ACLED export"))
        #expect(try run(["import", "acled", folder.appendingPathComponent("missing.csv").path, "--db", db]).status == 1)
    }

    @Test func searchFindsDemoNamesWithAndWithoutAccents() throws {
        #expect(try run(["demo", "--db", db]).status == 0)
        for query in ["Víctor Rojas", "victor rojas"] {
            let result = try run(["search", query, "--db", db, "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("\"person:victor-rojas-herrera\""), "\(query)")
        }
        let filtered = try run(["search", "juliaca", "--kind", "incident", "--violation", "unlawful-killing", "--from", "2023-01-01", "--db", db])
        #expect(filtered.status == 0)
        #expect(filtered.stdout.contains("incident:juliaca-2023-01-09"))
        #expect(try run(["search", "juliaca", "--violation", "nope", "--db", db]).status != 0)
    }

    @Test func exportsSFMTablesAndFtMLines() throws {
        #expect(try run(["demo", "--db", db]).status == 0)
        let out = folder.appendingPathComponent("sfm").path
        let sfm = try run(["export", "sfm", "-o", out, "--db", db])
        #expect(sfm.status == 0, "\(sfm.stderr)")
        for name in ["units.csv", "relations.csv", "persons.csv", "postings.csv", "incidents.csv", "sources.csv"] {
            let text = try String(contentsOfFile: "\(out)/\(name)", encoding: .utf8)
            #expect(text.split(separator: "\n").count > 1, "\(name) has rows")
        }
        // relations.csv imports again as SFM unit relations.
        let copy = folder.appendingPathComponent("copy.sqlite").path
        let reimport = try runner.run(["import", "sfm-units", "\(out)/relations.csv", "--db", copy, "--published", "2024-01-01"])
        #expect(reimport.status == 0, "\(reimport.stderr)")

        let ftmPath = folder.appendingPathComponent("out.ftm.json").path
        let ftm = try run(["export", "ftm", "-o", ftmPath, "--db", db])
        #expect(ftm.status == 0)
        let lines = try String(contentsOfFile: ftmPath, encoding: .utf8).split(separator: "\n")
        let schemas = Set(try lines.map { line -> String in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return object["schema"] as! String
        })
        #expect(schemas == ["PublicBody", "Person", "Position", "Occupancy"])
        // The export loads as a screening list.
        let screening = try run(["import", "ftm", ftmPath, "--db", db])
        #expect(screening.status == 0, "\(screening.stderr)")
    }
}
