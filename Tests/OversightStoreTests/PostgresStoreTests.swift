import Foundation
import Testing
import OversightCore
import OversightDemo
import OversightFormats
import OversightStore
import OversightStoreSQLite
@testable import OversightStorePostgres

/// What needs no server: reading URLs, and the message when the server cannot be reached.
struct PostgresSettingsTests {
    @Test func urlIsReadAndThePasswordNeverShown() throws {
        let settings = try PostgresSettings(url: "postgres://alice:s3cr%40t@db.example.org:6543/oversight?schema=prod&sslmode=require")
        #expect(settings.host == "db.example.org")
        #expect(settings.port == 6543)
        #expect(settings.user == "alice")
        #expect(settings.database == "oversight")
        #expect(settings.schema == "prod")
        #expect(settings.tls == .require)
        #expect(settings.redactedURL == "postgres://alice@db.example.org:6543/oversight?schema=prod")
        #expect(!"\(settings)".contains("s3cr"))
        #expect(PostgresSettings.redact("postgres://alice:s3cret@h/db") == "postgres://alice:***@h/db")
    }

    @Test func badURLsSayWhatIsWrongWithoutThePassword() {
        for (url, expected) in [("postgres://alice:pw-123@/db", "no host"), ("postgres://alice:pw-123@host:5432", "names no database"),
                                ("postgres://host/db", "no user"), ("postgres://a:pw-123@h/db?schema=Bad-Name", "schema"),
                                ("postgres://a:pw-123@h/db?colour=blue", "option 'colour'")] {
            #expect {
                _ = try PostgresSettings(url: url)
            } throws: { error in
                let message = "\(error)"
                return message.contains(expected) && !message.contains("pw-123")
            }
        }
    }

    @Test func unreachableServerGivesHostPortAndWhatToCheck() async throws {
        // Port 9 (discard) on loopback: nothing listens there on a test machine, so the connection is refused.
        let store = PostgresStore(settings: PostgresSettings(host: "127.0.0.1", port: 9, user: "alice", password: "pw-secret-42",
                                                             database: "oversight", tls: .disable))
        let error = await #expect(throws: StoreError.self) { _ = try await store.statistics(asOf: nil) }
        let message = error?.message ?? ""
        #expect(message.contains("127.0.0.1:9"), "\(message)")
        #expect(message.contains("pg_isready"), "\(message)")
        #expect(message.contains("refused"), "\(message)")
        #expect(!message.contains("pw-secret-42"))
        await store.close()
    }
}

/// The PostgreSQL variant: runs only with a test server (`OVERSIGHT_TEST_DATABASE_URL`); otherwise every test
/// here is reported as skipped with the reason, and the contract suite runs on SQLite alone.
@Suite(.enabled(if: PostgresTestDatabase.isConfigured, PostgresTestDatabase.skipNotice))
struct PostgresStoreTests {
    @Test func theContractSuiteRunsOnPostgres() {
        #expect(StoreFactory.all.map(\.name) == ["SQLite (file)", "PostgreSQL"])
    }

    @Test func migratesAnEmptyDatabaseAndRecordsEveryMigrationOnce() async throws {
        let settings = try PostgresTestDatabase.settings().with(schema: PostgresTestDatabase.freshSchema())
        let store = PostgresStore(settings: settings)
        let names = PostgresSchema.migrations.map(\.name)
        #expect(try await store.migrate() == names)
        #expect(try await store.appliedMigrations() == names)
        #expect(try await store.statistics(asOf: nil) == StoreStatistics(sources: 0, claims: 0, entities: Dictionary(uniqueKeysWithValues: EntityKind.allCases.map { ($0.rawValue, 0) })))
        _ = try await DemoCase.load(into: store)
        await store.close()
        // Opening again applies nothing and keeps the data.
        let again = PostgresStore(settings: settings)
        #expect(try await again.migrate() == names)
        #expect(try await again.statistics(asOf: nil).claims > 0)
        await again.close()
    }

