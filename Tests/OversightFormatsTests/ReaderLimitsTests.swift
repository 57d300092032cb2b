import Foundation
import Testing
import OversightCore
import OversightFormats

/// The caps of docs/READERS.md: a line or record past `ReaderLimits.maxLineBytes` is an error naming it.
struct ReaderLimitsTests {
    static let long = String(repeating: "x", count: ReaderLimits.maxLineBytes + 1)

    @Test func bundleLineTooLong() throws {
        let data = Data((Record.bundleHeader + "\n" + Self.long + "\n").utf8)
        #expect {
            try BundleReader().read(data) { _, _ in }
        } throws: { error in
            guard let error = error as? BundleReader.LineError else { return false }
            return error.line == 2 && error.message.contains("4 MiB")
        }
    }

    @Test func followTheMoneyLineTooLong() throws {
        #expect {
            try FollowTheMoneyReader.read(Data(("\n" + Self.long).utf8))
        } throws: { error in
            (error as? ScreeningFormatError)?.line == 2 && "\(error)".contains("4 MiB")
        }
    }

    @Test func listRecordTooLong() throws {
        // A quote never closed would otherwise make one record of the rest of the file.
        #expect {
            try BlocklistReader.read(Data(("name,schema\nA,person\n\"" + Self.long).utf8))
        } throws: { error in
            (error as? ScreeningFormatError)?.line == 3 && "\(error)".contains("4 MiB")
        }
    }

    @Test func acledRowTooLongStopsTheStream() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("acled-long-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let header = "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,country,geo_precision,fatalities,timestamp\n"
        for chunkSize in [1 << 22, 1 << 16] {
            _ = FileManager.default.createFile(atPath: path, contents: Data((header + "\"" + Self.long + "\"\n").utf8))
            #expect {
                _ = try ACLEDReader.read(path: path, chunkSize: chunkSize, event: { _ in }, issue: { _ in })
            } throws: { error in
                (error as? CSVStreamError)?.line == 2 && "\(error)".contains("4 MiB")
            }
        }
    }

    @Test func sfmRowTooLongIsABadRowAndStopsReading() throws {
        let header = SFMUnitFile.Column.allCases.map(\.header).joined(separator: ",")
        let data = Data((header + "\nu-1,Unit,,,,,,,,,\nu-long," + Self.long + ",,,,,,,,,\nu-2,Other,,,,,,,,,\n").utf8)
        let file = try SFMUnitFile.parse(data, delimiter: ",", fileName: "long.csv")
        #expect(file.units.map(\.id) == ["sfm-unit:u-1"])
        #expect(file.issues.count == 1 && file.issues[0].row == 3 && file.issues[0].message.contains("4 MiB"))
    }

    @Test func canadaRowTooLong() throws {
        #expect {
            try CanadaExportsCSV.read(Data(("year,destination,ecl_item,value_cad\n2023,PE,2-10,1\n2024," + Self.long + "\n").utf8))
        } throws: { error in
            (error as? TransparencyFormatError)?.problems == ["row 3: the row is longer than 4 MiB (4194304 bytes), the most a row may hold, so the rest of the file was not read; check for a quote that is never closed"]
        }
    }

    @Test func sipriRowsAreMendedFromAtMostSixteenLines() throws {
        let header = "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons\n"
        let short = String(repeating: "a\n", count: 40)
        #expect {
            try SIPRITradeRegister.read(Data((header + short).utf8))
        } throws: { error in
            guard let error = error as? TransparencyFormatError else { return false }
            return error.problems.first?.hasPrefix("line 2: the row has 1 fields, the header 16, and joining the next 15 lines") == true
        }
    }
}
