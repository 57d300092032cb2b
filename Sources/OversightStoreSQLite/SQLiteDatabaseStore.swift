import OversightCore
import OversightStore

/// GRDB also declares a `Record`; inside this module the name means the evidence record.
public typealias Record = OversightCore.Record

extension SQLiteStore: DatabaseStore {
    public var location: String { writer.path }

    public func migrate() async throws -> [String] { try appliedMigrations() }

    public func close() async {}
}