    /// From the previous schema version, and from the last one before evidence curation (whose migration indexes
    /// the records already stored for search).
    @Test(arguments: [PostgresSchema.migrations.dropLast().last!.name, "v3-workflow"])
    func upgradesADatabaseOfAnEarlierSchemaVersionKeepingItsData(from previous: String) async throws {
        let settings = try PostgresTestDatabase.settings().with(schema: PostgresTestDatabase.freshSchema())
        let old = PostgresStore(settings: settings, migrateUpTo: previous)
        #expect(try await old.migrate().last == previous)
        await old.close()
        // The rows as a version of that schema wrote them: those of the same records imported into a current
        // database, copied across by SQL for every table the older schema has (the evidence tables are unchanged
        // since v1-evidence; the search documents since v3-curation).
        let reference = try PostgresTestDatabase.freshStore()
        let records = Fixture.records
        _ = try await reference.importRecords { sink in for record in records { try sink.add(record) } }
        let before = try await exportBundle(reference)
        let from = try #require(reference.settings.schema), to = try #require(settings.schema)
        try await reference.withConnection { connection in
            var tables: [String] = []
            for try await name in try await connection.query("""
                SELECT table_name::text FROM information_schema.tables WHERE table_schema = \(to)
                """, logger: reference.logger).decode(String.self) { tables.append(name) }
            for table in ["source", "entity", "entity_name", "entity_ref", "claim", "citation", "search_doc"] where tables.contains(table) {
                try await reference.execute(connection, "INSERT INTO \(to).\(table) SELECT * FROM \(from).\(table)")
            }
        }
        await reference.close()

        let upgraded = PostgresStore(settings: settings)
        #expect(try await upgraded.migrate() == PostgresSchema.migrations.map(\.name))
        #expect(try await exportBundle(upgraded) == before, "the upgrade keeps every record")
        // The records stored before the upgrade are found by search, and their history starts with them.
        let hits = try await upgraded.search(SearchRequest(query: try SearchQuery("victor rojas")))
        #expect(hits.map(\.id) == ["person:rojas"])
        #expect(try await upgraded.history(of: "claim:juliaca").map(\.actor) == ["import"])
        // Tables of later migrations work.
        let list = ScreeningList(id: "un-sc", title: "UN", format: "un-sc-xml", source: "x", version: nil,
                                 importedAt: Date(timeIntervalSince1970: 1_700_000_000), entryCount: 1)
        let changes = try await upgraded.replaceList(list, entries: [ListEntry(list: "un-sc", id: "1", schema: .person, names: [ListName("Ri Won Ho")])])
        #expect(changes.added == ["1"])
        #expect(try await upgraded.screeningRevision() == 1)
        _ = try await upgraded.syncCandidates(period: nil) { sink in
            try sink.add(CurationStoreTests.candidate("PER1", day: "2023-01-09", timestamp: 1))
        }
        #expect(try await upgraded.candidateCounts() == [.candidate: 1])
        await upgraded.close()
    }

    @Test func aDatabaseMigratedByANewerVersionIsNotTouched() async throws {
        let settings = try PostgresTestDatabase.settings().with(schema: PostgresTestDatabase.freshSchema())
        let store = PostgresStore(settings: settings)
        _ = try await store.migrate()
        await store.close()
        // Pretend a newer version added a migration.
        let newer = PostgresStore(settings: settings)
        _ = try await newer.importRecords { _ in }
        try await PostgresTestDatabase.execute(settings, "INSERT INTO oversight_migrations (position, name) VALUES (99, 'v99-future')")
        await newer.close()
        let current = PostgresStore(settings: settings)
        let error = await #expect(throws: StoreError.self) { _ = try await current.migrate() }
        #expect(error?.message.contains("v99-future") == true)
        await current.close()
    }

