import ArgumentParser
import Foundation
import OversightCore
import OversightStore
import OversightStorePostgres

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations to the database (SQLite or PostgreSQL) and list them.",
        discussion: "Migrations are applied in order, all or none, and never remove data. Opening a database with any command migrates it too; this command does only that, and says what the schema is.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let store = try database.openStore()
        let migrations = try await store.migrate()
        print("\(store.location): schema up to date, \(migrations.count) migration(s) applied: \(migrations.joined(separator: ", "))")
    }
}

struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole database to another, e.g. SQLite to PostgreSQL or back.",
        discussion: """
            Copies every record through a bundle (export from one store, import into the other, all or nothing), \
            then the screening lists and decisions, the SIPRI transfers, and the permit workflow (users with their \
            password hashes, applications with everything recorded on them, and the audit log, whose hashes are \
            reproduced and checked), and the curation data (ACLED candidate incidents with their review status, the \
            version history of claims and entities). Sessions and API tokens are not copied: users sign in again. The target must be empty. Each side is a SQLite file path or a \
            postgres:// URL; leave one out to use $OVERSIGHT_DATABASE_URL there (keeps a password off the command line).
            Examples: oversight copy --from oversight.sqlite --to postgres://oversight@127.0.0.1:5432/oversight
                      OVERSIGHT_DATABASE_URL=postgres://… oversight copy --to backup.sqlite
            """)
    @Option(help: ArgumentHelp("The database to copy: a SQLite file or a postgres:// URL (default: $OVERSIGHT_DATABASE_URL).", valueName: "path-or-url"))
    var from: String?
    @Option(help: ArgumentHelp("The empty database to copy into: a SQLite file (created) or a postgres:// URL (default: $OVERSIGHT_DATABASE_URL).", valueName: "path-or-url"))
    var to: String?

    static var environmentURL: String? {
        ProcessInfo.processInfo.environment["OVERSIGHT_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        guard from != nil || to != nil else { throw ValidationError("give --from and --to (one of them may come from OVERSIGHT_DATABASE_URL)") }
        guard let from = from ?? CopyCommand.environmentURL, let to = to ?? CopyCommand.environmentURL else {
            throw ValidationError("\(self.from == nil ? "--from" : "--to") is missing and OVERSIGHT_DATABASE_URL is not set")
        }
        if from == to { throw ValidationError("--from and --to are the same database") }
    }

    func run() async throws {
        guard let from = from ?? CopyCommand.environmentURL, let to = to ?? CopyCommand.environmentURL else { return }
        guard DatabaseOptionsPath.exists(from) else {
            throw CLIError("--from '\(from)' does not exist; give an existing SQLite file or a postgres:// URL")
        }
        let source = try DatabaseOptions.open(from)
        let target = try DatabaseOptions.open(to)
        let started = Date()
        let targetStats = try await target.statistics(asOf: nil)
        let targetLists = try await target.screeningLists()
        guard targetStats.sources + targetStats.claims + targetStats.entities.values.reduce(0, +) == 0, targetLists.isEmpty,
              try await target.auditCount() == 0, try await target.users().isEmpty else {
            throw CLIError("\(target.location) is not empty; copy into an empty database (or merge with `oversight import bundle`)")
        }

        // Evidence: the bundle, written to a temporary file so that large databases are not held in memory twice.
        let bundle = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-copy-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: bundle) }
        try await BundleExport.run(store: source, to: bundle.path)
        let summary = try await BundleImport.run(try BundleImport.read(path: bundle.path), into: target)

        // Screening lists (entries as stored) and decisions, in the order they were taken.
        var entries = 0
        for list in try await source.screeningLists() {
            let listEntries = try await source.listEntries(list: list.id)
            _ = try await target.replaceList(list, entries: listEntries)
            entries += listEntries.count
        }
        let decisions = try await source.screeningDecisions(partyKey: nil)
        for decision in decisions { try await target.recordDecision(decision) }

        let workflow = try await WorkflowCopy.run(from: source, to: target)
        let curation = try await CurationCopy.run(from: source, to: target)

        let copied = try await target.statistics(asOf: nil)
        guard try await copied == source.statistics(asOf: nil) else {
            throw CLIError("the copy's record counts differ from the source's; check both databases")
        }
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        print("copied \(summary.total) records (\(Summary.describe(summary))), \(entries) screening entries, \(decisions.count) decisions, \(workflow.transfers) transfers, \(workflow.users) users, \(workflow.applications) applications, \(workflow.auditEntries) audit entries, \(curation.candidates) candidate incidents and \(curation.versions) record versions from \(source.location) to \(target.location) in \(seconds) s")
    }
}

enum DatabaseOptionsPath {
    /// A URL always "exists" (the server says otherwise); a SQLite path must name a file.
    static func exists(_ location: String) -> Bool {
        PostgresSettings.isURL(location) || FileManager.default.fileExists(atPath: location)
    }
}
