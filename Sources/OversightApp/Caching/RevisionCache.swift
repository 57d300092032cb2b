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
        /// Builds under way, so requests that miss together wait for one build instead of each making its own.
        var building: [Key: (revision: Int, task: Task<Value, any Error>)] = [:]
        var clock: UInt64 = 0
        var hits = 0
        var builds = 0
    }

    private enum Next {
        case kept(Value)
        case wait(Task<Value, any Error>)
    }

    private let state = Mutex(State())
    public let capacity: Int

    public init(capacity: Int) {
        precondition(capacity > 0, "a revision cache needs room for at least one value")
        self.capacity = capacity
    }

    /// The value kept for `key` at `revision`, or the one `build` makes (then kept). Requests that miss the same
    /// key at the same revision while a build is under way wait for that build and share its value (or error):
    /// after a change, many open pages cost one build, not one each.
    public func value(for key: Key, revision: Int, build: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let next: Next = state.withLock { state in
            state.clock += 1
            if var entry = state.entries[key], entry.revision == revision {
                state.hits += 1
                entry.used = state.clock
                state.entries[key] = entry
                return .kept(entry.value)
            }
            if let running = state.building[key], running.revision == revision {
                state.hits += 1
                return .wait(running.task)
            }
            state.builds += 1
            let task = Task { try await build() }
            state.building[key] = (revision, task)
            return .wait(task)
        }
        switch next {
        case .kept(let value):
            return value
        case .wait(let task):
            do {
                let value = try await task.value
                keep(value, for: key, revision: revision, from: task)
                return value
            } catch {
                state.withLock { state in
                    if let running = state.building[key], running.task == task { state.building[key] = nil }
                }
                throw error
            }
        }
    }

    /// Keeps a finished build's value (once, by whichever waiter gets here first) unless a newer one is kept.
    private func keep(_ value: Value, for key: Key, revision: Int, from task: Task<Value, any Error>) {
        state.withLock { state in
            guard let running = state.building[key], running.task == task else { return }
            state.building[key] = nil
            if let kept = state.entries[key], kept.revision > revision { return }
            state.clock += 1
            if state.entries[key] == nil, state.entries.count >= capacity,
               let oldest = state.entries.min(by: { $0.value.used < $1.value.used })?.key {
                state.entries[oldest] = nil
            }
            state.entries[key] = Entry(value: value, revision: revision, used: state.clock)
        }
    }

    /// Forgets `key` (a signed-out session's page, for one).
    public func remove(_ key: Key) {
        state.withLock { _ = $0.entries.removeValue(forKey: key) }
    }

    /// How many values are kept, how many requests were answered from them (or from a build under way) and how
    /// many builds ran.
    public var counts: (kept: Int, hits: Int, builds: Int) {
        state.withLock { ($0.entries.count, $0.hits, $0.builds) }
    }
}
