import Foundation
import OversightCore
import OversightFormats

/// Transparency files. Canada's exports: the records must pass validation with unique ids, and written back
/// with `CanadaExportsCSV.write` they must read again as the same records. SIPRI: the input is the rows after
/// a fixed header of one layout; transfers must be well formed (names, codes, years, non-negative numbers).
/// Both fail only with a `TransparencyFormatError` whose every problem names its row or line.
enum TransparencyTargets {
    static let olderHeader = "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons\n"
    static let currentHeader = "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production;\n"

    static func problems(_ error: TransparencyFormatError, _ name: String, _ format: String, fields: [String]) {
        FuzzCheck.expect(error.format == format && !error.problems.isEmpty, name, "an error of format \(error.format) with \(error.problems.count) problems")
        for problem in error.problems {
            FuzzCheck.expect(FuzzCheck.namesPlace(problem, fields: fields), name, "a problem names no row, line or column: \(problem)")
        }
    }

    @Sendable static func canada(_ data: Data) {
        let name = "ca-exports"
        let records: [ExportRecord]
        do {
            records = try CanadaExportsCSV.read(data)
        } catch let error as TransparencyFormatError {
            problems(error, name, CanadaExportsCSV.format, fields: CanadaExportsCSV.header)
            return
        } catch {
            FuzzCheck.fail(name, "unexpected error type \(type(of: error)): \(error)")
        }
        var ids = Set<String>()
        for record in records {
            FuzzCheck.valid(.export(record), name)
            FuzzCheck.expect(ids.insert(record.id).inserted, name, "export id \(record.id) appears twice")
        }
        let written = CanadaExportsCSV.write(records)
        let again: [ExportRecord]
        do { again = try CanadaExportsCSV.read(Data(written.utf8)) } catch {
            FuzzCheck.fail(name, "written records do not read back: \(error)\n\(written)")
        }
        FuzzCheck.expect(again.sorted { $0.id < $1.id } == records.sorted { $0.id < $1.id }, name,
                         "written records read back differently:\n\(written)")
    }

    @Sendable static func sipriOlder(_ data: Data) { sipri(Data(olderHeader.utf8) + data, .older, "sipri-older") }
    @Sendable static func sipriCurrent(_ data: Data) { sipri(Data(currentHeader.utf8) + data, .current, "sipri-2026") }

    static func sipri(_ data: Data, _ layout: SIPRITradeRegister.Layout, _ name: String) {
        let file: SIPRITradeRegister.File
        do {
            file = try SIPRITradeRegister.read(data)
        } catch let error as TransparencyFormatError {
            problems(error, name, SIPRITradeRegister.format, fields: ["SIPRI AT Database ID", "Recipient,Supplier"])
            return
        } catch {
            FuzzCheck.fail(name, "unexpected error type \(type(of: error)): \(error)")
        }
        FuzzCheck.expect(file.layout == layout, name, "the \(layout) header was read as \(file.layout)")
        for t in file.transfers {
            FuzzCheck.expect(!t.dealID.isEmpty && !t.supplier.isEmpty && !t.recipient.isEmpty, name, "a transfer without a deal, supplier or recipient: \(t)")
            for (party, code) in [(t.supplier, t.supplierCode), (t.recipient, t.recipientCode)] {
                guard let code else { continue }
                FuzzCheck.expect(FuzzCheck.isCountry(code) || ReferenceData.shared.formerState(named: party)?.code == code, name,
                                 "code \(code) of \(party) is neither a country nor that former state's")
            }
            for year in [t.orderYear, t.deliveryYear].compactMap({ $0 }) {
                FuzzCheck.expect((1900...2100).contains(year), name, "year \(year) out of range in \(t)")
            }
            FuzzCheck.expect((t.tivMilli ?? 0) >= 0 && (t.numberDelivered ?? 0) >= 0, name, "a negative number in \(t)")
        }
    }
}
