import Foundation
import Testing
import OversightCore
import OversightFormats

struct DelimitedTextReaderTests {
    func rows(_ text: String, delimiter: Character = ",") -> [DelimitedTextReader.Row] {
        var rows: [DelimitedTextReader.Row] = []
        DelimitedTextReader(delimiter: delimiter)!.read(Data(text.utf8)) { rows.append($0) }
        return rows
    }

    @Test func plainFieldsAndTrailingEmptyField() {
        let r = rows("a,b,c\n1,,3\nx,y,\n")
        #expect(r.map(\.fields) == [["a", "b", "c"], ["1", "", "3"], ["x", "y", ""]])
        #expect(r.map(\.number) == [1, 2, 3])
    }

    @Test func quotedFieldsWithDelimitersDoubledQuotesAndLineBreaks() {
        let r = rows("id,name\n1,\"Brigade \"\"Héroes\"\", North\"\n2,\"two\nlines\"\n3,after\n")
        #expect(r.map(\.fields) == [["id", "name"], ["1", "Brigade \"Héroes\", North"], ["2", "two\nlines"], ["3", "after"]])
        #expect(r.map(\.number) == [1, 2, 3, 4])
        #expect(r.map(\.line) == [1, 2, 3, 5], "the row after an embedded line break starts on a later line")
        #expect(r[3].location == "row 4 (line 5)")
        #expect(r[1].location == "row 2")
    }

    @Test func crlfLoneCRAndNoFinalNewline() {
        #expect(rows("a,b\r\n1,2\r\n").map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(rows("a,b\r1,2").map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(rows("a,\"x\r\ny\"\r\n").map(\.fields) == [["a", "x\r\ny"]])
    }

    @Test func byteOrderMarkIsSkipped() {
        let r = rows("\u{FEFF}unit:id:admin,unit:name\n1,A\n")
        #expect(r[0].fields == ["unit:id:admin", "unit:name"])
    }

    @Test func blankLinesAreRowsButMarkedBlank() {
        let r = rows("a\n\nb\n")
        #expect(r.map(\.isBlank) == [false, true, false])
        #expect(r.map(\.number) == [1, 2, 3])
    }

    @Test func tabDelimiterKeepsCommasAndHonoursQuotes() {
        let r = rows("a\tb\n1,5\t\"x\ty\"\n", delimiter: "\t")
        #expect(r.map(\.fields) == [["a", "b"], ["1,5", "x\ty"]])
    }

    @Test func lenientAboutStrayQuotes() {
        let r = rows("a,b\n5\" gun,\"quoted\"tail\n")
        #expect(r[1].fields == ["5\" gun", "quotedtail"])
    }

    @Test func unterminatedQuoteStopsWithTheRowMarked() {
        let r = rows("a,b\n1,\"never closed\n2,3\n")
        #expect(r.count == 2)
        #expect(r[1].unterminatedQuote)
        #expect(r[1].fields == ["1", "never closed\n2,3\n"])
    }

    @Test func delimiterFromFileName() {
        #expect(DelimitedTextReader.delimiter(forFileName: "units.TSV") == "\t")
        #expect(DelimitedTextReader.delimiter(forFileName: "units.csv") == ",")
        #expect(DelimitedTextReader(delimiter: "\"") == nil)
    }
}

/// Fixtures written for these tests from the column lists of PRODUCT.md (fictional units and people).
enum SFMFixture {
    static let unitHeader = ["unit:id:admin", "unit:name", "unit:classification", "unit:relation_type",
                             "unit:related_unit_id:admin", "unit:related_unit", "unit:related_unit_class",
                             "unit:related_unit_first_cited_date", "unit:related_unit_first_cited_date_start",
                             "unit:related_unit_last_cited_date", "unit:related_unit_open"]

