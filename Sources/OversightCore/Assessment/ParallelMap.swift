import Dispatch

/// Runs independent pure work on every core, keeping the results in order: re-assessing many cases after one
/// evidence change is a set of separate assessments of one immutable evidence index.
public enum ParallelMap {
    /// `transform` applied to every element, in parallel, results in the elements' order. `transform` must not
    /// touch shared mutable state.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(transform) }
        let slots = Slots<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in slots.set(i, transform(items[i])) }
        return slots.values()
    }

    /// One slot per result; each index is written by exactly one iteration, and read after all have ended.
    private final class Slots<R>: @unchecked Sendable {
        private let base: UnsafeMutablePointer<R?>
        private let count: Int
        init(count: Int) {
            self.count = count
            base = .allocate(capacity: count)
            base.initialize(repeating: nil, count: count)
        }
        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
        func set(_ index: Int, _ value: R) { base[index] = value }
        func values() -> [R] { (0..<count).map { base[$0]! } }
    }
}
