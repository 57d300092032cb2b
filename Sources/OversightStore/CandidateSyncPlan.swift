import OversightCore

/// The decisions of a candidate synchronisation, the same on every backend: what to do with each candidate of an
/// export, the summary, and which stored candidates the export no longer has. An adapter loads what it stores,
/// asks `classify` for every candidate and writes accordingly, then flags `deletions`.
public struct CandidateSyncPlan: Sendable {
    /// A stored candidate, as the plan needs it.
    public struct Known: Sendable {
        public var timestamp: Int64
        /// Reviewed (confirmed, merged or rejected) rather than waiting for review.
        public var reviewed: Bool
        public var country: String
        public var firstDay: Int
        public var deleted: Bool

        public init(timestamp: Int64, reviewed: Bool, country: String, firstDay: Int, deleted: Bool) {
            self.timestamp = timestamp
            self.reviewed = reviewed
            self.country = country
            self.firstDay = firstDay
            self.deleted = deleted
        }
    }

    public enum Action: Equatable, Sendable {
        /// A new event: add it.
        case add
        /// A newer version of a stored event: replace it, flagging a reviewed one as changed upstream.
        case replace(changedAfterReview: Bool)
        /// The same event again in this export: the newer of its rows wins.
        case repeated
        /// A stored event the export has unchanged, flagged deleted before: clear the flag.
        case undelete
        /// A stored event the export has unchanged.
        case keep
    }

    public private(set) var summary = CandidateSyncSummary()
    /// Rows of an event given earlier in the same export.
    public private(set) var repeats = 0
    private var known: [String: Known]
    private var seen = Set<String>()
    private var countries = Set<String>()
    private var lowDay = Int.max, highDay = Int.min

    public init(known: [String: Known]) { self.known = known }

    /// The cited day window of a candidate as day ordinals.
    public static func window(_ candidate: CandidateIncident) -> (first: Int, last: Int) {
        RecordIndexing.window(candidate.range) ?? (candidate.eventDate.ordinal, candidate.eventDate.ordinal)
    }

    /// What to do with the next candidate of the export, counted in the summary.
    public mutating func classify(_ candidate: CandidateIncident, window: (first: Int, last: Int)) -> Action {
        countries.insert(candidate.country)
        lowDay = min(lowDay, window.first)
        highDay = max(highDay, window.last)
        let firstTime = seen.insert(candidate.eventID).inserted
        guard let old = known.removeValue(forKey: candidate.eventID) else {
            if firstTime {
                summary.added += 1
                return .add
            }
            summary.unchanged += 1
            repeats += 1
            return .repeated
        }
        if candidate.timestamp > old.timestamp {
            summary.updated += 1
            if old.reviewed { summary.changedAfterReview += 1 }
            return .replace(changedAfterReview: old.reviewed)
        }
        summary.unchanged += 1
        return old.deleted ? .undelete : .keep
    }

    /// Stored candidates the export should have had but does not (same countries, within `period` when given,
    /// else the export's earliest to latest day), by id; also completes the summary.
    public mutating func deletions(period: ClosedRange<Day>?) -> [String] {
        let low = period?.lowerBound.ordinal ?? lowDay, high = period?.upperBound.ordinal ?? highDay
        let deleted = known.filter { _, old in
            !old.deleted && countries.contains(old.country) && old.firstDay >= low && old.firstDay <= high
        }.keys.sorted()
        summary.deleted = deleted.count
        summary.deletedIDs = Array(deleted.prefix(100))
        return deleted
    }
}
