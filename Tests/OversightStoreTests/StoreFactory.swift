import Foundation
import Testing
import OversightStore
import OversightStoreSQLite
import OversightStorePostgres

/// Makes a fresh, empty store of one adapter. The contract suite runs against every factory listed in `all`;
/// a second adapter joins the suite by adding its factory here.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () throws -> any Store

    var testDescription: String { name }

    /// A fresh store with everything a database offers (both adapters are `DatabaseStore`s).
    func makeDatabase() throws -> any DatabaseStore {
        guard let store = try make() as? any DatabaseStore else { throw StoreError(.unreadableDatabase, "\(name) is not a DatabaseStore") }
        return store
    }

    static let sqliteFile = StoreFactory(name: "SQLite (file)") {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteStore(path: folder.appendingPathComponent("test.sqlite").path)
    }

    /// Each store in a schema of its own in the test database, so every test starts empty.
    static let postgres = StoreFactory(name: "PostgreSQL") { try PostgresTestDatabase.freshStore() }

    /// SQLite always; PostgreSQL when `OVERSIGHT_TEST_DATABASE_URL` names a test server (`PostgresVariantTests`
    /// reports it as skipped otherwise).
    static var all: [StoreFactory] { PostgresTestDatabase.isConfigured ? [sqliteFile, postgres] : [sqliteFile] }
}

/// The PostgreSQL server the tests may use: `OVERSIGHT_TEST_DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/DB`
/// (`.ci/run` starts one). Its tests create a schema per store (`t_…`) in that database.
enum PostgresTestDatabase {
    static let variable = "OVERSIGHT_TEST_DATABASE_URL"
    static let url = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    static var isConfigured: Bool { url != nil }
    static let skipNotice: Comment = "\(variable) is not set: the PostgreSQL variant of the store tests is skipped (README: Running on PostgreSQL; .ci/run starts a server)"

    /// The configured settings; a malformed URL fails the test that asks, with the reason.
    static func settings() throws -> PostgresSettings {
        guard let url else { throw StoreError(.notFound, "\(variable) is not set") }
        var settings = try PostgresSettings(url: url)
        settings.maximumConnections = 2
        return settings
    }

    static func freshSchema() -> String { "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") }

    static func freshStore(migrateUpTo target: String? = nil) throws -> PostgresStore {
        PostgresStore(settings: try settings().with(schema: freshSchema()), migrateUpTo: target)
    }
}