    static let unitRows: [[String]] = [
        ["u-army", "Army of Testland", "Army", "", "", "", "", "", "", "", ""],
        ["u-div1", "1st Division", "Command; Infantry", "child", "u-army", "Army of Testland", "command", "2010-05", "Y", "2012-01", "Y"],
        ["u-bde", "11th Brigade \"Héroes\", North", "Infantry", "child", "u-div1", "1st Division", "command", "2011", "N", "2015-06-30", "E"],
        ["u-bde", "11th Brigade", "Infantry;Mountain", "member", "u-tf", "Task Force North", "informal", "2014-02-00", "N", "2014-09", "N"],
        ["u-bn", "111th Battalion", "", "child", "u-bde", "11th Brigade", "Administrative", "2012-03-15", "y", "", ""],
    ]

    /// The rows as CSV (quoted where needed) or TSV.
    static func table(_ header: [String], _ rows: [[String]], delimiter: Character) -> String {
        func field(_ text: String) -> String {
            let special = text.contains(delimiter) || text.contains("\"") || text.contains("\n")
            return special ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        return ([header] + rows).map { $0.map(field).joined(separator: String(delimiter)) }.joined(separator: "\r\n") + "\r\n"
    }

    static func units(_ rows: [[String]] = unitRows, delimiter: Character = "\t") throws -> SFMUnitFile {
        try SFMUnitFile.parse(Data(table(unitHeader, rows, delimiter: delimiter).utf8), delimiter: delimiter, fileName: "units.tsv")
    }

    static let personHeader = ["person:id:admin", "person:name", "person:posting_unit_id:admin", "person:posting_role",
                               "person:posting_title", "person:posting_rank", "person:posting_first_cited_date",
                               "person:posting_first_cited_date_start", "person:posting_last_cited_date",
                               "person:posting_last_cited_date_end"]

    static let personRows: [[String]] = [
        ["p-1", "Ana Example", "u-div1", "Commander", "Comandante de la 1a División", "General de Brigada", "2010-06", "Y", "2012-12-31", "Y"],
        ["p-1", "Ana Example", "u-army", "chief of staff", "Jefa del Estado Mayor", "General de División", "2013", "N", "2014", "N"],
        ["p-2", "Bruno Sample", "u-bde", "Spokesperson", "", "Coronel", "2012-02-30", "N", "", ""],
        ["p-3", "Carla Test", "u-elsewhere", "Acting  Commander", "", "", "2015", "N", "", ""],
        ["p-4", "Dan Nobody", "", "", "", "", "", "", "", ""],
    ]

    static func persons(_ rows: [[String]] = personRows, delimiter: Character = ",") throws -> SFMPersonFile {
        try SFMPersonFile.parse(Data(table(personHeader, rows, delimiter: delimiter).utf8), delimiter: delimiter, fileName: "persons.csv")
    }

    static let source = SFM.source(id: "src:sfm-test", title: "SFM test", published: PartialDate("2024-01-31")!, fileName: "units.tsv")
}

struct SFMUnitFileTests {
    @Test(arguments: ["\t", ","] as [Character])
    func readsUnitsAndRelationsWithEitherDelimiter(delimiter: Character) throws {
        let file = try SFMFixture.units(delimiter: delimiter)
        #expect(file.rowsRead == 5)
        #expect(file.rowsSkipped == 0)
        #expect(file.issues.isEmpty)
        #expect(file.units.map(\.id) == ["sfm-unit:u-army", "sfm-unit:u-div1", "sfm-unit:u-bde", "sfm-unit:u-bn"])
        let brigade = file.units[2]
        #expect(brigade.name == "11th Brigade \"Héroes\", North")
        #expect(brigade.aliases == ["11th Brigade"])
        #expect(brigade.classification == ["Infantry", "Mountain"])
        #expect(file.units[1].classification == ["Command", "Infantry"])
        #expect(file.relations.count == 4)
        let division = file.relations[0].relation
        #expect(division.unit == "sfm-unit:u-div1")
        #expect(division.related == "sfm-unit:u-army")
        #expect(division.kind == .childOf)
        #expect(division.relationClass == "command")
        #expect(division.range == DateRange(start: PartialDate("2010-05"), startIsReal: true, end: PartialDate("2012-01"),
                                            endIsReal: false, precise: true))
        #expect(division.id == "sfm-relation:sfm-unit:u-div1/sfm-unit:u-army/child-of/2010-05")
    }

    @Test func partialDatesAndFlags() throws {
        let file = try SFMFixture.units()
        let ranges = file.relations.map(\.relation.range)
        // N start flag, E = real end.
        #expect(ranges[1] == DateRange(start: PartialDate("2011"), startIsReal: false, end: PartialDate("2015-06-30"), endIsReal: true))
        // 2014-02-00: the 00 day means unknown. N open flag: no real end, recorded in the claim's note.
        #expect(ranges[2] == DateRange(start: PartialDate("2014-02"), startIsReal: false, end: PartialDate("2014-09"), endIsReal: false))
        #expect(file.relations[2].relation.kind == .memberOf)
        #expect(file.relations[2].openFlag == "N")
        // Lower-case y flag, no last cited date, class in another case.
        #expect(ranges[3] == DateRange(start: PartialDate("2012-03-15"), startIsReal: true, end: nil, endIsReal: false))
        #expect(file.relations[3].relation.relationClass == "administrative")
    }

    @Test func danglingParentsBecomePlaceholdersUnlessTheDatabaseHasThem() throws {
        let file = try SFMFixture.units()
        #expect(file.danglingParents == [SFMDanglingUnit(id: "sfm-unit:u-tf", name: "Task Force North", row: 5)])
        var records: [Record] = []
        file.records(source: SFMFixture.source) { r, _ in records.append(r) }
        let placeholder = records.compactMap { if case .unit(let u) = $0, u.id == "sfm-unit:u-tf" { return u } else { return nil } }
        #expect(placeholder.count == 1)
        #expect(placeholder.first?.name == "Task Force North")
        #expect(placeholder.first?.note?.contains("row 5") == true)
        var withExisting: [Record] = []
        file.records(source: SFMFixture.source, existingUnitIDs: ["sfm-unit:u-tf"]) { r, _ in withExisting.append(r) }
        #expect(!withExisting.contains { $0.id == "sfm-unit:u-tf" })
        #expect(withExisting.count == records.count - 2, "neither the placeholder nor its claim")
    }

    @Test func everyRecordIsValidAndClaimedByTheOneSource() throws {
        let file = try SFMFixture.units()
        var records: [Record] = []
        file.records(source: SFMFixture.source) { r, _ in records.append(r) }
        #expect(records.filter { if case .source = $0 { return true } else { return false } }.count == 1)
        let claims = records.compactMap { if case .claim(let c) = $0 { return c } else { return nil } }
        let entities = records.compactMap(\.entity)
        #expect(entities.count == 4 + 1 + 4)
        #expect(Set(claims.map(\.subject)) == Set(entities.map(\.id)))
        for claim in claims {
            #expect(claim.citations == [Citation(source: "src:sfm-test")])
            #expect(claim.status == .accepted)
            #expect(claim.confidence == .medium)
            #expect(claim.id == "claim:\(claim.subject)@src:sfm-test")
        }
        for record in records { #expect(RecordValidator.standard.check(record).isEmpty, "\(record)") }
        #expect(claims.first { $0.subject.contains("/sfm-unit:u-tf/") }?.note?.contains("open flag N: not known to continue") == true)
        // The chain core sees the whole family, the placeholder included.
        let family = CommandIndex(snapshot: EvidenceSnapshot(records: records)).family(unit: "sfm-unit:u-bde")
        #expect(family?.units.map(\.id) == ["sfm-unit:u-army", "sfm-unit:u-bde", "sfm-unit:u-bn", "sfm-unit:u-div1", "sfm-unit:u-tf"])
        #expect(family?.relations.count == 4)
    }

    @Test func handWrittenCanonicalJSONMatchesTheEncoder() throws {
        var rows = SFMFixture.unitRows
        rows.append(["q/1", "Back\\slash \"quoted\" a/b \u{7}bell ñandú 🚓", "Tag\u{1F};Other", "child", "u-army", "", "",
                     "", "", "", ""])
        let units = try SFMFixture.units(rows)
        let persons = try SFMFixture.persons(SFMFixture.personRows + [["p/5", "Zoë \"Z\" \\ Test", "u-bn", "Weird\trole", "", "", "2001", "Y", "2002", "N"]])
        var checked = 0
        func check(_ record: Record, _ json: String) {
            #expect(json == (try? record.canonicalJSON()), "\(record)")
            checked += 1
        }
        units.records(source: SFMFixture.source, _: check)
        persons.records(source: SFMFixture.source, existingUnitIDs: [], check)
        #expect(checked > 20)
    }

    @Test func idsThatAreAlreadyOversightIdsAreKept() throws {
        let file = try SFMFixture.units([["unit:pnp", "Policía Nacional", "", "", "", "", "", "", "", "", ""],
                                         ["42", "Comisaría", "", "child", "unit:pnp", "PNP", "", "", "", "", ""]])
        #expect(file.units.map(\.id) == ["unit:pnp", "sfm-unit:42"])
        #expect(file.relations.first?.relation.related == "unit:pnp")
        #expect(file.relations.first?.relation.id == "sfm-relation:sfm-unit:42/unit:pnp/child-of/undated")
    }

    @Test func repeatedRelationsGetNumberedIds() throws {
        let row = ["b", "B", "", "child", "a", "A", "", "2010", "N", "2011", "N"]
        let file = try SFMFixture.units([["a", "A", "", "", "", "", "", "", "", "", ""], row, row])
        #expect(file.relations.map(\.relation.id) == ["sfm-relation:sfm-unit:b/sfm-unit:a/child-of/2010",
                                                      "sfm-relation:sfm-unit:b/sfm-unit:a/child-of/2010/2"])
    }

    @Test(arguments: [
        (["", "Nameless", "", "", "", "", "", "", "", "", ""], "unit:id:admin", "is empty"),
        (["x", "", "", "", "", "", "", "", "", "", ""], "unit:name", "is empty"),
        (["x", "X", "", "child", "u-army", "Army", "", "2010-02-30", "N", "", ""], "unit:related_unit_first_cited_date", "'2010-02-30' is not a date"),
        (["x", "X", "", "child", "u-army", "Army", "", "2010", "N", "2010-13", ""], "unit:related_unit_last_cited_date", "'2010-13' is not a date"),
        (["x", "X", "", "child", "u-army", "Army", "", "2010", "maybe", "", ""], "unit:related_unit_first_cited_date_start", "'maybe' is not a flag"),
        (["x", "X", "", "child", "u-army", "Army", "", "2010", "N", "2011", "Q"], "unit:related_unit_open", "'Q' is not an open flag"),
        (["x", "X", "", "parent", "u-army", "Army", "", "", "", "", ""], "unit:relation_type", "'parent' is not a relation type"),
        (["x", "X", "", "", "u-army", "Army", "", "", "", "", ""], "unit:relation_type", "is empty; use child or member"),
        (["x", "X", "", "child", "u-army", "Army", "chain", "", "", "", ""], "unit:related_unit_class", "'chain' is not a relation class"),
        (["x", "X", "", "child", "u-army", "Army", "", "2012", "N", "2011-05", "N"], "unit:related_unit_last_cited_date", "is before the first cited date"),
        (["x", "X", "", "child", "x", "X", "", "", "", "", ""], "unit:related_unit_id:admin", "own id"),
        (["x", "X", "", "child", "", "Army", "", "", "", "", ""], "unit:related_unit_id:admin", "relation data"),
        (["x", "X", "", "child", "u-army", "Army", "", "", "Y", "", ""], "unit:related_unit_first_cited_date_start", "no first cited date"),
        (["x", "X", "", "child", "u-army", "Army", "", "2010", "N", "", "E"], "unit:related_unit_open", "no last cited date"),
    ])
    func badRowsAreSkippedWithRowAndColumn(bad: [String], column: String, message: String) throws {
        var rows = SFMFixture.unitRows
        rows.insert(bad, at: 2)
        let file = try SFMFixture.units(rows)
        #expect(file.rowsRead == 6)
        #expect(file.rowsSkipped == 1)
        #expect(file.rowsImported == 5)
        let issue = try #require(file.issues.first)
        #expect(issue.row == 4)
        #expect(issue.column == column)
        #expect(issue.message.contains(message), "\(issue.message)")
        #expect(issue.description.hasPrefix("row 4, column \(column): "))
        #expect(file.units.count == 4, "the other rows are imported")
        #expect(file.relations.count == 4)
    }

    @Test func oneRowCanHaveSeveralProblemsAndWrongFieldCountsAreReported() throws {
        var rows = SFMFixture.unitRows
        rows.append(["", "", "", "child", "u-army", "", "", "2010-99", "N", "", ""])
        rows.append(["short", "row"])
        let file = try SFMFixture.units(rows)
        #expect(file.rowsSkipped == 2)
        #expect(file.issues.filter { $0.row == 7 }.map(\.column) == ["unit:id:admin", "unit:name", "unit:related_unit_first_cited_date"])
        let short = try #require(file.issues.first { $0.row == 8 })
        #expect(short.column == nil)
        #expect(short.description == "row 8: has 2 fields but the header has 11; check the delimiter and the quotes")
    }

    @Test func aMissingColumnRejectsTheFileAndHintsAtTheDelimiter() throws {
        let tsv = SFMFixture.table(SFMFixture.unitHeader, SFMFixture.unitRows, delimiter: "\t")
        let error = #expect(throws: SFMFormatError.self) {
            _ = try SFMUnitFile.parse(Data(tsv.utf8), delimiter: ",", fileName: "units.csv")
        }
        #expect(error?.message.contains("missing columns") == true)
        #expect(error?.message.contains("--delimiter tab") == true, "\(error?.message ?? "")")
        let partial = SFMFixture.table(Array(SFMFixture.unitHeader.dropLast()), [], delimiter: ",")
        let missing = #expect(throws: SFMFormatError.self) {
            _ = try SFMUnitFile.parse(Data(partial.utf8), delimiter: ",", fileName: "units.csv")
        }
        #expect(missing?.message.contains("missing column unit:related_unit_open") == true, "\(missing?.message ?? "")")
        #expect(throws: SFMFormatError.self) { _ = try SFMUnitFile.parse(Data(), delimiter: ",", fileName: "empty.csv") }
    }

    @Test func headerCaseExtraColumnsAndBlankLinesAreTolerated() throws {
        let header = SFMFixture.unitHeader.map { $0.uppercased() } + ["unit:notes"]
        let text = "\u{FEFF}" + SFMFixture.table(header, SFMFixture.unitRows.map { $0 + ["ignored"] }, delimiter: ",") + "\r\n\r\n"
        let file = try SFMUnitFile.parse(Data(text.utf8), delimiter: ",", fileName: "units.csv")
        #expect(file.rowsRead == 5)
        #expect(file.issues.isEmpty)
        #expect(file.units.first?.id == "sfm-unit:u-army")
    }

    @Test(arguments: [
        ("2010", "2010"), ("2010-05", "2010-05"), ("2010-05-17", "2010-05-17"), ("2010-05-00", "2010-05"),
        ("2010-00-00", "2010"), ("2010-00", "2010"),
    ])
    func sfmDates(text: String, expected: String) throws {
        let file = try SFMFixture.units([["a", "A", "", "", "", "", "", "", "", "", ""],
                                         ["b", "B", "", "child", "a", "A", "", text, "N", "", ""]])
        #expect(file.relations.first?.relation.range.start?.description == expected)
    }

    @Test(arguments: ["2010-00-05", "10-05", "2010/05", "May 2010", "2010-5", "0000"])
    func impossibleDatesAreBadRows(text: String) throws {
        let file = try SFMFixture.units([["a", "A", "", "", "", "", "", "", "", "", ""],
                                         ["b", "B", "", "child", "a", "A", "", text, "N", "", ""]])
        #expect(file.rowsSkipped == 1)
        #expect(file.issues.first?.column == "unit:related_unit_first_cited_date")
    }
}

