import Foundation
import OversightCore
import OversightFormats
import Testing

/// Excerpts of real public lists, shortened (comments trimmed, a few records only):
/// - UN Security Council Consolidated List, dateGenerated 2020-11-30 (United Nations Security Council);
/// - OpenSanctions FollowTheMoney entities from the yente test fixtures (OpenSanctions, data CC BY-NC 4.0).
enum ScreeningExcerpts {
    static let unList = """
        <?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://www.un.org/sc/resources/sc-sanctions.xsd" dateGenerated="2020-11-30T20:31:19.923-05:00">
            <INDIVIDUALS>
                <INDIVIDUAL><DATAID>6908555</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME> RI </FIRST_NAME><SECOND_NAME>WON HO</SECOND_NAME><THIRD_NAME/><UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.033</REFERENCE_NUMBER><LISTED_ON>2016-11-30</LISTED_ON><COMMENTS1>Ri Won Ho is a DPRK Ministry of State Security Official stationed in Syria supporting KOMID.
        </COMMENTS1><DESIGNATION><VALUE>DPRK Ministry of State Security Official</VALUE></DESIGNATION><NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY><LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE><LAST_DAY_UPDATED><VALUE/></LAST_DAY_UPDATED><INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS><INDIVIDUAL_ADDRESS><COUNTRY/></INDIVIDUAL_ADDRESS><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1964-07-17</DATE></INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_PLACE_OF_BIRTH/><INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER> 381310014</NUMBER></INDIVIDUAL_DOCUMENT><SORT_KEY/><SORT_KEY_LAST_MOD/></INDIVIDUAL>
                <INDIVIDUAL><DATAID>3020633</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME>ABU MOHAMMED</FIRST_NAME><SECOND_NAME>AL-JAWLANI</SECOND_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDi.317</REFERENCE_NUMBER><LISTED_ON>2013-07-24</LISTED_ON><NAME_ORIGINAL_SCRIPT>أبو محمد الجولاني</NAME_ORIGINAL_SCRIPT><COMMENTS1>Description: Dark complexion. Height: 1.70 m.</COMMENTS1><NATIONALITY><VALUE>Syrian Arab Republic</VALUE></NATIONALITY><LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE><LAST_DAY_UPDATED><VALUE>2014-06-02</VALUE><VALUE>2015-12-10</VALUE><VALUE>2019-05-01</VALUE></LAST_DAY_UPDATED><INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Abu Mohamed al-Jawlani</ALIAS_NAME><NOTE>(transliterations of original script name)</NOTE></INDIVIDUAL_ALIAS><INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>شيخ الفاتح ، الفاتح</ALIAS_NAME><NOTE>transliterations: Shaykh al-Fatih; Al Fatih</NOTE></INDIVIDUAL_ALIAS><INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Amjad Muzaffar Hussein Ali al-Naimi</ALIAS_NAME><DATE_OF_BIRTH>1980</DATE_OF_BIRTH><COUNTRY_OF_BIRTH>Syrian Arab Republic</COUNTRY_OF_BIRTH></INDIVIDUAL_ALIAS><INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Abu Ashraf</ALIAS_NAME></INDIVIDUAL_ALIAS><INDIVIDUAL_ADDRESS><COUNTRY/><NOTE>Active in Syria as at Jun. 2013</NOTE></INDIVIDUAL_ADDRESS><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1975</FROM_YEAR><TO_YEAR>1979</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_PLACE_OF_BIRTH><COUNTRY>Syrian Arab Republic</COUNTRY></INDIVIDUAL_PLACE_OF_BIRTH><INDIVIDUAL_DOCUMENT/><SORT_KEY/><SORT_KEY_LAST_MOD/></INDIVIDUAL>
                <INDIVIDUAL><DATAID>690784</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME>GAFFAR</FIRST_NAME><SECOND_NAME>MOHAMMED</SECOND_NAME><THIRD_NAME>ELHASSAN</THIRD_NAME><UN_LIST_TYPE>Sudan</UN_LIST_TYPE><REFERENCE_NUMBER>SDi.001</REFERENCE_NUMBER><LISTED_ON>2006-04-25</LISTED_ON><COMMENTS1>Retired from the Sudanese Army.</COMMENTS1><NATIONALITY><VALUE> na</VALUE></NATIONALITY><LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE><LAST_DAY_UPDATED><VALUE/></LAST_DAY_UPDATED><INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Gaffar Mohmed Elhassan</ALIAS_NAME></INDIVIDUAL_ALIAS><INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/><DATE_OF_BIRTH>1953-01-01</DATE_OF_BIRTH></INDIVIDUAL_ALIAS><INDIVIDUAL_ADDRESS><STREET>El Waha</STREET><CITY>Omdurman</CITY><COUNTRY>Sudan</COUNTRY></INDIVIDUAL_ADDRESS><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1952-06-24</DATE></INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1950</YEAR></INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_PLACE_OF_BIRTH/><INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT><TYPE_OF_DOCUMENT2>Ex-serviceman’s identification card</TYPE_OF_DOCUMENT2><NUMBER>4302</NUMBER></INDIVIDUAL_DOCUMENT><SORT_KEY/><SORT_KEY_LAST_MOD/></INDIVIDUAL>
            </INDIVIDUALS>
            <ENTITIES>
                <ENTITY><DATAID>6908426</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME>AL MOUAKAOUNE BIDDAM</FIRST_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDe.139</REFERENCE_NUMBER><LISTED_ON>2014-06-02</LISTED_ON><NAME_ORIGINAL_SCRIPT>الموقعون بالدم</NAME_ORIGINAL_SCRIPT><COMMENTS1>Active in the Sahel/Sahara region.</COMMENTS1><LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE><LAST_DAY_UPDATED><VALUE>2019-12-06</VALUE></LAST_DAY_UPDATED><ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Les Signataires par le Sang</ALIAS_NAME></ENTITY_ALIAS><ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Those Who Sign in Blood</ALIAS_NAME></ENTITY_ALIAS><ENTITY_ADDRESS><COUNTRY>Mali</COUNTRY></ENTITY_ADDRESS><SORT_KEY/><SORT_KEY_LAST_MOD/></ENTITY>
            </ENTITIES>
        </CONSOLIDATED_LIST>
        """

