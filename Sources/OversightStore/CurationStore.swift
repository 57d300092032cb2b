import OversightCore

/// Candidate incidents drawn from event datasets (ACLED), kept apart from the evidence base until reviewed.
public protocol CandidateIncidentStore: Sendable {
    /// Synchronises with one export: every candidate `produce` hands to its sink is added when new, replaced
    /// when its timestamp is newer than the stored one (keeping the review status, flagging reviewed ones as
    /// changed upstream), and left alone otherwise. Stored candidates of the export's countries and period that
    /// the export no longer has are flagged as deleted upstream and counted; the period is `period` when the
    /// caller knows what the export covers, else its earliest to latest event date. One transaction: an error
    /// leaves the store as it was.
    func syncCandidates(period: ClosedRange<Day>?, _ produce: @escaping @Sendable (CandidateSink) throws -> Void) async throws -> CandidateSyncSummary

    /// Candidates by status (any when nil) and country, newest event first.
    func candidates(status: CandidateStatus?, country: String?, limit: Int, offset: Int) async throws -> [CandidateIncident]

    func candidate(eventID: String) async throws -> CandidateIncident?

    /// Counts per status.
    func candidateCounts() async throws -> [CandidateStatus: Int]

    /// Writes candidates exactly as given (review status, flags, incident), replacing any with the same event id:
    /// for copying a database.
    func restoreCandidates(_ candidates: [CandidateIncident]) async throws
}

/// Receives candidates during a synchronisation. Not thread-safe: call it from the producing closure only.
public final class CandidateSink: @unchecked Sendable {
    private let write: (CandidateIncident, [UInt8]?) throws -> Void
    public init(write: @escaping (CandidateIncident, [UInt8]?) throws -> Void) { self.write = write }
    /// Adds a candidate; `json` may pass its `jsonBytes()` when the caller made them already (on another thread).
    public func add(_ candidate: CandidateIncident, json: [UInt8]? = nil) throws { try write(candidate, json) }
}

/// Full-text search over incidents, units, persons and sources, kept in step with every write.
public protocol SearchStore: Sendable {
    /// The records matching the request, best match first.
    func search(_ request: SearchRequest) async throws -> [SearchHit]
}

/// Edits of the evidence base by researchers, with the history of every claim and entity.
///
/// Every write names its actor and time, keeps the previous version of whatever it replaces, marks
/// conflicting claims contested, and returns what it changed.
public protocol EvidenceCurationStore: Sendable {
    /// Writes sources, entities and claims in one transaction. Every entity in `records` must be the subject of
    /// at least one claim in `records`, and every claim needs a citation of an existing (or included) source.
    /// A property claim whose value differs from another claim on the same property of the same record makes
    /// both contested.
    func applyEdit(_ records: [Record], by actor: String, at time: String, note: String?) async throws -> EvidenceChange

    /// Versions of a claim or an entity, oldest first, each with what changed from the one before.
    func history(of recordID: String) async throws -> [RecordVersion]

    /// Stored versions of every record, by record id then version, starting after (`recordID`, `version`) when
    /// given; `changes` left empty. For copying a database.
    func storedVersions(after recordID: String?, version: Int, limit: Int) async throws -> [RecordVersion]

    /// Writes versions exactly as given, replacing the same record and version: for copying a database.
    func restoreVersions(_ versions: [RecordVersion]) async throws

    /// Rewrites a claim or an entity as it was at `version`; the revert is itself a new version.
    func revert(_ recordID: String, toVersion version: Int, by actor: String, at time: String) async throws -> EvidenceChange

    /// Confirms a candidate as an incident of its own (with its source, location and record claim).
    /// `violations` overrides the proposed violation codes (needed when the mapping found none).
    func confirmCandidate(_ eventID: String, violations: [String]?, by actor: String, at time: String) async throws -> EvidenceChange

    /// Merges a candidate into an existing incident: the incident gets a claim citing the event.
    func mergeCandidate(_ eventID: String, into incidentID: String, by actor: String, at time: String) async throws -> EvidenceChange

    /// Rejects a candidate, with the researcher's reason.
    func rejectCandidate(_ eventID: String, reason: String, by actor: String, at time: String) async throws
}

/// The ACLED candidate incidents counted by review status, under the keys `oversight stats --format json`,
/// `GET /api/v1/stats` and the home page use: `candidateIncidents` (all), `candidatesPending`, `candidatesConfirmed`,
/// `candidatesMerged`, `candidatesRejected`.
public enum CandidateStatistics {
    public static func rows(_ counts: [CandidateStatus: Int]) -> [(key: String, label: String, count: Int)] {
        [("candidateIncidents", "ACLED candidate incidents", counts.values.reduce(0, +)),
         ("candidatesPending", "candidates pending review", counts[.candidate] ?? 0),
         ("candidatesConfirmed", "candidates confirmed", counts[.confirmed] ?? 0),
         ("candidatesMerged", "candidates merged", counts[.merged] ?? 0),
         ("candidatesRejected", "candidates rejected", counts[.rejected] ?? 0)]
    }

    /// The rows of a store that keeps candidates (every database store does); zeros otherwise.
    public static func rows(of store: any Store) async throws -> [(key: String, label: String, count: Int)] {
        guard let candidates = store as? any CandidateIncidentStore else { return rows([:]) }
        return rows(try await candidates.candidateCounts())
    }
}
