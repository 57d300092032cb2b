import Foundation
import OversightCore

/// Canada's exports table as CSV, one row per destination and Export Control List item of a year, as Annex G
/// of the annual *Report on Exports of Military Goods from Canada* publishes it (docs/REPORTS.md):
///
/// `year,destination,ecl_item,value_cad,permits_utilised[,description]`
///
/// `destination` is an ISO 3166 code or a country name ("Peru", "United States"); `ecl_item` is `2-14` or
/// `ML14`; `value_cad` is dollars with up to two decimals (thousands separators and a `$` allowed);
/// `permits_utilised` is a whole number or empty. Headers are matched ignoring case, spaces and punctuation,
/// and the report's own headings ("Destination", "ECL Item", "Value (CAD)", "Number of permits utilised") work
/// too. Every problem is reported with its row; nothing is returned unless the whole file is valid.
public enum CanadaExportsCSV {
    public static let format = "ca-exports"
    public static let header = ["year", "destination", "ecl_item", "value_cad", "permits_utilised", "description"]

    /// A template: the header and the two Peru rows of the demo case as examples.
    public static let template = """
        year,destination,ecl_item,value_cad,permits_utilised,description
        2022,PE,2-10,560000.00,,"Aircraft, UAVs and equipment (lower bound reported by the Globe and Mail)"
        2023,Peru,2-14,1800000.00,,Training and simulation equipment (lower bound)

        """

    enum Field: CaseIterable { case year, destination, item, value, permits, description }

    static let headerNames: [Field: Set<String>] = [
        .year: ["year", "reportyear", "calendaryear"],
        .destination: ["destination", "country", "destinationcountry", "countryofdestination"],
        .item: ["eclitem", "ecl", "item", "controlitem", "controlentry", "eclgroup2item"],
        .value: ["valuecad", "value", "valuecadollars", "valueincad", "cad", "valuecan"],
        .permits: ["permitsutilised", "permitsutilized", "numberofpermitsutilised", "numberofpermitsutilized", "permits", "permitsused"],
        .description: ["description", "comments", "comment", "note"],
    ]

