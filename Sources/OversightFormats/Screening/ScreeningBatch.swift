import Foundation
import OversightCore

/// One row of a batch screening file.
public struct ScreeningBatchRow: Sendable {
    /// The line the row starts on (1-based).
    public var line: Int
    /// The name as screened: `full_name`, else first, middle and last name joined.
    public var name: String
    public var query: ScreeningQuery
    /// Values that could not be used and were left out (e.g. a date of birth that is not a date).
    public var warnings: [String]
}

/// Reads the batch screening input: CSV with the columns `full_name, first_name, middle_name, last_name,
/// gender, date_of_birth, place_of_birth, nationality` (any may be empty, any order), and writes the results.
public enum ScreeningBatch {
    public static let format = "screening-csv"
    public static let inputColumns = ["full_name", "first_name", "middle_name", "last_name", "gender", "date_of_birth",
                                      "place_of_birth", "nationality"]
    public static let outputColumns = ["row", "query", "best_match_id", "best_match_name", "score", "match"]

    public static func read(_ data: Data, schema: PartySchema? = nil) throws -> [ScreeningBatchRow] {
        let rows = try ScreeningCSV.parse(data, format: format)
        guard let header = rows.first else {
            throw ScreeningFormatError(format: format, "the file is empty; expected a header line: \(inputColumns.joined(separator: ","))")
        }
        var position: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() where position[ScreeningCSV.headerKey(name)] == nil {
            position[ScreeningCSV.headerKey(name)] = i
        }
        let known = Set(inputColumns.map(ScreeningCSV.headerKey))
        guard position.keys.contains(where: { known.contains($0) }) else {
            throw ScreeningFormatError(format: format, "the header names none of the expected columns: \(inputColumns.joined(separator: ","))", line: header.line)
        }
        return rows.dropFirst().map { row in
            func value(_ column: String) -> String {
                guard let i = position[ScreeningCSV.headerKey(column)], i < row.fields.count else { return "" }
                return row.fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            var warnings: [String] = []
            var name = value("full_name")
            if name.isEmpty {
                name = [value("first_name"), value("middle_name"), value("last_name")].filter { !$0.isEmpty }.joined(separator: " ")
            }
            var query = ScreeningQuery(name: name, schema: schema)
            let dob = value("date_of_birth")
            if !dob.isEmpty {
                if let date = PartialDate(dob) ?? PartialDate(dob.prefix(10)) {
                    query.birthDate = date
                } else {
                    warnings.append("date_of_birth '\(dob)' is not YYYY, YYYY-MM or YYYY-MM-DD; ignored")
                }
            }
            let gender = value("gender")
            if !gender.isEmpty {
                query.gender = PartyGender(text: gender)
                if query.gender == nil && !["u", "unknown", "x"].contains(gender.lowercased()) {
                    warnings.append("gender '\(gender)' is neither male nor female; ignored")
                }
            }
            for text in ScreeningCSV.multi(value("nationality")) {
                if let code = CountryText.code(text) {
                    if !query.countries.contains(code) { query.countries.append(code) }
                } else {
                    warnings.append("nationality '\(text)' is not a recognised country; ignored")
                }
            }
            // A place of birth is often "City, Country": the last part that names a country counts.
            let place = value("place_of_birth")
            if !place.isEmpty, let code = place.split(separator: ",").reversed().lazy.compactMap({ CountryText.code(String($0)) }).first,
               !query.countries.contains(code) {
                query.countries.append(code)
            }
            return ScreeningBatchRow(line: row.line, name: name, query: query, warnings: warnings)
        }
    }

    /// One output line: the row number, the query, the best match (or empty), its score and whether it is a match.
    public static func outputLine(row: Int, query: String, best: ScreeningHit?, threshold: Double) -> String {
        guard let best else { return ScreeningCSV.line([String(row), query, "", "", "", "false"]) }
        return ScreeningCSV.line([String(row), query, best.entryKey, best.matchedName, formatScore(best.score),
                                  best.score >= threshold ? "true" : "false"])
    }

    /// Three decimals: `0.874`.
    public static func formatScore(_ score: Double) -> String {
        let thousandths = Int((score * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