    @Test func concurrentWritersOnTwoConnectionsKeepTheDataConsistent() async throws {
        let settings = try PostgresTestDatabase.settings().with(schema: PostgresTestDatabase.freshSchema())
        let first = PostgresStore(settings: settings)
        let second = PostgresStore(settings: settings)
        _ = try await first.migrate()
        _ = try await second.migrate()
        // Both import the shared fixture plus incidents of their own, at the same time, several times over.
        let shared = Fixture.records
        func extra(_ writer: String, _ round: Int) -> [Record] {
            (0..<25).flatMap { n -> [Record] in
                let id = "incident:\(writer)-\(round)-\(n)"
                return [.incident(Incident(id: id, title: "\(writer) \(n)", country: "PE", range: Fixture.range("2023-02-01", "2023-02-01"),
                                           violations: ["torture"])),
                        .claim(Claim(id: "claim:\(writer)-\(round)-\(n)", subject: id, citations: [Citation(source: Fixture.early.id)]))]
            }
        }
        try await withThrowingTaskGroup(of: ImportSummary.self) { group in
            for round in 0..<3 {
                for (writer, store) in [("a", first), ("b", second)] {
                    let records = shared + extra(writer, round)
                    group.addTask { try await store.importRecords { sink in for record in records { try sink.add(record) } } }
                }
            }
            for try await summary in group { #expect(summary.written["incident"] == 3 + 25) }
        }
        // The same as importing everything one after the other into SQLite.
        let reference = try SQLiteStore.inMemory()
        for round in 0..<3 {
            for writer in ["a", "b"] {
                let records = shared + extra(writer, round)
                _ = try await reference.importRecords { sink in for record in records { try sink.add(record) } }
            }
        }
        #expect(try await exportBundle(first) == exportBundle(reference))
        #expect(try await second.statistics(asOf: nil).count(.incident) == 3 + 2 * 3 * 25)
        await first.close()
        await second.close()
    }

    @Test func copySQLiteToPostgresAndBackGivesAByteIdenticalBundle() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = try SQLiteStore(path: folder.appendingPathComponent("from.sqlite").path)
        _ = try await DemoCase.load(into: sqlite)
        let original = try await exportBundle(sqlite)
        #expect(original.split(separator: "\n").count > 100, "the Peru demo bundle is loaded")

        let postgres = try PostgresTestDatabase.freshStore()
        try await copyBundle(from: sqlite, to: postgres)
        #expect(try await exportBundle(postgres) == original)

        let back = try SQLiteStore(path: folder.appendingPathComponent("back.sqlite").path)
        try await copyBundle(from: postgres, to: back)
        #expect(try await exportBundle(back) == original)
        await postgres.close()
    }

    @Test func copyCarriesCandidatesAndHistoryBothWays() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = try await CurationStoreTests.store(.sqliteFile)
        _ = try await CurationStoreTests.sync(sqlite, [CurationStoreTests.candidate("PER1", day: "2023-01-09", timestamp: 100, fatalities: 1),
                                                       CurationStoreTests.candidate("PER2", day: "2023-01-10", timestamp: 100)])
        _ = try await sqlite.confirmCandidate("PER1", violations: nil, by: "ana", at: "2026-11-29T08:00:00Z")
        try await sqlite.rejectCandidate("PER2", reason: "duplicate", by: "ben", at: "2026-11-29T08:01:00Z")
        var claim = try #require(try await sqlite.claims(about: "incident:juliaca", asOf: nil).first { $0.claim.id == "claim:juliaca" }).claim
        claim.confidence = .low
        _ = try await sqlite.applyEdit([.claim(claim)], by: "carla", at: "2026-11-29T09:00:00Z", note: "weaker")

        func copy(_ from: any DatabaseStore, _ to: any DatabaseStore) async throws -> CurationCopy.Counts {
            try await copyBundle(from: from, to: to)
            return try await CurationCopy.run(from: from, to: to)
        }
        let postgres = try PostgresTestDatabase.freshStore()
        let there = try await copy(sqlite, postgres)
        #expect(there.candidates == 2 && there.versions >= 5, "\(there)")
        let back = try SQLiteStore(path: folder.appendingPathComponent("back.sqlite").path)
        _ = try await copy(postgres, back)
        let query = try SearchQuery("juliaca")
        let expectedCandidates = try await sqlite.candidates(status: nil, country: nil, limit: 10, offset: 0)
        let expectedHits = try await sqlite.search(SearchRequest(query: query)).map(\.id)
        for store in [postgres as any DatabaseStore, back] {
            #expect(try await store.candidates(status: nil, country: nil, limit: 10, offset: 0) == expectedCandidates)
            for id in ["claim:juliaca", "incident:acled-per1", "claim:acled-per1"] {
                let expected = try await sqlite.history(of: id)
                #expect(try await store.history(of: id) == expected, "\(id) on \(store.location)")
            }
            #expect(Set(try await store.search(SearchRequest(query: query)).map(\.id)) == Set(expectedHits), "the same records (ranked by each database)")
        }
        #expect(try await back.history(of: "claim:juliaca").map(\.actor) == ["import", "carla"])
        await postgres.close()
    }

    @Test func wrongPasswordNamesTheUserButNotThePassword() async throws {
        var settings = try PostgresTestDatabase.settings()
        settings = PostgresSettings(host: settings.host, port: settings.port, user: settings.user, password: "not-the-password-77",
                                    database: settings.database, schema: PostgresTestDatabase.freshSchema())
        let store = PostgresStore(settings: settings)
        // A server that trusts every login accepts any password; then there is nothing to check.
        do {
            _ = try await store.migrate()
        } catch let error as StoreError {
            #expect(error.message.contains("'\(settings.user)'"), "\(error.message)")
            #expect(error.message.contains("\(settings.host):\(settings.port)"))
            #expect(!error.message.contains("not-the-password-77"))
        }
        await store.close()
    }

    @Test func screeningStoreContractOnPostgres() async throws {
        let store = try PostgresTestDatabase.freshStore()
        let list = ScreeningList(id: "un-sc", title: "UN", format: "un-sc-xml", source: "x", version: "v1",
                                 importedAt: Date(timeIntervalSince1970: 1_700_000_000), entryCount: 2)
        func entry(_ id: String, _ name: String) -> ListEntry { ListEntry(list: "un-sc", id: id, schema: .person, names: [ListName(name)]) }
        let first = try await store.replaceList(list, entries: [entry("1", "Ri Won Ho"), entry("2", "Jo Yong Chol")])
        #expect(first.added == ["1", "2"])
        let second = try await store.replaceList(list, entries: [entry("2", "Jo Yong Chol"), entry("3", "Kim Sok Chol")])
        #expect(second.added == ["3"] && second.removed == ["1"] && second.unchanged == 1)
        #expect(try await store.listEntries(list: "un-sc").map(\.id) == ["2", "3"])
        #expect(try await store.screeningLists().map(\.entryCount) == [2])
        await #expect(throws: StoreError.self) { _ = try await store.replaceList(list, entries: [entry("9", "A"), entry("9", "B")]) }
        #expect(try await store.listEntries(list: nil).count == 2, "a failed replacement changes nothing")
        #expect(try await store.screeningRevision() == 2)
        #expect(try await store.removeList("un-sc"))
        #expect(try await !store.removeList("un-sc"))
        #expect(try await store.screeningRevision() == 3)
        await store.close()
    }
}

