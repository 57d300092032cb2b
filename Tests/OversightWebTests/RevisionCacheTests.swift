import OversightApp
import Synchronization
import Testing

/// The cache behind the dashboard: a value is used again only at the revision it was built at.
@Suite struct RevisionCacheTests {
    final class Counter: Sendable {
        let builds = Mutex(0)
        func build(_ value: String) -> String {
            builds.withLock { $0 += 1 }
            return value
        }
        var count: Int { builds.withLock { $0 } }
    }

    @Test func usesAValueOnlyAtItsRevision() async throws {
        let cache = RevisionCache<String, String>(capacity: 4)
        let counter = Counter()
        #expect(try await cache.value(for: "a", revision: 1) { counter.build("a@1") } == "a@1")
        #expect(try await cache.value(for: "a", revision: 1) { counter.build("other") } == "a@1")
        #expect(counter.count == 1)
        #expect(try await cache.value(for: "a", revision: 2) { counter.build("a@2") } == "a@2", "a moved revision rebuilds")
        #expect(try await cache.value(for: "b", revision: 2) { counter.build("b@2") } == "b@2", "keys are apart")
        #expect(counter.count == 3)
        let counts = cache.counts
        #expect(counts.kept == 2 && counts.hits == 1 && counts.builds == 3)
        cache.remove("a")
        #expect(try await cache.value(for: "a", revision: 2) { counter.build("a@2 again") } == "a@2 again")
    }

    @Test func keepsAtMostItsCapacityDroppingTheLeastRecentlyUsed() async throws {
        let cache = RevisionCache<Int, Int>(capacity: 2)
        _ = try await cache.value(for: 1, revision: 0) { 10 }
        _ = try await cache.value(for: 2, revision: 0) { 20 }
        _ = try await cache.value(for: 1, revision: 0) { -1 }   // 1 is now more recent than 2
        _ = try await cache.value(for: 3, revision: 0) { 30 }   // so 2 goes
        #expect(cache.counts.kept == 2)
        #expect(try await cache.value(for: 1, revision: 0) { -1 } == 10)
        #expect(try await cache.value(for: 2, revision: 0) { 21 } == 21, "the least recently used key was dropped")
    }

    @Test func requestsThatMissTogetherShareOneBuild() async throws {
        let cache = RevisionCache<String, String>(capacity: 2)
        let counter = Counter()
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await cache.value(for: "page", revision: 7) {
                        try await Task.sleep(for: .milliseconds(100))
                        return counter.build("page@7")
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == Array(repeating: "page@7", count: 10))
        #expect(counter.count == 1, "one build served all ten")
        #expect(cache.counts.builds == 1 && cache.counts.kept == 1)
    }

    @Test func aFailedBuildKeepsNothing() async throws {
        struct Failure: Error {}
        let cache = RevisionCache<String, String>(capacity: 2)
        await #expect(throws: Failure.self) { _ = try await cache.value(for: "a", revision: 1) { throw Failure() } }
        #expect(cache.counts.kept == 0)
    }
}
