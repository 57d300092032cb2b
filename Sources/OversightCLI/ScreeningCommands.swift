import ArgumentParser
import Foundation
import OversightCore
import OversightFormats
import OversightStore

// Party screening: `oversight screen` and the list importers `oversight import un-sc|ftm|opensanctions-csv|blocklist`.

struct ScreenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen", abstract: "Screen a party against the loaded sanctions and embargo lists.",
        discussion: """
            One party: --name (any script, any order) with what else is known (--dob, --country, --gender, --id). \
            A batch: --csv FILE with the columns full_name,first_name,middle_name,last_name,gender,date_of_birth,\
            place_of_birth,nationality (any may be empty); the output is CSV in input order: \
            row,query,best_match_id,best_match_name,score,match.
            Each hit has a score from 0 to 1 and the features it is made of (name tokens aligned by spelling and \
            sound, date of birth, country, gender, identifiers). Hits at or above --threshold (default 0.70) are \
            matches. A hit a reviewer marked "not a match" (oversight screen decide) is not raised again for \
            that party until the list changes the entry.
            Exit status: 0 when screened (2 with --fail-on-match when there is a match), 1 on an error.
            """,
        subcommands: [ScreenDecideCommand.self, ScreenListsCommand.self, ScreenDecisionsCommand.self])

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The party's name.", valueName: "name")) var name: String?
    @Option(help: ArgumentHelp("Date of birth: YYYY, YYYY-MM or YYYY-MM-DD.", valueName: "date")) var dob: String?
    @Option(help: ArgumentHelp("A country the party is linked to (ISO alpha-2 such as IQ, or a name); repeatable.", valueName: "country"))
    var country: [String] = []
    @Option(help: ArgumentHelp("person or organization (default: both).", valueName: "schema")) var schema: PartySchema?
    @Option(help: ArgumentHelp("male or female.", valueName: "gender")) var gender: PartyGender?
    @Option(name: .customLong("id"), help: ArgumentHelp("A passport, identity or registration number; repeatable.", valueName: "number"))
    var identifiers: [String] = []
    @Option(help: ArgumentHelp("Screen every row of this CSV file instead of one name.", valueName: "file")) var csv: String?
    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("With --csv: write the CSV here instead of standard output.", valueName: "file"))
    var outputFile: String?
    @Option(help: ArgumentHelp("Score from which a hit is a match (0…1).", valueName: "score")) var threshold: Double = ScreeningConfiguration.defaultThreshold
    @Option(help: ArgumentHelp("The most hits to show.", valueName: "n")) var limit: Int = 10
    @OptionGroup var output: ScreeningOutputOptions
    @Flag(help: "Exit with status 2 when at least one match is found.") var failOnMatch = false

    // Checks only what was given: `validate` also runs when a subcommand (`screen decide`) is invoked.
    func validate() throws {
        if name != nil && csv != nil { throw ValidationError("give either --name \"…\" (one party) or --csv FILE (a batch), not both") }
        if let name, NameNormalizer.normalize(name).tokens.isEmpty {
            throw ValidationError("--name '\(name)' has no letters or digits to match")
        }
        if let dob, PartialDate(dob) == nil {
            throw ValidationError("--dob '\(dob)' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 1964-07-17")
        }
        for text in country where ScreeningCLI.countryCode(text) == nil {
            throw ValidationError("--country '\(text)' is not a country; use an ISO 3166 alpha-2 code such as IQ")
        }
        guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be from 0 to 1, e.g. 0.7") }
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        if outputFile != nil && csv == nil { throw ValidationError("--output goes with --csv") }
    }

    func run() async throws {
        guard name != nil || csv != nil else {
            throw ValidationError("give --name \"…\" (one party) or --csv FILE (a batch); see oversight screen --help")
        }
        let store = try database.openStore()
        let screener = try await ScreeningCLI.screener(store: store, path: store.location, threshold: threshold, limit: limit)
        if let csv {
            let matches = try ScreeningCLI.batch(file: csv, output: outputFile, screener: screener, schema: schema)
            if failOnMatch && matches > 0 { throw ExitCode(2) }
            return
        }
        let query = ScreeningQuery(name: name!, schema: schema, birthDate: dob.flatMap { PartialDate($0) },
                                   countries: country.compactMap(ScreeningCLI.countryCode), gender: gender, identifiers: identifiers)
        let result = screener.evaluate(query)
        switch output.format {
        case .json: print(try JSONText.encode(result))
        case .table: print(ScreeningCLI.table(result, lists: try await store.screeningLists()))
        }
        if failOnMatch && !result.hits.isEmpty { throw ExitCode(2) }
    }
}

