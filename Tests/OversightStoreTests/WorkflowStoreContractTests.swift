import Foundation
import OversightCore
import OversightStore
import OversightStorePostgres
import Testing

/// The workflow register and the transfers table behave the same on every adapter (SQLite always, PostgreSQL when
/// `OVERSIGHT_TEST_DATABASE_URL` is set; `PostgresVariantTests` reports the skip otherwise).
struct WorkflowStoreContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_770_000_000)

    static func application(_ id: String, destination: String = "NO") -> ExportApplication {
        ExportApplication(
            id: id, regimes: [.eipa, .att], exporter: "CA", destination: destination, decisionDate: Day("2026-01-01")!,
            consignee: Party(name: "Forsvarets logistikkorganisasjon", country: destination),
            endUser: EndUser(name: "Norwegian Armed Forces"),
            items: [ApplicationItem(controlEntry: "2-14", description: "Training simulators", quantity: 10, value: 100_000, currency: "CAD")],
            endUse: "Training", mitigations: ["end-use-certificate"])
    }

    static func store(_ factory: StoreFactory) throws -> any DatabaseStore {
        try #require(try factory.make() as? any DatabaseStore)
    }

    /// A user and one submitted application, each write with its audit entry.
    static func seed(_ store: any DatabaseStore) async throws -> (UserAccount, ApplicationRecord) {
        let user = UserAccount(id: "u-1", name: "acme", role: .applicant, createdAt: t0)
        try await store.commit([.insertUser(user, passwordHash: "$2b$04$hash")],
                               audit: [AuditDraft(at: t0, actor: "system", action: "user.create", subject: "user:u-1")])
        let record = ApplicationRecord(id: "app-1", state: .submitted, applicantID: user.id, applicantName: user.name,
                                       application: application("app-1"), createdAt: t0, updatedAt: t0, submittedAt: t0,
                                       verdicts: ["att-6-3": .deny], stateReason: nil)
        try await store.commit([.insertApplication(record)],
                               audit: [AuditDraft(at: t0, actor: user.id, action: "application.submit", subject: "application:app-1",
                                                  after: "{\"state\":\"submitted\"}")])
        return (user, record)
    }

    @Test(arguments: StoreFactory.all)
    func commitAndReadBack(_ factory: StoreFactory) async throws {
        let store = try Self.store(factory)
        let (user, record) = try await Self.seed(store)
        #expect(try await store.user(named: "acme") == user)
        #expect(try await store.credentials(named: "acme")?.passwordHash == "$2b$04$hash")
        #expect(try await store.users().map(\.id) == ["u-1"])
        let session = SessionRecord(tokenHash: "tok", userID: user.id, createdAt: Self.t0, expiresAt: Self.t0.addingTimeInterval(60), csrfSecret: "c")
        try await store.commit([.insertSession(session)], audit: [])
        #expect(try await store.sessionAndUser(tokenHash: "tok")?.user == user)
        #expect(try await store.session(tokenHash: "tok") == session)
        #expect(try await store.deleteExpiredSessions(before: Self.t0.addingTimeInterval(120)) == 1)
        #expect(try await store.session(tokenHash: "tok") == nil)
        #expect(try await store.application(id: "app-1") == record)
        let detail = try #require(try await store.applicationDetail(id: "app-1"))
        #expect(detail.record == record)
        #expect(detail.history.map(\.action) == ["application.submit"])
        #expect(try await store.applicationCounts(applicantID: nil) == [.submitted: 1])
        var moved = record
        moved.state = .assessed
        try await store.commit([.updateApplication(moved, expectedState: .submitted)], audit: [])
        #expect(try await store.applicationCounts(applicantID: user.id) == [.assessed: 1])
        let page = try await store.applications(ApplicationFilter(states: [.assessed, .submitted], perPage: 10))
        #expect(page.items.map(\.id) == ["app-1"] && page.total == 1)
        #expect(try await store.applications(ApplicationFilter(text: "NORWEGIAN", perPage: 10)).total == 1)
        #expect(try await store.auditCount() == 2)
        #expect(AuditChain.verify(try await store.auditEntries(after: 0, limit: 100)).firstBreak == nil)
    }

    @Test(arguments: StoreFactory.all)
    func staleExpectedStateIsAConflictAndRollsBackEverything(_ factory: StoreFactory) async throws {
        let store = try Self.store(factory)
        let (_, record) = try await Self.seed(store)
        var moved = record
        moved.state = .assessed
        let other = UserAccount(id: "u-2", name: "globex", role: .applicant, createdAt: Self.t0)
        do {
            try await store.commit([.insertUser(other, passwordHash: "x"), .updateApplication(moved, expectedState: .draft)],
                                   audit: [AuditDraft(at: Self.t0, actor: "u-1", action: "x", subject: "application:app-1")])
            Issue.record("a stale expected state was accepted")
        } catch let error as WorkflowError {
            #expect(error.code == .conflict)
        }
        #expect(try await store.user(id: "u-2") == nil)
        #expect(try await store.auditCount() == 2)
        #expect(try await store.application(id: "app-1")?.state == .submitted)
        do {
            try await store.commit([.insertUser(UserAccount(id: "u-3", name: "acme", role: .officer, createdAt: Self.t0), passwordHash: "x")], audit: [])
            Issue.record("a taken user name was accepted")
        } catch let error as WorkflowError {
            #expect(error.code == .conflict)
        }
    }

    @Test(arguments: StoreFactory.all)
    func transfersRoundTrip(_ factory: StoreFactory) async throws {
        let store = try Self.store(factory)
        #expect(try await store.transferDataset() == nil)
        let transfers = [
            ArmsTransfer(dealID: "d1", supplier: "Canada", supplierCode: "CA", recipient: "Peru", recipientCode: "PE", designation: "LAV",
                         description: "APC", category: "Armoured vehicles", orderYear: 2019, orderYearEstimated: true, deliveryYear: nil,
                         numberDelivered: 4, tivMilli: 12_500, apportioned: true, status: "second-hand", comments: "note"),
            ArmsTransfer(dealID: "d2", supplier: "France", supplierCode: "FR", recipient: "Chile", recipientCode: nil, designation: "X",
                         description: "Y", category: "Ships", orderYear: nil, deliveryYear: 2020, numberDelivered: nil, tivMilli: nil),
        ]
        let dataset = TransferDataset(title: "SIPRI Arms Transfers Database", layout: "2026", generated: nil, file: "t.csv", rows: 2)
        try await store.replaceTransfers(transfers, dataset: dataset)
        #expect(try await store.transfers(involving: nil) == transfers)
        #expect(try await store.transfers(involving: ["PE"]) == [transfers[0]])
        #expect(try await store.transferDataset() == dataset)
        try await store.replaceTransfers([transfers[1]], dataset: dataset)
        #expect(try await store.transfers(involving: nil) == [transfers[1]])
    }

    /// Two stores (two connection pools) on the same PostgreSQL database race to move the same application from
    /// the same expected state: exactly one wins, the other gets `.conflict`, and the audit chain still verifies.
    @Test func concurrentWritersOnPostgreSQL() async throws {
        guard PostgresTestDatabase.isConfigured else { return }  // PostgresVariantTests reports the skip
        let settings = try PostgresTestDatabase.settings().with(schema: PostgresTestDatabase.freshSchema())
        let first = PostgresStore(settings: settings)
        let second = PostgresStore(settings: settings)
        _ = try await first.migrate()
        _ = try await second.migrate()
        let (_, record) = try await Self.seed(first)
        for round in 0..<10 {
            let from: ApplicationState = round.isMultiple(of: 2) ? .submitted : .assessed
            let to: ApplicationState = round.isMultiple(of: 2) ? .assessed : .submitted
            var next = record
            next.state = to
            let moved = next
            let outcomes = await withTaskGroup(of: String.self) { group in
                for (n, store) in [first, second].enumerated() {
                    group.addTask {
                        do {
                            try await store.commit([.updateApplication(moved, expectedState: from)],
                                                   audit: [AuditDraft(at: Self.t0, actor: "writer-\(n)", action: "move", subject: "application:app-1")])
                            return "won"
                        } catch let error as WorkflowError where error.code == .conflict {
                            return "conflict"
                        } catch {
                            return "failed: \(error)"
                        }
                    }
                }
                var all: [String] = []
                for await outcome in group { all.append(outcome) }
                return all.sorted()
            }
            #expect(outcomes == ["conflict", "won"])
            #expect(try await second.application(id: "app-1")?.state == to)
        }
        let entries = try await first.auditEntries(after: 0, limit: 1000)
        #expect(entries.count == 12)
        #expect(AuditChain.verify(entries).firstBreak == nil)
        #expect(try await first.applicationCounts(applicantID: nil) == [.submitted: 1])
        await first.close()
        await second.close()
    }

    @Test(arguments: StoreFactory.all)
    func shipmentsAreCheckedAgainstThePermitInsideTheCommit(_ factory: StoreFactory) async throws {
        let store = try Self.store(factory)
        let (user, record) = try await Self.seed(store)
        let permit = Permit(id: "p-1", applicationID: record.id, number: "CA-2026-1", issuedAt: Self.t0, issuedBy: user.id,
                            expiresOn: Day("2027-01-01")!, limits: PermitLimit.limits(of: record.application), conditions: [])
        try await store.commit([.insertPermit(permit)], audit: [])
        func ship(_ id: String, _ quantity: Int) -> WorkflowChange {
            .insertShipment(Shipment(id: id, permitID: "p-1", line: 0, quantity: quantity, value: Double(quantity) * 10_000,
                                     shippedOn: Day("2026-06-01")!, recordedBy: user.id, recordedAt: Self.t0))
        }
        try await store.commit([ship("s-1", 6)], audit: [])
        do {
            try await store.commit([ship("s-2", 5)], audit: [])
            Issue.record("a shipment past the permit's quantity was accepted")
        } catch let error as WorkflowError {
            #expect(error.code == .limitExceeded)
        }
        try await store.commit([ship("s-3", 4)], audit: [])
        #expect(try await store.shipments(permitID: "p-1").map(\.id) == ["s-1", "s-3"])
        #expect(try await store.applicationDetail(id: record.id)?.permit == permit)
        var suspended = permit
        suspended.state = .suspended
        try await store.commit([.updatePermit(suspended, expectedState: .active)], audit: [])
        await #expect(throws: WorkflowError.self) { try await store.commit([.updatePermit(suspended, expectedState: .active)], audit: []) }
        #expect(try await store.permit(applicationID: record.id)?.state == .suspended)
    }

    /// Editing an audit row directly in PostgreSQL breaks verification at that row.
    @Test func editingAnAuditRowInPostgreSQLIsDetected() async throws {
        guard PostgresTestDatabase.isConfigured else { return }  // PostgresVariantTests reports the skip
        let settings = try PostgresTestDatabase.settings().with(schema: PostgresTestDatabase.freshSchema())
        let store = PostgresStore(settings: settings)
        _ = try await Self.seed(store)
        #expect(AuditChain.verify(try await store.auditEntries(after: 0, limit: 100)).firstBreak == nil)
        try await PostgresTestDatabase.execute(settings, "UPDATE wf_audit SET actor = 'someone-else' WHERE seq = 1")
        let result = AuditChain.verify(try await store.auditEntries(after: 0, limit: 100))
        #expect(result.firstBreak?.seq == 1)
        await store.close()
    }
}
