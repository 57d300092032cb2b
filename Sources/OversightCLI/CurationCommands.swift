import ArgumentParser
import Foundation
import OversightApp
import OversightCore
import OversightFormats
import OversightStore

// `oversight import acled FILE`, `oversight search QUERY`, `oversight export sfm|ftm`.

/// `oversight import acled FILE [--mapping FILE]`.
struct ImportACLEDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acled",
        abstract: "Import an ACLED export (CSV, 2023 or legacy layout) as candidate incidents.",
        discussion: """
            Each event becomes a candidate incident keyed by event_id_cnty, for a researcher to confirm, merge or \
            reject (web: /candidates). time_precision and geo_precision become imprecise date ranges and location \
            uncertainty; sub_event_type suggests violation types; state-force actors are linked to units by \
            --mapping (CSV actor,unit) or by a unit whose name or alias is the actor's name. Re-importing a newer \
            export replaces events whose timestamp is newer, and reports stored events of the export's countries \
            and period (--from/--to, default its earliest to latest event) that it no longer has (deleted \
            upstream). See docs/CURATION.md.
            Exit status: 0 every row imported; 3 some rows skipped (reported on stderr); 1 nothing imported.
            """)
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The ACLED CSV export.") var file: String
    @Option(help: ArgumentHelp("CSV with the columns actor and unit: ACLED actor names → unit ids.", valueName: "file"))
    var mapping: String?
    @Option(help: ArgumentHelp("First day the export covers (YYYY-MM-DD), for finding deleted events (default: its earliest event).", valueName: "date"))
    var from: String?
    @Option(help: ArgumentHelp("Last day the export covers (YYYY-MM-DD), for finding deleted events (default: its latest event).", valueName: "date"))
    var to: String?
    @Option(help: "table or json.") var format: OutputFormat = .table

    func validate() throws {
        if let from, Day(from) == nil { throw ValidationError("--from '\(from)' is not a date; use YYYY-MM-DD") }
        if let to, Day(to) == nil { throw ValidationError("--to '\(to)' is not a date; use YYYY-MM-DD") }
        if (from == nil) != (to == nil) { throw ValidationError("give both --from and --to (the period the export covers), or neither") }
        if let from, let to, let a = Day(from), let b = Day(to), a > b { throw ValidationError("--from \(from) is after --to \(to)") }
    }

    func run() async throws {
        let started = Date()
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw CLIError("\(file): no such file, or it cannot be read; check the path")
        }
        var actorUnits: [String: String] = [:]
        if let mapping {
            do {
                actorUnits = try ACLEDMapper.readActorMapping(path: mapping)
            } catch let error as ACLEDFormatError {
                throw CLIError("\(mapping): \(error); nothing imported")
            }
        }
        let store = try database.openStore()
        // Units whose name or alias is an ACLED actor's name link by themselves (a mapping file wins).
        let units = try await CandidateImports.actorUnits(mapping: actorUnits, store: store)
        let line = ProgressLine()
        let report: ACLEDImportOutcome
        do {
            let period = from.flatMap { Day($0) }.flatMap { a in to.flatMap { Day($0) }.map { a...$0 } }
            report = try await CandidateImports.acled(path: file, actorUnits: units, period: period, into: store, progress: line.handler)
        } catch let error as ACLEDFormatError {
            throw CLIError("\(file): \(error); nothing imported")
        } catch let error as CSVStreamError {
            throw CLIError("\(error); nothing imported")
        }
        let summary = report.summary
        line.finish()
        Self.reportIssues(report, file: file)
        let seconds = Date().timeIntervalSince(started)
        switch format {
        case .json:
            struct Output: Encodable {
                var file: String, layout: String, rows: Int, skipped: Int, seconds: Double
                var summary: CandidateSyncSummary
            }
            print(try JSONText.encode(Output(file: file, layout: report.layout?.rawValue ?? "", rows: report.rows,
                                             skipped: report.skipped, seconds: (seconds * 100).rounded() / 100, summary: summary)))
        case .table:
            print("\(file) (\(report.layout?.rawValue ?? "?")): \(report.rows) rows read in \(String(format: "%.2f", seconds)) s (\(Int(Double(report.rows) / max(seconds, 0.001))) rows/s)")
            print("  added \(summary.added), updated \(summary.updated), unchanged \(summary.unchanged), deleted upstream \(summary.deleted), skipped \(report.skipped)")
            if summary.changedAfterReview > 0 {
                print("  \(summary.changedAfterReview) confirmed or merged events changed upstream: review them at /candidates")
            }
            if !summary.deletedIDs.isEmpty {
                print("  deleted upstream: \(summary.deletedIDs.joined(separator: ", "))\(summary.deleted > summary.deletedIDs.count ? ", …" : "")")
            }
        }
        if summary.total == 0 && report.skipped > 0 { throw ExitCode.failure }
        if report.skipped > 0 { throw ExitCode(3) }
    }
}

