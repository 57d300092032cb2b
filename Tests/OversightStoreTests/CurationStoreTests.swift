import Foundation
import OversightCore
import OversightStore
import OversightStoreSQLite
import Testing

/// Candidate incidents, full-text search, curated edits and history, on every adapter of `StoreFactory.all`
/// (a real SQLite file; a real PostgreSQL server when one is configured).
struct CurationStoreTests {
    static func store(_ factory: StoreFactory) async throws -> any DatabaseStore {
        let store = try factory.makeDatabase()
        let records = Fixture.records
        _ = try await store.importRecords { sink in for record in records { try sink.add(record) } }
        return store
    }

    static func candidate(_ id: String, day: String, timestamp: Int64, country: String = "PE", fatalities: Int = 0,
                          violations: [String] = ["excessive-force"]) -> CandidateIncident {
        let date = Day(day)!
        return CandidateIncident(eventID: id, timestamp: timestamp, country: country, eventDate: date, timePrecision: 1,
                                 range: .on(date), place: "Juliaca", admin1: "Puno", geoPrecision: 1, uncertaintyMetres: 5_000,
                                 eventType: "Protests", subEventType: "Excessive force against protesters", violations: violations,
                                 fatalities: fatalities, stateForces: true,
                                 stateActors: [CandidateActor(name: "Police Forces of Peru (2022-)", unit: "unit:police")],
                                 actors: ["Police Forces of Peru (2022-)", "Protesters (Peru)"], notes: "Police used tear gas.",
                                 sources: "La Republica", layout: "acled-2023")
    }

    static func sync(_ store: any DatabaseStore, _ candidates: [CandidateIncident]) async throws -> CandidateSyncSummary {
        try await store.syncCandidates(period: nil) { sink in for c in candidates { try sink.add(c) } }
    }

    static let sourceRecord = Record.source(Fixture.early)

    // MARK: Candidates

    @Test(arguments: StoreFactory.all)
    func reimportUpdatesNewerEventsAndReportsDeletionsWithoutDuplicates(factory: StoreFactory) async throws {
        let store = try await Self.store(factory)
        let first = [Self.candidate("PER1", day: "2023-01-05", timestamp: 100), Self.candidate("PER2", day: "2023-01-09", timestamp: 100),
                     Self.candidate("PER3", day: "2023-01-20", timestamp: 100), Self.candidate("COL1", day: "2023-01-09", timestamp: 100, country: "CO")]
        let added = try await Self.sync(store, first)
        #expect(added == CandidateSyncSummary(added: 4))
        #expect(try await Self.sync(store, first) == CandidateSyncSummary(unchanged: 4), "the same export twice changes nothing")

        // A newer Peru export: PER2 revised (more fatalities), PER3 gone, PER4 new; Colombia not in it.
        let second = [Self.candidate("PER1", day: "2023-01-05", timestamp: 100),
                      Self.candidate("PER2", day: "2023-01-09", timestamp: 200, fatalities: 3),
                      Self.candidate("PER4", day: "2023-01-21", timestamp: 200),
                      Self.candidate("PER2", day: "2023-01-09", timestamp: 150, fatalities: 2)]
        let summary = try await Self.sync(store, second)
        #expect(summary.added == 1 && summary.updated == 1 && summary.deleted == 1)
        #expect(summary.deletedIDs == ["PER3"])
        #expect(summary.unchanged == 2, "PER1, and the older duplicate row of PER2")
        let all = try await store.candidates(status: nil, country: nil, limit: 100, offset: 0)
        #expect(all.map(\.eventID).sorted() == ["COL1", "PER1", "PER2", "PER3", "PER4"], "no duplicates")
        #expect(all.first { $0.eventID == "PER2" }?.fatalities == 3, "the newest timestamp wins")
        #expect(all.first { $0.eventID == "PER3" }?.upstreamDeleted == true)
        #expect(all.first { $0.eventID == "COL1" }?.upstreamDeleted == false, "other countries are out of the export's scope")
        #expect(try await store.candidates(status: nil, country: "PE", limit: 100, offset: 0).first?.eventID == "PER4", "newest first")

        // A new event given twice in one export: added once, the newer row kept, whichever comes first.
        let twice = try await Self.sync(store, [Self.candidate("BOL1", day: "2023-03-01", timestamp: 300, country: "BO", fatalities: 5),
                                                Self.candidate("BOL1", day: "2023-03-01", timestamp: 200, country: "BO", fatalities: 1)])
        #expect(twice.added == 1 && twice.unchanged == 1)
        #expect(try await store.candidate(eventID: "BOL1")?.fatalities == 5)
    }

