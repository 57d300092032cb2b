import ArgumentParser
import Foundation
import OversightApp
import OversightCore
import OversightDemo
import OversightFormats
import OversightStore
import OversightStoreSQLite
import OversightStorePostgres

/// The `oversight` command.
public struct OversightCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "oversight",
        abstract: "Arms-export human-rights risk assessment and accountability.",
        discussion: """
            Oversight keeps a sourced evidence base (incidents, units, chains of command, accountability) and \
            answers: should this permit be granted, who called the shots, and was the risk known at the time.
            The database is SQLite by default: --db PATH, or OVERSIGHT_DB, or ./oversight.sqlite. For PostgreSQL give \
            --database-url postgres://USER@HOST:PORT/DATABASE or set OVERSIGHT_DATABASE_URL.
            """,
        subcommands: [InitCommand.self, DemoCommand.self, ImportCommand.self, ExportCommand.self,
                      StatsCommand.self, ShowCommand.self, ChainCommand.self, FamilyCommand.self,
                      ResponsibilityCommand.self, AssessCommand.self, ScreenCommand.self, SearchCommand.self, ServeCommand.self,
                      ReportCommand.self, DatasetsCommand.self, UserCommand.self, AuditCommand.self, PermitCommand.self,
                      MigrateCommand.self, CopyCommand.self, CasesCommand.self]
    )

    public init() {}
}

/// Where the database is: a SQLite file (`--db`, zero setup) or a PostgreSQL server (`--database-url`).
public struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite database file (default: $OVERSIGHT_DB or ./oversight.sqlite).", valueName: "path"))
    public var db: String?

    @Option(name: .customLong("database-url"), help: ArgumentHelp(
        "PostgreSQL database instead of SQLite: postgres://USER[:PASSWORD]@HOST:PORT/DATABASE[?schema=NAME] (default: $OVERSIGHT_DATABASE_URL; prefer the variable for a password, the command line is visible to other users).",
        valueName: "url"))
    public var databaseURL: String?

    public init() {}

    public func validate() throws {
        if db != nil && databaseURL != nil {
            throw ValidationError("give either --db (a SQLite file) or --database-url (PostgreSQL), not both")
        }
    }

    /// The PostgreSQL URL in use, if any: `--database-url`, else `$OVERSIGHT_DATABASE_URL` unless `--db` is given.
    public var postgresURL: String? {
        if let databaseURL { return databaseURL }
        if db != nil { return nil }
        return EnvironmentSettings().databaseURL
    }

    /// The SQLite file in use when no PostgreSQL URL is.
    public var path: String {
        if let db { return db }
        return EnvironmentSettings().databasePath ?? "oversight.sqlite"
    }

    /// Opens the configured store; every command goes through here. A PostgreSQL store is closed when the
    /// command ends (`OversightCommand.start`).
    public func openStore() throws -> any DatabaseStore {
        try DatabaseOptions.open(postgresURL ?? path)
    }

    /// Opens a store from a location: a `postgres://` URL or a SQLite file path. A database an interrupted
    /// `oversight copy` left is refused unless `allowIncompleteCopy` (for `copy`, which starts over into it).
    public static func open(_ location: String, allowIncompleteCopy: Bool = false) throws -> any DatabaseStore {
        if PostgresSettings.isURL(location) {
            let store = PostgresStore(settings: try PostgresSettings(url: location), allowIncompleteCopy: allowIncompleteCopy)
            OpenedStores.shared.add(store)
            return store
        }
        let folder = URL(fileURLWithPath: location).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder) else {
            throw CLIError("the folder of the database '\(location)' does not exist; create it or pass another --db")
        }
        return try SQLiteStore(path: location, allowIncompleteCopy: allowIncompleteCopy)
    }
}

/// The stores opened by this run, closed before the process exits so that PostgreSQL connections end cleanly.
final class OpenedStores: @unchecked Sendable {
    static let shared = OpenedStores()
    private let lock = NSLock()
    private var stores: [any DatabaseStore] = []

    func add(_ store: any DatabaseStore) {
        lock.lock()
        stores.append(store)
        lock.unlock()
    }

    func closeAll() async {
        for store in takeAll() { await store.close() }
    }

    private func takeAll() -> [any DatabaseStore] {
        lock.withLock {
            let open = stores
            stores = []
            return open
        }
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
        let migrations = try await store.migrate()
        print("database ready: \(store.location) (schema: \(migrations.last ?? "none"), \(migrations.count) migration(s))")
    }
}

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Load the Peru 2022–2023 demo case (loading it twice changes nothing).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let store = try database.openStore()
        let summary = try await DemoCase.load(into: store)
        print("demo case loaded into \(store.location): \(summary.total) records (\(Summary.describe(summary)))")
        try await ImportMonitoring.run(store: store, change: .all)
    }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import data.",
        subcommands: [ImportBundleCommand.self, ImportSFMUnitsCommand.self, ImportSFMPersonsCommand.self]
            + ScreeningImportCommands.all + [ImportACLEDCommand.self, ImportCAExportsCommand.self, ImportSIPRICommand.self,
                                                ImportEUExportCommand.self, ImportUKLicencesCommand.self])
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
        let started = Date()
        let line = ProgressLine()
        let outcome = try await EvidenceImports.bundle(data, into: store, progress: line.handler)
        line.finish()
        let seconds = Date().timeIntervalSince(started)
        print("imported \(outcome.summary.total) records from \(file) in \(String(format: "%.2f", seconds)) s (\(Summary.describe(outcome.summary)))")
        ImportMonitoring.report(outcome.alerts)
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
        rows += try await CandidateStatistics.rows(of: store).map { ($0.key, $0.count) }
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
        // The same reading rules as the web pages and the API: known on --as-of only with evidence public by then,
        // citing only the sources published by then, an incident with the casualty counts known then.
        let evidence: EntityEvidence
        do {
            evidence = try await Self.evidence(for: entity, in: store, asOf: knowledge.asOf)
        } catch let error as EvidenceNotFound {
            throw CLIError(error.description + " Drop --as-of or choose a later date.")
        }
        print(try EntityPrinter.render(evidence.entity, claims: evidence.claims, format: format))
    }

    /// Opens the store's existential for the generic queries.
    static func evidence<S: Store>(for entity: any EvidenceEntity, in store: S, asOf: Day?) async throws -> EntityEvidence {
        try await EvidenceQueries(store: store).evidence(for: entity, asOf: asOf)
    }
}

extension OversightCommand {
    /// Entry point for the executable: parses the arguments and runs the command asynchronously.
    /// Stores opened by the command are closed before the process exits, on success and on error.
    public static func start() async {
        await run(root: self)
    }

    /// Parses the arguments as `root`'s and runs the command, closing the stores it opened on success and on error.
    public static func run(root: any ParsableCommand.Type) async {
        do {
            var command = try root.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            await OpenedStores.shared.closeAll()
        } catch {
            await OpenedStores.shared.closeAll()
            root.exit(withError: error)
        }
    }
}
