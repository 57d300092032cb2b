import Foundation
import OversightCore
import OversightStore
import Synchronization

/// The evidence index and the party screener, built once and reused by submissions until evidence or lists
/// change. Building them reads the whole evidence base, far too slow to do on every submission.
///
/// This process drops the index when `evidenceChanged` runs; another process (the CLI importing while the server
/// runs) cannot tell it, so an index is also rebuilt when older than `maximumAge`.
final class EvidenceCache: Sendable {
    private struct Entry {
        var index: EvidenceIndex
        var builtAt: Date
    }

    private struct ScreenerEntry {
        var screener: Screener
        var revision: Int
        var entries: Int
    }

    private let evidence = Mutex<Entry?>(nil)
    private let screener = Mutex<ScreenerEntry?>(nil)
    let maximumAge: TimeInterval

    init(maximumAge: TimeInterval = 60) { self.maximumAge = maximumAge }

    func index(store: any Store, now: Date) async throws -> EvidenceIndex {
        if let cached = evidence.withLock({ $0 }), now.timeIntervalSince(cached.builtAt) < maximumAge, now >= cached.builtAt {
            return cached.index
        }
        let index = EvidenceIndex(snapshot: try await store.snapshot(asOf: nil))
        evidence.withLock { $0 = Entry(index: index, builtAt: now) }
        return index
    }

    /// The screener over every loaded list, rebuilt when the lists' revision moved; nil without a screening store.
    func screener(store: (any ScreeningStore)?, configuration: ScreeningConfiguration) async throws -> (Screener, entries: Int)? {
        guard let store else { return nil }
        let revision = try await store.screeningRevision()
        if let cached = screener.withLock({ $0 }), cached.revision == revision { return (cached.screener, cached.entries) }
        let entries = try await store.listEntries(list: nil)
        let decisions = try await store.screeningDecisions(partyKey: nil)
        let built = Screener(entries: entries, configuration: configuration, decisions: DecisionBook(decisions))
        screener.withLock { $0 = ScreenerEntry(screener: built, revision: revision, entries: entries.count) }
        return (built, entries.count)
    }

    func invalidate() {
        evidence.withLock { $0 = nil }
        screener.withLock { $0 = nil }
    }
}
