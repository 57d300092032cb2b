import Foundation
import OversightCore
@testable import OversightFormats
import Testing

/// The fixtures of Tests/Fixtures/caat (see its README), as bytes.
enum CAATFixtures {
    static func data(_ name: String) -> Data {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        // A missing fixture fails the test that reads it, naming the file.
        return (try? Data(contentsOf: folder.appendingPathComponent("Fixtures/caat/\(name)"))) ?? Data("missing fixture \(name)".utf8)
    }
}

/// The EU member-state table and the UK licence data readers on the CAAT-layout fixtures, and the licensing
/// comparison built from what they read.
struct LicensingFormatsTests {
    @Test func theEUTableIsReadOneFigurePerLine() throws {
        let file = EUArmsExportTable.read(CAATFixtures.data("eu-export.csv"))
        #expect(file.problems == [])
        #expect(file.rows.count == 16)
        let first = try #require(file.rows.first)
        #expect(first == EUArmsExportTable.Row(line: 1, year: 2003, embargo: false, sourceCode: "AT", sourceName: "Austria", destinationCode: "DZ",
                                               destinationName: "Algeria", regionCode: "AFN", regionName: "North Africa", rating: "ML4",
                                               category: .licensedValue, value: 43_514_800))
        #expect(file.rows[2].value == 125_000_050, "euros with cents, in cents")
        #expect(file.rows[1].category == .licencesIssued && file.rows[1].value == 4, "counts stay counts")
        #expect(file.rows.last?.embargo == true)
        let figure = first.figure
        #expect(figure.currency == "EUR" && figure.exporter == "AT" && figure.destination == "DZ" && figure.measure == .licensedValue)
        #expect(file.rows[5].figure.currency == nil && file.rows[5].figure.measure == .criterion2)
    }

    @Test func everyBadEURowIsReportedWithItsLineColumnAndAFix() {
        let file = EUArmsExportTable.read(CAATFixtures.data("eu-export-bad.csv"))
        #expect(file.rows.count == 1)
        #expect(file.problems.map(\.line) == [2, 3, 4, 5, 6, 7, 8])
        #expect(file.problems.map(\.column) == ["year", "embargo", "category", "value", nil, nil, "rating"])
        #expect(file.problems[0].description == "line 2, column year: '20O8' is not a year; write it as four digits, e.g. 2023")
        #expect(file.problems[4].message.contains("already appears on line 1"))
        #expect(file.problems[5].message == "the line has 10 fields, the layout 11")
        #expect(file.problems.allSatisfy { !$0.hint.isEmpty })
    }

    /// Found by the eu-export fuzz target: a two-letter code that is no country ("RF") was stored as the exporter.
    @Test func codesThatAreNoCountryAreBadRowsAndTheEUsOwnCodesAreRead() {
        let file = EUArmsExportTable.read(Data("""
            2009; 0; RF; France; LK; Sri Lanka; SAS; South Asia; ML 4; e2; 1;
            2009; 0; FR; France; QQ; Nowhere; SAS; South Asia; ML 4; e2; 1;
            2009; 0; EL; Greece; LK; Sri Lanka; SAS; South Asia; ML 4; e2; 1;
            2009; 0; UK; United Kingdom; LK; Sri Lanka; SAS; South Asia; ML 4; e2; 1;

            """.utf8))
        #expect(file.problems.map(\.line) == [1, 2])
        #expect(file.problems.map(\.column) == ["source_code", "destination_code"])
        #expect(file.rows.map(\.sourceCode) == ["GR", "GB"])
    }

    @Test func aHeaderACommaAndNoTrailingDelimiterAreAccepted() {
        let file = EUArmsExportTable.read(Data("year,embargo,source_code,source,destination_code,destination,region_code,region,rating,category,value\n2010,0,SE,Sweden,,Several destinations,,,ML 6,a,2\n".utf8))
        #expect(file.problems == [])
        #expect(file.rows.map(\.line) == [2])
        #expect(file.rows.first?.destinationCode == nil && file.rows.first?.destinationName == "Several destinations")
    }

    @Test func overLongFieldsAndRowsAreBadRowsNotMemory() {
        let long = String(repeating: "x", count: LicensingLimits.maximumFieldLength + 1)
        let wide = Array(repeating: "1", count: LicensingLimits.maximumFields + 1).joined(separator: ";")
        let file = EUArmsExportTable.read(Data("2008; 0; DE; \(long); LK; Sri Lanka; SAS; South Asia; ML 1; a; 1;\n\(wide)\n".utf8))
        #expect(file.rows.isEmpty)
        #expect(file.problems.map(\.line) == [1, 2])
        #expect(file.problems.map(\.column) == ["source", nil])
        #expect(file.problems[0].message.contains("more than the 4096 allowed"))
    }

    @Test func theUKLicencesAreJoinedWithTheirRefusalCriteria() throws {
        let file = UKLicenceData.read(licences: CAATFixtures.data("uk-values.csv"), criteria: CAATFixtures.data("uk-refusal-criteria.csv"))
        #expect(file.problems == [])
        #expect(file.licences.map(\.id) == ["53", "294", "613", "1555", "1962", "1963", "2490", "10204", "12126", "13348"])
        #expect(file.unmapped.isEmpty, "Syria and Sri Lanka map to SY and LK")
        let byID = Dictionary(uniqueKeysWithValues: file.licences.map { ($0.id, $0) })
        #expect(byID["294"]?.destination == "LK" && byID["53"]?.destination == "SY")
        #expect(byID["1962"]?.items.compactMap(\.valueMinor) == [240_000_000, 1_000_000])
        #expect(byID["613"]?.criteria == [1, 2, 3])
        #expect(byID["2490"]?.licences == 2)
        #expect(byID["2490"]?.refusals(citing: 3) == 2, "three criteria rows, but only two licences")
        #expect(byID["12126"]?.refusals(citing: 2) == 6)
        #expect(file.criterionTexts[2] == "Risk of use for internal repression.")
        let figures = try #require(byID["1963"]).figures
        #expect(figures.map(\.measure) == [.refusals, .criterion2, .criterion7])
        #expect(figures.allSatisfy { $0.exporter == "GB" && $0.licence == "1963" && $0.line == 8 })
    }

    @Test func laterReleasesHeadersAreReadToo() {
        let file = UKLicenceData.read(
            licences: Data("licence_cohort_id,date,rating,count,value,country,iso2,refused\n7,2024-05-02,ML10,1,,Somewhere,IL,1\n".utf8),
            criteria: Data("licence_cohort_id,criterion,description\n7,7,\"Risk of diversion.\"\n99,2,\"x\"\n".utf8))
        #expect(file.problems == [])
        #expect(file.licences.first?.destination == "IL")
        #expect(file.licences.first?.criteria == [7])
        #expect(file.criteriaIgnored == 1)
    }

    @Test func everyBadUKRowIsReportedWithItsLineAndColumn() {
        let file = UKLicenceData.read(licences: CAATFixtures.data("uk-values-bad.csv"),
                                      criteria: Data("licence_group,criteria,description\n294,9,\"?\"\n".utf8))
        #expect(file.licences.map(\.id) == ["294"])
        #expect(file.problems.map(\.line) == [3, 4, 5, 6, 7, 2])
        #expect(file.problems.map(\.column) == ["date", "count", "refused", "licence_group", "value", "criteria"])
        #expect(file.problems.last?.description == "criteria line 2, column criteria: '9' is not a criterion number; write the number of the criterion cited, 1 to 8")
        let missing = UKLicenceData.read(licences: Data("id,date\n1,2008-01-01\n".utf8))
        #expect(missing.problems.first?.message == "the header lacks licence_cohort_id, country, refused")
    }

    /// Refusals by Criterion 2 to Sri Lanka land in the row of their exporter, year and dataset.
    @Test func theLicensingReportComparesTheExportersOfBothDatasets() throws {
        let eu = EUArmsExportTable.read(CAATFixtures.data("eu-export.csv")).figures
        let uk = UKLicenceData.read(licences: CAATFixtures.data("uk-values.csv"), criteria: CAATFixtures.data("uk-refusal-criteria.csv")).figures
        let datasets = [LicensingDataset(name: "eu", kind: "eu-export", file: "eu-export.csv", importedAt: "2026-12-03T10:00:00Z", rows: eu.count),
                        LicensingDataset(name: "uk", kind: "uk-licences", file: "uk-values.csv", importedAt: "2026-12-03T10:00:00Z", rows: uk.count)]
        let report = LicensingComparisonReport.build(datasets: datasets, figures: ["eu": eu, "uk": uk],
                                                     filter: .init(destination: "LK", from: 2008, to: 2009))
        #expect(report.rows.map { "\($0.year) \($0.dataset) \($0.exporter)" } == ["2008 eu DE", "2008 eu FR", "2008 uk GB", "2009 eu DE", "2009 eu FR", "2009 uk GB"])
        let uk2008 = report.rows[2]
        #expect(uk2008.licencesIssued == 2 && uk2008.refusals == 5)
        #expect(uk2008.licensedValueMinor == 248_770_000 && uk2008.currency == "GBP")
        #expect(uk2008.refusalsByCriterion == [1, 3, 3, 0, 0, 0, 2, 0])
        #expect(report.rows[0].refusalsByCriterion[1] == 2 && report.rows[0].licensedValueMinor == 125_000_050 && report.rows[0].actualExportsMinor == 80_000_000)
        #expect(report.rows[5].refusals == 11 && report.rows[5].refusalsByCriterion[1] == 11)
        let table = try #require(report.document().table("licensing"))
        let criterion2 = try #require(table.columns.firstIndex { $0.key == "criterion_2" })
        #expect(table.rows.map { $0[0] } == ["eu", "eu", "uk", "eu", "eu", "uk"], "every row names its dataset")
        #expect(table.rows.map { $0[criterion2] } == ["2", "0", "3", "0", "1", "11"])
        #expect(table.totals?[criterion2] == "17", "the total adds the rows")
        #expect(table.totals?[7] == "", "EUR and GBP are not added together")
        let fromOne = LicensingComparisonReport.build(datasets: datasets, figures: ["eu": eu, "uk": uk], filter: .init(datasets: ["uk"], destination: "Syria"))
        #expect(fromOne.rows.map { "\($0.year) \($0.exporter) \($0.refusalsByCriterion[0])" } == ["2008 GB 1"])
    }
}