struct SFMPersonFileTests {
    @Test(arguments: [
        ("Commander", PostRole.commander), ("ACTING COMMANDER", .actingCommander), ("Deputy Commander", .deputyCommander),
        ("chief of staff", .chiefOfStaff), ("Chief-of-Staff", .chiefOfStaff), ("Minister", .minister),
        ("President", .headOfState), ("Prime Minister", .headOfGovernment), ("Chief", .chief), ("Staff", .staff),
        ("Member", .member), ("On-scene commander", .onScene), ("Spokesperson", .other), ("", .other),
    ])
    func rolesMapCaseInsensitively(text: String, role: PostRole) {
        #expect(SFMPersonFile.role(text) == role)
    }

    @Test func readsPersonsAndPostingsKeepingTitleAndRank() throws {
        let file = try SFMFixture.persons()
        #expect(file.rowsRead == 5)
        #expect(file.rowsSkipped == 1)
        let issue = try #require(file.issues.first)
        #expect(issue.description == "row 4, column person:posting_first_cited_date: '2012-02-30' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD (an empty or 00 month or day means unknown: 2010-05-, 2010--)")
        #expect(file.persons.map(\.id) == ["sfm-person:p-1", "sfm-person:p-3", "sfm-person:p-4"])
        #expect(file.postings.count == 3)
        let first = file.postings[0].posting
        #expect(first.person == "sfm-person:p-1")
        #expect(first.unit == "sfm-unit:u-div1")
        #expect(first.role == .commander)
        #expect(first.title == "Comandante de la 1a División")
        #expect(first.rank == "General de Brigada")
        #expect(first.range == DateRange(start: PartialDate("2010-06"), startIsReal: true, end: PartialDate("2012-12-31"), endIsReal: true))
        #expect(file.postings[1].posting.role == .chiefOfStaff)
        #expect(file.postings[1].posting.range.endIsReal == false)
        #expect(file.postings[2].posting.role == .actingCommander)
        #expect(file.postingUnits.map(\.id) == ["sfm-unit:u-div1", "sfm-unit:u-army", "sfm-unit:u-elsewhere"])
    }

