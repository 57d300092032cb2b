import ArgumentParser
import Foundation
import OversightCore
import OversightDemo
import OversightFormats
import OversightStore

/// The `oversight` command.
public struct OversightCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "oversight",
        abstract: "Arms-export human-rights risk assessment and accountability.",
        discussion: """
            Oversight keeps a sourced evidence base (incidents, units, chains of command, accountability) and \
            answers: should this permit be granted, who called the shots, and was the risk known at the time.
            The database is SQLite: --db PATH, or OVERSIGHT_DB, or ./oversight.sqlite.
            """,
        subcommands: [InitCommand.self, DemoCommand.self, ImportCommand.self, ExportCommand.self,
                      StatsCommand.self, ShowCommand.self, ChainCommand.self, FamilyCommand.self,
                      ResponsibilityCommand.self, AssessCommand.self, ScreenCommand.self, SearchCommand.self,
                      ServeCommand.self, BenchCommand.self]
    )

    public init() {}
}

/// Where the database is.
public struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite database file (default: $OVERSIGHT_DB or ./oversight.sqlite).", valueName: "path"))
    public var db: String?

    public init() {}

    public var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["OVERSIGHT_DB"], !env.isEmpty { return env }
        return "oversight.sqlite"
    }

    public func openStore() throws -> SQLiteStore {
        let path = self.path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder) else {
            throw CLIError("the folder of the database '\(path)' does not exist; create it or pass another --db")
        }
        return try SQLiteStore(path: path)
    }
}

public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json
}

/// Parses `--as-of YYYY-MM-DD`.
public struct KnowledgeDateOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Only evidence public by this date (YYYY-MM-DD).", valueName: "date"))
    public var asOfText: String?

    public init() {}

    public func validate() throws {
        if let asOfText, Day(asOfText) == nil {
            throw ValidationError("--as-of '\(asOfText)' is not a date; use YYYY-MM-DD, e.g. 2023-02-06")
        }
    }

    public var asOf: Day? { asOfText.flatMap { Day($0) } }
}

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create the database (or migrate it to the current schema).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let store = try database.openStore()
        let migrations = try store.appliedMigrations()
        print("database ready: \(database.path) (schema: \(migrations.last ?? "none"), \(migrations.count) migration(s))")
    }
}

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Load the Peru 2022–2023 demo case (loading it twice changes nothing).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let store = try database.openStore()
        let summary = try await DemoCase.load(into: store)
        print("demo case loaded into \(database.path): \(summary.total) records (\(Summary.describe(summary)))")
    }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import data.",
        subcommands: [ImportBundleCommand.self, ImportSFMUnitsCommand.self, ImportSFMPersonsCommand.self,
                      ImportACLEDCommand.self]
            + ScreeningImportCommands.all)
}

struct ImportBundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Import an Oversight bundle (JSON lines). All or nothing: a bad line imports nothing.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The bundle file.") var file: String
    @Flag(name: .customLong("check"), help: "Only read and validate every line; write nothing.") var checkOnly = false

    func run() async throws {
        let data = try BundleImport.read(path: file)
        if checkOnly {
            let started = Date()
            var lines = 0
            let validator = RecordValidator.standard
            do {
                try BundleReader().read(data) { record, _ in
                    let issues = validator.check(record)
                    if !issues.isEmpty { throw OversightCore.ValidationError(issues) }
                    lines += 1
                }
            } catch let error as BundleReader.LineError {
                throw CLIError("\(file): \(error)")
            }
            print("\(file): \(lines) records read and valid in \(String(format: "%.2f", Date().timeIntervalSince(started))) s (references are checked on import)")
            return
        }
        let store = try database.openStore()
        let interactive = isatty(STDERR_FILENO) != 0
        let started = Date()
        let summary = try await BundleImport.run(data, into: store, progress: interactive ? Progress.records : nil)
        if interactive { FileHandle.standardError.write(Data("\r".utf8)) }
        let seconds = Date().timeIntervalSince(started)
        print("imported \(summary.total) records from \(file) in \(String(format: "%.2f", seconds)) s (\(Summary.describe(summary)))")
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export data.",
                                                    subcommands: [ExportBundleCommand.self, ExportSFMCommand.self, ExportFtMCommand.self])
}

struct ExportBundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: "Export the whole database as an Oversight bundle (JSON lines, deterministic order).")
    @OptionGroup var database: DatabaseOptions
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func run() async throws {
        let store = try database.openStore()
        try await BundleExport.run(store: store, to: output)
    }
}

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Count records per kind.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var knowledge: KnowledgeDateOptions
    @Option(help: "table or json.") var format: OutputFormat = .table

    func run() async throws {
        let store = try database.openStore()
        let stats = try await store.statistics(asOf: knowledge.asOf)
        var rows: [(String, Int)] = [("sources", stats.sources), ("claims", stats.claims)]
        rows += EntityKind.allCases.map { (Summary.jsonKey($0), stats.count($0)) }
        switch format {
        case .json:
            print(try JSONText.object(rows.map { ($0.0, .int($0.1)) }))
        case .table:
            let width = rows.map(\.0.count).max() ?? 0
            for (name, count) in rows { print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(count)) }
        }
    }
}

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show an entity (by id, or by name ignoring case and accents) with its claims and citations.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var knowledge: KnowledgeDateOptions
    @Argument(help: "An id such as unit:pnp, or a name such as \"Región Policial Puno\".") var idOrName: String
    @Option(help: "table or json.") var format: OutputFormat = .table

    func run() async throws {
        let store = try database.openStore()
        let entity = try await EntityLookup.find(idOrName, in: store)
        let claims = try await store.claims(about: entity.id, asOf: knowledge.asOf)
        print(try EntityPrinter.render(entity, claims: claims, format: format))
    }
}

extension OversightCommand {
    /// Entry point for the executable: parses the arguments and runs the command asynchronously.
    public static func start() async {
        let command: any AsyncParsableCommand.Type = OversightCommand.self
        await command.main()
    }
}
