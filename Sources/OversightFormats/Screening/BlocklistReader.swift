import Foundation
import OversightCore

/// Reads a custom blocklist: CSV with a header naming the columns `name, schema, country, date_of_birth,
/// identifier, note` (any order, any case; `id` and `aliases` are optional). Several countries, identifiers
/// or aliases in one cell are separated by `;`.
///
/// `schema` is `person` or `organization` (also `individual`, `entity`, `company`); empty means person.
/// Without an `id` column an entry's id is made from its name and date of birth, so re-importing an edited
/// file reports a changed note as a change and a renamed party as one removed and one added.
/// Every value is checked: a country that is not an ISO country or a date that is not `YYYY[-MM[-DD]]` is an
/// error naming the line.
public enum BlocklistReader {
    public static let format = "blocklist-csv"
    public static let defaultListID = "blocklist"
    public static let columns = ["name", "schema", "country", "date_of_birth", "identifier", "note"]

    public static func read(_ data: Data, listID: String = defaultListID) throws -> ScreeningListFile {
        let rows = try ScreeningCSV.parse(data, format: format)
        guard let header = rows.first else {
            throw ScreeningFormatError(format: format, "the file is empty; expected a header line: \(columns.joined(separator: ","))")
        }
        var position: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() {
            let key = ScreeningCSV.headerKey(name)
            let canonical = ["dob": "dateofbirth", "birthdate": "dateofbirth", "type": "schema", "countries": "country",
                             "identifiers": "identifier", "notes": "note", "alias": "aliases"][key] ?? key
            if position[canonical] == nil { position[canonical] = i }
        }
        guard position["name"] != nil else {
            throw ScreeningFormatError(format: format, "the header has no name column; expected \(columns.joined(separator: ","))", line: header.line)
        }
        var entries: [ListEntry] = []
        var ids: [String: Int] = [:]
        var used = Set<String>()
        for row in rows.dropFirst() {
            func value(_ column: String) -> String {
                guard let i = position[column], i < row.fields.count else { return "" }
                return row.fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let name = value("name")
            guard !name.isEmpty else {
                throw ScreeningFormatError(format: format, "the name is empty; every row needs a name", line: row.line)
            }
            let schema: PartySchema
            switch value("schema").lowercased() {
            case "", "person", "individual", "natural person": schema = .person
            case "organization", "organisation", "entity", "company", "legal entity": schema = .organization
            case let other:
                throw ScreeningFormatError(format: format, "schema '\(other)' is neither person nor organization", line: row.line)
            }
            var countries: [String] = []
            for text in ScreeningCSV.multi(value("country")) {
                guard let code = CountryText.code(text) else {
                    throw ScreeningFormatError(format: format, "country '\(text)' is not an ISO 3166 country; use a code such as IQ or a name such as Iraq", line: row.line)
                }
                if !countries.contains(code) { countries.append(code) }
            }
            var birthDates: [BirthDate] = []
            for text in ScreeningCSV.multi(value("dateofbirth")) {
                guard let date = PartialDate(text) else {
                    throw ScreeningFormatError(format: format, "date of birth '\(text)' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD", line: row.line)
                }
                birthDates.append(.exact(date))
            }
            var names = [ListName(name)]
            var originalScript: [String] = []
            for alias in ScreeningCSV.multi(value("aliases")) where alias != name {
                if Transliteration.hasNonLatinLetters(alias) { originalScript.append(alias) } else { names.append(ListName(alias)) }
            }
            var id = value("id")
            if id.isEmpty {
                id = NameKey.fold(name).replacingOccurrences(of: " ", with: "-")
                // A name of only punctuation or symbols folds to nothing: its code points make the id, as stable.
                if id.isEmpty { id = "u" + name.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: "-") }
                if let first = birthDates.first { id += "-" + first.description }
            }
            if position["id"] != nil {
                guard used.insert(id).inserted else {
                    throw ScreeningFormatError(format: format, "id '\(id)' appears twice", line: row.line)
                }
            } else {
                // The second "juan" is juan-2; the suffix skips ids already taken (a party named "Juan 2" is
                // juan-2 too: found by fuzzing, when both ended up with one id).
                var candidate = id
                var n = ids[id, default: 1]
                while used.contains(candidate) { n += 1; candidate = "\(id)-\(n)" }
                ids[id] = n
                used.insert(candidate)
                id = candidate
            }
            let note = value("note")
            entries.append(ListEntry(
                list: listID, id: id, schema: schema, names: names, originalScriptNames: originalScript,
                birthDates: birthDates, countries: countries,
                identifiers: ScreeningCSV.multi(value("identifier")).map { PartyIdentifier(type: "identifier", number: $0) },
                note: note.isEmpty ? nil : note))
        }
        return ScreeningListFile(entries: entries)
    }
}
