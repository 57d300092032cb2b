import Foundation
import Hummingbird
import HummingbirdTesting
import OversightCore
import OversightDemo
import OversightStore
import OversightStoreSQLite
import OversightStorePostgres
@testable import OversightWeb
import OversightWorkflow
import Testing

/// Sign-in attempt limits live in the store: the window slides the same on every backend, and two servers on one
/// database count the same attempts.
struct SignInLimitTests {
    /// Two stores on one database, as two web nodes open it: the same SQLite file, or the same PostgreSQL schema
    /// through two connection pools.
    static func twoStores(_ backend: WebBackend, in folder: URL) throws -> (any DatabaseStore, any DatabaseStore) {
        switch backend {
        case .sqlite:
            let path = folder.appendingPathComponent("shared.sqlite").path
            return (try SQLiteStore(path: path), try SQLiteStore(path: path))
        case .postgres:
            var settings = try PostgresSettings(url: WebBackend.url ?? "")
            settings.maximumConnections = 2
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            return (PostgresStore(settings: settings.with(schema: schema)), PostgresStore(settings: settings.with(schema: schema)))
        }
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-sign-in-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test(arguments: WebBackend.all)
    func attemptsSlideOutOfTheWindow(backend: WebBackend) async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try backend.open(in: folder)
        do {
            try await Self.slide(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    static func slide(_ store: any DatabaseStore) async throws {
        let limits = SignInLimits(perAccount: 2, perAddress: 100, window: 60)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        func attempt(_ account: String, after seconds: TimeInterval) async throws -> SignInRefusal? {
            try await store.recordSignInAttempt(account: account, address: "10.0.0.1", at: start.addingTimeInterval(seconds), limits: limits)
        }
        #expect(try await attempt("a", after: 0) == nil)
        #expect(try await attempt("A", after: 30) == nil, "names are counted case-insensitively")
        let refusal = try await attempt("a", after: 30)
        #expect(refusal == SignInRefusal(scope: .account, retryAfter: 30))
        #expect(try await attempt("a", after: 61) == nil, "the first attempt left the window")
        #expect(try await attempt("a", after: 61) != nil)
        try await store.clearSignInAttempts(account: "a")
        #expect(try await attempt("a", after: 62) == nil, "a success clears the account's count")

        // The address counts every account's attempts; a success does not clear it.
        let tight = SignInLimits(perAccount: 100, perAddress: 3, window: 60)
        for name in ["b", "c", "d"] {
            #expect(try await store.recordSignInAttempt(account: name, address: "10.0.0.2", at: start, limits: tight) == nil)
        }
        try await store.clearSignInAttempts(account: "d")
        let address = try await store.recordSignInAttempt(account: "e", address: "10.0.0.2", at: start.addingTimeInterval(10), limits: tight)
        #expect(address == SignInRefusal(scope: .address, retryAfter: 50))
        #expect(try await store.recordSignInAttempt(account: "e", address: "10.0.0.3", at: start.addingTimeInterval(10), limits: tight) == nil,
                "another address is not held back")
    }

    /// Two servers (real HTTP on two ports) on one database: attempts on either count against the same limit.
    @Test(arguments: WebBackend.all)
    func theAccountLimitHoldsAcrossTwoServers(backend: WebBackend) async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (first, second) = try Self.twoStores(backend, in: folder)
        do {
            try await DemoCase.load(into: first)
            let security = WebSecurity(rateLimits: .init(perAccount: 3, perAddress: 1000, window: 900))
            let serviceA = WorkflowService(store: first, configuration: WorkflowConfiguration(bcryptCost: 4))
            let serviceB = WorkflowService(store: second, configuration: WorkflowConfiguration(bcryptCost: 4))
            for name in ["officer1", "officer2"] {
                _ = try await serviceA.createUser(name: name, role: .officer, password: WorkflowWebApp.password, by: nil)
            }
            let appA = try buildApplication(store: first, configuration: .init(port: 0), logger: DemoApp.quietLogger(),
                                            workflow: WorkflowWeb(service: serviceA, security: security))
            let appB = try buildApplication(store: second, configuration: .init(port: 0), logger: DemoApp.quietLogger(),
                                            workflow: WorkflowWeb(service: serviceB, security: security))
            try await appA.test(.live) { a in
                try await appB.test(.live) { b in
                    #expect(try await a.signIn("officer1", "wrong 1").status == .unauthorized)
                    #expect(try await b.signIn("officer1", "wrong 2").status == .unauthorized)
                    #expect(try await a.signIn("officer1", "wrong 3").status == .unauthorized)
                    // The fourth attempt, on the server that has seen only one of them, is refused.
                    let limited = try await b.signIn("officer1", WorkflowWebApp.password)
                    #expect(limited.status == .tooManyRequests)
                    #expect(limited.sessionCookie == nil)
                    #expect(try await a.signIn("officer1", WorkflowWebApp.password).status == .tooManyRequests)

                    // A success on one server clears the account's count on both.
                    #expect(try await a.signIn("officer2", "wrong 1").status == .unauthorized)
                    #expect(try await a.signIn("officer2", "wrong 2").status == .unauthorized)
                    #expect(try await b.signIn("officer2", WorkflowWebApp.password).status == .seeOther)
                    for attempt in 1...3 {
                        #expect(try await a.signIn("officer2", "wrong again \(attempt)").status == .unauthorized)
                    }
                    #expect(try await b.signIn("officer2", WorkflowWebApp.password).status == .tooManyRequests)
                }
            }
        } catch {
            await first.close()
            await second.close()
            throw error
        }
        await first.close()
        await second.close()
    }
}
