import Foundation
import Testing

/// Runs the real `oversight` binary: SFM imports, then `family` as GraphML and JSON.
struct SFMCLITests {
    /// The shared runner of the real binary (Tests/OversightCLITests/CLITests.swift).
    typealias Result = CLITests.Result
    let runner = CLITests()
    var folder: URL { runner.folder }
    var db: String { runner.db }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Result {
        try runner.run(arguments, environment: environment, input: input)
    }


    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func stats() throws -> [String: Int] {
        let result = try run(["stats", "--db", db, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode([String: Int].self, from: Data(result.stdout.utf8))
    }

    // Fictional units and people, written from the column lists of PRODUCT.md.
    static let units = """
        unit:id:admin\tunit:name\tunit:classification\tunit:relation_type\tunit:related_unit_id:admin\tunit:related_unit\tunit:related_unit_class\tunit:related_unit_first_cited_date\tunit:related_unit_first_cited_date_start\tunit:related_unit_last_cited_date\tunit:related_unit_open
        army\tArmy of Testland\tArmy\t\t\t\t\t\t\t\t
        div1\t1st Division\tCommand;Infantry\tchild\tarmy\tArmy of Testland\tcommand\t2010-05\tY\t2012-01\tY
        bde\t11th Brigade & Co\tInfantry\tchild\tdiv1\t1st Division\tcommand\t2011\tN\t2015-06-30\tE
        bde\t11th Brigade & Co\tInfantry\tmember\ttf\tTask Force North\tinformal\t2014-02\tN\t2014-09\tN
        bn\t111th Battalion\t\tchild\tbde\t11th Brigade & Co\tcommand\t2012-03-15\tY\t\t

        """

    static let persons = """
        person:id:admin,person:name,person:posting_unit_id:admin,person:posting_role,person:posting_title,person:posting_rank,person:posting_first_cited_date,person:posting_first_cited_date_start,person:posting_last_cited_date,person:posting_last_cited_date_end\r
        p1,Ana Example,div1,Commander,"Comandante, 1a División",General,2010-06,Y,2012-12-31,Y\r
        p2,Bruno Sample,bde,Acting Commander,,Coronel,2013,N,,\r
        p3,Carla Test,elsewhere,Spokesperson,,,2015,N,,\r

        """

    @Test func importUnitsThenPersonsThenFamilyAsGraphMLAndJSON() throws {
        let unitsFile = try write("units.tsv", SFMCLITests.units)
        let imported = try run(["import", "sfm-units", unitsFile, "--db", db, "--published", "2024-03-01"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("read 5 rows, imported 5, skipped 0, dangling parents 1 (1 placeholder units)"), "\(imported.stdout)")
        #expect(imported.stderr.contains("dangling parent sfm-unit:tf (\"Task Force North\", first named on row 5)"), "\(imported.stderr)")
        #expect(imported.stdout.contains("src:sfm-units.tsv"))
        var counts = try stats()
        #expect(counts["units"] == 5)
        #expect(counts["relations"] == 4)
        #expect(counts["sources"] == 1)
        #expect(counts["claims"] == 9)

        let personsFile = try write("persons.csv", SFMCLITests.persons)
        let people = try run(["import", "sfm-persons", personsFile, "--db", db, "--source-id", "src:sfm-people",
                              "--source-title", "People", "--published", "2024-03-02"])
        #expect(people.status == 0, "\(people.stderr)")
        #expect(people.stderr.contains("posting unit sfm-unit:elsewhere"), "\(people.stderr)")
        counts = try stats()
        #expect(counts["persons"] == 3)
        #expect(counts["postings"] == 3)
        #expect(counts["units"] == 6, "one placeholder for the unknown posting unit")
        #expect(counts["sources"] == 2)

        let show = try run(["show", "sfm-person:p1", "--db", db, "--format", "json"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("People"))

        let graphml = try run(["family", "--unit", "1st Division", "--db", db, "--format", "graphml"])
        #expect(graphml.status == 0, "\(graphml.stderr)")
        let xml = graphml.stdout
        #expect(xml.hasPrefix("<?xml"))
        #expect(xml.contains("xmlns=\"http://graphml.graphdrawing.org/xmlns\""))
        // The division, its ancestor (army) and descendants (brigade, battalion); not the brigade's task force,
        // which is neither an ancestor nor a descendant of the division.
        #expect(xml.components(separatedBy: "<node ").count - 1 == 4)
        #expect(xml.components(separatedBy: "<edge ").count - 1 == 3)
        #expect(!xml.contains("sfm-unit:tf"))
        #expect(xml.contains("<data key=\"node_label\">11th Brigade &amp; Co</data>"))
        #expect(xml.contains("source=\"sfm-unit:army\" target=\"sfm-unit:div1\""))
        #expect(xml.contains("<data key=\"edge_label\">2010-05 (start) – 2012-01 (open)</data>"))
        #expect(xml.contains("<data key=\"edge_label\">2011 – 2015-06-30 (end)</data>"))

        let json = try run(["family", "--unit", "sfm-unit:bn", "--db", db])
        #expect(json.status == 0, "\(json.stderr)")
        struct Family: Decodable {
            struct Unit: Decodable { var id: String; var name: String }
            struct Relation: Decodable { var id: String; var unit: String; var related: String; var kind: String }
            var unit: String
            var units: [Unit]
            var relations: [Relation]
        }
        let family = try JSONDecoder().decode(Family.self, from: Data(json.stdout.utf8))
        #expect(family.unit == "sfm-unit:bn")
        #expect(family.units.map(\.id) == ["sfm-unit:army", "sfm-unit:bde", "sfm-unit:bn", "sfm-unit:div1", "sfm-unit:tf"])
        #expect(family.relations.count == 4)
        #expect(family.units.first { $0.id == "sfm-unit:tf" }?.name == "Task Force North")

        let missing = try run(["family", "--unit", "no such unit", "--db", db])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no unit has the id or name 'no such unit'"))
        let notAUnit = try run(["family", "--unit", "sfm-person:p1", "--db", db])
        #expect(notAUnit.status == 1)
        #expect(notAUnit.stderr.contains("is a person, not a unit"))

        // Importing the same file again replaces, never duplicates.
        #expect(try run(["import", "sfm-units", unitsFile, "--db", db, "--published", "2024-03-01"]).status == 0)
        #expect(try stats() == counts)
    }

    @Test func badRowsAreReportedSkippedAndSummarisedWithExitStatus3() throws {
        let csv = SFMCLITests.units.replacingOccurrences(of: "\t", with: ",")
            .replacingOccurrences(of: "2012-03-15", with: "2012-02-30") + ",Nameless unit,,,,,,,,,\n"
        let file = try write("units.csv", csv)
        let result = try run(["import", "sfm-units", file, "--db", db, "--published", "2024-03-01"])
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("skipped row 6, column unit:related_unit_first_cited_date: '2012-02-30' is not a date"), "\(result.stderr)")
        #expect(result.stderr.contains("skipped row 7, column unit:id:admin: is empty"))
        #expect(result.stdout.contains("read 6 rows, imported 4, skipped 2, dangling parents 1"), "\(result.stdout)")
        let counts = try stats()
        #expect(counts["units"] == 4, "army, div1, bde and the placeholder tf; bn was only on a bad row")
        #expect(counts["relations"] == 3)
    }

    @Test func wrongDelimiterImportsNothingAndExplains() throws {
        let file = try write("units.csv", SFMCLITests.units)
        let result = try run(["import", "sfm-units", file, "--db", db, "--published", "2024-03-01"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--delimiter tab"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing imported"))
        let forced = try run(["import", "sfm-units", file, "--db", db, "--published", "2024-03-01", "--delimiter", "tab"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let badOption = try run(["import", "sfm-units", file, "--db", db, "--delimiter", "\"\""])
        #expect(badOption.status != 0)
        let badDate = try run(["import", "sfm-units", file, "--db", db, "--published", "March"])
        #expect(badDate.status != 0)
        #expect(badDate.stderr.contains("--published 'March' is not a date"))
    }

    @Test func defaultSourceUsesTheFileNameAndModificationDate() throws {
        let file = try write("peru units.tsv", SFMCLITests.units)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)], ofItemAtPath: file)
        #expect(try run(["import", "sfm-units", file, "--db", db]).status == 0)
        let show = try run(["show", "sfm-unit:div1", "--db", db])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("Security Force Monitor import: peru units.tsv (Security Force Monitor, 2023-11-14)"), "\(show.stdout)")
    }
}
