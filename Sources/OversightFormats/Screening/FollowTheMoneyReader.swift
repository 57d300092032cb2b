import Foundation
import OversightCore

/// Reads OpenSanctions FollowTheMoney JSON lines (`entities.ftm.json`): one entity per line with `id`,
/// `schema`, `properties` (every value a list of strings) and the `target` flag.
///
/// Targets of the schemas `Person` (→ person) and `Organization`, `Company`, `LegalEntity`, `PublicBody`
/// (→ organisation) become entries; `Sanction` entities lend their programme and listing date to the entity
/// they name; everything else (addresses, ownerships, relatives, vessels, non-target companies) is counted as
/// skipped. Names in a non-Latin script go to the original-script names.
public enum FollowTheMoneyReader {
    public static let format = "ftm"
    public static let defaultListID = "opensanctions"

    static let personSchemas: Set<String> = ["Person"]
    static let organizationSchemas: Set<String> = ["Organization", "Company", "LegalEntity", "PublicBody"]
    static let identifierProperties = ["passportNumber", "idNumber", "taxNumber", "innCode", "registrationNumber",
                                       "ogrnCode", "vatCode", "leiCode", "imoNumber", "swiftBic", "uniqueEntityId",
                                       "okpoCode", "dunsCode", "npiCode"]
    static let countryProperties = ["nationality", "citizenship", "country", "jurisdiction", "birthCountry", "mainCountry"]

    struct Line: Decodable {
        var id: String
        var schema: String
        var properties: [String: Strings]?
        var target: Bool?
        var datasets: [String]?
    }

    /// A list of strings that tolerates other JSON values (skipped), as nested exports may hold.
    struct Strings: Decodable {
        var values: [String]
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            var values: [String] = []
            while !container.isAtEnd {
                if let text = try? container.decode(String.self) { values.append(text) } else { _ = try? container.decode(Skip.self) }
            }
            self.values = values
        }
    }

    struct Skip: Decodable { init(from decoder: any Decoder) throws {} }

    public static func read(_ data: Data, listID: String = defaultListID, includeNonTargets: Bool = false) throws -> ScreeningListFile {
        let decoder = JSONDecoder()
        var parties: [(line: Line, number: Int)] = []
        var sanctions: [String: [[String: [String]]]] = [:]
        var skipped: [String: Int] = [:]
        var lineNumber = 0
        var seen = Set<String>()
        for slice in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let line: Line
            do {
                line = try decoder.decode(Line.self, from: Data(slice))
            } catch {
                throw ScreeningFormatError(format: format, "not a FollowTheMoney entity (\(explain(error))); each line must be a JSON object with id, schema and properties", line: lineNumber)
            }
            if line.schema == "Sanction" {
                let properties = (line.properties ?? [:]).mapValues(\.values)
                for entity in properties["entity"] ?? [] { sanctions[entity, default: []].append(properties) }
                continue
            }
            let isParty = personSchemas.contains(line.schema) || organizationSchemas.contains(line.schema)
            guard isParty else { skipped[line.schema, default: 0] += 1; continue }
            guard line.target ?? true || includeNonTargets else { skipped["\(line.schema) (not a target)", default: 0] += 1; continue }
            guard seen.insert(line.id).inserted else {
                throw ScreeningFormatError(format: format, "entity id \(line.id) appears twice", line: lineNumber)
            }
            parties.append((line, lineNumber))
        }
        var entries: [ListEntry] = []
        for (line, _) in parties {
            if let entry = entry(line, sanctions: sanctions[line.id] ?? [], listID: listID) {
                entries.append(entry)
            } else {
                skipped["\(line.schema) (no name)", default: 0] += 1
            }
        }
        return ScreeningListFile(entries: entries, skipped: skipped)
    }

    static func entry(_ line: Line, sanctions: [[String: [String]]], listID: String) -> ListEntry? {
        let p = (line.properties ?? [:]).mapValues(\.values)
        func values(_ key: String) -> [String] {
            (p[key] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        }
        var names: [ListName] = []
        var originalScript: [String] = []
        func add(_ text: String, _ quality: NameQuality) {
            if Transliteration.hasNonLatinLetters(text) {
                if !originalScript.contains(text) { originalScript.append(text) }
            } else if !names.contains(where: { $0.text == text }) {
                names.append(ListName(text, quality: quality))
            }
        }
        for name in values("name") + values("alias") + values("previousName") { add(name, .strong) }
        for name in values("weakAlias") { add(name, .weak) }
        guard !names.isEmpty || !originalScript.isEmpty else { return nil }

        let birthDates = values("birthDate").compactMap { UNConsolidatedListReader.partialDate($0) }.map(BirthDate.exact)
        var countries: [String] = []
        for key in countryProperties {
            for text in values(key) {
                if let code = CountryText.code(text), !countries.contains(code) { countries.append(code) }
            }
        }
        var identifiers: [PartyIdentifier] = []
        for key in identifierProperties {
            for number in values(key) where !identifiers.contains(where: { $0.normalizedNumber == PartyIdentifier.normalize(number) }) {
                identifiers.append(PartyIdentifier(type: key, number: number))
            }
        }
        var programs = Set(sanctions.flatMap { $0["programId"] ?? [] })
        if programs.isEmpty { programs = Set(sanctions.flatMap { $0["program"] ?? [] }) }
        let listingDates = sanctions.flatMap { ($0["listingDate"] ?? []) + ($0["startDate"] ?? []) }
            .compactMap { UNConsolidatedListReader.partialDate($0) }
        let listedOn = listingDates.min() ?? values("createdAt").compactMap { UNConsolidatedListReader.partialDate($0) }.min()
        let authorityIDs = sanctions.flatMap { $0["authorityId"] ?? [] }.sorted()
        let note = (values("position") + values("notes")).prefix(3).joined(separator: " — ")
        return ListEntry(
            list: listID, id: line.id, schema: personSchemas.contains(line.schema) ? .person : .organization,
            names: names, originalScriptNames: originalScript, birthDates: birthDates, countries: countries,
            gender: values("gender").first.flatMap { PartyGender(text: $0) }, identifiers: identifiers,
            listedOn: listedOn, reference: authorityIDs.first,
            program: programs.isEmpty ? (line.datasets ?? []).sorted().joined(separator: ", ").screeningNilIfEmpty : programs.sorted().joined(separator: ", "),
            note: note.screeningNilIfEmpty)
    }

    static func explain(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "unexpected value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted: return "not valid JSON"
        default: return "\(error)"
        }
    }
}

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

extension String {
    /// Nil for the empty string.
    var screeningNilIfEmpty: String? { isEmpty ? nil : self }
}
