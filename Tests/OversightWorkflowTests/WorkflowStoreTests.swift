import Foundation
import OversightCore
import OversightStore
import OversightWorkflow
import Testing

/// The SQLite workflow store's lists and counts agree with filtering and sorting the same records in memory.
struct WorkflowStoreTests {
    @Test func pagesAndCountsMatchAnInMemoryFilter() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let applicants = [f.applicant, f.otherApplicant]
        var records: [ApplicationRecord] = []
        var random = SplitMix(seed: 3)
        for n in 0..<60 {
            let owner = applicants[random.next(2)]
            var application = Fixture.quiet(destination: ["NO", "SE", "DE"][random.next(3)])
            application.id = "app-\(n)"
            let at = Date(timeIntervalSince1970: 1_700_000_000 + Double(random.next(40)) * 60)  // ties on purpose
            records.append(ApplicationRecord(id: application.id, state: ApplicationState.allCases[random.next(11)], applicantID: owner.id,
                                             applicantName: owner.name, application: application, createdAt: at, updatedAt: at))
        }
        try await f.store.commit(records.map { .insertApplication($0) }, audit: [])
        // Move some on, so the counts follow updates.
        for index in stride(from: 0, to: 60, by: 7) {
            var moved = records[index]
            moved.state = moved.state == .issued ? .suspended : .issued
            try await f.store.commit([.updateApplication(moved, expectedState: records[index].state)], audit: [])
            records[index] = moved
        }
        func expected(_ filter: ApplicationFilter) -> (ids: [String], total: Int) {
            let matching = records.filter { record in
                (filter.states.isEmpty || filter.states.contains(record.state))
                    && (filter.applicantID.map { $0 == record.applicantID } ?? true)
                    && (filter.destination.map { $0 == record.application.destination } ?? true)
            }.sorted { ($0.updatedAt, $0.id) > ($1.updatedAt, $1.id) }
            let start = (filter.page - 1) * filter.perPage
            return (Array(matching.dropFirst(start).prefix(filter.perPage)).map(\.id), matching.count)
        }
        let filters: [ApplicationFilter] = [
            ApplicationFilter(perPage: 10),
            ApplicationFilter(page: 3, perPage: 10),
            ApplicationFilter(states: [.issued], perPage: 5),
            ApplicationFilter(states: [.assessed, .recommended, .approved], perPage: 4),
            ApplicationFilter(states: [.assessed, .recommended, .approved], page: 2, perPage: 4),
            ApplicationFilter(states: [.draft, .issued], applicantID: f.applicant.id, perPage: 3),
            ApplicationFilter(states: [.draft, .issued, .denied], destination: "SE", page: 2, perPage: 2),
            ApplicationFilter(applicantID: f.otherApplicant.id, page: 2, perPage: 6),
        ]
        for filter in filters {
            let page = try await f.store.applications(filter)
            let want = expected(filter)
            #expect(page.items.map(\.id) == want.ids, "\(filter)")
            #expect(page.total == want.total, "\(filter)")
        }
        for applicant in [nil, f.applicant.id] as [String?] {
            var want: [ApplicationState: Int] = [:]
            for record in records where applicant.map({ $0 == record.applicantID }) ?? true { want[record.state, default: 0] += 1 }
            #expect(try await f.store.applicationCounts(applicantID: applicant) == want)
        }
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