    static let ftm = """
        {"id":"NK-2Ka3UvopqbpZmVDFjWd4LA","caption":"Vitaly Yurievich KUZMENKO","schema":"Person","properties":{"lastName":["КУЗЬМЕНКО","KUZMENKO","Kuzmenko"],"birthDate":["1971-01-22"],"name":["Vitalij Kuzmenko","Виталий Юрьевич КУЗЬМЕНКО","Vitaly Yurievich KUZMENKO"],"createdAt":["2024-02-23"],"taxNumber":["366510784303"],"gender":["male"],"position":["General Director of JSC 163 Armor Repair Plant"],"topics":["sanction"],"nationality":["ru"]},"referents":[],"datasets":["eu_fsf"],"first_seen":"2024-02-26T16:57:25","last_seen":"2024-06-01T10:57:03","last_change":"2024-03-28T18:57:01","target":true}
        {"id":"NK-2MQE6AmhAk4tqhENJAMUG9","caption":"Majengo area, Mombasa, KENYA","schema":"Address","properties":{"full":["Majengo area, Mombasa, KENYA"],"country":["ke"]},"referents":[],"datasets":["eu_fsf"],"first_seen":"2023-07-26T20:01:14","last_seen":"2024-06-01T10:57:03","last_change":"2023-07-26T20:01:14","target":false}
        {"id":"NK-2GdmHtZTeNXjNVrBGEXZNj","caption":"RAB „Inter Tobacco“","schema":"Organization","properties":{"name":["LLC “Inter Tobacco”","Общество с ограниченной ответственностью “Интер Тобако”","“Inter Tobacco” LLC"],"country":["by"],"registrationNumber":["808000714"],"weakAlias":["IT"]},"referents":[],"datasets":["eu_fsf"],"first_seen":"2023-04-20T18:00:25","last_seen":"2024-06-01T10:57:03","last_change":"2023-07-26T20:01:14","target":true}
        {"id":"eu-fsf-sanction-1","caption":"Sanction","schema":"Sanction","properties":{"entity":["NK-2Ka3UvopqbpZmVDFjWd4LA"],"programId":["EU-UKR"],"listingDate":["2024-02-23"],"authorityId":["EU.11179.96"]},"referents":[],"datasets":["eu_fsf"],"first_seen":"2024-02-26T16:57:25","last_seen":"2024-06-01T10:57:03","last_change":"2024-03-28T18:57:01","target":false}
        {"id":"NK-owned","caption":"Owned Co","schema":"Company","properties":{"name":["Owned Trading Company"]},"referents":[],"datasets":["eu_fsf"],"first_seen":"2024-02-26T16:57:25","last_seen":"2024-06-01T10:57:03","last_change":"2024-03-28T18:57:01","target":false}
        """
}

