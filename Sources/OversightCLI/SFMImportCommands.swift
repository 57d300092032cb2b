import ArgumentParser
import Foundation
import OversightApp
import OversightCore
import OversightFormats
import OversightStore

// `oversight import sfm-units FILE` and `oversight import sfm-persons FILE`.
//
// Exit status: 0 when every row was imported; 3 when some rows were skipped (each reported on stderr with its
// row and column) and the rest imported; 1 when nothing was imported (unreadable file, bad header, no usable
// row, database error).

/// Options shared by the SFM importers: the delimiter and the one source every imported claim cites.
struct SFMImportOptions: ParsableArguments {
    @Argument(help: "The SFM file (.tsv or .csv).") var file: String

    @Option(help: ArgumentHelp("Field delimiter: tab, comma, semicolon or one character (default: tab for .tsv/.tab, comma otherwise).",
                               valueName: "delimiter"))
    var delimiter: String?

    @Option(name: .customLong("source-id"), help: ArgumentHelp("Id of the source record the imported claims cite (default: src:sfm-<file name>).", valueName: "id"))
    var sourceID: String?

    @Option(name: .customLong("source-title"), help: ArgumentHelp("Title of that source (default: \"Security Force Monitor import: <file name>\").", valueName: "title"))
    var sourceTitle: String?

    @Option(help: ArgumentHelp("When the data was published, YYYY-MM-DD (default: the file's modification date).", valueName: "date"))
    var published: String?

    func validate() throws {
        if let delimiter, SFMImportOptions.delimiterCharacter(delimiter) == nil {
            throw ValidationError("--delimiter '\(delimiter)' is not a delimiter; use tab, comma, semicolon or a single character other than a quote")
        }
        if let published, PartialDate(published) == nil {
            throw ValidationError("--published '\(published)' is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY)")
        }
        if let sourceID, sourceID.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--source-id is empty; give an id such as src:sfm-peru-2024")
        }
    }

    static func delimiterCharacter(_ text: String) -> Character? {
        switch text.lowercased() {
        case "tab", "\\t", "\t": return "\t"
        case "comma", ",": return ","
        case "semicolon", ";": return ";"
        case "pipe", "|": return "|"
        default:
            guard text.count == 1, let c = text.first, DelimitedTextReader(delimiter: c) != nil else { return nil }
            return c
        }
    }

    var fileName: String { URL(fileURLWithPath: file).lastPathComponent }

    var delimiterCharacter: Character {
        delimiter.flatMap(SFMImportOptions.delimiterCharacter) ?? DelimitedTextReader.delimiter(forFileName: file)
    }

    /// The source record: options first, then defaults drawn from the file.
    func source() throws -> Source {
        let published: PartialDate
        if let text = self.published, let date = PartialDate(text) {
            published = date
        } else {
            let attributes = try? FileManager.default.attributesOfItem(atPath: file)
            guard let modified = attributes?[.modificationDate] as? Date else {
                throw CLIError("cannot read the modification date of \(file); pass --published YYYY-MM-DD")
            }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let c = calendar.dateComponents([.year, .month, .day], from: modified)
            guard let date = PartialDate(year: c.year ?? 0, month: c.month, day: c.day) else {
                throw CLIError("the modification date of \(file) is not usable; pass --published YYYY-MM-DD")
            }
            published = date
        }
        return SFM.source(id: sourceID ?? SFM.defaultSourceID(fileName: fileName),
                          title: sourceTitle ?? SFM.defaultSourceTitle(fileName: fileName),
                          published: published, fileName: fileName)
    }
}

