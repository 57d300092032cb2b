import Foundation

/// The reference tables the assessment relies on: the munitions list, ATT categories, UN arms embargoes,
/// violation types, the item-nexus matrix and countries.
///
/// The tables ship as JSON resources of the package (`Reference/Data`), each naming its sources and
/// version; `shared` loads them once.
public struct ReferenceData: Sendable {
    /// The munitions list, ML1 … ML22 in order.
    public let controlEntries: [ControlEntry]
    /// ATT Art. 2(1) categories I … VIII.
    public let attCategories: [ATTCategory]
    /// UN arms embargo periods, past and present.
    public let embargoes: [Embargo]
    public let violationTypes: [ViolationType]
    public let nexus: NexusMatrix
    /// ISO 3166-1 countries and territories, plus Kosovo (`XK`).
    public let countries: [Country]
    /// Former states named in historical data.
    public let formerStates: [FormerState]
    /// Names in SIPRI's trade register that stand for no state (armed groups, international
    /// organisations, unrecognised entities, unknown parties).
    public let nonStateNames: [String]
    /// Source and version of each file the data was loaded from (empty when built in code).
    public let sources: [ReferenceSource]

    private let entriesByCode: [String: ControlEntry]
    private let violationsByCode: [String: ViolationType]
    private let countriesByCode: [String: Country]
    private let countriesByName: [String: Country]
    private let formerStatesByName: [String: FormerState]
    private let nonStateKeys: Set<String>

