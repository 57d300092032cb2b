import Foundation
import OversightCore
import OversightDemo
import OversightStore
import OversightStoreSQLite
import OversightWorkflow
import Synchronization

/// A clock tests set and move.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ day: String) { current = Mutex(TestClock.date(day)) }
    static func date(_ day: String) -> Date { ISO8601DateFormatter().date(from: day + "T10:00:00Z")! }
    func set(_ day: String) { current.withLock { $0 = TestClock.date(day) } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var now: Date { current.withLock { $0 } }
}

/// Sequential ids, so tests are reproducible.
final class TestIDs: Sendable {
    private let counter = Mutex(0)
    func make(_ prefix: String) -> String { counter.withLock { $0 += 1; return "\(prefix)-\($0)" } }
}

/// A workflow over a real SQLite file in a fresh temporary folder, with users of every role.
struct Fixture {
    let folder: URL
    let path: String
    let store: SQLiteStore
    let clock: TestClock
    let service: WorkflowService
    let applicant: UserAccount
    let otherApplicant: UserAccount
    let officer: UserAccount
    let secondOfficer: UserAccount
    let senior: UserAccount
    let auditor: UserAccount
    let admin: UserAccount
    let researcher: UserAccount

    static let password = "correct horse battery"

    init(day: String = "2026-03-02", demo: Bool = false) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-workflow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("test.sqlite").path
        store = try SQLiteStore(path: path)
        if demo { try await DemoCase.load(into: store) }
        let clock = TestClock(day)
        self.clock = clock
        let ids = TestIDs()
        let service = WorkflowService(store: store, configuration: WorkflowConfiguration(bcryptCost: 4),
                                      now: { clock.now }, makeID: { ids.make($0) })
        self.service = service
        func add(_ name: String, _ role: Role) async throws -> UserAccount {
            try await service.createUser(name: name, role: role, password: Fixture.password, by: nil).user
        }
        applicant = try await add("acme", .applicant)
        otherApplicant = try await add("globex", .applicant)
        officer = try await add("olivia", .officer)
        secondOfficer = try await add("oscar", .officer)
        senior = try await add("sam", .seniorReviewer)
        auditor = try await add("ada", .auditor)
        admin = try await add("root", .administrator)
        researcher = try await add("rita", .researcher)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// An application to a destination with no evidence (Norway): assessed `approve`.
    static func quiet(destination: String = "NO") -> ExportApplication {
        ExportApplication(
            id: "", regimes: [.eipa, .att], exporter: "CA", destination: destination, decisionDate: Day("2026-01-01")!,
            consignee: Party(name: "Forsvarets logistikkorganisasjon", country: destination),
            endUser: EndUser(name: "Norwegian Armed Forces"),
            items: [ApplicationItem(controlEntry: "2-14", description: "Training simulators", quantity: 10, value: 100_000, currency: "CAD")],
            endUse: "Training", mitigations: ["end-use-certificate"])
    }

    /// A demo application (Sources/OversightDemo/Data/applications).
    static func demoApplication(_ name: String) throws -> ExportApplication {
        let url = try require(DemoCase.applicationURLs()[name], "demo application \(name)")
        return try JSONDecoder().decode(ExportApplication.self, from: Data(contentsOf: url))
    }

    /// Draft → submitted → screened → assessed.
    func submitted(_ application: ExportApplication, by user: UserAccount? = nil) async throws -> ApplicationDetail {
        let draft = try await service.createDraft(application, by: user ?? applicant)
        return try await service.submit(id: draft.id, by: user ?? applicant)
    }

    /// All the way to an issued permit: recommended by `officer`, decided by the senior reviewer.
    func issued(_ application: ExportApplication) async throws -> (ApplicationDetail, Permit) {
        let detail = try await submitted(application)
        _ = try await service.recommend(id: detail.record.id, outcome: .approve, rationale: "Risk acceptable with conditions",
                                        conditions: [], by: officer)
        _ = try await service.decide(id: detail.record.id, outcome: .approvedWithConditions, rationale: "Agree with the officer",
                                     conditions: ["Report each delivery"], by: senior)
        let permit = try await service.issuePermit(applicationID: detail.record.id, expiresOn: nil, by: officer)
        return (try await service.application(id: detail.record.id, for: officer), permit)
    }
}

/// `#require` outside a test function.
func require<T>(_ value: T?, _ message: String = "missing value") throws -> T {
    guard let value else { throw FixtureError(message) }
    return value
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
