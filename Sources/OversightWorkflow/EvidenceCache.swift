import Foundation
import OversightCore
import OversightStore
import Synchronization

/// The evidence index and the party screener, built once and reused by submissions until evidence or lists
/// change. Building them reads the whole evidence base, far too slow to do on every submission.
///
/// The index is kept with the evidence revision it was built at (`Store.evidenceRevision()`, moved by every
/// write of evidence in any process on the database) and built again once the revision has moved, so an import
/// by the CLI while the server runs counts at the next submission; the screener likewise with the lists' revision.
final class EvidenceCache: Sendable {
    private struct Entry {
        var index: EvidenceIndex
        var revision: Int
    }

    private struct ScreenerEntry {
        var screener: Screener
        var revision: Int
        var entries: Int
    }

    private let evidence = Mutex<Entry?>(nil)
    private let screener = Mutex<ScreenerEntry?>(nil)

    init() {}

    func index(store: any Store) async throws -> EvidenceIndex {
        let revision = try await store.evidenceRevision()
        if let cached = evidence.withLock({ $0 }), cached.revision == revision { return cached.index }
        let index = EvidenceIndex(snapshot: try await store.snapshot(asOf: nil))
        evidence.withLock { $0 = Entry(index: index, revision: revision) }
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