extension PostgresTestDatabase {
    /// Runs one statement in the settings' schema, outside any store (for setting up odd states).
    static func execute(_ settings: PostgresSettings, _ sql: String) async throws {
        let store = PostgresStore(settings: settings)
        try await store.withConnection { connection in try await store.execute(connection, sql) }
        await store.close()
    }
}

func exportBundle(_ store: any Store) async throws -> String {
    let lines = LineCollector()
    lines.append(Record.bundleHeader)
    try await store.exportRecords { lines.append($0) }
    return lines.text
}

/// Moves a whole database as `oversight copy` does: the bundle exported by one store, imported by the other.
func copyBundle(from source: any Store, to target: any Store) async throws {
    let data = Data(try await exportBundle(source).utf8)
    _ = try await target.importRecords { sink in
        try BundleReader().read(data) { record, json in try sink.add(record, canonicalJSON: json) }
    }
}

/// The write lock belongs to one schema's tables: an import into another schema of the same database does not
/// wait for it.
@Suite(.enabled(if: PostgresTestDatabase.isConfigured, PostgresTestDatabase.skipNotice))
struct PostgresLockScopeTests {
    @Test func aWriterInOneSchemaDoesNotHoldUpAnotherSchema() async throws {
        let schemaA = PostgresTestDatabase.freshSchema(), schemaB = PostgresTestDatabase.freshSchema()
        let a = PostgresStore(settings: try PostgresTestDatabase.settings().with(schema: schemaA))
        let b = PostgresStore(settings: try PostgresTestDatabase.settings().with(schema: schemaB))
        _ = try await a.migrate()
        _ = try await b.migrate()
        let records = Fixture.records
        let importedWhileLocked = try await a.withConnection { connection -> Bool in
            try await a.execute(connection, "BEGIN")
            try await connection.query(PostgresSchema.lock(PostgresSchema.writeLock, schema: schemaA), logger: a.logger)
            // The import into B runs while A holds its lock; polled (bounded: 30 s) until B has the records.
            let importing = Task { _ = try await b.importRecords { sink in for record in records { try sink.add(record) } } }
            var finished = false
            let deadline = ContinuousClock.now + .seconds(30)
            while !finished && ContinuousClock.now < deadline {
                finished = try await b.statistics(asOf: nil).claims == 7
                if !finished { try await Task.sleep(for: .milliseconds(50)) }
            }
            try await a.execute(connection, "COMMIT")
            try await importing.value
            return finished
        }
        #expect(importedWhileLocked, "the import into schema B waited for schema A's write lock")
        #expect(try await b.statistics(asOf: nil).claims == 7)
        await a.close()
        await b.close()
    }
}
