import Foundation
import OversightCore
import OversightFormats
import Testing

/// Canada's exports CSV and the SIPRI trade register in both layouts.
struct TransparencyFormatsTests {
    // MARK: - Canada exports

    @Test func theTemplateReadsIntoExportRecordsOfCanada() throws {
        let records = try CanadaExportsCSV.read(Data(CanadaExportsCSV.template.utf8))
        #expect(records.map(\.id) == ["export:ca-pe-2022-2-10", "export:ca-pe-2023-2-14"])
        #expect(records[0].valueMinor == 56_000_000)
        #expect(records[1].destination == "PE", "a country name becomes its code")
        #expect(records.allSatisfy { $0.exporter == "CA" && $0.currency == "CAD" && $0.basis == "actual" })
        #expect(records[0].description?.contains("Aircraft, UAVs") == true)
    }

    @Test func theReportsOwnHeadingsAndFormattedAmountsAreAccepted() throws {
        let csv = """
            Year,Destination,ECL Item,Value (CAD),Number of permits utilised
            2023,United States,ML4,"$1,250,000.50",12
            2023,SAU,2-6,3000000,

            """
        let records = try CanadaExportsCSV.read(Data(csv.utf8))
        #expect(records.count == 2)
        #expect(records[0].controlEntry == "2-4")
        #expect(records[0].valueMinor == 125_000_050)
        #expect(records[0].permitsUtilised == 12)
        #expect(records[1].destination == "SA")
        #expect(records[1].permitsUtilised == nil)
        // Written back in the documented layout and read again, nothing changes.
        #expect(try CanadaExportsCSV.read(Data(CanadaExportsCSV.write(records).utf8)).sorted { $0.id < $1.id } == records.sorted { $0.id < $1.id })
    }

