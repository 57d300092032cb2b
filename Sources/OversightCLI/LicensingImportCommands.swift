import ArgumentParser
import Foundation
import OversightCore
import OversightFormats
import OversightStore

/// The options both licensing importers take.
struct LicensingImportOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("Name of the dataset (letters, digits, . - _; default: the file name without extension). Importing a name again replaces that dataset.",
                               valueName: "name"))
    var dataset: String?
    @Flag(name: .customLong("check"), help: "Only read and validate the file(s); write nothing.") var checkOnly = false

    func name(for file: String) throws -> String {
        let name = dataset ?? LicensingDataset.defaultName(forFile: file)
        guard LicensingDataset.isValidName(name) else {
            throw ValidationError("--dataset '\(name)' is not a dataset name: use 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit")
        }
        return name
    }

    /// Refuses the import when the file has bad rows: every one listed (line, column, fix), nothing written.
    static func refuse(_ file: String, format: String, _ problems: [LicensingRowProblem], omitted: Int) -> CLIError {
        let shown = problems.prefix(50).map { "  \($0)" }
        var text = "\(file): \(format): \(problems.count + omitted) bad row(s), nothing imported:\n" + shown.joined(separator: "\n")
        if problems.count + omitted > shown.count { text += "\n  … and \(problems.count + omitted - shown.count) more" }
        return CLIError(text)
    }

    /// Stores the dataset (replacing one of the same name) and says what was stored.
    func store(_ figures: [LicensingFigure], kind: String, file: String, name: String, started: Date) async throws -> String {
        let store = try database.openStore()
        let replaced = try await store.licensingDatasets().contains { $0.name == name }
        let dataset = LicensingDataset(name: name, kind: kind, file: URL(fileURLWithPath: file).lastPathComponent,
                                       importedAt: ISO8601DateFormatter().string(from: started), rows: figures.count)
        try await store.replaceLicensingDataset(dataset, figures: figures)
        return "\(replaced ? "replaced" : "stored") dataset '\(name)' (\(kind)): \(figures.count) figures in \(database.path) in \(String(format: "%.3f", Date().timeIntervalSince(started))) s"
    }
}

/// `oversight import eu-export FILE`: the EU member-state table (CAAT's `export.csv` of the EU annual reports).
struct ImportEUExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eu-export",
        abstract: "Import the EU member-state licensing table (COARM annual reports, CAAT's export.csv) as a named dataset.",
        discussion: """
            One figure per line, semicolon-separated: year; embargo; source code; source; destination code; destination; \
            region code; region; rating; category (a, b, c, d, e1…e8); value; (docs/REPORTS.md). All or nothing: a bad \
            row imports nothing, and every bad row is listed with its line, column and what to do.
            """)

    @OptionGroup var options: LicensingImportOptions
    @Argument(help: "The export.csv file.") var file: String

    func run() async throws {
        let started = Date()
        let name = try options.name(for: file)
        let parsed = EUArmsExportTable.read(try BundleImport.read(path: file))
        guard parsed.problems.isEmpty else {
            throw LicensingImportOptions.refuse(file, format: EUArmsExportTable.format, parsed.problems, omitted: parsed.omittedProblems)
        }
        let years = parsed.rows.map(\.year)
        var lines = ["\(file): \(parsed.rows.count) figures, \(Set(parsed.rows.map(\.sourceCode)).count) exporters, \(Set(parsed.rows.map(\.destinationName)).count) destinations, years \(years.min()!)–\(years.max()!)"]
        if !options.checkOnly {
            lines.append(try await options.store(parsed.figures, kind: EUArmsExportTable.format, file: file, name: name, started: started))
        }
        print(lines.joined(separator: "\n"))
    }
}

/// `oversight import uk-licences FILE [--criteria FILE]`: the UK licence decisions with their refusal criteria
/// (CAAT's `values.csv` and `refusal-criteria.csv`).
struct ImportUKLicencesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uk-licences",
        abstract: "Import the UK licence decisions (CAAT's licence table) with their refusal criteria as a named dataset.",
        discussion: """
            The licence table: licence_cohort_id (or licence_group),date,rating,count,value,country,refused; the \
            criteria (--criteria): licence_cohort_id,criterion,description (docs/REPORTS.md). All or nothing: a bad row \
            imports nothing, and every bad row is listed with its line, column and what to do.
            """)

    @OptionGroup var options: LicensingImportOptions
    @Argument(help: "The licence table (values.csv).") var file: String
    @Option(help: ArgumentHelp("The refusal criteria table (refusal-criteria.csv).", valueName: "file")) var criteria: String?

    func run() async throws {
        let started = Date()
        let name = try options.name(for: file)
        let parsed = UKLicenceData.read(licences: try BundleImport.read(path: file), criteria: try criteria.map { try BundleImport.read(path: $0) })
        guard parsed.problems.isEmpty else {
            throw LicensingImportOptions.refuse(file, format: UKLicenceData.format, parsed.problems, omitted: parsed.omittedProblems)
        }
        let refused = parsed.licences.filter(\.refused)
        let years = parsed.licences.map(\.year)
        var lines = ["\(file): \(parsed.licences.count) licences (\(refused.count) refused, \(refused.filter { !$0.criteria.isEmpty }.count) with criteria), years \(years.min()!)–\(years.max()!)"]
        if criteria == nil { lines.append("no --criteria file: refusals are counted without their criteria") }
        if parsed.criteriaIgnored > 0 { lines.append("criteria rows not counted (licence not in the table, or not refused): \(parsed.criteriaIgnored)") }
        if !parsed.unmapped.isEmpty {
            lines.append("destination names with no country code (\(parsed.unmapped.count)): "
                         + parsed.unmapped.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: "; "))
        }
        if !options.checkOnly {
            lines.append(try await options.store(parsed.figures, kind: UKLicenceData.format, file: file, name: name, started: started))
        }
        print(lines.joined(separator: "\n"))
    }
}

/// `oversight datasets`: the imported licensing datasets.
struct DatasetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List the imported licensing datasets (oversight import eu-export / uk-licences): name, kind, rows, file, imported at.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let datasets = try await database.openStore().licensingDatasets()
        guard !datasets.isEmpty else {
            print("no licensing datasets; import one with `oversight import eu-export FILE` or `oversight import uk-licences FILE`")
            return
        }
        let table = ReportTable(id: "datasets", title: "Licensing datasets",
                                columns: [.init("name", "Name"), .init("kind", "Kind"), .init("rows", "Rows", numeric: true),
                                          .init("file", "File"), .init("imported_at", "Imported at")],
                                rows: datasets.map { [$0.name, $0.kind, String($0.rows), $0.file, $0.importedAt] })
        print(table.plainText(), terminator: "")
    }
}