    /// Builds reference data from tables; lookups are indexed here. Where two countries claim the same
    /// name, the first keeps it.
    public init(controlEntries: [ControlEntry], attCategories: [ATTCategory], embargoes: [Embargo],
                violationTypes: [ViolationType], nexus: NexusMatrix, countries: [Country],
                formerStates: [FormerState] = [], nonStateNames: [String] = [], sources: [ReferenceSource] = []) {
        self.controlEntries = controlEntries
        self.attCategories = attCategories
        self.embargoes = embargoes
        self.violationTypes = violationTypes
        self.nexus = nexus
        self.countries = countries
        self.formerStates = formerStates
        self.nonStateNames = nonStateNames
        self.sources = sources

        var entries: [String: ControlEntry] = [:]
        for entry in controlEntries { entries[entry.id] = entry }
        entriesByCode = entries
        violationsByCode = Dictionary(violationTypes.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

        var byCode: [String: Country] = [:]
        var byName: [String: Country] = [:]
        for country in countries {
            if byCode[country.alpha2.uppercased()] == nil { byCode[country.alpha2.uppercased()] = country }
            if byCode[country.alpha3.uppercased()] == nil { byCode[country.alpha3.uppercased()] = country }
            for name in country.allNames {
                let key = ReferenceData.nameKey(name)
                if !key.isEmpty, byName[key] == nil { byName[key] = country }
            }
        }
        countriesByCode = byCode
        countriesByName = byName

        var former: [String: FormerState] = [:]
        for state in formerStates {
            for name in state.allNames {
                let key = ReferenceData.nameKey(name)
                if !key.isEmpty, former[key] == nil { former[key] = state }
            }
        }
        formerStatesByName = former
        nonStateKeys = Set(nonStateNames.map(ReferenceData.nameKey))
    }

    // MARK: Lookups

    /// The control entry for a code in any accepted spelling (`2-14`, `ML14`, `ml 14`).
    public func controlEntry(_ code: String) -> ControlEntry? {
        ControlEntry.canonicalCode(code).flatMap { entriesByCode[$0] }
    }

    /// The embargo periods in force on `day` for a state, given by alpha-2 (or alpha-3) code, any case.
    /// List-based regimes not tied to a state (target nil) are not included; see `embargoes(on:)`.
    public func embargoes(on day: Day, target: String) -> [Embargo] {
        let code = country(target)?.alpha2 ?? target.trimmingCharacters(in: .whitespaces).uppercased()
        return embargoes.filter { $0.target == code && $0.isInForce(on: day) }
    }

    /// Every embargo period in force on `day`, those without a target state included.
    public func embargoes(on day: Day) -> [Embargo] {
        embargoes.filter { $0.isInForce(on: day) }
    }

    public func violationType(_ code: String) -> ViolationType? {
        violationsByCode[code]
    }

    /// The country with an alpha-2 or alpha-3 code, in any case.
    public func country(_ code: String) -> Country? {
        countriesByCode[code.trimmingCharacters(in: .whitespaces).uppercased()]
    }

    /// The country with a name or alias, ignoring case, diacritics, punctuation and spacing (so a
    /// trailing `*` does not matter either): "Cote d'Ivoire", "Türkiye", "Turkey", "DR Congo".
    public func country(named name: String) -> Country? {
        let key = ReferenceData.nameKey(name)
        return key.isEmpty ? nil : countriesByName[key]
    }

    /// The former state with a name or alias, compared as in `country(named:)`.
    public func formerState(named name: String) -> FormerState? {
        let key = ReferenceData.nameKey(name)
        return key.isEmpty ? nil : formerStatesByName[key]
    }

    /// Whether a name is one of `nonStateNames`, compared as in `country(named:)`.
    public func isNonStateName(_ name: String) -> Bool {
        nonStateKeys.contains(ReferenceData.nameKey(name))
    }

    /// The key names are compared by: case, diacritics, punctuation and spacing folded away.
    public static func nameKey(_ name: String) -> String {
        NameKey.fold(name)
    }

    // MARK: Loading

    /// The reference data shipped with the package, loaded once.
    ///
    /// A missing or corrupt resource is a programming error (the files ship with the package), so it
    /// stops the program with a message naming the file.
    public static let shared: ReferenceData = {
        do {
            return try load { file in
                let name = String(file.dropLast(".json".count))
                return Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Data")
            }
        } catch {
            fatalError("OversightCore reference data: \(error)")
        }
    }()

    /// Names of the resource files, in the `Data` folder.
    public static let fileNames = [
        "control-list.json", "att-categories.json", "embargoes.json", "violation-types.json",
        "item-nexus.json", "countries.json",
    ]

    /// Loads the reference data from a folder holding the files named in `fileNames`.
    public static func load(from directory: URL) throws -> ReferenceData {
        try load { file in
            let url = directory.appendingPathComponent(file)
            return FileManager.default.fileExists(atPath: url.path) ? url : nil
        }
    }

    /// Why reference data could not be loaded; every case names the file.
    public enum LoadError: Error, CustomStringConvertible, Equatable {
        case missing(file: String)
        case corrupt(file: String, reason: String)
        case invalid(file: String, reason: String)

        public var description: String {
            switch self {
            case .missing(let file): "resource \(file) is missing"
            case .corrupt(let file, let reason): "resource \(file) cannot be read: \(reason)"
            case .invalid(let file, let reason): "resource \(file) is inconsistent: \(reason)"
            }
        }
    }

    private static func load(locate: (String) -> URL?) throws -> ReferenceData {
        var sources: [ReferenceSource] = []
        func read<T: Decodable & ReferenceFile>(_ type: T.Type, _ file: String) throws -> T {
            guard let url = locate(file) else { throw LoadError.missing(file: file) }
            let value: T
            do {
                value = try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
            } catch {
                throw LoadError.corrupt(file: file, reason: String(describing: error))
            }
            sources.append(ReferenceSource(file: file, source: value.source, version: value.version))
            return value
        }

        let controlList = try read(ControlListFile.self, "control-list.json")
        let attFile = try read(ATTCategoriesFile.self, "att-categories.json")
        let embargoFile = try read(EmbargoesFile.self, "embargoes.json")
        let violationFile = try read(ViolationTypesFile.self, "violation-types.json")
        let nexusFile = try read(NexusFile.self, "item-nexus.json")
        let countryFile = try read(CountriesFile.self, "countries.json")

        for entry in controlList.entries {
            guard ControlEntry.canonicalCode(entry.id) == entry.id, ControlEntry.canonicalCode(entry.ecl) == entry.id,
                  entry.id == "ML\(entry.number)" else {
                throw LoadError.invalid(file: "control-list.json", reason: "entry \(entry.id) / \(entry.ecl) is not canonical")
            }
        }
        let categoryCodes = Set(attFile.categories.map(\.code))
        for entry in controlList.entries {
            if let unknown = entry.attCategories.first(where: { !categoryCodes.contains($0) }) {
                throw LoadError.invalid(file: "control-list.json", reason: "\(entry.id) maps to unknown ATT category \(unknown)")
            }
        }
        for embargo in embargoFile.embargoes {
            if let to = embargo.to, to < embargo.from {
                throw LoadError.invalid(file: "embargoes.json", reason: "\(embargo.id) ends before it begins")
            }
        }

        var levels: [String: [NexusColumn: NexusLevel]] = [:]
        for row in nexusFile.rows {
            guard let code = ControlEntry.canonicalCode(row.entry) else {
                throw LoadError.invalid(file: "item-nexus.json", reason: "unknown entry \(row.entry)")
            }
            var columns: [NexusColumn: NexusLevel] = [:]
            for (name, level) in row.levels {
                guard let column = NexusColumn(rawValue: name) else {
                    throw LoadError.invalid(file: "item-nexus.json", reason: "unknown column \(name) in \(row.entry)")
                }
                columns[column] = level
            }
            guard columns.count == NexusColumn.allCases.count else {
                throw LoadError.invalid(file: "item-nexus.json", reason: "\(row.entry) lacks a level for some column")
            }
            levels[code] = columns
        }
        if let missing = controlList.entries.first(where: { levels[$0.id] == nil }) {
            throw LoadError.invalid(file: "item-nexus.json", reason: "no row for \(missing.id)")
        }
        let columns = Dictionary(violationFile.violationTypes.map { ($0.code, $0.nexusColumn) },
                                 uniquingKeysWith: { first, _ in first })

        return ReferenceData(
            controlEntries: controlList.entries.sorted { $0.number < $1.number },
            attCategories: attFile.categories,
            embargoes: embargoFile.embargoes,
            violationTypes: violationFile.violationTypes,
            nexus: NexusMatrix(levels: levels, violationColumns: columns),
            countries: countryFile.countries,
            formerStates: countryFile.formerStates,
            nonStateNames: countryFile.nonStateNames,
            sources: sources)
    }
}

// MARK: File layouts

private protocol ReferenceFile {
    var source: String { get }
    var version: String { get }
}

private struct ControlListFile: Decodable, ReferenceFile {
    var source: String
    var version: String
    var entries: [ControlEntry]
}

private struct ATTCategoriesFile: Decodable, ReferenceFile {
    var source: String
    var version: String
    var categories: [ATTCategory]
}

private struct EmbargoesFile: Decodable, ReferenceFile {
    var source: String
    var version: String
    var embargoes: [Embargo]
}

private struct ViolationTypesFile: Decodable, ReferenceFile {
    var source: String
    var version: String
    var violationTypes: [ViolationType]
}

private struct NexusFile: Decodable, ReferenceFile {
    struct Row: Decodable {
        var entry: String
        var levels: [String: NexusLevel]
    }

    var source: String
    var version: String
    var rows: [Row]
}

private struct CountriesFile: Decodable, ReferenceFile {
    var source: String
    var version: String
    var countries: [Country]
    var formerStates: [FormerState]
    var nonStateNames: [String]
}
