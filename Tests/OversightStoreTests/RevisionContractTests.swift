import Foundation
import OversightCore
import OversightStore
import OversightStorePostgres
import Testing

/// The evidence and workflow revisions (`v7-revisions`) move with every write of their area, and only then: a
/// rolled-back write leaves them where they were, and a write of one area leaves the other's alone. Caches rely
/// on this to know, with one read, that what they built is still current.
struct RevisionContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_770_000_000)

    @Test(arguments: StoreFactory.all)
    func evidenceRevisionMovesWithImportsAndEditsOnly(_ factory: StoreFactory) async throws {
        let store = try #require(try factory.make() as? any DatabaseStore)
        let start = try await store.evidenceRevision()
        let workflowStart = try await store.workflowRevision()
        _ = try await store.importRecords { sink in for record in Fixture.records { try sink.add(record) } }
        let imported = try await store.evidenceRevision()
        #expect(imported > start)

        await #expect(throws: ValidationError.self) {
            _ = try await store.importRecords { sink in
                try sink.add(.claim(Claim(id: "claim:bad", subject: "unit:missing", citations: [Citation(source: "src:nowhere")])))
            }
        }
        #expect(try await store.evidenceRevision() == imported, "a rolled-back import does not move the revision")

        _ = try await store.applyEdit([
            .person(Person(id: "person:rojas", name: "Víctor Manuel Rojas Herrera", country: "PE")),
            .claim(Claim(id: "claim:rojas-name", subject: "person:rojas", citations: [Citation(source: Fixture.early.id)])),
        ], by: "researcher", at: "2026-11-29T08:00:00Z", note: nil)
        let edited = try await store.evidenceRevision()
        #expect(edited > imported)
        #expect(try await store.workflowRevision() == workflowStart, "evidence writes leave the workflow revision alone")

        _ = try await store.snapshot(asOf: nil)
        _ = try await store.statistics(asOf: nil)
        #expect(try await store.evidenceRevision() == edited, "reads do not move it")
    }

    @Test(arguments: StoreFactory.all)
    func workflowRevisionMovesWithEveryCommittedChange(_ factory: StoreFactory) async throws {
        let store = try #require(try factory.make() as? any DatabaseStore)
        let evidenceStart = try await store.evidenceRevision()
        let start = try await store.workflowRevision()
        let user = UserAccount(id: "u-1", name: "acme", role: .applicant, createdAt: Self.t0)
        try await store.commit([.insertUser(user, passwordHash: "x")], audit: [])
        let first = try await store.workflowRevision()
        #expect(first > start, "a commit moves it even without an audit entry")

        do {
            try await store.commit([.insertUser(UserAccount(id: "u-2", name: "acme", role: .officer, createdAt: Self.t0), passwordHash: "x")],
                                   audit: [])
            Issue.record("a taken user name was accepted")
        } catch let error as WorkflowError {
            #expect(error.code == .conflict)
        }
        #expect(try await store.workflowRevision() == first, "a rolled-back commit does not move it")

        try await store.commit([.insertSession(SessionRecord(tokenHash: "t", userID: user.id, createdAt: Self.t0,
                                                             expiresAt: Self.t0.addingTimeInterval(60), csrfSecret: "c"))], audit: [])
        #expect(try await store.workflowRevision() > first)
        #expect(try await store.evidenceRevision() == evidenceStart, "workflow commits leave the evidence revision alone")
    }
}