extension PartySchema: ExpressibleByArgument {}
extension PartyGender: ExpressibleByArgument {}

struct ScreenDecideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide", abstract: "Record a reviewer's decision on a hit (e.g. not a match).",
        discussion: """
            The decision names the party (as screened) and the list entry, and keeps the entry's current content \
            digest: a hit marked --not-a-match is not raised again for that party while the entry is unchanged, \
            and is raised again (showing the earlier decision) once the list changes the entry.
            """)
    enum Verdict: String, EnumerableFlag {
        case notAMatch, match
        static func help(for value: Verdict) -> ArgumentHelp? {
            value == .notAMatch ? "The party is not the listed entry." : "The party is the listed entry (recorded; the hit stays raised)."
        }
    }

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The list entry, as LIST:ID (e.g. un-sc:6908555).", valueName: "list:id")) var entry: String
    @Option(help: ArgumentHelp("The party's name as screened.", valueName: "name")) var party: String
    @Flag var verdict: Verdict
    @Option(help: ArgumentHelp("Why (e.g. \"date of birth 1990 differs from 1964\").", valueName: "text")) var reason: String
    @Option(help: ArgumentHelp("Who decides.", valueName: "reviewer")) var by: String
    @OptionGroup var output: ScreeningOutputOptions

    func validate() throws {
        guard let colon = entry.firstIndex(of: ":"), colon != entry.startIndex, entry.index(after: colon) != entry.endIndex else {
            throw ValidationError("--entry '\(entry)' is not LIST:ID, e.g. un-sc:6908555")
        }
        guard !ScreeningDecision.partyKey(for: party).isEmpty else { throw ValidationError("--party has no letters or digits") }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
        guard !by.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--by must name the reviewer") }
    }

    func run() async throws {
        let colon = entry.firstIndex(of: ":")!
        let list = String(entry[..<colon]), id = String(entry[entry.index(after: colon)...])
        let store = try database.openStore()
        guard let listed = try await store.listEntry(list: list, id: id) else {
            throw CLIError("there is no entry \(entry); `oversight screen --name …` shows entry ids as LIST:ID")
        }
        let decision = ScreeningDecision(party: party, list: list, entryID: id, entryDigest: listed.digest,
                                         verdict: verdict == .notAMatch ? .notAMatch : .match,
                                         reason: reason.trimmingCharacters(in: .whitespaces),
                                         decidedBy: by.trimmingCharacters(in: .whitespaces), decidedAt: Date())
        try await store.recordDecision(decision)
        switch output.format {
        case .json: print(try JSONText.encode(decision))
        case .table:
            let effect = decision.verdict == .notAMatch
                ? "this hit will not be raised again for this party until the list changes the entry"
                : "recorded as a confirmed match; the hit stays raised"
            let relation = decision.verdict == .notAMatch ? "is not" : "is"
            print("recorded: \"\(party)\" \(relation) \(listed.primaryName) (\(entry)) — \(effect)")
        }
    }
}

struct ScreenListsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lists", abstract: "Show the loaded screening lists.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: ScreeningOutputOptions

    func run() async throws {
        let lists = try await database.openStore().screeningLists()
        switch output.format {
        case .json: print(try JSONText.encode(lists))
        case .table:
            if lists.isEmpty { print("no screening lists loaded; import one with `oversight import un-sc FILE`"); return }
            for list in lists {
                print("\(list.id)  \(list.entryCount) entries  \(list.format)  version \(list.version ?? "-")  imported \(ScreeningDecision.timestamp(list.importedAt))  from \(list.source)")
            }
        }
    }
}

struct ScreenDecisionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decisions", abstract: "Show the recorded screening decisions.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("Only this party's.", valueName: "name")) var party: String?
    @OptionGroup var output: ScreeningOutputOptions

    func run() async throws {
        let decisions = try await database.openStore().screeningDecisions(partyKey: party.map(ScreeningDecision.partyKey(for:)))
        switch output.format {
        case .json: print(try JSONText.encode(decisions))
        case .table:
            if decisions.isEmpty { print("no decisions"); return }
            for d in decisions {
                print("\(ScreeningDecision.timestamp(d.decidedAt))  \(d.party)  \(d.verdict.rawValue)  \(d.entryKey)  by \(d.decidedBy): \(d.reason)")
            }
        }
    }
}

// MARK: - Importers

