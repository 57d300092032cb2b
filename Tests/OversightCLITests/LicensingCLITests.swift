import Foundation
import Testing

/// `oversight import eu-export|uk-licences`, `oversight datasets`, `oversight report licensing` and `oversight copy`
/// of the datasets, running the real binary on a SQLite file with the fixtures of Tests/Fixtures/caat.
struct LicensingCLITests {
    let cli = CLITests()
    var db: String { cli.db }

    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/caat/\(name)").path
    }

    /// The `datasets` table's lines below its headings, split on runs of spaces.
    func datasets(_ db: String) throws -> [[String]] {
        let listed = try cli.run(["datasets", "--db", db])
        #expect(listed.status == 0, "\(listed.stderr)")
        return listed.stdout.split(separator: "\n").dropFirst(4).map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
    }

    @Test func importsAreNamedDatasetsListedAndReplacedWhole() throws {
        #expect(try cli.run(["datasets", "--db", db]).stdout.contains("no licensing datasets"))
        let eu = try cli.run(["import", "eu-export", Self.fixture("eu-export.csv"), "--db", db])
        #expect(eu.status == 0, "\(eu.stderr)")
        #expect(eu.stdout.contains("16 figures, 3 exporters"))
        #expect(eu.stdout.contains("stored dataset 'eu-export' (eu-export): 16 figures"))
        let uk = try cli.run(["import", "uk-licences", Self.fixture("uk-values.csv"), "--criteria", Self.fixture("uk-refusal-criteria.csv"),
                              "--dataset", "uk-2015", "--db", db])
        #expect(uk.status == 0, "\(uk.stderr)")
        #expect(uk.stdout.contains("10 licences (8 refused, 8 with criteria), years 2008–2009"), "\(uk.stdout)")
        var rows = try datasets(db)
        #expect(rows.map { Array($0.prefix(4)) } == [["eu-export", "eu-export", "16", "eu-export.csv"], ["uk-2015", "uk-licences", "28", "uk-values.csv"]])
        #expect(rows.allSatisfy { $0.last?.hasSuffix("Z") == true }, "with the time of the import")

        // The same name again replaces that dataset only.
        let smaller = cli.folder.appendingPathComponent("eu-2009.csv")
        try String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.fixture("eu-export.csv"))), as: UTF8.self)
            .split(separator: "\n").filter { $0.hasPrefix("2009") }.joined(separator: "\n").write(to: smaller, atomically: true, encoding: .utf8)
        let again = try cli.run(["import", "eu-export", smaller.path, "--dataset", "eu-export", "--db", db])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("replaced dataset 'eu-export' (eu-export): 7 figures"))
        rows = try datasets(db)
        #expect(rows.map { Array($0.prefix(4)) } == [["eu-export", "eu-export", "7", "eu-2009.csv"], ["uk-2015", "uk-licences", "28", "uk-values.csv"]])
    }

    @Test func aFileWithBadRowsIsListedLineByLineAndNothingIsImported() throws {
        let bad = try cli.run(["import", "eu-export", Self.fixture("eu-export-bad.csv"), "--db", db])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("eu-export: 7 bad row(s), nothing imported"), "\(bad.stderr)")
        #expect(bad.stderr.contains("line 2, column year: '20O8' is not a year; write it as four digits, e.g. 2023"))
        #expect(bad.stderr.contains("line 8, column rating: 'ML 30' is not a military-list category"))
        let ukBad = try cli.run(["import", "uk-licences", Self.fixture("uk-values-bad.csv"), "--db", db])
        #expect(ukBad.status != 0)
        #expect(ukBad.stderr.contains("line 4, column count: 'one' is not a number of licences"), "\(ukBad.stderr)")
        #expect(try cli.run(["datasets", "--db", db]).stdout.contains("no licensing datasets"))
        let check = try cli.run(["import", "eu-export", Self.fixture("eu-export.csv"), "--check", "--db", db])
        #expect(check.status == 0 && !check.stdout.contains("stored"))
        let badName = try cli.run(["import", "eu-export", Self.fixture("eu-export.csv"), "--dataset", "no spaces", "--db", db])
        #expect(badName.status != 0 && badName.stderr.contains("is not a dataset name"))
    }

    /// Refusals by Criterion 2 to Sri Lanka, per exporter and year, from both datasets.
    @Test func theLicensingReportPutsEachExportersRefusalsInItsRow() throws {
        #expect(try cli.run(["import", "eu-export", Self.fixture("eu-export.csv"), "--dataset", "eu", "--db", db]).status == 0)
        #expect(try cli.run(["import", "uk-licences", Self.fixture("uk-values.csv"), "--criteria", Self.fixture("uk-refusal-criteria.csv"),
                             "--dataset", "uk", "--db", db]).status == 0)
        let report = try cli.run(["report", "licensing", "--destination", "LK", "--from", "2008", "--to", "2009", "--format", "csv", "--db", db])
        #expect(report.status == 0, "\(report.stderr)")
        let lines = report.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
        let header = try #require(lines.first)
        let c2 = try #require(header.firstIndex(of: "criterion_2")), refusals = try #require(header.firstIndex(of: "refusals"))
        let body = lines.dropFirst().dropLast()
        #expect(body.map { "\($0[0]) \($0[2]) \($0[5]) d=\($0[refusals]) c2=\($0[c2])" } == [
            "eu DE 2008 d=2 c2=2", "eu FR 2008 d=0 c2=0", "uk GB 2008 d=5 c2=3", "eu DE 2009 d=0 c2=0", "eu FR 2009 d=1 c2=1", "uk GB 2009 d=11 c2=11",
        ])
        #expect(lines.last?[c2] == "17")
        let one = try cli.run(["report", "licensing", "--destination", "LK", "--dataset", "uk", "--year", "2009", "--format", "csv", "--db", db])
        #expect(one.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 3, "header, the UK's 2009 row, totals")
        let conflicting = try cli.run(["report", "licensing", "--year", "2009", "--from", "2008", "--db", db])
        #expect(conflicting.status != 0 && conflicting.stderr.contains("either --year or --from/--to"))
    }

    @Test func copyCarriesTheDatasetsAndChecksTheirCounts() throws {
        #expect(try cli.run(["import", "eu-export", Self.fixture("eu-export.csv"), "--dataset", "eu", "--db", db]).status == 0)
        #expect(try cli.run(["import", "uk-licences", Self.fixture("uk-values.csv"), "--dataset", "uk", "--db", db]).status == 0)
        let target = cli.folder.appendingPathComponent("copy.sqlite").path
        let copied = try cli.run(["copy", "--from", db, "--to", target])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(try datasets(target).map { Array($0.prefix(3)) } == [["eu", "eu-export", "16"], ["uk", "uk-licences", "13"]])
        let report = try cli.run(["report", "licensing", "--destination", "SY", "--format", "csv", "--db", target])
        #expect(report.stdout.contains("eu,Germany,DE,Syria,SY,2009,0,,,,1,1,0,"), "\(report.stdout)")
    }
}
