import Foundation
import OversightCore
import OversightDemo
import OversightStore
import OversightStoreSQLite
import OversightStorePostgres
import Testing

/// The parts of `oversight copy` that make it all or nothing: the census compared by the final check, and the
/// incomplete-copy mark every store open refuses.
struct CopyCheckTests {
    static let census = CopyCensus(rows: ["source": 3, "claim": 10, "wf_audit": 2],
                                   auditHead: CopyCensus.AuditHead(seq: 2, hash: String(repeating: "ab", count: 32)))

    @Test func equalCensusesHaveNoDifferences() {
        #expect(CopyCheckTests.census.differences(in: CopyCheckTests.census).isEmpty)
    }

    @Test func differencesNameEachTableInCopyOrderAndTheAuditHead() {
        var copy = CopyCheckTests.census
        copy.rows["claim"] = 7
        copy.rows["source"] = nil
        copy.auditHead = CopyCensus.AuditHead(seq: 1, hash: String(repeating: "cd", count: 32))
        #expect(CopyCheckTests.census.differences(in: copy) == [
            "source: 3 rows in the source, 0 in the copy",
            "claim: 10 rows in the source, 7 in the copy",
            "audit log head: entry 2 with hash abababababababab… in the source, entry 1 with hash cdcdcdcdcdcdcdcd… in the copy",
        ])
        copy.auditHead = nil
        #expect(CopyCheckTests.census.differences(in: copy).last == "audit log head: entry 2 with hash abababababababab… in the source, no entries in the copy")
    }

    @Test func theRefusalSaysWhatWhereAndHowToFixIt() {
        let marker = IncompleteCopyMarker(source: "old.sqlite", startedAt: "2025-03-01T10:00:00Z")
        let error = marker.refusal(location: "backup.sqlite")
        #expect(error.code == .incompleteCopy)
        #expect(error.message.hasPrefix("backup.sqlite is an incomplete copy: `oversight copy` from old.sqlite, started 2025-03-01T10:00:00Z, did not finish"))
        #expect(error.message.contains("Delete it and copy again"))
        #expect(error.message.contains("--to backup.sqlite"))
    }

    /// A database that can be opened again: a SQLite file, or a PostgreSQL schema.
    struct Reopenable: Sendable, CustomTestStringConvertible {
        let name: String
        let open: @Sendable (_ allowIncompleteCopy: Bool) throws -> any DatabaseStore
        var testDescription: String { name }

        static func sqlite() throws -> Reopenable {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-copy-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("target.sqlite").path
            return Reopenable(name: "SQLite") { try SQLiteStore(path: path, allowIncompleteCopy: $0) }
        }

        static func postgres() throws -> Reopenable {
            let settings = try PostgresTestDatabase.settings().with(schema: PostgresTestDatabase.freshSchema())
            return Reopenable(name: "PostgreSQL") { PostgresStore(settings: settings, allowIncompleteCopy: $0) }
        }

        static var all: [String] { PostgresTestDatabase.isConfigured ? ["SQLite", "PostgreSQL"] : ["SQLite"] }

        static func named(_ name: String) throws -> Reopenable { name == "SQLite" ? try sqlite() : try postgres() }
    }

    @Test(arguments: Reopenable.all)
    func aMarkedDatabaseIsRefusedUntilTheFinalCheckPassesInTheSameTransactionAsTheMarkIsRemoved(_ kind: String) async throws {
        let database = try Reopenable.named(kind)
        let store = try database.open(false)
        _ = try await DemoCase.load(into: store)
        let marker = IncompleteCopyMarker(source: "source.sqlite", started: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(marker.startedAt == "2023-11-14T22:13:20Z")
        try await store.beginCopy(marker)
        #expect(try await store.incompleteCopy() == marker)
        let census = try await store.copyCensus()
        #expect(census.rows.keys.sorted() == CopyCensus.tables.sorted())
        #expect(census.rows["claim"]! > 100 && census.auditHead == nil)

        try await expectRefused(database, marker: marker)
        // A census that does not match leaves the mark.
        var wrong = census
        wrong.rows["claim"]! += 1
        await #expect(throws: CopyCheckError.self) { try await store.finishCopy(expected: wrong) }
        do {
            try await store.finishCopy(expected: wrong)
        } catch let error as CopyCheckError {
            #expect(error.description.contains("claim: \(census.rows["claim"]! + 1) rows in the source, \(census.rows["claim"]!) in the copy"))
        }
        try await expectRefused(database, marker: marker)
        // The matching census removes it.
        try await store.finishCopy(expected: census)
        #expect(try await store.incompleteCopy() == nil)
        await store.close()
        let again = try database.open(false)
        #expect(try await again.migrate().isEmpty == false)
        #expect(try await again.copyCensus() == census)
        await again.close()
    }

    private func expectRefused(_ database: Reopenable, marker: IncompleteCopyMarker) async throws {
        func check(_ error: StoreError) {
            #expect(error.code == .incompleteCopy)
            #expect(error.message.contains("is an incomplete copy: `oversight copy` from \(marker.source), started \(marker.startedAt)"), "\(error.message)")
        }
        let refused: any DatabaseStore
        do {
            refused = try database.open(false)  // SQLite refuses here
        } catch let error as StoreError {
            return check(error)
        }
        do {
            _ = try await refused.migrate()  // PostgreSQL on the first operation
            Issue.record("a marked \(database.name) database opened")
        } catch let error as StoreError {
            check(error)
        }
        await refused.close()
    }

    @Test(.enabled(if: PostgresTestDatabase.isConfigured, PostgresTestDatabase.skipNotice))
    func restartingACopyOnPostgresEmptiesAMarkedDatabaseOnly() async throws {
        let settings = try PostgresTestDatabase.settings().with(schema: PostgresTestDatabase.freshSchema())
        let store = PostgresStore(settings: settings, allowIncompleteCopy: true)
        _ = try await DemoCase.load(into: store)
        _ = try await store.replaceList(ScreeningList(id: "un-sc", title: "UN", format: "un-sc", source: "test", version: "1", importedAt: Date(), entryCount: 0), entries: [])
        await #expect(throws: StoreError.self) { try await store.restartCopy() }
        #expect(try await store.copyCensus().rows["claim"]! > 0, "an unmarked database is not emptied")
        try await store.beginCopy(IncompleteCopyMarker(source: "a", startedAt: "b"))
        try await store.restartCopy()
        let census = try await store.copyCensus()
        #expect(census.totalRows == 0 && census.auditHead == nil)
        #expect(try await store.screeningRevision() == 0)
        #expect(try await store.incompleteCopy() != nil, "the mark stays until the copy's final check")
        // The emptied database takes a copy as a new one does.
        _ = try await DemoCase.load(into: store)
        try await store.finishCopy(expected: try await store.copyCensus())
        await store.close()
    }
}