/// The list importers, added to `oversight import`.
enum ScreeningImportCommands {
    static let all: [any ParsableCommand.Type] = [ImportUNListCommand.self, ImportFtMCommand.self,
                                                  ImportOpenSanctionsCSVCommand.self, ImportBlocklistCommand.self]
}

/// `--format table|json`, one option group shared by `screen` and its subcommands so that the value reaches
/// the subcommand that runs (a plain option of the same name in both would be taken by `screen`).
struct ScreeningOutputOptions: ParsableArguments {
    @Option(help: "table or json.") var format: OutputFormat = .table
}

/// What every list importer takes.
struct ListImportOptions: ParsableArguments {
    @Argument(help: "The list file.") var file: String
    @Flag(help: "Also print the ids of the entries added, removed and changed.") var showChanges = false
}

struct ImportUNListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "un-sc", abstract: "Import the UN Security Council Consolidated List (XML). Replaces the list; reports added, removed, changed.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var options: ListImportOptions
    @Option(help: ArgumentHelp("The list id.", valueName: "id")) var list = UNConsolidatedListReader.defaultListID

    func run() async throws {
        try await ScreeningCLI.importList(id: list, title: "UN Security Council Consolidated List", format: UNConsolidatedListReader.format,
                                          options: options, database: database) { try UNConsolidatedListReader.read($0, listID: list) }
    }
}

struct ImportFtMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ftm", abstract: "Import OpenSanctions FollowTheMoney JSON lines (entities.ftm.json). Replaces the list; reports what changed.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var options: ListImportOptions
    @Option(help: ArgumentHelp("The list id.", valueName: "id")) var list = FollowTheMoneyReader.defaultListID
    @Flag(help: "Also import persons and organisations that are not targets (relatives, owned companies).") var includeNonTargets = false

    func run() async throws {
        try await ScreeningCLI.importList(id: list, title: "OpenSanctions (FollowTheMoney)", format: FollowTheMoneyReader.format,
                                          options: options, database: database) {
            try FollowTheMoneyReader.read($0, listID: list, includeNonTargets: includeNonTargets)
        }
    }
}

struct ImportOpenSanctionsCSVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opensanctions-csv", abstract: "Import OpenSanctions targets.simple.csv. Replaces the list; reports what changed.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var options: ListImportOptions
    @Option(help: ArgumentHelp("The list id.", valueName: "id")) var list = FollowTheMoneyReader.defaultListID

    func run() async throws {
        try await ScreeningCLI.importList(id: list, title: "OpenSanctions (targets.simple.csv)", format: OpenSanctionsTargetsReader.format,
                                          options: options, database: database) { try OpenSanctionsTargetsReader.read($0, listID: list) }
    }
}

struct ImportBlocklistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blocklist", abstract: "Import a custom CSV blocklist (name,schema,country,date_of_birth,identifier,note). Replaces the list.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var options: ListImportOptions
    @Option(help: ArgumentHelp("The list id.", valueName: "id")) var list = BlocklistReader.defaultListID
    @Option(help: ArgumentHelp("A title for the list.", valueName: "text")) var title = "Custom blocklist"

    func run() async throws {
        try await ScreeningCLI.importList(id: list, title: title, format: BlocklistReader.format, options: options, database: database) {
            try BlocklistReader.read($0, listID: list)
        }
    }
}

// MARK: - Shared

enum ScreeningCLI {
    static func countryCode(_ text: String) -> String? {
        let reference = ReferenceData.shared
        return (reference.country(text) ?? reference.country(named: text))?.alpha2
    }

