import ArgumentParser
import Foundation
import OversightCore
import OversightStore
import OversightStoreSQLite
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
            version history of claims and entities). Sessions and API tokens are not copied: users sign in again. The target must be empty.
            All or nothing: the copy ends with a check (row counts of every table and the audit log head, source \
            against target). A SQLite target is written to TARGET.incomplete-copy-PID next to it and renamed into \
            place after that check; a PostgreSQL target is marked as an incomplete copy until the check passes, and \
            every command refuses a marked database. Copying again into a target an interrupted copy left starts over.
            Each side is a SQLite file path or a \
            postgres:// URL; leave one out to use $OVERSIGHT_DATABASE_URL there (keeps a password off the command line).
            Examples: oversight copy --from oversight.sqlite --to postgres://oversight@127.0.0.1:5432/oversight
                      OVERSIGHT_DATABASE_URL=postgres://… oversight copy --to backup.sqlite
            """)
    @Option(help: ArgumentHelp("The database to copy: a SQLite file or a postgres:// URL (default: $OVERSIGHT_DATABASE_URL).", valueName: "path-or-url"))
    var from: String?
    @Option(help: ArgumentHelp("The empty database to copy into: a SQLite file (created) or a postgres:// URL (default: $OVERSIGHT_DATABASE_URL).", valueName: "path-or-url"))
    var to: String?

    static var environmentURL: String? {
        EnvironmentSettings().databaseURL
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
        let progress = CopyProgress.interactive
        let started = Date()
        let marker = IncompleteCopyMarker(source: source.location, started: started)
        let counts: DatabaseCopy.Counts
        let location: String
        if PostgresSettings.isURL(to) {
            (counts, location) = try await CopyCommand.intoPostgres(from: source, to: to, marker: marker, progress: progress)
        } else {
            (counts, location) = try await CopyCommand.intoSQLite(from: source, to: to, marker: marker, progress: progress)
        }
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        let workflow = counts.workflow, curation = counts.curation
        print("copied \(counts.records.total) records (\(Summary.describe(counts.records))), \(counts.screeningEntries) screening entries, \(counts.decisions) decisions, \(workflow.transfers) transfers, \(workflow.users) users, \(workflow.applications) applications, \(workflow.auditEntries) audit entries, \(curation.candidates) candidate incidents and \(curation.versions) record versions from \(source.location) to \(location) in \(seconds) s (checked: \(counts.census.totalRows) rows in \(counts.census.rows.count) tables and the audit log head, as in the source)")
    }

    /// Into PostgreSQL: the target is marked as an incomplete copy (committed) before anything is copied, and the
    /// mark is removed in the transaction of the final check. A target an interrupted copy left is emptied first.
    static func intoPostgres(from source: any DatabaseStore, to url: String, marker: IncompleteCopyMarker,
                             progress: CopyProgress) async throws -> (DatabaseCopy.Counts, String) {
        guard let target = try DatabaseOptions.open(url, allowIncompleteCopy: true) as? PostgresStore else {
            throw CLIError("\(url) did not open as a PostgreSQL database")
        }
        if let left = try await target.incompleteCopy() {
            note("\(target.location) holds an incomplete copy (from \(left.source), started \(left.startedAt)); starting over")
            try await target.restartCopy()
        } else if try await target.copyCensus().totalRows > 0 {
            throw CLIError("\(target.location) is not empty; copy into an empty database (or merge with `oversight import bundle`)")
        }
        try await target.beginCopy(marker)
        do {
            return (try await DatabaseCopy.run(from: source, to: target, progress: progress), target.location)
        } catch {
            throw CLIError("the copy did not finish: \(error). \(target.location) is marked as an incomplete copy, which every command refuses; run the same `oversight copy` again (it starts over) or drop that database")
        }
    }

    /// Into SQLite: the copy is written to a staging file next to the target, checked, synced and renamed over the
    /// target; a failure removes the staging file and leaves the target as it was.
    static func intoSQLite(from source: any DatabaseStore, to path: String, marker: IncompleteCopyMarker,
                           progress: CopyProgress) async throws -> (DatabaseCopy.Counts, String) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder) else {
            throw CLIError("the folder of '\(path)' does not exist; create it or give another --to")
        }
        let staging = SQLiteCopyStaging(target: path)
        if let left = try await staging.checkReplaceable() {
            note("\(path) holds an incomplete copy (from \(left.source), started \(left.startedAt)); it will be replaced")
        }
        for leftover in staging.leftovers() {
            note("removing \(leftover), left by an interrupted copy")
            SQLiteCopyStaging.remove(leftover)
        }
        let target = try SQLiteStore.stagingFile(path: staging.path, marker: marker, creatingAt: staging.creatingPath)
        var open = true
        do {
            try await target.beginCopy(marker)
            let counts = try await DatabaseCopy.run(from: source, to: target, progress: progress)
            try target.closeFile()
            open = false
            // The target may have changed while the copy ran.
            _ = try await staging.checkReplaceable()
            try staging.install()
            return (counts, path)
        } catch {
            if open { try? target.closeFile() }
            SQLiteCopyStaging.remove(staging.path)
            throw CLIError("the copy did not finish: \(error). Nothing was written to \(path)")
        }
    }

    private static func note(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }
}

enum DatabaseOptionsPath {
    /// A URL always "exists" (the server says otherwise); a SQLite path must name a file.
    static func exists(_ location: String) -> Bool {
        PostgresSettings.isURL(location) || FileManager.default.fileExists(atPath: location)
    }
}
