import Foundation
import Testing

/// `oversight import ca-exports|sipri` and `oversight report …`, running the real binary on temporary databases.
struct ReportCLITests {
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

    /// CSV lines split into fields (no quoted commas in these tests).
    static func lines(_ csv: String) -> [[String]] {
        csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
    }

    @Test func caExportsImportFeedsTheAnnualReportWhoseTotalIsTheSumOfItsRows() throws {
        let csv = try write("annex-g.csv", """
            year,destination,ecl_item,value_cad,permits_utilised
            2023,US,2-10,900000.00,40
            2023,Saudi Arabia,2-6,1500000.00,12
            2023,PE,2-14,1800000.00,3
            2022,PE,2-10,560000.00,2

            """)
        let imported = try run(["import", "ca-exports", csv, "--db", db, "--published", "2024-06-28"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 4 export rows"))
        #expect(imported.stdout.contains("src:gac-military-exports-2023"))
        let report = try run(["report", "exports", "--db", db, "--year", "2023", "--exporter", "CA", "--format", "csv"])
        #expect(report.status == 0, "\(report.stderr)")
        let rows = Self.lines(report.stdout)
        let header = try #require(rows.first)
        let total = try #require(header.firstIndex(of: "total"))
        let body = rows.dropFirst().dropLast()
        #expect(body.map { $0[1] } == ["PE", "SA", "US"])
        let sum = body.map { Int64($0[total].replacingOccurrences(of: ".", with: ""))! }.reduce(0, +)
        #expect(rows.last?[total] == "4200000.00")
        #expect(sum == 420_000_000)
        #expect(rows.last?[header.firstIndex(of: "permits_utilised")!] == "55")
        // The imported rows are sourced claims, known only from the report's publication.
        let stats = try run(["stats", "--db", db, "--format", "json", "--as-of", "2024-06-27"])
        #expect(stats.stdout.contains("\"claims\" : 0"))
    }

    @Test func aBadExportsFileImportsNothingAndSaysWhichRows() throws {
        let csv = try write("bad.csv", "year,destination,ecl_item,value_cad\n2023,PE,2-14,100\n2023,Mordor,2-14,100\n2023,PE,2-99,1\n")
        let result = try run(["import", "ca-exports", csv, "--db", db])
        #expect(result.status != 0)
        #expect(result.stderr.contains("row 3: destination 'Mordor'"))
        #expect(result.stderr.contains("row 4: ECL item '2-99'"))
        let stats = try run(["stats", "--db", db, "--format", "json"])
        #expect(stats.stdout.contains("\"exports\" : 0"), "nothing half-written")
        let template = try run(["import", "ca-exports", "--template"])
        #expect(template.stdout.hasPrefix("year,destination,ecl_item,value_cad,permits_utilised"))
    }

    @Test func theDemoReportsShowThePeruExportsAndTheFlaggedPermit() throws {
        #expect(try run(["demo", "--db", db]).status == 0)
        let att = try run(["report", "att", "--db", db, "--year", "2022", "--format", "json"])
        #expect(att.status == 0, "\(att.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(att.stdout.utf8)) as? [String: Any]
        let data = try #require(json?["data"] as? [String: Any])
        let rows = try #require(data["rows"] as? [[String: Any]])
        #expect(rows.first?["category"] as? String == "IV/V")
        #expect(rows.first?["valueMinor"] as? Int == 56_000_000)
        let watchdog = try run(["report", "watchdog", "--db", db, "--format", "md"])
        #expect(watchdog.status == 0, "\(watchdog.stderr)")
        let permitLine = try #require(watchdog.stdout.split(separator: "\n").first { $0.hasPrefix("| permit:ca-pe-2023-02-06 |") })
        #expect(permitLine.contains("EIPA deny"))
        #expect(permitLine.contains("yes: ATT, EIPA"))
        #expect(watchdog.stdout.contains("AFP, 2023-01-09"))
        #expect(!watchdog.stdout.contains("Human Rights Watch"))
        let html = try run(["report", "exports", "--db", db, "--year", "2023", "--format", "html"])
        #expect(html.stdout.contains("<svg"))
        #expect(html.stdout.contains("1800000.00"))
        let table = try run(["report", "coarm", "--db", db, "--year", "2023"])
        #expect(table.stdout.contains("960000.00"))
        let badYear = try run(["report", "exports", "--db", db, "--year", "23"])
        #expect(badYear.status != 0)
        #expect(badYear.stderr.contains("not a year"))
    }

    @Test func sipriImportReportsUnmappedNamesAndFeedsTheTransfersReport() throws {
        let file = try write("sipri.csv", """
            Transfers of major conventional arms;
            Data generated: 02 Feb 2026;
            SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production;
            48001,Canada,Peru,Piranha-2,APC,Armoured vehicles,2014,No,16,No,2015,No,New,No,0.27,4.32,No;
            48001,Canada,Peru,Piranha-2,APC,Armoured vehicles,2014,No,16,No,2016,No,New,No,0.27,4.32,No;
            48009,Zorgland,Peru,Example,APC,Armoured vehicles,2014,No,1,No,2016,No,New,No,1,1,No;

            """)
        let imported = try run(["import", "sipri", file, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("2026 layout"))
        #expect(imported.stdout.contains("unmapped names (1): Zorgland (1 rows)"))
        let report = try run(["report", "transfers", "--db", db, "--exporter", "CA", "--format", "csv"])
        let rows = Self.lines(report.stdout)
        #expect(rows.count == 4, "header, two years, totals")
        #expect(rows.last?[7] == "8.640")
        let years = try run(["report", "transfers", "--db", db, "--destination", "PE", "--format", "csv", "--table", "years"])
        #expect(Self.lines(years.stdout).last == ["Total", "9.640"])
    }
}
