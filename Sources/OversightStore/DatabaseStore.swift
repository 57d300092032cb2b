import OversightCore

/// A store on a database with a schema kept by named migrations: what the command line and the server open,
/// whichever backend (SQLite file or PostgreSQL server) is configured.
public protocol DatabaseStore: Store, ScreeningStore, TransferStore, LicensingDatasetStore, WorkflowStore, CandidateIncidentStore, SearchStore,
    EvidenceCurationStore, CopyTargetStore {
    /// Where the data lives, for messages (a file path, or a PostgreSQL URL without its password).
    var location: String { get }

    /// Applies pending migrations (opening a store already does) and returns the names of every applied
    /// migration, in order. Throws a clear `StoreError` when the database cannot be reached.
    func migrate() async throws -> [String]

    /// Releases connections and background work. The store must not be used afterwards.
    func close() async
}

/// What the adapters derive from a record to index it, shared so every backend indexes alike.
public enum RecordIndexing {
    /// The kinds whose names are indexed for lookup by name (a posting's or relation's display name is made of
    /// ids and never searched).
    public static let namedKinds: Set<EntityKind> = [.unit, .person, .location, .incident]

    /// The folded names an entity is found by: empty for kinds not looked up by name.
    public static func nameKeys(_ entity: any EvidenceEntity) -> [String] {
        guard namedKinds.contains(type(of: entity).kind) else { return [] }
        return Set(([entity.displayName] + entity.alternativeNames).map(NameKey.fold).filter { !$0.isEmpty }).sorted()
    }

    /// The cited window of a range as day ordinals, for date filters.
    public static func window(_ range: DateRange) -> (first: Int, last: Int)? {
        guard let lo = range.start?.earliestDay ?? range.end?.earliestDay,
              let hi = range.end?.latestDay ?? range.start?.latestDay else { return nil }
        return (lo.ordinal, hi.ordinal)
    }
}