    @Test(arguments: StoreFactory.all)
    func reviewedCandidatesKeepTheirStatusAndAreFlaggedWhenChangedUpstream(factory: StoreFactory) async throws {
        let store = try await Self.store(factory)
        _ = try await Self.sync(store, [Self.candidate("PER1", day: "2023-01-09", timestamp: 100, fatalities: 1),
                                        Self.candidate("PER2", day: "2023-01-09", timestamp: 100),
                                        Self.candidate("PER3", day: "2023-01-09", timestamp: 100, violations: [])])
        let confirmed = try await store.confirmCandidate("PER1", violations: nil, by: "researcher", at: "2026-11-29T08:00:00Z")
        #expect(confirmed.entityIDs.contains("incident:acled-per1"))
        let incident = try #require(try await store.entity(id: "incident:acled-per1") as? Incident)
        #expect(incident.perpetratorUnits == ["unit:police"] && incident.killed == 1 && incident.location == "location:acled-per1")
        #expect(try await store.claims(about: incident.id, asOf: nil).first?.claim.citations.first?.source == "src:acled-per1")
        _ = try await store.mergeCandidate("PER2", into: "incident:juliaca", by: "researcher", at: "2026-11-29T08:01:00Z")
        #expect(try await store.claims(about: "incident:juliaca", asOf: nil).contains { $0.claim.id == "claim:acled-per2" })
        await #expect(throws: StoreError.self) {
            try await store.confirmCandidate("PER3", violations: nil, by: "researcher", at: "t")
        }
        try await store.rejectCandidate("PER3", reason: "not a state action", by: "researcher", at: "t")
        await #expect(throws: StoreError.self) { try await store.rejectCandidate("PER1", reason: "again", by: "r", at: "t") }