    static func key(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII })
    }

    /// Reads the file into export records of Canada (`basis` actual, currency CAD), ids `export:ca-pe-2023-2-14`.
    public static func read(_ data: Data, reference: ReferenceData = .shared) throws -> [ExportRecord] {
        let text = TextDecoding.text(data)
        var columns: [Field: Int] = [:]
        var problems: [String] = []
        var records: [ExportRecord] = []
        var seen: [String: Int] = [:]
        var headerSeen = false
        DelimitedTextReader(delimiter: ",")!.read(text) { row in
            if row.tooLong {
                problems.append("\(row.location): the row is longer than \(ReaderLimits.maxLineText), the most a row may hold, so the rest of the file was not read; check for a quote that is never closed")
                return
            }
            guard !row.isBlank, !row.fields.allSatisfy({ $0.trimmed.isEmpty }) else { return }
            if !headerSeen {
                headerSeen = true
                for (i, name) in row.fields.enumerated() {
                    let k = key(name)
                    if let field = Field.allCases.first(where: { headerNames[$0]!.contains(k) }), columns[field] == nil { columns[field] = i }
                }
                let missing = [Field.year: "year", .destination: "destination", .item: "ecl_item", .value: "value_cad"]
                    .filter { columns[$0.key] == nil }.map(\.value).sorted()
                if !missing.isEmpty {
                    problems.append("row \(row.number): the header lacks \(missing.joined(separator: ", ")); the first line must be \(header.joined(separator: ",")) (see docs/REPORTS.md)")
                }
                return
            }
            guard columns[.year] != nil, columns[.destination] != nil,
                  columns[.item] != nil, columns[.value] != nil else { return }
            func field(_ f: Field) -> String {
                guard let i = columns[f], i < row.fields.count else { return "" }
                return row.fields[i].trimmed
            }
            let at = row.location
            let yearText = field(.year)
            guard let year = Int(yearText), (1900...2100).contains(year) else {
                problems.append("\(at): year '\(yearText)' is not a year; write it as four digits, e.g. 2023")
                return
            }
            let destinationText = field(.destination)
            let destination: String?
            if destinationText.count == 2 || destinationText.count == 3, destinationText.allSatisfy({ $0.isASCII && $0.isLetter }) {
                destination = reference.country(destinationText)?.alpha2
            } else {
                destination = reference.country(named: destinationText)?.alpha2
            }
            guard let destination else {
                problems.append("\(at): destination '\(destinationText)' is not a country Oversight knows; use its ISO 3166 code (e.g. PE) or its English name")
                return
            }
            let itemText = field(.item)
            guard let entry = ControlEntry.canonicalCode(itemText), let ecl = reference.controlEntry(entry)?.ecl else {
                problems.append("\(at): ECL item '\(itemText)' is not a Group 2 item; use 2-1 … 2-22 (or ML1 … ML22)")
                return
            }
            let valueText = field(.value)
            guard let value = Money.parseMinor(valueText), value >= 0 else {
                problems.append("\(at): value '\(valueText)' is not an amount in Canadian dollars; write e.g. 1800000.00 (no currency other than CAD)")
                return
            }
            let permitsText = field(.permits)
            var permits: Int?
            if !permitsText.isEmpty {
                guard let p = Int(permitsText.filter { $0 != "," }), p >= 0 else {
                    problems.append("\(at): permits utilised '\(permitsText)' is not a whole number; leave it empty when unknown")
                    return
                }
                permits = p
            }
            let id = "export:ca-\(destination.lowercased())-\(year)-\(ecl)"
            if let first = seen[id] {
                problems.append("\(at): \(destinationText) \(year) \(ecl) already appears on row \(first); give one row per destination, year and item")
                return
            }
            seen[id] = row.number
            let description = field(.description)
            records.append(ExportRecord(id: id, exporter: "CA", destination: destination, year: year, controlEntry: ecl,
                                        valueMinor: value, currency: "CAD", permitsUtilised: permits, basis: "actual",
                                        description: description.isEmpty ? nil : description))
        }
        if !headerSeen { problems.append("the file is empty; the first line must be \(header.joined(separator: ","))") }
        guard problems.isEmpty else { throw TransparencyFormatError(format: format, problems) }
        return records
    }

    /// Writes export records in the same layout (rows by year, destination, item), for `--format csv` round trips.
    public static func write(_ records: [ExportRecord]) -> String {
        var lines = [header.joined(separator: ",")]
        let sorted = records.sorted { ($0.year, $0.destination, ControlEntry.canonicalCode($0.controlEntry).flatMap { Int($0.dropFirst(2)) } ?? 0)
            < ($1.year, $1.destination, ControlEntry.canonicalCode($1.controlEntry).flatMap { Int($0.dropFirst(2)) } ?? 0) }
        for r in sorted {
            let item = ControlEntry.canonicalCode(r.controlEntry).flatMap { ReferenceData.shared.controlEntry($0)?.ecl } ?? r.controlEntry
            lines.append([String(r.year), r.destination, item, r.valueMinor.map(Money.decimal) ?? "",
                          r.permitsUtilised.map(String.init) ?? "", ReportTable.csvField(r.description ?? "")].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension StringProtocol {
    /// Without leading and trailing white space and line breaks, as `trimmingCharacters(in:
    /// .whitespacesAndNewlines)` gives it, but byte by byte when both ends are ASCII: Foundation's round trip
    /// through UTF-16 was most of the cost of a row of the licence tables.
    var trimmed: String {
        let text = String(self)
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return "" }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        if first < 0x80, last < 0x80, !isSpace(first), !isSpace(last) { return text }
        guard first < 0x80, last < 0x80,
              let start = utf8.firstIndex(where: { !isSpace($0) }), let end = utf8.lastIndex(where: { !isSpace($0) }),
              utf8[start] < 0x80, utf8[end] < 0x80 else {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return String(text[start...end])
    }
}