@Suite struct UNConsolidatedListReaderTests {
    func read(_ text: String) throws -> ScreeningListFile { try UNConsolidatedListReader.read(Data(text.utf8)) }

    @Test func readsIndividualsAndEntitiesWithEverything() throws {
        let file = try read(ScreeningExcerpts.unList)
        #expect(file.version == "2020-11-30T20:31:19.923-05:00")
        #expect(file.entries.map(\.id) == ["6908555", "3020633", "690784", "6908426"])

        let ri = file.entries[0]
        #expect(ri.list == "un-sc" && ri.schema == .person)
        #expect(ri.names == [ListName("RI WON HO")], "empty aliases are not names")
        #expect(ri.birthDates == [.exact(PartialDate("1964-07-17")!)])
        #expect(ri.countries == ["KP"])
        #expect(ri.identifiers == [PartyIdentifier(type: "Passport", number: "381310014")])
        #expect(ri.reference == "KPi.033" && ri.program == "DPRK" && ri.listedOn == PartialDate("2016-11-30"))
        #expect(ri.note?.hasPrefix("DPRK Ministry of State Security Official — Ri Won Ho is") == true)

        let jawlani = file.entries[1]
        #expect(jawlani.names.map(\.text) == ["ABU MOHAMMED AL-JAWLANI", "Abu Mohamed al-Jawlani", "شيخ الفاتح ، الفاتح",
                                              "Amjad Muzaffar Hussein Ali al-Naimi", "Abu Ashraf"])
        #expect(jawlani.names.map(\.quality) == [.strong, .strong, .weak, .strong, .weak], "Low quality aliases are weak")
        #expect(jawlani.originalScriptNames == ["أبو محمد الجولاني"])
        #expect(jawlani.birthDates == [.exact(PartialDate("1980")!), .between(PartialDate("1975")!, PartialDate("1979")!)],
                "the alias's date of birth counts")
        #expect(jawlani.countries == ["SY"])

        let gaffar = file.entries[2]
        #expect(gaffar.countries == ["SD"], "'na' is not a country; the address country is")
        #expect(gaffar.birthDates == [.exact(PartialDate("1953-01-01")!), .exact(PartialDate("1952-06-24")!), .approximately(PartialDate("1950")!)],
                "a nameless alias still carries a date of birth")
        #expect(gaffar.identifiers.first?.type == "National Identification Number Ex-serviceman’s identification card")

        let entity = file.entries[3]
        #expect(entity.schema == .organization)
        #expect(entity.names.map(\.text) == ["AL MOUAKAOUNE BIDDAM", "Les Signataires par le Sang", "Those Who Sign in Blood"])
        #expect(entity.originalScriptNames == ["الموقعون بالدم"])
        #expect(entity.countries == ["ML"])
    }

    @Test func malformedXMLNamesLineAndColumn() {
        let broken = ScreeningExcerpts.unList.replacingOccurrences(of: "</SECOND_NAME><THIRD_NAME/><UN_LIST_TYPE>DPRK", with: "</SECOND><THIRD_NAME/><UN_LIST_TYPE>DPRK")
        #expect {
            try read(broken)
        } throws: { error in
            guard let error = error as? ScreeningFormatError else { return false }
            return error.line == 3 && error.column != nil && error.description.contains("line 3, column") && error.message.contains("end tag")
        }
    }

    @Test func externalEntitiesAndDTDsAreRefused() {
        let attack = """
            <?xml version="1.0"?>
            <!DOCTYPE CONSOLIDATED_LIST [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&secret;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
            """
        #expect {
            try read(attack)
        } throws: { error in
            guard let error = error as? ScreeningFormatError else { return false }
            return error.line == 2 && error.message.contains("DTD")
        }
    }

    @Test func anotherDocumentIsNotTheUNList() {
        #expect(throws: ScreeningFormatError.self) { try read("<?xml version=\"1.0\"?><rss><channel/></rss>") }
        #expect(throws: ScreeningFormatError.self) { try read("") }
        #expect(throws: ScreeningFormatError.self) { try read("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>") }
    }

    @Test(.enabled(if: ScreeningSharedData.exists(ScreeningSharedData.unList), ScreeningSharedData.missingUN))
    func readsTheWholeRealList() throws {
        let file = try UNConsolidatedListReader.read(Data(contentsOf: ScreeningSharedData.unList))
        #expect(file.entries.count == 1018)
        #expect(file.entries.filter { $0.schema == .person }.count == 713)
        #expect(file.entries.filter { $0.schema == .organization }.count == 305)
        #expect(Set(file.entries.map(\.id)).count == 1018)
        #expect(file.entries.allSatisfy { !$0.names.isEmpty })
        #expect(file.entries.filter { !$0.originalScriptNames.isEmpty }.count >= 350)
        #expect(file.entries.flatMap(\.names).filter { $0.quality == .weak }.count >= 500)
        #expect(file.entries.flatMap(\.countries).allSatisfy { ReferenceData.shared.country($0) != nil })
        #expect(file.entries.filter { !$0.birthDates.isEmpty }.count >= 650)
        let between = file.entries.flatMap(\.birthDates).filter { if case .between = $0 { return true } else { return false } }
        #expect(between.count >= 30)
    }
}