    @Test func everyBadRowIsReportedWithItsRowAndAFix() {
        let csv = """
            year,destination,ecl_item,value_cad,permits_utilised
            23,PE,2-14,100,
            2023,Narnia,2-14,100,
            2023,PE,3-1,100,
            2023,PE,2-14,lots,
            2023,PE,2-14,100,2.5
            2023,PE,2-14,100,
            2023,Peru,2-14,100,

            """
        #expect {
            try CanadaExportsCSV.read(Data(csv.utf8))
        } throws: { error in
            guard let e = error as? TransparencyFormatError else { return false }
            let text = e.description
            return e.problems.count == 6 && text.contains("row 2: year '23'") && text.contains("Narnia")
                && text.contains("'3-1' is not a Group 2 item") && text.contains("value 'lots'")
                && text.contains("permits utilised '2.5'") && text.contains("already appears on row 7")
        }
        #expect(throws: TransparencyFormatError.self) { try CanadaExportsCSV.read(Data("destination,value\nPE,1\n".utf8)) }
    }

    // MARK: - SIPRI, older layout

    /// Written from the older layout's column list; the Peru rows restate SIPRI's public records of Canadian
    /// deliveries to Peru (SIPRI Arms Transfers Database), the rest is made up to exercise the reader.
    static let olderFixture = """
        Transfers of major conventional arms from All countries  to All countries . Deals with deliveries made for the year range 'Not specified' to 'Not specified'\u{20}
        A '?' in a column indicates uncertain data.
        SIPRI trend-indicator values (TIVs) are in millions.

        Source: SIPRI Arms Transfers Database (c) SIPRI.
        Data generated: 13 Mar 2025 10:02:49 AM
        Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons
        Peru,Canada,2014,,32,,Piranha-2,APC,32,,2015; 2016,New,$67 m deal,0.27,8.64,8.64
        Peru,Canada,2010,,12,,DHC-6 Twin Otter,transport aircraft,12,,2011; 2012; 2013; 2014,New,DHC-6-400 version,2.5,30,30
        Côte d'Ivoire,United States,2024,?,12,?,vehicle engine,vehicle engine,0,,,New,Diesel engine for 12 APC
        ,0.03,0.36,0
        Hezbollah (Lebanon)*,Iran,2006,?,10,?,Example,anti-tank missile,10,?,2006,New,,0.01,0.1,0.1
        Atlantis,Soviet Union,1980,?,7,,Example,mobile SAM system,7,,1981,Second hand,,1,7,7
        Peru,Canada,2025,,4,,Example,trainer aircraft,,,,New,,1,4,

        """

    @Test func theOlderLayoutIsDetectedAndItsDeliveriesSharedOverTheirYears() throws {
        let latin1 = Self.olderFixture.data(using: .isoLatin1)!
        let file = try SIPRITradeRegister.read(latin1)
        #expect(file.layout == .older)
        #expect(file.records == 6)
        #expect(file.generated == "13 Mar 2025 10:02:49 AM")
        let piranha = file.transfers.filter { $0.designation == "Piranha-2" }
        #expect(piranha.map(\.deliveryYear) == [2015, 2016])
        #expect(piranha.map(\.numberDelivered) == [16, 16])
        #expect(piranha.map(\.tivMilli) == [4320, 4320])
        #expect(piranha.allSatisfy { $0.apportioned && $0.supplierCode == "CA" && $0.recipientCode == "PE" && $0.category == "Armoured vehicles" })
        let otter = file.transfers.filter { $0.designation == "DHC-6 Twin Otter" }
        #expect(otter.map(\.tivMilli).compactMap { $0 }.reduce(0, +) == 30_000, "shares add up to the deal's TIV")
        #expect(otter.map(\.numberDelivered).compactMap { $0 }.reduce(0, +) == 12)
        #expect(otter.first?.category == "Aircraft")
        // The comment broken over two lines is mended; the Latin-1 name is read.
        let engine = try #require(file.transfers.first { $0.description == "vehicle engine" })
        #expect(engine.recipient == "Côte d'Ivoire")
        #expect(engine.recipientCode == "CI")
        #expect(engine.comments == "Diesel engine for 12 APC")
        #expect(engine.tivMilli == 0)
        #expect(engine.orderYearEstimated)
        #expect(engine.category == "Engines")
        #expect(file.transfers.first { $0.supplier == "Soviet Union" }?.supplierCode == "SUHH")
        #expect(file.nonState == ["Hezbollah (Lebanon)*": 1])
        #expect(file.unmapped == ["Atlantis": 1])
        let undelivered = try #require(file.transfers.first { $0.orderYear == 2025 })
        #expect(undelivered.deliveryYear == nil)
        #expect(undelivered.tivMilli == nil)
    }

    // MARK: - SIPRI, 2026 layout

    static let currentFixture = """
        Transfers of major conventional arms;
        Data generated: 02 Feb 2026;
        SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production;
        48001,Canada,Peru,Piranha-2,APC,Armoured vehicles,2014,No,16,No,2015,No,New,No,0.27,4.32,No;
        48001,Canada,Peru,Piranha-2,APC,Armoured vehicles,2014,No,16,No,2016,No,New,No,0.27,4.32,No;
        48002,United States,Peru,Example,transport helicopter,Aircraft,2019-06,Yes,2,Yes,2021,Yes,New,Yes,5,10,No;
        48003,Republic of Korea,Peru,Example,frigate,Ships,2024,No,,No,,No,New,No,100,,Yes;
        48004,Zorgland,United Nations**,Example,UAV,Aircraft,2015,No,3,No,2016,No,New,No,3,9,No;

        """

    @Test func theCurrentLayoutIsDetectedWithOneRowPerDeliveryYear() throws {
        let file = try SIPRITradeRegister.read(Data(Self.currentFixture.utf8))
        #expect(file.layout == .current)
        #expect(file.records == 5)
        #expect(file.generated == "02 Feb 2026")
        #expect(file.transfers.count == 5)
        let piranha = file.transfers.filter { $0.dealID == "48001" }
        #expect(piranha.map(\.deliveryYear) == [2015, 2016])
        #expect(piranha.map(\.tivMilli) == [4320, 4320])
        #expect(piranha.allSatisfy { !$0.apportioned && !$0.categoryInferred && $0.supplierCode == "CA" && $0.category == "Armoured vehicles" })
        let heli = try #require(file.transfers.first { $0.dealID == "48002" })
        #expect(heli.orderYear == 2019)
        #expect(heli.orderYearEstimated && heli.numberEstimated && heli.deliveryYearEstimated)
        #expect(heli.tivMilli == 10_000)
        #expect(heli.recipientCode == "PE")
        #expect(file.transfers.first { $0.dealID == "48003" }?.supplierCode == "KR")
        #expect(file.unmapped == ["Zorgland": 1])
        #expect(file.nonState == ["United Nations**": 1])
        let report = TransfersReport.build(transfers: file.transfers, filter: .init(recipient: "PE"))
        #expect(report.totalTIVMilli == 4320 + 4320 + 10_000)
    }

    @Test func aFileWithoutATableHeaderIsRefusedWithTheExpectedHeaders() {
        #expect {
            try SIPRITradeRegister.read(Data("hello\nworld\n".utf8))
        } throws: { error in
            (error as? TransparencyFormatError)?.description.contains("SIPRI AT Database ID,Supplier,Recipient") == true
        }
        let bad = Self.currentFixture.replacingOccurrences(of: "2014,No,16,No,2015", with: "2014,No,16,No,soon")
        #expect {
            try SIPRITradeRegister.read(Data(bad.utf8))
        } throws: { error in
            (error as? TransparencyFormatError)?.description.contains("line 4: delivery year 'soon'") == true
        }
    }

    // MARK: - The real file

    static let sharedFile = ScreeningSharedData.folder.appendingPathComponent("sipri/trade-register-2025-03-13.csv")

    @Test(.enabled(if: ScreeningSharedData.exists(sharedFile), "../shared/data/sipri/trade-register-2025-03-13.csv is absent: skipped"))
    func theSharedTradeRegisterParses() throws {
        let file = try SIPRITradeRegister.read(Data(contentsOf: Self.sharedFile))
        #expect(file.layout == .older)
        #expect(file.records > 29_000)
        #expect(file.generated == "13 Mar 2025 10:02:49 AM")
        let canadaPeru = file.transfers.filter { $0.supplierCode == "CA" && $0.recipientCode == "PE" }
        let piranha = canadaPeru.filter { $0.designation == "Piranha-2" }
        #expect(piranha.map(\.deliveryYear) == [2015, 2016])
        #expect(piranha.compactMap(\.tivMilli).reduce(0, +) == 8640)
        #expect(canadaPeru.filter { $0.designation == "DHC-6 Twin Otter" && $0.orderYear == 2010 }.count == 4)
        // Names are mapped: only a handful of states are left without a code.
        let mappedShare = Double(file.transfers.filter { $0.recipientCode != nil }.count) / Double(file.transfers.count)
        #expect(mappedShare > 0.97)
        #expect(file.unmapped.values.reduce(0, +) < file.records / 100, "unmapped: \(file.unmapped)")
    }
}
