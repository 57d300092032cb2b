import Foundation
import Testing
import OversightCore
import OversightFormats

/// Inputs the fuzz targets (Fuzz/README.md) found, each with the reader fixed: every failure names its place,
/// every record read is one the importers accept.
struct FuzzFindingsTests {
    /// sfm-units / sfm-persons: an empty file's error named neither a row nor a column.
    @Test func emptySFMFileNamesTheColumns() throws {
        #expect {
            _ = try SFMUnitFile.parse(Data("\n\n".utf8), delimiter: ",", fileName: "empty.csv")
        } throws: { error in
            "\(error)".contains("unit:id:admin, unit:name")
        }
        #expect {
            _ = try SFMPersonFile.parse(Data(), delimiter: ",", fileName: "empty.csv")
        } throws: { error in
            "\(error)".contains("person:id:admin, person:name")
        }
    }

    /// blocklist / screening-batch: a file that is not UTF-8 was refused without saying where.
    @Test func notUTF8NamesTheLine() throws {
        let data = Data("name,schema\nA,person\n".utf8) + Data([0x42, 0xFF, 0x0A])
        #expect {
            try BlocklistReader.read(data)
        } throws: { error in
            (error as? ScreeningFormatError)?.line == 3 && "\(error)".contains("byte 23")
        }
        #expect {
            try ScreeningBatch.read(Data("full_name\n".utf8) + Data([0xC3]))
        } throws: { error in
            (error as? ScreeningFormatError)?.line == 2
        }
    }

    /// blocklist: a name of only punctuation folded to an empty id (which a list replacement would store).
    @Test func blocklistNameOfPunctuationGetsAnID() throws {
        let file = try BlocklistReader.read(Data("name\n'\n--\n".utf8))
        #expect(file.entries.map(\.id) == ["u27", "u2d-2d"])
        #expect(try BlocklistReader.read(Data("name\n'\n".utf8)).entries.map(\.id) == ["u27"], "stable across reads")
    }

    /// un-xml: libxml2 reports line 0 for an error before the first line is read; that is line 1.
    @Test func unListErrorBeforeAnyLineIsLineOne() throws {
        #expect {
            try UNConsolidatedListReader.read(Data([0x3C, 0x00, 0x00, 0x00, 0x34, 0x3C, 0x7D]))
        } throws: { error in
            guard let error = error as? ScreeningFormatError, let line = error.line else { return false }
            return line >= 1 && (error.column ?? 1) >= 1
        }
    }

    /// sipri-2026: a delivery year of 5375 was read as a year; the older layout already refused it.
    @Test func sipriYearsOutsideTheRangeAreProblems() throws {
        let current = """
            SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production;
            48002,United States,Peru,Example,transport helicopter,Aircraft,2019,No,2,No,5375,No,New,No,5,10,No;
            48003,United States,Peru,Example,transport helicopter,Aircraft,0201,No,2,No,2020,No,New,No,5,10,No;

            """
        #expect {
            try SIPRITradeRegister.read(Data(current.utf8))
        } throws: { error in
            (error as? TransparencyFormatError)?.problems == ["line 2: delivery year '5375' is not a year",
                                                                "line 3: order date '0201' does not start with a year"]
        }
        let older = """
            Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons
            Peru,Canada,20140,,32,,Piranha-2,APC,32,,2015; 2016,New,$67 m deal,0.27,8.64,8.64

            """
        #expect {
            try SIPRITradeRegister.read(Data(older.utf8))
        } throws: { error in
            (error as? TransparencyFormatError)?.problems == ["line 2: year of order '20140' is not a year"]
        }
    }

    /// un-xml: a document declaring UTF-7 and malformed further on crashed libxml2 inside XMLParser (SEGV).
    @Test func unListInAnotherEncodingIsRefusedBeforeParsing() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: folder.appendingPathComponent("Fixtures/fuzz/un-xml-utf7-crash.xml"))
        #expect {
            try UNConsolidatedListReader.read(data)
        } throws: { error in
            (error as? ScreeningFormatError)?.line == 1 && "\(error)".contains("'UTF-7'")
        }
        let latin1 = #"<?xml version='1.0' encoding = 'ISO-8859-1'?><CONSOLIDATED_LIST/>"#
        #expect(throws: ScreeningFormatError.self) { try UNConsolidatedListReader.read(Data(latin1.utf8)) }
        let utf8 = #"<?xml version="1.0" encoding="utf-8"?><CONSOLIDATED_LIST/>"#
        #expect(try UNConsolidatedListReader.read(Data(utf8.utf8)).entries.isEmpty)
    }

    /// un-xml: a processing instruction with a name and no data (`<?name?>`) crashed FoundationXML (a null read
    /// in strlen); it is refused before parsing, with its place, wherever it stands outside comments and CDATA.
    @Test func unListProcessingInstructionWithoutDataIsRefused() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: folder.appendingPathComponent("Fixtures/fuzz/un-xml-pi-without-data.xml"))
        #expect {
            try UNConsolidatedListReader.read(data)
        } throws: { error in
            guard let error = error as? ScreeningFormatError else { return false }
            return error.line == 1 && error.column == 1 && "\(error)".contains("<?name?>")
        }
        for (text, line, column) in [("<CONSOLIDATED_LIST>\n  <?a?></CONSOLIDATED_LIST>", 2, 3),
                                     (#"<?xml version="1.0"?><CONSOLIDATED_LIST a="<?b?>"/>"#, 1, 44),
                                     ("<CONSOLIDATED_LIST/>\n<!-- x\n -->\n<?xml?>", 4, 1)] {
            #expect {
                try UNConsolidatedListReader.read(Data(text.utf8))
            } throws: { error in
                (error as? ScreeningFormatError)?.line == line && (error as? ScreeningFormatError)?.column == column
            }
        }
        // Inside a comment or CDATA it is text, and an instruction with data is read past as before.
        let harmless = "<?xml-stylesheet href=\"a.xsl\"?><CONSOLIDATED_LIST><!-- <?a?> --><X><![CDATA[<?b?>]]></X></CONSOLIDATED_LIST>"
        #expect(try UNConsolidatedListReader.read(Data(harmless.utf8)).entries.isEmpty)
    }

    /// eu-export: a two-letter code that is no country ("RF", line 9 of the input as found) was read as the exporter.
    @Test func euTableCodeThatIsNoCountryIsABadRow() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: folder.appendingPathComponent("Fixtures/fuzz/eu-export-not-a-country.csv"))
        let file = EUArmsExportTable.read(data)
        #expect(file.problems.contains { $0.line == 9 && $0.column == "source_code" })
        #expect(file.rows.allSatisfy { ReferenceData.shared.country($0.sourceCode) != nil })
    }

    static func fixture(_ name: String) throws -> Data {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        return try Data(contentsOf: folder.appendingPathComponent("Fixtures/fuzz/\(name)"))
    }

    /// acled-legacy: a date such as `22 June 2023000000000000…` overflowed the day arithmetic (a trap in
    /// `Day.ordinal`). A year outside 1–9999 is no day; the row is an issue naming `event_date`.
    @Test func acledDateWithAHugeYearIsAnIssue() throws {
        #expect(Day(year: 2_023_000_000_000_000_000, month: 6, day: 22) == nil)
        #expect(Day(year: 10_000, month: 1, day: 1) == nil && Day(year: 0, month: 1, day: 1) == nil)
        #expect(Day(year: 9999, month: 12, day: 31)?.description == "9999-12-31")
        #expect(ACLEDReader.parseDate("22 June 20230000000000000000000000000") == nil)
        let header = "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3\n"
        var events: [ACLEDEvent] = []
        var issues: [ACLEDFormatError] = []
        _ = try ACLEDReader.read(data: Data(header.utf8) + (try Self.fixture("acled-legacy-year-overflow.csv")),
                                 event: { events.append($0) }, issue: { issues.append($0) })
        #expect(issues.contains { $0.column == "event_date" && $0.message.contains("not a date") })
        #expect(events.allSatisfy { (1...9999).contains($0.eventDate.year) })
    }

    /// eu-export: a value of `4.¼` (a byte of Latin-1 after the point) trapped in `Money.parseMinor`, which took
    /// any Unicode number for a digit. Only ASCII digits are read now, and a sum past Int64 is no number.
    @Test func moneyReadsOnlyASCIIDigits() throws {
        #expect(Money.parseMinor("4.¼") == nil)
        #expect(Money.parseMinor("٣") == nil && Money.parseMinor("1.٣") == nil)
        #expect(Money.parseMinor("92233720368547758.08") == nil, "the cents carry past Int64")
        #expect(Money.parseMinor("92233720368547758.07") == Int64.max)
        #expect(Money.parseMinor("$1,234.5") == 123_450 && Money.parseMinor("-0.07") == -7 && Money.parseMinor(".5") == 50)
        let file = EUArmsExportTable.read(try Self.fixture("eu-export-value-other-digits.csv"))
        #expect(file.problems.contains { $0.line == 1 && $0.column == "value" })
    }

    /// sipri-2026: a TIV of `-06` was read as a negative value; both layouts now refuse a negative TIV.
    @Test func sipriNegativeTIVIsAProblem() throws {
        let header = "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production;\n"
        #expect {
            try SIPRITradeRegister.read(Data(header.utf8) + (try Self.fixture("sipri-2026-negative-tiv.csv")))
        } throws: { error in
            (error as? TransparencyFormatError)?.problems.contains { $0.hasPrefix("line 3: ") && $0.contains("is negative") } == true
        }
        let older = """
            Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons
            Peru,Canada,2014,,32,,Piranha-2,APC,32,,2015; 2016,New,$67 m deal,0.27,8.64,-8.64

            """
        #expect {
            try SIPRITradeRegister.read(Data(older.utf8))
        } throws: { error in
            (error as? TransparencyFormatError)?.problems == ["line 2: SIPRI TIV of delivered weapons '-8.64' is negative; a TIV is never below zero"]
        }
    }

    /// sipri-older / sipri-2026: a TIV of 17 or more digits overflowed the thousandths it is kept in (a trap in
    /// `milli`); it is now a problem of its line, "not a number".
    @Test func sipriTIVPastInt64IsAProblem() throws {
        let current = "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production;\n"
        #expect {
            try SIPRITradeRegister.read(Data(current.utf8) + (try Self.fixture("sipri-2026-tiv-overflow.csv")))
        } throws: { error in
            (error as? TransparencyFormatError)?.problems.contains("line 2: TIV delivery values '88888888888888003' is not a number") == true
        }
        let older = "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons\n"
        #expect {
            try SIPRITradeRegister.read(Data(older.utf8) + (try Self.fixture("sipri-older-tiv-overflow.csv")))
        } throws: { error in
            (error as? TransparencyFormatError)?.problems.contains { $0.contains("SIPRI TIV of delivered weapons") && $0.contains("is not a number") } == true
        }
        let largest = "Peru,Canada,2014,,32,,Piranha-2,APC,32,,2015,New,,0.27,8.64,9223372036854775.807\n"
        #expect(try SIPRITradeRegister.read(Data((older + largest).utf8)).transfers.first?.tivMilli == Int64.max)
    }

    /// ca-exports: a description with a CRLF inside was written unquoted (the CRLF is one Character, which the
    /// quoting check compared with "\n" and "\r"), so the written file did not read back.
    @Test func canadaDescriptionWithCRLFRoundTrips() throws {
        #expect(ReportTable.csvField("a\r\nb") == "\"a\r\nb\"")
        let records = try CanadaExportsCSV.read(try Self.fixture("ca-exports-crlf-in-description.csv"))
        #expect(records.first?.description?.utf8.contains(0x0A) == true)
        #expect(try CanadaExportsCSV.read(Data(CanadaExportsCSV.write(records).utf8)) == records)
    }

    /// application: an empty key was reported with an empty field path.
    @Test func applicationEmptyKeyHasAPath() throws {
        #expect {
            try ApplicationReader.read(Data(#"{"": 1}"#.utf8))
        } throws: { error in
            guard let error = error as? ValidationError else { return false }
            return error.issues.contains { $0.path == #"$[""]"# } && error.issues.allSatisfy { !$0.path.isEmpty }
        }
    }

    /// blocklist: without an id column, the second "Juan" became juan-2, the id a party named "Juan 2" has.
    @Test func blocklistGeneratedIDsNeverCollide() throws {
        let file = try BlocklistReader.read(Data("name\nJuan\nJuan 2\nJuan\nJuan\n".utf8))
        #expect(file.entries.map(\.id) == ["juan", "juan-2", "juan-3", "juan-4"])
        #expect(Set(file.entries.map(\.id)).count == 4)
    }
}