@Suite struct FollowTheMoneyReaderTests {
    @Test func readsTargetsWithNamesScriptsIdentifiersAndSanctions() throws {
        let file = try FollowTheMoneyReader.read(Data(ScreeningExcerpts.ftm.utf8))
        #expect(file.entries.map(\.id) == ["NK-2Ka3UvopqbpZmVDFjWd4LA", "NK-2GdmHtZTeNXjNVrBGEXZNj"])
        #expect(file.skipped == ["Address": 1, "Company (not a target)": 1])
        let person = file.entries[0]
        #expect(person.list == "opensanctions" && person.schema == .person)
        #expect(person.names.map(\.text) == ["Vitalij Kuzmenko", "Vitaly Yurievich KUZMENKO"])
        #expect(person.originalScriptNames == ["Виталий Юрьевич КУЗЬМЕНКО"])
        #expect(person.birthDates == [.exact(PartialDate("1971-01-22")!)])
        #expect(person.countries == ["RU"] && person.gender == .male)
        #expect(person.identifiers == [PartyIdentifier(type: "taxNumber", number: "366510784303")])
        #expect(person.program == "EU-UKR" && person.listedOn == PartialDate("2024-02-23") && person.reference == "EU.11179.96")
        let company = file.entries[1]
        #expect(company.schema == .organization)
        #expect(company.names.contains(ListName("IT", quality: .weak)))
        #expect(company.countries == ["BY"])

        let all = try FollowTheMoneyReader.read(Data(ScreeningExcerpts.ftm.utf8), includeNonTargets: true)
        #expect(all.entries.count == 3)
    }

    @Test func aBrokenLineIsAnErrorWithItsNumber() {
        let text = ScreeningExcerpts.ftm + "\n{\"id\": \"x\", \"schema\": "
        #expect { try FollowTheMoneyReader.read(Data(text.utf8)) } throws: { ($0 as? ScreeningFormatError)?.line == 6 }
    }