        let summary = try await Self.sync(store, [Self.candidate("PER1", day: "2023-01-09", timestamp: 300, fatalities: 4),
                                                  Self.candidate("PER2", day: "2023-01-09", timestamp: 100),
                                                  Self.candidate("PER3", day: "2023-01-09", timestamp: 100)])
        #expect(summary.updated == 1 && summary.changedAfterReview == 1)
        let per1 = try #require(try await store.candidate(eventID: "PER1"))
        #expect(per1.status == .confirmed && per1.upstreamChanged && per1.fatalities == 4 && per1.incidentID == "incident:acled-per1")
        #expect(try await store.candidate(eventID: "PER3")?.reviewNote?.contains("not a state action") == true)
        #expect(try await store.candidateCounts() == [.confirmed: 1, .merged: 1, .rejected: 1])
    }

    // MARK: Search

    func search(_ store: any DatabaseStore, _ text: String, kinds: Set<SearchRequest.Kind>? = nil, country: String? = nil,
                from: String? = nil, to: String? = nil, violation: String? = nil) async throws -> [String] {
        try await store.search(SearchRequest(query: try SearchQuery(text), kinds: kinds, country: country,
                                             from: from.flatMap { Day($0) }, to: to.flatMap { Day($0) }, violation: violation))
            .map(\.id)
    }

    @Test(arguments: StoreFactory.all)
    func searchFindsNamesWithAndWithoutDiacritics(factory: StoreFactory) async throws {
        let store = try await Self.store(factory)
        #expect(try await search(store, "Víctor Rojas") == ["person:rojas"])
        #expect(try await search(store, "victor rojas") == ["person:rojas"])
        #expect(try await search(store, "VICTOR") == ["person:rojas"])
        #expect(try await search(store, "comisaria") == ["unit:station"], "Comisaría without its accent")
        let hit = try #require(try await store.search(SearchRequest(query: try SearchQuery("comisaria"))).first)
        #expect(hit.name == "Comisaría Sectorial Juliaca" && hit.kind == "unit" && hit.country == "PE")
        #expect(hit.snippet == "[Comisaría] Sectorial Juliaca", "the snippet quotes the text as written, the match marked")
        #expect(try await search(store, "\"national police\"") == ["unit:police"], "aliases are searched")
        #expect(try await search(store, "Juli*").contains("incident:juliaca"))
        #expect(try await search(store, "decline") == [Fixture.late.id], "sources are searched")
        #expect(try await search(store, "juliaca -seventeen").allSatisfy { $0 != Fixture.early.id })
        #expect(try await search(store, "rojas OR elsewhere").sorted() == ["incident:elsewhere", "person:rojas"])
        #expect(throws: SearchQueryError.self) { try SearchQuery("-only") }
        #expect(throws: SearchQueryError.self) { try SearchQuery("  ;; ") }
        #expect(try SearchQuery("foo AND NEAR(bar) *").ftsExpression == #""foo" AND "AND" AND "NEAR bar""#, "no raw FTS syntax passes")
    }

    @Test(arguments: StoreFactory.all)
    func searchFiltersByKindCountryDatesAndViolation(factory: StoreFactory) async throws {
        let store = try await Self.store(factory)
        let all = try await search(store, "juliaca OR later OR elsewhere", kinds: [.incident])
        #expect(Set(all) == ["incident:juliaca", "incident:later", "incident:elsewhere"])
        #expect(Set(try await search(store, "juliaca OR later OR elsewhere", kinds: [.incident], country: "PE")) == ["incident:juliaca", "incident:later"])
        #expect(try await search(store, "juliaca OR later OR elsewhere", kinds: [.incident], from: "2023-02-01") == ["incident:later"])
        #expect(Set(try await search(store, "juliaca OR later OR elsewhere", kinds: [.incident], to: "2023-01-31")) == ["incident:juliaca", "incident:elsewhere"])
        #expect(try await search(store, "juliaca OR later OR elsewhere", violation: "torture") == ["incident:elsewhere"])
        #expect(try await search(store, "juliaca OR later OR elsewhere", violation: "excessive-force") == ["incident:juliaca"])
    }

    @Test(arguments: StoreFactory.all)
    func searchFollowsEditsAndImports(factory: StoreFactory) async throws {
        let store = try await Self.store(factory)
        _ = try await store.applyEdit([
            .person(Person(id: "person:rojas", name: "Víctor Manuel Rojas Herrera", country: "PE")),
            .claim(Claim(id: "claim:rojas-name", subject: "person:rojas", citations: [Citation(source: Fixture.early.id)])),
        ], by: "researcher", at: "2026-11-29T08:00:00Z", note: nil)
        #expect(try await search(store, "manuel") == ["person:rojas"])
        _ = try await store.importRecords { sink in
            try sink.add(.unit(Unit(id: "unit:dinoes", name: "División de Operaciones Especiales", country: "PE")))
        }
        #expect(try await search(store, "operaciones especiales") == ["unit:dinoes"])
        #expect(try await search(store, "victor").count == 1, "an edit replaces the index entry, never duplicates it")
    }

    /// A SQLite file from before `v4-search-documents`, whose search documents its triggers wrote, keeps them on
    /// upgrade, and from then on the record writer replaces them without duplicates.
    @Test func upgradingFromTriggerWrittenSearchDocumentsKeepsThem() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let reference = try await Self.store(.sqliteFile) as! SQLiteStore
        let path = folder.appendingPathComponent("old.sqlite").path
        let old = try SQLiteStore(path: path, migrateUpTo: "v3-curation")
        #expect(try old.appliedMigrations().last == "v3-curation")
        // The rows as that version wrote them (its triggers index them as they are inserted).
        try await old.executeForTesting("""
            ATTACH DATABASE '\(reference.location)' AS ref;
            INSERT INTO source SELECT * FROM ref.source;
            INSERT INTO entity SELECT * FROM ref.entity;
            INSERT INTO entity_name SELECT * FROM ref.entity_name;
            INSERT INTO entity_ref SELECT * FROM ref.entity_ref;
            INSERT INTO claim SELECT * FROM ref.claim;
            INSERT INTO citation SELECT * FROM ref.citation;
            """)
        let upgraded = try SQLiteStore(path: path)
        #expect(try upgraded.appliedMigrations().contains("v4-search-documents"))
        #expect(try await search(upgraded, "victor rojas") == ["person:rojas"])
        _ = try await upgraded.applyEdit([
            .person(Person(id: "person:rojas", name: "Víctor Manuel Rojas Herrera", country: "PE")),
            .claim(Claim(id: "claim:rojas-name", subject: "person:rojas", citations: [Citation(source: Fixture.early.id)])),
        ], by: "researcher", at: "2026-11-29T08:00:00Z", note: nil)
        #expect(try await search(upgraded, "manuel") == ["person:rojas"])
        #expect(try await search(upgraded, "victor") == ["person:rojas"], "replaced, not duplicated")
    }

    // MARK: Edits and history

    @Test(arguments: StoreFactory.all)
    func anEditWithoutAClaimOrCitingAnUnknownSourceIsRejectedAndWritesNothing(factory: StoreFactory) async throws {
        let store = try await Self.store(factory)
        let unit = Unit(id: "unit:new", name: "New unit", country: "PE")
        await #expect(throws: ValidationError.self) {
            try await store.applyEdit([.unit(unit)], by: "researcher", at: "t", note: nil)
        }
        await #expect(throws: ValidationError.self) {
            try await store.applyEdit([.unit(unit), .claim(Claim(id: "claim:new", subject: "unit:new", citations: []))],
                                      by: "researcher", at: "t", note: nil)
        }
        await #expect(throws: ValidationError.self) {
            try await store.applyEdit([.unit(unit), .claim(Claim(id: "claim:new", subject: "unit:new", citations: [Citation(source: "src:nowhere")]))],
                                      by: "researcher", at: "t", note: nil)
        }
        await #expect(throws: ValidationError.self) {
            try await store.applyEdit([.posting(Posting(id: "posting:x", person: "person:nobody", unit: "unit:police", role: .commander, range: DateRange())),
                                       .claim(Claim(id: "claim:x", subject: "posting:x", citations: [Citation(source: Fixture.early.id)]))],
                                      by: "researcher", at: "t", note: nil)
        }
        #expect(try await store.entity(id: "unit:new") == nil)
        #expect(try await store.entity(id: "posting:x") == nil)
    }

    @Test(arguments: StoreFactory.all)
    func aConflictingClaimMarksBothContested(factory: StoreFactory) async throws {
        let store = try await Self.store(factory)
        let injured100 = Claim(id: "claim:injured-100", subject: "incident:later", property: "injured", value: "100",
                               citations: [Citation(source: Fixture.early.id)])
        let first = try await store.applyEdit([.claim(injured100)], by: "ana", at: "2026-11-29T08:00:00Z", note: nil)
        #expect(first.claimIDs == ["claim:injured-100"])
        #expect(try await store.claims(about: "incident:later", asOf: nil).first { $0.claim.id == injured100.id }?.claim.status == .accepted)
        let injured120 = Claim(id: "claim:injured-120", subject: "incident:later", property: "injured", value: "120",
                               citations: [Citation(source: Fixture.late.id)])
        let second = try await store.applyEdit([.claim(injured120)], by: "ben", at: "2026-11-29T08:05:00Z", note: nil)
        #expect(second.claimIDs == ["claim:injured-100", "claim:injured-120"], "the change names both claims")
        let claims = try await store.claims(about: "incident:later", asOf: nil).map(\.claim).filter { $0.property == "injured" }
        #expect(claims.count == 2)
        #expect(claims.allSatisfy { $0.status == .contested })
        let same = Claim(id: "claim:injured-100b", subject: "incident:later", property: "injured", value: "100",
                         citations: [Citation(source: Fixture.late.id)])
        _ = try await store.applyEdit([.claim(same)], by: "ben", at: "t", note: nil)
        #expect(try await store.claims(about: "incident:later", asOf: nil).first { $0.claim.id == same.id }?.claim.status == .contested,
                "agreeing with one claim still conflicts with the other")
    }

    @Test(arguments: StoreFactory.all)
    func everyClaimWriteKeepsAVersionAndCanBeReverted(factory: StoreFactory) async throws {
        let store = try await Self.store(factory)
        // An imported claim has one implicit version until it is changed.
        let imported = try await store.history(of: "claim:juliaca")
        #expect(imported.map(\.version) == [1] && imported[0].actor == "import")

        var claim = Claim(id: "claim:juliaca", subject: "incident:juliaca", status: .accepted, confidence: .medium,
                          citations: [Citation(source: Fixture.late.id, page: "41")], note: "page corrected")
        _ = try await store.applyEdit([.claim(claim)], by: "ana", at: "2026-11-29T08:00:00Z", note: "page corrected")
        claim.confidence = .low
        _ = try await store.applyEdit([.claim(claim)], by: "ben", at: "2026-11-29T09:00:00Z", note: nil)
        let history = try await store.history(of: "claim:juliaca")
        #expect(history.map(\.version) == [1, 2, 3])
        #expect(history.map(\.actor) == ["import", "ana", "ben"])
        #expect(history[1].at == "2026-11-29T08:00:00Z" && history[1].note == "page corrected")
        #expect(history[1].changes.contains(FieldChange(field: "citations[0].page", old: "40", new: "41")))
        #expect(history[1].changes.contains { $0.field == "confidence" && $0.old == "high" && $0.new == "medium" })
        #expect(history[2].changes == [FieldChange(field: "confidence", old: "medium", new: "low")])

        let change = try await store.revert("claim:juliaca", toVersion: 1, by: "carla", at: "2026-11-29T10:00:00Z")
        #expect(change.claimIDs == ["claim:juliaca"] && change.entityIDs == ["incident:juliaca"])
        let reverted = try await store.claims(about: "incident:juliaca", asOf: nil).first { $0.claim.id == "claim:juliaca" }!.claim
        #expect(reverted.confidence == .high && reverted.citations.first?.page == "40")
        let after = try await store.history(of: "claim:juliaca")
        #expect(after.count == 4 && after[3].actor == "carla" && after[3].note == "reverted to version 1")
        await #expect(throws: StoreError.self) { try await store.revert("claim:juliaca", toVersion: 9, by: "x", at: "t") }

        // New records get a first version naming who created them; entity changes are versioned too.
        _ = try await store.applyEdit([.unit(Unit(id: "unit:new", name: "New unit")),
                                       .claim(Claim(id: "claim:new", subject: "unit:new", citations: [Citation(source: Fixture.early.id)]))],
                                      by: "ana", at: "2026-11-29T11:00:00Z", note: nil)
        _ = try await store.applyEdit([.unit(Unit(id: "unit:new", name: "Renamed unit")),
                                       .claim(Claim(id: "claim:new-2", subject: "unit:new", citations: [Citation(source: Fixture.late.id)]))],
                                      by: "ben", at: "2026-11-29T12:00:00Z", note: nil)
        let unitHistory = try await store.history(of: "unit:new")
        #expect(unitHistory.map(\.actor) == ["ana", "ben"])
        #expect(unitHistory[1].changes == [FieldChange(field: "name", old: "New unit", new: "Renamed unit")])
        #expect(try await store.history(of: "claim:new").first?.actor == "ana")
    }

    @Test(arguments: StoreFactory.all)
    func reimportingTheSameBundleAddsNoVersions(factory: StoreFactory) async throws {
        let store = try await Self.store(factory)
        let records = Fixture.records
        _ = try await store.importRecords { sink in for record in records { try sink.add(record) } }
        #expect(try await store.history(of: "claim:juliaca").count == 1)
        #expect(try await store.history(of: "incident:juliaca").count == 1)
    }
}