    static func read(_ path: String) throws -> Data {
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError("\(path) does not exist") }
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CLIError("cannot read \(path): \(error.localizedDescription)")
        }
    }

    static func importList(id: String, title: String, format: String, options: ListImportOptions, database: DatabaseOptions,
                           parse: (Data) throws -> ScreeningListFile) async throws {
        guard ScreeningList.isValidID(id) else {
            throw CLIError("--list '\(id)' is not allowed: use lower-case letters, digits, '-', '_' or '.', e.g. un-sc")
        }
        let data = try read(options.file)
        let started = Date()
        let file: ScreeningListFile
        do { file = try parse(data) } catch let error as ScreeningFormatError {
            throw CLIError("\(options.file): \(error) — nothing was imported")
        }
        let store = try database.openStore()
        let list = ScreeningList(id: id, title: title, format: format, source: options.file, version: file.version,
                                 importedAt: Date(), entryCount: file.entries.count)
        let changes = try await store.replaceList(list, entries: file.entries)
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        print("\(id): \(file.entries.count) entries from \(options.file)\(file.version.map { " (version \($0))" } ?? "") in \(seconds) s — \(changes.summary)")
        if !file.skipped.isEmpty {
            print("skipped: " + file.skipped.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        }
        if options.showChanges {
            for (label, ids) in [("added", changes.added), ("removed", changes.removed), ("changed", changes.changed)] where !ids.isEmpty {
                print("\(label): \(ids.map { "\(id):\($0)" }.joined(separator: " "))")
            }
        }
    }

    static func screener(store: any DatabaseStore, path: String, threshold: Double, limit: Int) async throws -> Screener {
        let lists = try await store.screeningLists()
        guard !lists.isEmpty else {
            throw CLIError("no screening lists are loaded in \(path); import one first, e.g. `oversight import un-sc consolidated.xml`")
        }
        return try await store.loadScreener(configuration: ScreeningConfiguration(threshold: threshold, limit: limit))
    }

    /// Screens every row; returns the number of matches.
    static func batch(file: String, output: String?, screener: Screener, schema: PartySchema?) throws -> Int {
        let rows: [ScreeningBatchRow]
        do { rows = try ScreeningBatch.read(try read(file), schema: schema) } catch let error as ScreeningFormatError {
            throw CLIError("\(file): \(error)")
        }
        var lines = [ScreeningCSV.line(ScreeningBatch.outputColumns)]
        var matches = 0
        let floor = min(0.5, screener.configuration.threshold)
        for (number, row) in rows.enumerated() {
            for warning in row.warnings { FileHandle.standardError.write(Data("\(file): line \(row.line): \(warning)\n".utf8)) }
            var best: ScreeningHit?
            if !NameNormalizer.normalize(row.name).tokens.isEmpty {
                var query = row.query
                query.threshold = floor
                query.limit = 1
                best = screener.evaluate(query).hits.first
            } else {
                FileHandle.standardError.write(Data("\(file): line \(row.line): no name; not screened\n".utf8))
            }
            if let best, best.score >= screener.configuration.threshold { matches += 1 }
            lines.append(ScreeningBatch.outputLine(row: number + 1, query: row.name, best: best, threshold: screener.configuration.threshold))
        }
        let text = lines.joined(separator: "\n") + "\n"
        if let output {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw CLIError("cannot write \(output): \(error.localizedDescription)")
            }
            FileHandle.standardError.write(Data("screened \(rows.count) row(s): \(matches) match(es); results in \(output)\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        return matches
    }

    static func table(_ result: ScreeningResult, lists: [ScreeningList]) -> String {
        let entries = lists.reduce(0) { $0 + $1.entryCount }
        var lines = ["screened \"\(result.query.name)\" against \(entries) entries in \(lists.map(\.id).joined(separator: ", ")); threshold \(ScoreText.format(result.threshold))"]
        if result.hits.isEmpty { lines.append("no match") }
        for hit in result.hits {
            let e = hit.entry
            var facts = [e.schema.rawValue]
            if let program = e.program { facts.append(program) }
            if let reference = e.reference { facts.append(reference) }
            if let listed = e.listedOn { facts.append("listed \(listed)") }
            if !e.birthDates.isEmpty { facts.append("born " + e.birthDates.map(\.description).joined(separator: " / ")) }
            if !e.countries.isEmpty { facts.append(e.countries.joined(separator: ",")) }
            lines.append("")
            lines.append("\(ScoreText.format(hit.score))  \(hit.entryKey)  \(e.primaryName)  (\(facts.joined(separator: "; ")))")
            for feature in hit.features {
                let sign = feature.contribution >= 0 ? "+" : "−"
                lines.append("      \(sign)\(ScoreText.format(abs(feature.contribution)))  \(feature.feature): \(feature.text)")
            }
            if let earlier = hit.supersededDecision {
                lines.append("      raised again: \(earlier.decidedBy) decided \"\(earlier.verdict.rawValue)\" on \(ScreeningDecision.timestamp(earlier.decidedAt)) (\(earlier.reason)), but the entry has changed since")
            }
        }
        if !result.dismissed.isEmpty {
            lines.append("")
            for dismissed in result.dismissed {
                let d = dismissed.decision
                lines.append("not raised: \(dismissed.hit.entryKey) \(dismissed.hit.entry.primaryName) (\(ScoreText.format(dismissed.hit.score))) — \(d.decidedBy) decided not a match on \(ScreeningDecision.timestamp(d.decidedAt)): \(d.reason)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Scores as the table shows them: two decimals.
enum ScoreText {
    static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