    @Test(.enabled(if: ScreeningSharedData.exists(ScreeningSharedData.ftmZala), ScreeningSharedData.missingFtM))
    func readsTheFixtureFiles() throws {
        let t1 = try FollowTheMoneyReader.read(Data(contentsOf: ScreeningSharedData.ftmT1))
        #expect(t1.entries.count == 6)
        let zala = try FollowTheMoneyReader.read(Data(contentsOf: ScreeningSharedData.ftmZala))
        #expect(zala.entries.count == 14)
        #expect(zala.entries.contains { !$0.originalScriptNames.isEmpty })
        #expect(zala.entries.contains { $0.program != nil })
        // The Cyrillic-only spellings are found from a Latin query.
        let screener = Screener(entries: zala.entries + t1.entries)
        #expect(screener.screen(ScreeningQuery(name: "Mariya Zakharova")).contains { $0.entry.id == "NK-2Tbri3s6GgNtAwsSXh4qpL" })
        #expect(screener.screen(ScreeningQuery(name: "Виталий Кузьменко")).first?.entry.id == "NK-2Ka3UvopqbpZmVDFjWd4LA")
    }
}

@Suite struct OpenSanctionsTargetsReaderTests {
    /// Written for this test after the documented `targets.simple.csv` columns (not real data).
    static let csv = """
        id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,emails,dataset,first_seen,last_seen,last_change
        os-1,Person,Ivan Petrovich Sidorov,"Иван Петрович Сидоров;Ivan Sidorov",1970-05-01;1971,ru;ua,"Moscow, Russia",AB123456,"EU sanctions - Regulation 269/2014",,,EU Financial Sanctions,2022-03-01T10:00:00,2024-01-01T00:00:00,2023-06-01T00:00:00
        os-2,Company,"Example Trading ""North"" LLC",,,,,7701234567,,,,OFAC SDN,2021-01-01T00:00:00,2024-01-01T00:00:00,2021-01-01T00:00:00
        os-3,Vessel,SEA STAR,,,,,IMO 1234567,,,,OFAC SDN,2021-01-01T00:00:00,2024-01-01T00:00:00,2021-01-01T00:00:00
        """

    @Test func readsPersonsAndOrganisationsWithMultiValues() throws {
        let file = try OpenSanctionsTargetsReader.read(Data(Self.csv.utf8))
        #expect(file.entries.map(\.id) == ["os-1", "os-2"])
        #expect(file.skipped == ["Vessel": 1])
        let ivan = file.entries[0]
        #expect(ivan.names.map(\.text) == ["Ivan Petrovich Sidorov", "Ivan Sidorov"])
        #expect(ivan.originalScriptNames == ["Иван Петрович Сидоров"])
        #expect(ivan.birthDates == [.exact(PartialDate("1970-05-01")!), .exact(PartialDate("1971")!)])
        #expect(ivan.countries == ["RU", "UA"])
        #expect(ivan.identifiers.map(\.number) == ["AB123456"])
        #expect(ivan.program == "EU Financial Sanctions" && ivan.note == "EU sanctions - Regulation 269/2014")
        #expect(file.entries[1].names == [ListName("Example Trading \"North\" LLC")])
        #expect(file.entries[1].schema == .organization)
    }

    @Test func aMissingColumnIsAnError() {
        #expect(throws: ScreeningFormatError.self) { try OpenSanctionsTargetsReader.read(Data("id,name\n1,x\n".utf8)) }
    }
}

@Suite struct BlocklistReaderTests {
    static let csv = """
        name,schema,country,date_of_birth,identifier,note
        Juan Pérez Gómez,person,PE;Colombia,1975-03-02,DNI 12345678,"seen at the border, 2023"
        Acme Arms Trading Ltd,organization,AE,,RN-99881,
        Juan Pérez Gómez,,,1975-03-02,,duplicate name and date
        """

