import Foundation
import OversightCore

/// Reads OpenSanctions `targets.simple.csv`: `id, schema, name, aliases, birth_date, countries, addresses,
/// identifiers, sanctions, phones, emails, dataset, first_seen, last_seen, last_change`, multiple values
/// joined with `;`. Persons and organisations become entries; other schemas (vessels, aircraft) are skipped.
public enum OpenSanctionsTargetsReader {
    public static let format = "opensanctions-csv"
    public static let columns = ["id", "schema", "name", "aliases", "birth_date", "countries", "addresses", "identifiers",
                                 "sanctions", "phones", "emails", "dataset", "first_seen", "last_seen", "last_change"]

    public static func read(_ data: Data, listID: String = FollowTheMoneyReader.defaultListID) throws -> ScreeningListFile {
        let rows = try ScreeningCSV.parse(data, format: format)
        guard let header = rows.first else { throw ScreeningFormatError(format: format, "the file is empty; expected a header line: \(columns.joined(separator: ","))") }
        var position: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() { position[name.trimmingCharacters(in: .whitespaces).lowercased()] = i }
        let missing = ["id", "schema", "name"].filter { position[$0] == nil }
        guard missing.isEmpty else {
            throw ScreeningFormatError(format: format, "the header lacks \(missing.joined(separator: ", ")); expected \(columns.joined(separator: ","))", line: header.line)
        }
        var entries: [ListEntry] = []
        var skipped: [String: Int] = [:]
        var seen = Set<String>()
        for row in rows.dropFirst() {
            func value(_ column: String) -> String {
                guard let i = position[column], i < row.fields.count else { return "" }
                return row.fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let id = value("id"), schemaText = value("schema")
            guard !id.isEmpty else { throw ScreeningFormatError(format: format, "a row has no id", line: row.line) }
            let schema: PartySchema
            if FollowTheMoneyReader.personSchemas.contains(schemaText) {
                schema = .person
            } else if FollowTheMoneyReader.organizationSchemas.contains(schemaText) {
                schema = .organization
            } else {
                skipped[schemaText.isEmpty ? "(no schema)" : schemaText, default: 0] += 1
                continue
            }
            guard seen.insert(id).inserted else { throw ScreeningFormatError(format: format, "id \(id) appears twice", line: row.line) }
            var names: [ListName] = []
            var originalScript: [String] = []
            for text in [value("name")] + ScreeningCSV.multi(value("aliases")) where !text.isEmpty {
                if Transliteration.hasNonLatinLetters(text) {
                    if !originalScript.contains(text) { originalScript.append(text) }
                } else if !names.contains(where: { $0.text == text }) {
                    names.append(ListName(text))
                }
            }
            guard !names.isEmpty || !originalScript.isEmpty else { skipped["\(schemaText) (no name)", default: 0] += 1; continue }
            var countries: [String] = []
            for text in ScreeningCSV.multi(value("countries")) {
                if let code = CountryText.code(text), !countries.contains(code) { countries.append(code) }
            }
            let sanctions = ScreeningCSV.multi(value("sanctions"))
            entries.append(ListEntry(
                list: listID, id: id, schema: schema, names: names, originalScriptNames: originalScript,
                birthDates: ScreeningCSV.multi(value("birth_date")).compactMap { UNConsolidatedListReader.partialDate($0) }.map(BirthDate.exact),
                countries: countries,
                identifiers: ScreeningCSV.multi(value("identifiers")).map { PartyIdentifier(type: "identifier", number: $0) },
                listedOn: UNConsolidatedListReader.partialDate(value("first_seen")),
                program: value("dataset").screeningNilIfEmpty, note: sanctions.joined(separator: "; ").screeningNilIfEmpty))
        }
        return ScreeningListFile(entries: entries, skipped: skipped)
    }
}
