import Foundation
import OversightCore
import OversightStore
import OversightStoreSQLite
@testable import OversightWorkflow
import Testing

/// Submissions assess against a cached evidence index; an import by another process (the CLI while the server
/// runs) counts at once, because the cache compares the database's evidence revision, not a clock.
@Suite struct EvidenceCacheTests {
    @Test func anImportByAnotherProcessIsSeenAtTheNextRead() async throws {
        let fixture = try await Fixture()
        defer { fixture.remove() }
        let cache = EvidenceCache()
        #expect(try await cache.index(store: fixture.store).snapshot.units.isEmpty)

        let other = try SQLiteStore(path: fixture.path)   // another process's connection to the same file
        let source = Source(id: "src:s", title: "S", publisher: "P", published: PartialDate("2021-01-01")!)
        _ = try await other.importRecords { sink in
            try sink.add(.source(source))
            try sink.add(.unit(Unit(id: "unit:x", name: "Unit X", country: "PE")))
            try sink.add(.claim(Claim(id: "claim:x", subject: "unit:x", citations: [Citation(source: source.id)])))
        }
        #expect(try await cache.index(store: fixture.store).snapshot.units["unit:x"] != nil)
    }
}
