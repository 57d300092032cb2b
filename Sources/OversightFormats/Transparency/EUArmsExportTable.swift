import Foundation
import OversightCore

/// The EU member-state table of the annual reports under Common Position 2008/944/CFSP (COARM), in the layout
/// Campaign Against Arms Trade publishes it (`export.csv` of `caatdata/eu-arms-export-data`, docs/REPORTS.md): one
/// figure per line, semicolon-separated, no header, a trailing `;`, a space after each `;`:
///
/// `2003; 0; AT; Austria; DZ; Algeria; AFN; North Africa; ML 4; b; 435148;`
///
/// year; embargo (1 the destination is under embargo, 0 not); source ISO alpha-2; source name; destination ISO
/// alpha-2; destination name; region code; region name; military-list rating (`ML 4`); category (a licences
/// issued, b value of the licences, c value of the exports, d licences refused, e1…e8 refusals citing Criterion
/// 1…8); value (a count, or euros). It is *long*: the category is a column and each line holds one value. A header
/// line starting `year` and a comma instead of the semicolon are accepted too.
///
/// Pure: bytes in, rows and per-row problems out (line, column, fix). Limits: `LicensingLimits`.
public enum EUArmsExportTable {
    public static let format = "eu-export"
    /// The columns, by the names problems use.
    public static let columns = ["year", "embargo", "source_code", "source", "destination_code", "destination",
                                 "region_code", "region", "rating", "category", "value"]
    public static let currency = "EUR"

    /// One line of the table.
    public struct Row: Sendable, Hashable, Codable {
        public var line: Int
        public var year: Int
        public var embargo: Bool
        public var sourceCode: String
        public var sourceName: String
        /// Nil when the line gives no code (e.g. several destinations together).
        public var destinationCode: String?
        public var destinationName: String
        public var regionCode: String
        public var regionName: String
        /// `ML4`; empty when the line gives none.
        public var rating: String
        public var category: LicensingMeasure
        /// A count (a, d, e1…e8) or euro cents (b, c).
        public var value: Int64

        public var figure: LicensingFigure {
            LicensingFigure(line: line, year: year, exporter: sourceCode, exporterName: sourceName, destination: destinationCode,
                            destinationName: destinationName, region: regionName.isEmpty ? nil : regionName, rating: rating,
                            measure: category, amount: value, currency: category.isMoney ? EUArmsExportTable.currency : nil, embargo: embargo)
        }
    }

    /// What a file held: the rows read and one problem per bad row.
    public struct File: Sendable {
        public var rows: [Row]
        public var problems: [LicensingRowProblem]
        /// Problems beyond `LicensingLimits.maximumProblems`, counted only.
        public var omittedProblems: Int
        public var figures: [LicensingFigure] { rows.map(\.figure) }
    }

