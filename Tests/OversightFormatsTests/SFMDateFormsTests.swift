import Foundation
import Testing
import OversightCore
@testable import OversightFormats

/// Every date form SFM's published exports use: empty or `00` parts for what is not known, trailing dashes
/// included (`2010-05-` is May 2010).
struct SFMDateFormsTests {
    @Test(arguments: [
        ("2010-05-17", "2010-05-17"), ("2010-05", "2010-05"), ("2010", "2010"),
        ("2010-05-", "2010-05"), ("2010-05-00", "2010-05"), ("2010-00-00", "2010"), ("2010--", "2010"), ("2010-", "2010"),
        ("2010-00", "2010"), ("2010-00-", "2010"),
    ])
    func acceptedForms(text: String, expected: String) {
        #expect(SFM.date(text) == .some(PartialDate(expected)), "\(text)")
    }

    @Test(arguments: ["2010--17", "2010-00-17", "2010-13-", "2010-02-30", "2010-5-", "2010-05-1", "2010---", "201", "20100", "2010-05-17-", "abcd-05-"])
    func refusedForms(text: String) {
        #expect(SFM.date(text) == nil, "\(text)")
    }

    @Test func aUnitFileWithTrailingDashDatesKeepsEveryRow() throws {
        let rows: [[String]] = [
            ["u-army", "Army of Testland", "Army", "", "", "", "", "", "", "", ""],
            ["u-div1", "1st Division", "Command", "child", "u-army", "Army of Testland", "command", "2010-05-", "Y", "2012-01-", "Y"],
            ["u-bde", "11th Brigade", "Infantry", "child", "u-div1", "1st Division", "command", "2011--", "N", "2015-06-30", "E"],
        ]
        let file = try SFMFixture.units(rows)
        #expect(file.rowsSkipped == 0)
        #expect(file.relations.count == 2)
        let division = try #require(file.relations.first { $0.relation.unit == "sfm-unit:u-div1" })
        #expect(division.relation.range.start == PartialDate("2010-05"))
        #expect(division.relation.range.end == PartialDate("2012-01"))
        let brigade = try #require(file.relations.first { $0.relation.unit == "sfm-unit:u-bde" })
        #expect(brigade.relation.range.start == PartialDate("2011"))
    }
}