    @Test func unknownRolesAreOtherWithTheVerbatimRoleKept() throws {
        let file = try SFMFixture.persons([["p-9", "Eva", "u-1", "Spokesperson", "", "", "", "", "", ""],
                                           ["p-9", "Eva", "u-1", "Jefe de prensa", "Vocero", "", "2019", "", "", ""]])
        #expect(file.postings.map(\.posting.role) == [.other, .other])
        #expect(file.postings[0].posting.title == "Spokesperson", "no title: the verbatim role stands in")
        #expect(file.postings[1].posting.title == "Vocero")
        var records: [Record] = []
        file.records(source: SFMFixture.source, existingUnitIDs: ["sfm-unit:u-1"]) { r, _ in records.append(r) }
        let notes = records.compactMap { if case .claim(let c) = $0 { return c.note } else { return nil } }
        #expect(notes.contains { $0.contains("SFM role 'Jefe de prensa'") })
    }

    @Test func postingUnitsMissingFromTheDatabaseBecomePlaceholders() throws {
        let file = try SFMFixture.persons()
        let existing: Set<String> = ["sfm-unit:u-div1", "sfm-unit:u-army"]
        #expect(file.danglingUnits(existingUnitIDs: existing).map(\.id) == ["sfm-unit:u-elsewhere"])
        var records: [Record] = []
        file.records(source: SFMFixture.source, existingUnitIDs: existing) { r, _ in records.append(r) }
        let units = records.compactMap { if case .unit(let u) = $0 { return u } else { return nil } }
        #expect(units.map(\.id) == ["sfm-unit:u-elsewhere"])
        for record in records { #expect(RecordValidator.standard.check(record).isEmpty, "\(record)") }
        let claimed = Set(records.compactMap { if case .claim(let c) = $0 { return c.subject } else { return nil } })
        #expect(claimed == Set(records.compactMap(\.entity).map(\.id)))
    }

    @Test func postingDataWithoutAUnitIsABadRow() throws {
        let file = try SFMFixture.persons([["p-1", "Ana", "", "Commander", "", "", "2010", "", "", ""]])
        #expect(file.issues.first?.column == "person:posting_unit_id:admin")
        #expect(file.rowsImported == 0)
    }
}