extension ImportACLEDCommand {
    /// The first rows skipped, on stderr, each with its line and column.
    static func reportIssues(_ report: ACLEDImportOutcome, file: String) {
        guard !report.issues.isEmpty else { return }
        var text = report.issues.map { "skipped \(file), \($0)\n" }.joined()
        if report.skipped > report.issues.count { text += "… and \(report.skipped - report.issues.count) more rows skipped\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// `oversight search QUERY`.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search across incidents, units, persons and sources.",
        discussion: """
            Words must all appear (case and accents ignored: victor finds Víctor); "a phrase" in quotes; word* for a \
            prefix; -word to exclude; a OR b for either. Filters narrow the results. See docs/CURATION.md.
            """)
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "What to look for, e.g. \"Juliaca\" or 'rojas -herrera'.") var query: [String]
    @Option(help: ArgumentHelp("Only these kinds (comma-separated): incident, unit, person, source.", valueName: "kinds")) var kind: String?
    @Option(help: ArgumentHelp("ISO 3166 alpha-2 country code, e.g. PE.", valueName: "code")) var country: String?
    @Option(help: ArgumentHelp("Records whose dates reach this day or later (YYYY-MM-DD).", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Records whose dates start by this day (YYYY-MM-DD).", valueName: "date")) var to: String?
    @Option(help: ArgumentHelp("Incidents of this violation type, e.g. unlawful-killing.", valueName: "code")) var violation: String?
    @Option(help: "The most results to show (1–1000).") var limit = 20
    @Option(help: "table or json.") var format: OutputFormat = .table

    func validate() throws {
        if let from, Day(from) == nil { throw ValidationError("--from '\(from)' is not a date; use YYYY-MM-DD") }
        if let to, Day(to) == nil { throw ValidationError("--to '\(to)' is not a date; use YYYY-MM-DD") }
        if let country, country.count != 2 || ReferenceData.shared.country(country) == nil {
            throw ValidationError("--country '\(country)' is not an ISO 3166 alpha-2 code; use e.g. PE for Peru")
        }
        if let violation, ReferenceData.shared.violationType(violation) == nil {
            throw ValidationError("--violation '\(violation)' is not a violation type; use one of \(ReferenceData.shared.violationTypes.map(\.code).joined(separator: ", "))")
        }
        guard (1...1000).contains(limit) else { throw ValidationError("--limit \(limit) is not allowed; use 1 to 1000") }
        _ = try kinds()
    }

    func kinds() throws -> Set<SearchRequest.Kind>? {
        guard let kind else { return nil }
        var kinds = Set<SearchRequest.Kind>()
        for part in kind.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let k = SearchRequest.Kind(rawValue: name.hasSuffix("s") ? String(name.dropLast()) : name) else {
                throw ValidationError("--kind '\(part)' is not a kind; use incident, unit, person or source")
            }
            kinds.insert(k)
        }
        return kinds
    }

    func run() async throws {
        let parsed: SearchQuery
        do {
            parsed = try SearchQuery(query.joined(separator: " "))
        } catch let error as SearchQueryError {
            throw CLIError(error.description)
        }
        let store = try database.openStore()
        let hits = try await store.search(SearchRequest(
            query: parsed, kinds: try kinds(), country: country?.uppercased(), from: from.flatMap { Day($0) },
            to: to.flatMap { Day($0) }, violation: violation, limit: limit))
        switch format {
        case .json:
            print(try JSONText.encode(hits))
        case .table:
            if hits.isEmpty { print("nothing found") }
            for hit in hits {
                var line = "\(hit.kind.padding(toLength: 8, withPad: " ", startingAt: 0)) \(hit.id)  \(hit.name)"
                if let country = hit.country { line += "  [\(country)]" }
                if let first = hit.firstDay { line += "  \(first)\(hit.lastDay.map { $0 == first ? "" : "…\($0)" } ?? "")" }
                if !hit.violations.isEmpty { line += "  (\(hit.violations.joined(separator: ", ")))" }
                print(line)
                if !hit.snippet.isEmpty { print("         \(hit.snippet)") }
            }
        }
    }
}

/// `oversight export sfm -o DIR`.
struct ExportSFMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sfm",
        abstract: "Export units, relations, persons, postings, incidents and sources as SFM-style CSV files.",
        discussion: "Writes units.csv, relations.csv, persons.csv, postings.csv, incidents.csv and sources.csv into the folder (created if needed). relations.csv and postings.csv import again with `import sfm-units` / `sfm-persons`. See docs/CURATION.md.")
    @OptionGroup var database: DatabaseOptions
    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write the CSV files into.", valueName: "folder"))
    var output: String

    func run() async throws {
        let store = try database.openStore()
        let snapshot = try await store.snapshot(asOf: nil)
        let folder = URL(fileURLWithPath: output)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create the folder \(output): \(error.localizedDescription)")
        }
        let tables = SFMExport.tables(snapshot)
        for name in SFMExport.files {
            let url = folder.appendingPathComponent(name)
            do {
                try Data(tables[name]!.utf8).write(to: url, options: .atomic)
            } catch {
                throw CLIError("cannot write \(url.path): \(error.localizedDescription)")
            }
        }
        print("wrote \(SFMExport.files.joined(separator: ", ")) to \(output) (\(snapshot.units.count) units, \(snapshot.relations.count) relations, \(snapshot.persons.count) persons, \(snapshot.postings.count) postings, \(snapshot.incidents.count) incidents, \(snapshot.sources.count) sources)")
    }
}

/// `oversight export ftm [-o FILE]`.
struct ExportFtMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ftm",
        abstract: "Export units, persons and postings as FollowTheMoney JSON lines (PublicBody, Person, Position, Occupancy).",
        discussion: "For screening against the evidence base with FollowTheMoney tools. See docs/CURATION.md.")
    @OptionGroup var database: DatabaseOptions
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func run() async throws {
        let store = try database.openStore()
        let lines = try FollowTheMoneyExport.lines(try await store.snapshot(asOf: nil))
        let text = lines.map { $0 + "\n" }.joined()
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw CLIError("cannot write \(output): \(error.localizedDescription)")
            }
            print("wrote \(lines.count) FollowTheMoney entities to \(output)")
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
