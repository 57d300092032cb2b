import Synchronization

/// Values built from the database, each kept with the revision it was built at and used again while the
/// database's revision counter (`Store.evidenceRevision()`, `WorkflowStore.workflowRevision()`) still reads the
/// same. The counter lives in the database, so a change made by another process or web node is seen at the
/// next request: nothing that must hold across nodes lives here, only work that need not be done again.
///
/// Read the revision *before* the data the value is built from. A change committed between the two reads then
/// leaves a value newer than its recorded revision, which the next request (seeing the moved counter) rebuilds;
/// a value older than its revision is never kept.
///
/// At most `capacity` keys are kept; when full, the least recently used key goes.
public final class RevisionCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var revision: Int
        var used: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var clock: UInt64 = 0
        var hits = 0
        var builds = 0
    }

    private let state = Mutex(State())
    public let capacity: Int

    public init(capacity: Int) {
        precondition(capacity > 0, "a revision cache needs room for at least one value")
        self.capacity = capacity
    }

    /// The value kept for `key` at `revision`, or the one `build` makes (then kept). Two requests that miss at
    /// once both build; the later one is kept. That costs work, never correctness.
    public func value(for key: Key, revision: Int, build: () async throws -> Value) async rethrows -> Value {
        let kept: Value? = state.withLock { state in
            guard var entry = state.entries[key], entry.revision == revision else { return nil }
            state.clock += 1
            state.hits += 1
            entry.used = state.clock
            state.entries[key] = entry
            return entry.value
        }
        if let kept { return kept }
        let built = try await build()
        state.withLock { state in
            state.clock += 1
            state.builds += 1
            if state.entries[key] == nil, state.entries.count >= capacity,
               let oldest = state.entries.min(by: { $0.value.used < $1.value.used })?.key {
                state.entries[oldest] = nil
            }
            state.entries[key] = Entry(value: built, revision: revision, used: state.clock)
        }
        return built
    }

    /// Forgets `key` (a signed-out session's page, for one).
    public func remove(_ key: Key) {
        state.withLock { _ = $0.entries.removeValue(forKey: key) }
    }

    /// How many values are kept, how many requests were answered from them and how many built one.
    public var counts: (kept: Int, hits: Int, builds: Int) {
        state.withLock { ($0.entries.count, $0.hits, $0.builds) }
    }
}