    public static func read(_ data: Data) -> File {
        let text = TextDecoding.text(data)
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
        let delimiter: Character = firstLine.contains(";") || !firstLine.contains(",") ? ";" : ","
        var rows: [Row] = []
        var problems: [LicensingRowProblem] = []
        var omitted = 0
        var seen: [String: Int] = [:]
        var first = true
        DelimitedTextReader(delimiter: delimiter)!.read(text) { record in
            var fields = record.fields.map(\.trimmed)
            guard !fields.allSatisfy(\.isEmpty) else { return }
            defer { first = false }
            if first, fields[0].lowercased() == "year" { return }
            let line = record.line
            func problem(_ column: String?, _ message: String, _ hint: String) {
                LicensingLimits.add(LicensingRowProblem(line: line, column: column, message: message, hint: hint), to: &problems, omitted: &omitted)
            }
            if let tooLong = LicensingLimits.check(fields, line: line, columns: columns) {
                LicensingLimits.add(tooLong, to: &problems, omitted: &omitted)
                return
            }
            // The trailing delimiter leaves an empty last field (an empty value is an error either way).
            if fields.count > 1, fields.last == "" { fields.removeLast() }
            guard fields.count == columns.count else {
                problem(nil, "the line has \(fields.count) fields, the layout \(columns.count)",
                        "write year; embargo; source code; source; destination code; destination; region code; region; rating; category; value; (see docs/REPORTS.md)")
                return
            }
            guard let year = Int(fields[0]), (1990...2100).contains(year) else {
                problem("year", "'\(fields[0])' is not a year", "write it as four digits, e.g. 2023")
                return
            }
            guard let embargo = ["0": false, "1": true][fields[1]] else {
                problem("embargo", "'\(fields[1])' is not 0 or 1", "write 1 when the destination is under an arms embargo, 0 otherwise")
                return
            }
            guard let source = countryCode(fields[2]) else {
                problem("source_code", "'\(fields[2])' is not an ISO 3166 alpha-2 code of a country", "write the exporting member state's two-letter code, e.g. AT (EL and UK, as the EU reports write Greece and the United Kingdom, are read as GR and GB)")
                return
            }
            let destination: String
            if fields[4].isEmpty {
                destination = ""
            } else if let code = countryCode(fields[4]) {
                destination = code
            } else {
                problem("destination_code", "'\(fields[4])' is not an ISO 3166 alpha-2 code of a country", "write the destination's two-letter code, e.g. DZ, or leave it empty when the line covers several destinations")
                return
            }
            guard !fields[5].isEmpty || !destination.isEmpty else {
                problem("destination", "the line names no destination", "give the destination's code, name or both")
                return
            }
            guard let rating = rating(fields[8]) else {
                problem("rating", "'\(fields[8])' is not a military-list category", "write ML 1 … ML 22 (or leave it empty)")
                return
            }
            guard let category = LicensingMeasure(rawValue: fields[9].lowercased()) else {
                problem("category", "'\(fields[9])' is not a category of the EU annual report", "write a (licences issued), b (their value), c (exports), d (refusals) or e1 … e8 (refusals citing Criterion 1 … 8)")
                return
            }
            guard let minor = Money.parseMinor(fields[10]), minor >= 0 else {
                problem("value", "'\(fields[10])' is not a number", category.isMoney ? "write the amount in euros, e.g. 435148 or 435148.50" : "write the count as a whole number, e.g. 3")
                return
            }
            let value: Int64
            if category.isMoney {
                value = minor
            } else {
                guard minor % 100 == 0 else {
                    problem("value", "'\(fields[10])' is not a whole number, and category \(category.rawValue) is a count", "write the count as a whole number, e.g. 3")
                    return
                }
                value = minor / 100
            }
            let key = [String(year), source, destination.isEmpty ? fields[5] : destination, rating, category.rawValue].joined(separator: "|")
            if let earlier = seen[key] {
                problem(nil, "\(source) → \(destination.isEmpty ? fields[5] : destination) \(year) \(rating.isEmpty ? "(no rating)" : rating) category \(category.rawValue) already appears on line \(earlier)",
                        "give one line per year, source, destination, rating and category (remove or add up the repeated one)")
                return
            }
            seen[key] = line
            rows.append(Row(line: line, year: year, embargo: embargo, sourceCode: source, sourceName: fields[3].isEmpty ? source : fields[3],
                            destinationCode: destination.isEmpty ? nil : destination, destinationName: fields[5].isEmpty ? destination : fields[5],
                            regionCode: fields[6], regionName: fields[7], rating: rating, category: category, value: value))
        }
        if rows.isEmpty && problems.isEmpty {
            problems.append(LicensingRowProblem(line: 0, column: nil, message: "the file holds no rows",
                                                hint: "export.csv has one figure per line: 2003; 0; AT; Austria; DZ; Algeria; AFN; North Africa; ML 4; b; 435148;"))
        }
        return File(rows: rows, problems: problems, omittedProblems: omitted)
    }

    /// The ISO 3166 alpha-2 code of a country in the reference data, for a two-letter code; the EU reports' own
    /// `EL` (Greece) and `UK` (United Kingdom) are read as `GR` and `GB`. Nil for anything else.
    static func countryCode(_ text: String) -> String? {
        let code = text.uppercased()
        guard code.count == 2, code.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        let iso = ["EL": "GR", "UK": "GB"][code] ?? code
        return ReferenceData.shared.country(iso) == nil ? nil : iso
    }

    /// `ML4` for `ML 4`, `ml4`, `ML04`; `""` for empty; nil for anything else.
    static func rating(_ text: String) -> String? {
        if text.isEmpty { return "" }
        let compact = text.uppercased().filter { !$0.isWhitespace }
        guard compact.hasPrefix("ML"), let n = Int(compact.dropFirst(2)), (1...22).contains(n) else { return nil }
        return "ML\(n)"
    }
}
