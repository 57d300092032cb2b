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
            guard slice.count <= ReaderLimits.maxLineBytes else {
                throw ScreeningFormatError(format: format, "the line is \(slice.count) bytes long; a FollowTheMoney line holds at most \(ReaderLimits.maxLineText)", line: lineNumber)
            }
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

extension String {
    /// Nil for the empty string.
    var screeningNilIfEmpty: String? { isEmpty ? nil : self }
}
