import Foundation
import Testing

/// `oversight import un-sc|ftm|opensanctions-csv|blocklist` and `oversight screen`, run as the real binary.
struct ScreeningCLITests {
    /// The shared runner of the real binary (Tests/OversightCLITests/CLITests.swift).
    typealias Result = CLITests.Result
    let runner = CLITests()
    var folder: URL { runner.folder }
    var db: String { runner.db }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil,
             executable: URL = CLITests.binary) throws -> Result {
        try runner.run(arguments, environment: environment, input: input, executable: executable)
    }


    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A blocklist written for these tests (invented parties).
    static let blocklist = """
        name,schema,country,date_of_birth,identifier,note
        Juan Pérez Gómez,person,PE,1975-03-02,DNI 12345678,seen at the border
        Acme Arms Trading Ltd,organization,AE,,RN-99881,
        """

    @Test func importScreenDecideAndReimport() throws {
        let list = try write("blocklist.csv", Self.blocklist)
        let first = try run(["import", "blocklist", list, "--db", db])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("blocklist: 2 entries"))
        #expect(first.stdout.contains("2 added, 0 removed, 0 changed, 0 unchanged"))

        let screened = try run(["screen", "--db", db, "--name", "Juan Perez Gomes", "--dob", "1975", "--country", "PE"])
        #expect(screened.status == 0, "\(screened.stderr)")
        #expect(screened.stdout.contains("blocklist:juan-perez-gomez-1975-03-02"))
        #expect(screened.stdout.contains("name: query vs name “Juan Pérez Gómez”"))
        #expect(screened.stdout.contains("date-of-birth: same year of birth"))

        let json = try run(["screen", "--db", db, "--name", "ACME ARMS TRADING", "--format", "json"])
        let result = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let hits = try #require(result["hits"] as? [[String: Any]])
        #expect((hits.first?["entry"] as? [String: Any])?["id"] as? String == "acme-arms-trading-ltd")
        #expect((hits.first?["features"] as? [[String: Any]])?.first?["feature"] as? String == "name")

        #expect(try run(["screen", "--db", db, "--name", "Juan Perez Gomes", "--fail-on-match"]).status == 2)
        #expect(try run(["screen", "--db", db, "--name", "Maria Lopez", "--fail-on-match"]).status == 0)

        let decide = try run(["screen", "decide", "--db", db, "--entry", "blocklist:juan-perez-gomez-1975-03-02", "--party", "Juan Perez Gomes",
                              "--not-a-match", "--reason", "different father's name", "--by", "officer 7"])
        #expect(decide.status == 0, "\(decide.stderr)")
        let after = try run(["screen", "--db", db, "--name", "JUAN PEREZ-GOMES"])
        #expect(after.stdout.contains("no match"))
        #expect(after.stdout.contains("not raised: blocklist:juan-perez-gomez-1975-03-02"))
        #expect(try run(["screen", "decisions", "--db", db]).stdout.contains("officer 7: different father's name"))

        // A newer version of the list changes the entry: the hit is raised again.
        let edited = try write("blocklist2.csv", Self.blocklist.replacingOccurrences(of: "seen at the border", with: "seen twice"))
        let again = try run(["import", "blocklist", edited, "--db", db, "--show-changes"])
        #expect(again.stdout.contains("0 added, 0 removed, 1 changed, 1 unchanged"))
        #expect(again.stdout.contains("changed: blocklist:juan-perez-gomez-1975-03-02"))
        let raised = try run(["screen", "--db", db, "--name", "Juan Perez Gomes"])
        #expect(raised.stdout.contains("raised again: officer 7 decided"))
    }

    @Test func batchScreeningWritesCSVInInputOrder() throws {
        #expect(try run(["import", "blocklist", try write("b.csv", Self.blocklist), "--db", db]).status == 0)
        let input = try write("parties.csv", """
            full_name,first_name,middle_name,last_name,gender,date_of_birth,place_of_birth,nationality
            ,Juan,Perez,Gomez,M,1975-03-02,"Lima, Peru",PE
            Somebody Else,,,,,,,
            Acme Arms Trading,,,,,,,
            """)
        let result = try run(["screen", "--db", db, "--csv", input])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "row,query,best_match_id,best_match_name,score,match")
        #expect(lines.count == 4)
        #expect(lines[1].hasPrefix("1,Juan Perez Gomez,blocklist:juan-perez-gomez-1975-03-02,Juan Pérez Gómez,"))
        #expect(lines[1].hasSuffix(",true"))
        #expect(lines[2] == "2,Somebody Else,,,,false")
        #expect(lines[3].hasPrefix("3,Acme Arms Trading,blocklist:acme-arms-trading-ltd,") && lines[3].hasSuffix(",true"))

        let output = folder.appendingPathComponent("out.csv").path
        #expect(try run(["screen", "--db", db, "--csv", input, "--output", output]).status == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == result.stdout)
    }

    @Test func errorsSayWhatToDo() throws {
        let none = try run(["screen", "--db", db, "--name", "X"])
        #expect(none.status != 0 && none.stderr.contains("no screening lists are loaded"))
        let badXML = try write("bad.xml", "<CONSOLIDATED_LIST>\n<INDIVIDUALS><INDIVIDUAL></INDIVIDUALS>")
        let imported = try run(["import", "un-sc", badXML, "--db", db])
        #expect(imported.status != 0)
        #expect(imported.stderr.contains("line 2") && imported.stderr.contains("nothing was imported"), "\(imported.stderr)")
        #expect(try run(["screen", "--db", db, "--name", "X", "--dob", "1970-13"]).stderr.contains("--dob '1970-13' is not a date"))
        #expect(try run(["screen", "--db", db]).stderr.contains("give --name"))
        #expect(try run(["screen", "decide", "--db", db, "--entry", "nolist", "--party", "X", "--not-a-match", "--reason", "r", "--by", "b"])
            .stderr.contains("is not LIST:ID"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: ScreeningCLITests.unList.path), "../shared/data/un-sc is absent: skipped"))
    func importsTheRealUNListAndFindsAnOriginalScriptName() throws {
        let first = try run(["import", "un-sc", Self.unList.path, "--db", db])
        #expect(first.stdout.contains("un-sc: 1018 entries"), "\(first.stderr)")
        #expect(first.stdout.contains("(version 2020-11-30T20:31:19.923-05:00)"))
        let second = try run(["import", "un-sc", Self.unList.path, "--db", db])
        #expect(second.stdout.contains("0 added, 0 removed, 0 changed, 1018 unchanged"))
        let screened = try run(["screen", "--db", db, "--name", "Шамиль Измайлов"])
        #expect(screened.stdout.contains("un-sc:6908493"))
        #expect(try run(["screen", "lists", "--db", db]).stdout.contains("un-sc  1018 entries"))
    }

    @Test func theBenchmarkRuns() throws {
        let result = try run(["screening", "--names", "2000", "--queries", "200", "--check", "20", "--format", "json"], executable: CLITests.benchBinary)
        #expect(result.status == 0, "\(result.stderr)")
        let figures = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(figures["names"] as? Int == 2000)
        #expect(figures["missedByLookup"] as? Int == 0)
        #expect((figures["queriesPerSecond"] as? Int ?? 0) > 0)
    }

    static let unList = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/un-sc/consolidated-2020-11-30.xml")
}