/// What both commands print around the shared pipeline: skipped rows, warnings, the exit status.
enum SFMImportRun {
    static func reportIssues(_ issues: [SFMRowIssue]) {
        guard !issues.isEmpty else { return }
        var text = ""
        for issue in issues { text += "skipped \(issue)\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func warn(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        FileHandle.standardError.write(Data(lines.map { $0 + "\n" }.joined().utf8))
    }

    /// Reads the file, reports its skipped rows, plans it against the database, warns about the units it names
    /// without listing (`warning`), writes it through the shared pipeline (`EvidenceImports`) with progress on an
    /// interactive stderr, prints what monitoring raised and the summary (`described`: the file's own counts).
    static func run<File: SFMFile>(_ type: File.Type, options: SFMImportOptions, database: DatabaseOptions,
                                   warning: (SFMDanglingUnit, _ inDatabase: Bool) -> String,
                                   described: (File, EvidenceImports.SFMPlan) -> String) async throws {
        let started = Date()
        let data = try BundleImport.read(path: options.file)
        let source = try options.source()
        let file: File
        do {
            file = try File.parse(data, delimiter: options.delimiterCharacter, fileName: options.fileName)
        } catch let error as SFMFormatError {
            throw CLIError("\(options.file): \(error.message); nothing imported")
        }
        let parsed = Date()
        reportIssues(file.issues)
        guard file.rowsImported > 0 else {
            throw CLIError("\(options.file): no row could be imported (\(file.rowsRead) read, \(file.rowsSkipped) skipped); nothing imported")
        }
        let store = try database.openStore()
        let plan = try await EvidenceImports.plan(file, in: store)
        warn(file.unlistedUnits.compactMap { unit in
            let inDatabase = plan.existing.contains(unit.id)
            let text = warning(unit, inDatabase)
            return text.isEmpty ? nil : text
        })
        let line = ProgressLine()
        let outcome = try await EvidenceImports.sfm(file, plan: plan, source: source, into: store, progress: line.handler)
        line.finish()
        ImportMonitoring.report(outcome.alerts)
        let summary = outcome.summary
        let parseSeconds = parsed.timeIntervalSince(started), seconds = Date().timeIntervalSince(started)
        print("""
            \(options.file): read \(file.rowsRead) rows, imported \(file.rowsImported), skipped \(file.rowsSkipped), \
            \(described(file, plan))
            wrote \(summary.total) records (\(Summary.describe(summary))), all citing \(source.id), \
            in \(String(format: "%.2f", seconds)) s (reading \(String(format: "%.2f", parseSeconds)) s)
            """)
        let status = exitStatus(skipped: file.rowsSkipped)
        if status != .success { throw status }
    }

    static func exitStatus(skipped: Int) -> ExitCode { skipped > 0 ? ExitCode(3) : .success }
}

struct ImportSFMUnitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sfm-units",
        abstract: "Import SFM unit relations (TSV or CSV).",
        discussion: """
            One row per edge: unit:id:admin, unit:name, unit:classification, unit:relation_type (child|member), \
            unit:related_unit_id:admin (the parent), unit:related_unit, unit:related_unit_class, \
            unit:related_unit_first_cited_date, unit:related_unit_first_cited_date_start (Y|N), \
            unit:related_unit_last_cited_date, unit:related_unit_open (Y|N|E). See docs/SFM.md.
            Bad rows are reported on stderr with their row and column and skipped; the rest is imported in one \
            transaction. Parents the file does not list become placeholder units. Exit status: 0 all rows \
            imported, 3 some rows skipped, 1 nothing imported.
            """)
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var options: SFMImportOptions

    func run() async throws {
        try await SFMImportRun.run(SFMUnitFile.self, options: options, database: database, warning: { parent, inDatabase in
            inDatabase
                ? "parent \(parent.id) is not listed in the file but is already in the database; relations kept"
                : "dangling parent \(parent) is not listed in the file; imported as a placeholder unit so its relations are kept"
        }, described: { file, plan in
            "dangling parents \(file.danglingParents.count) (\(plan.placeholders.count) placeholder units)"
        })
    }
}

struct ImportSFMPersonsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sfm-persons",
        abstract: "Import SFM persons and postings (TSV or CSV).",
        discussion: """
            One row per posting: person:id:admin, person:name, person:posting_unit_id:admin, person:posting_role, \
            person:posting_title, person:posting_rank, person:posting_first_cited_date, \
            person:posting_first_cited_date_start (Y|N), person:posting_last_cited_date, \
            person:posting_last_cited_date_end (Y|N). See docs/SFM.md.
            Bad rows are reported on stderr with their row and column and skipped; the rest is imported in one \
            transaction. Posting units not in the database become placeholder units (import sfm-units first to \
            avoid them). Exit status: 0 all rows imported, 3 some rows skipped, 1 nothing imported.
            """)
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var options: SFMImportOptions

    func run() async throws {
        try await SFMImportRun.run(SFMPersonFile.self, options: options, database: database, warning: { unit, inDatabase in
            inDatabase ? "" : "posting unit \(unit) is not in the database; imported as a placeholder unit so its postings are kept"
        }, described: { _, plan in
            "unknown posting units \(plan.placeholders.count) (placeholder units)"
        })
    }
}