    @Test func readsEntriesWithStableIds() throws {
        let file = try BlocklistReader.read(Data(Self.csv.utf8), listID: "acme")
        #expect(file.entries.map(\.id) == ["juan-perez-gomez-1975-03-02", "acme-arms-trading-ltd", "juan-perez-gomez-1975-03-02-2"])
        let juan = file.entries[0]
        #expect(juan.list == "acme" && juan.schema == .person)
        #expect(juan.countries == ["PE", "CO"])
        #expect(juan.birthDates == [.exact(PartialDate("1975-03-02")!)])
        #expect(juan.identifiers.map(\.number) == ["DNI 12345678"])
        #expect(juan.note == "seen at the border, 2023")
        #expect(file.entries[1].schema == .organization)
    }

    @Test(arguments: [
        ("name,country\nX,Narnia\n", "country 'Narnia'"),
        ("name,date_of_birth\nX,31/12/1970\n", "date of birth '31/12/1970'"),
        ("name,schema\nX,robot\n", "schema 'robot'"),
        ("name\n\"unclosed\n", "never closed"),
        ("country\nIQ\n", "no name column"),
        ("name,id\nA,1\nB,1\n", "appears twice"),
    ])
    func badValuesAreErrorsWithTheirLine(_ text: String, _ message: String) {
        #expect { try BlocklistReader.read(Data(text.utf8)) } throws: { error in
            guard let error = error as? ScreeningFormatError else { return false }
            return error.message.contains(message)
        }
    }
}

@Suite struct ScreeningCSVTests {
    @Test func parsesQuotesLineBreaksCRLFAndBOM() throws {
        let rows = try ScreeningCSV.parse(Data("\u{FEFF}a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\r\n\r\nlast,\n".utf8), format: "t")
        #expect(rows.map(\.fields) == [["a", "b"], ["x, \"y\"", "two\nlines"], ["last", ""]])
        #expect(rows.map(\.line) == [1, 2, 5])
    }

    @Test func writesWhatItReads() throws {
        let fields = ["plain", "with, comma", "with \"quote\"", " padded ", "line\nbreak"]
        let rows = try ScreeningCSV.parse(Data(ScreeningCSV.line(fields).utf8), format: "t")
        #expect(rows.first?.fields == fields)
    }
}

@Suite struct ScreeningBatchTests {
    @Test func readsRowsInOrderWithNamesFromPartsAndQualifiers() throws {
        let csv = """
            full_name,first_name,middle_name,last_name,gender,date_of_birth,place_of_birth,nationality
            ,Ri,Won,Ho,M,1964-07-17,"Pyongyang, North Korea",Democratic People's Republic of Korea
            Abu Mohammed al-Jawlani,,,,,1975,,Syria
            ,,,,,,,
            Someone,,,,X,17/07/1964,,Atlantis
            """
        let rows = try ScreeningBatch.read(Data(csv.utf8))
        #expect(rows.map(\.name) == ["Ri Won Ho", "Abu Mohammed al-Jawlani", "", "Someone"])
        #expect(rows[0].query.gender == .male && rows[0].query.birthDate == PartialDate("1964-07-17"))
        #expect(rows[0].query.countries == ["KP"])
        #expect(rows[1].query.countries == ["SY"])
        #expect(rows[3].warnings.count == 2, "the date and the nationality; X is an unknown gender, not an error")
        #expect(rows.map(\.line) == [2, 3, 4, 5])
    }

    @Test func outputLinesQuoteAndFormat() {
        let entry = ListEntry(list: "un-sc", id: "1", schema: .person, names: [ListName("RI, WON HO")])
        let hit = ScreeningHit(entry: entry, score: 0.8765, matchedName: "RI, WON HO", matchedNameKind: .name, features: [])
        #expect(ScreeningBatch.outputLine(row: 1, query: "Ri Won Ho", best: hit, threshold: 0.7) == "1,Ri Won Ho,un-sc:1,\"RI, WON HO\",0.877,true")
        #expect(ScreeningBatch.outputLine(row: 2, query: "Nobody", best: nil, threshold: 0.7) == "2,Nobody,,,,false")
    }
}
