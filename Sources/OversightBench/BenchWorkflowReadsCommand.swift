import ArgumentParser
import Foundation
import OversightCLI
import OversightCore
import OversightStore
import OversightWorkflow

/// `oversight-measure workflow-reads`: the service calls behind the dashboard and the application page, timed
/// in-process on a seeded database (`oversight-measure seed-workflow`), to tell the workflow's share of a web request from
/// the web layer's.
struct BenchWorkflowReadsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow-reads",
        abstract: "Time the dashboard, application page and session look-up service calls on a seeded database.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Calls per operation.") var iterations = 2000

    func run() async throws {
        let store = try database.openStore()
        let service = WorkflowService(store: store)
        guard let officer = try await store.user(named: "officer1"), let applicant = try await store.user(named: "applicant1") else {
            throw CLIError("no seeded users; run: oversight-measure seed-workflow --db \(database.path)")
        }
        let total = try await store.applications(ApplicationFilter(perPage: 1)).total
        guard total > 0 else { throw CLIError("no applications; run: oversight-measure seed-workflow --db \(database.path)") }
        let (token, _) = try await service.createSession(for: officer)
        var random = BenchRandom(seed: 9)

        func time(_ name: String, _ body: () async throws -> Void) async throws {
            for _ in 0..<min(100, iterations) { try await body() }  // warm-up
            var samples: [Double] = []
            samples.reserveCapacity(iterations)
            for _ in 0..<iterations {
                let start = ContinuousClock.now
                try await body()
                let elapsed = ContinuousClock.now - start
                samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
            }
            samples.sort()
            let mean = samples.reduce(0, +) / Double(samples.count)
            func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
            print("\(name.padding(toLength: 28, withPad: " ", startingAt: 0)) mean \(String(format: "%7.1f", mean)) µs  "
                  + "p50 \(String(format: "%7.1f", percentile(0.5))) µs  p99 \(String(format: "%7.1f", percentile(0.99))) µs")
        }
        print("\(total) applications, \(iterations) calls each")
        try await time("session(token:)") { _ = try await service.session(token: token) }
        try await time("dashboard(officer)") { _ = try await service.dashboard(for: officer) }
        try await time("dashboard(applicant)") { _ = try await service.dashboard(for: applicant) }
        try await time("application(id:) page") {
            let id = String(format: "app-bench-%06d", 1 + random.next(total))
            _ = try await service.application(id: id, for: officer)
        }
        try await time("applications(page 1, 50)") { _ = try await service.applications(ApplicationFilter(), for: officer) }
        try await service.endSession(token: token)
    }
}
