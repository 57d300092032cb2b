import Foundation
import OversightCore
import OversightFormats
import OversightStore
import OversightStoreSQLite
import Testing

/// What every screening store promises, on each SQLite flavour and on PostgreSQL when configured.
struct ScreeningStoreTests {
    struct Factory: Sendable, CustomTestStringConvertible {
        let name: String
        let make: @Sendable () throws -> any ScreeningStore
        var testDescription: String { name }

        static let file = Factory(name: "SQLite (file)") {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-screening-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return try SQLiteStore(path: folder.appendingPathComponent("test.sqlite").path)
        }
        static let memory = Factory(name: "SQLite (memory)") { try SQLiteStore.inMemory() }
        static let postgres = Factory(name: "PostgreSQL") { try PostgresTestDatabase.freshStore() }
        /// PostgreSQL joins when a test server is configured (see `PostgresStoreTests`).
        static let all = [file, memory] + (PostgresTestDatabase.isConfigured ? [postgres] : [])
    }

    static let importedAt = Date(timeIntervalSince1970: 1_700_000_000)

    func entry(_ id: String, _ name: String, list: String = "un-sc", born: String? = nil) -> ListEntry {
        ListEntry(list: list, id: id, schema: .person, names: [ListName(name)], birthDates: born.map { [.exact(PartialDate($0)!)] } ?? [])
    }

    func info(_ id: String = "un-sc", count: Int) -> ScreeningList {
        ScreeningList(id: id, title: "UN", format: "un-sc-xml", source: "list.xml", version: "v1", importedAt: Self.importedAt, entryCount: count)
    }

    @Test(arguments: Factory.all)
    func replacingAListReportsWhatChanged(factory: Factory) async throws {
        let store = try factory.make()
        let first = [entry("1", "Ri Won Ho"), entry("2", "Jo Yong Chol"), entry("3", "Kim Chol Sam")]
        let initial = try await store.replaceList(info(count: 3), entries: first)
        #expect(initial.added == ["1", "2", "3"] && initial.removed.isEmpty && initial.changed.isEmpty)

        let second = [entry("1", "Ri Won Ho"), entry("2", "Jo Yong Chol", born: "1973-09-30"), entry("4", "Kim Sok Chol")]
        let changes = try await store.replaceList(info(count: 3), entries: second)
        #expect(changes.added == ["4"])
        #expect(changes.removed == ["3"])
        #expect(changes.changed == ["2"])
        #expect(changes.unchanged == 1)
        #expect(try await store.listEntries(list: "un-sc") == second)
        #expect(try await store.listEntry(list: "un-sc", id: "2") == second[1])
        #expect(try await store.listEntry(list: "un-sc", id: "3") == nil)
        let lists = try await store.screeningLists()
        #expect(lists == [info(count: 3)])
    }

    @Test(arguments: Factory.all)
    func aFailedReplacementChangesNothing(factory: Factory) async throws {
        let store = try factory.make()
        let first = [entry("1", "Ri Won Ho")]
        _ = try await store.replaceList(info(count: 1), entries: first)
        let revision = try await store.screeningRevision()
        await #expect(throws: StoreError.self) {
            _ = try await store.replaceList(info(count: 2), entries: [entry("2", "A"), entry("2", "B")])
        }
        await #expect(throws: StoreError.self) {
            _ = try await store.replaceList(info(count: 1), entries: [entry("9", "A", list: "other")])
        }
        await #expect(throws: StoreError.self) {
            _ = try await store.replaceList(info("Bad List!", count: 0), entries: [])
        }
        #expect(try await store.listEntries(list: nil) == first)
        #expect(try await store.screeningRevision() == revision)
    }

    @Test(arguments: Factory.all)
    func listsAreIndependentAndRemovable(factory: Factory) async throws {
        let store = try factory.make()
        _ = try await store.replaceList(info(count: 1), entries: [entry("1", "Ri Won Ho")])
        _ = try await store.replaceList(info("blocklist", count: 1), entries: [entry("a", "John Smith", list: "blocklist")])
        let before = try await store.screeningRevision()
        _ = try await store.replaceList(info(count: 0), entries: [])
        #expect(try await store.listEntries(list: nil).map(\.key) == ["blocklist:a"])
        #expect(try await store.screeningRevision() > before)
        #expect(try await store.removeList("blocklist"))
        #expect(try await !store.removeList("blocklist"))
        #expect(try await store.screeningLists().map(\.id) == ["un-sc"])
    }

    @Test(arguments: Factory.all)
    func decisionsAreKeptInOrderAndStickUntilTheEntryChanges(factory: Factory) async throws {
        let store = try factory.make()
        let ri = entry("1", "Ri Won Ho", born: "1964-07-17")
        _ = try await store.replaceList(info(count: 1), entries: [ri])
        let decision = ScreeningDecision(party: "Ri Won-Ho", list: "un-sc", entryID: "1", entryDigest: ri.digest,
                                         reason: "born 1990", decidedBy: "alice", decidedAt: Self.importedAt)
        try await store.recordDecision(decision)
        try await store.recordDecision(ScreeningDecision(party: "Someone Else", list: "un-sc", entryID: "1", entryDigest: ri.digest,
                                                         verdict: .match, reason: "same passport", decidedBy: "bob", decidedAt: Self.importedAt))
        #expect(try await store.screeningDecisions(partyKey: "ri won ho") == [decision])
        #expect(try await store.screeningDecisions(partyKey: nil).count == 2)

        let screener = try await store.loadScreener()
        let result = screener.evaluate(ScreeningQuery(name: "RI WON HO"))
        #expect(result.hits.isEmpty && result.dismissed.map(\.hit.entryKey) == ["un-sc:1"])

        // The list changes the entry: the hit comes back, with the old decision shown.
        var changed = ri
        changed.names.append(ListName("Ri Won-ho"))
        let changes = try await store.replaceList(info(count: 1), entries: [changed])
        #expect(changes.changed == ["1"])
        let again = try await store.loadScreener().evaluate(ScreeningQuery(name: "RI WON HO"))
        #expect(again.hits.map(\.entryKey) == ["un-sc:1"])
        #expect(again.hits.first?.supersededDecision == decision)
    }

    @Test func theMigrationIsNamed() throws {
        let store = try SQLiteStore.inMemory()
        #expect(try store.appliedMigrations().contains("v2-screening-lists"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: ScreeningStoreTests.unList.path), "../shared/data/un-sc is absent: skipped"))
    func importingTheRealListTwiceChangesNothing() async throws {
        let entries = try UNConsolidatedListReader.read(Data(contentsOf: Self.unList)).entries
        let store = try Factory.file.make()
        let first = try await store.replaceList(info(count: entries.count), entries: entries)
        #expect(first.added.count == 1018)
        let second = try await store.replaceList(info(count: entries.count), entries: entries)
        #expect(second.unchanged == 1018 && second.added.isEmpty && second.changed.isEmpty && second.removed.isEmpty)
        // One entry edited, one dropped: reported as such.
        var edited = entries.dropLast()
        edited[edited.startIndex].note = "edited"
        let third = try await store.replaceList(info(count: edited.count), entries: Array(edited))
        #expect(third.changed == [entries[0].id] && third.removed == [entries.last!.id] && third.unchanged == 1016)
    }

    static let unList = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/un-sc/consolidated-2020-11-30.xml")
}
