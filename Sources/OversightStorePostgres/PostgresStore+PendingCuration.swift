import Foundation
import OversightCore
import OversightStore

// Evidence curation (ACLED candidates, full-text search, edits with history) is not yet on PostgreSQL. Every
// call answers with one clear error instead of a half-working store; the SQLite adapter has it.

private func curationPending(_ what: String) -> StoreError {
    StoreError(.unreadableDatabase, "\(what) is not available on PostgreSQL in this version; use a SQLite database (--db PATH) for it")
}

extension PostgresStore {
    public func syncCandidates(period: ClosedRange<Day>?, _ produce: @escaping @Sendable (CandidateSink) throws -> Void) async throws -> CandidateSyncSummary {
        throw curationPending("ACLED candidate incidents")
    }
    public func candidates(status: CandidateStatus?, country: String?, limit: Int, offset: Int) async throws -> [CandidateIncident] {
        throw curationPending("ACLED candidate incidents")
    }
    public func candidate(eventID: String) async throws -> CandidateIncident? { throw curationPending("ACLED candidate incidents") }
    public func candidateCounts() async throws -> [CandidateStatus: Int] { throw curationPending("ACLED candidate incidents") }
    public func search(_ request: SearchRequest) async throws -> [SearchHit] { throw curationPending("full-text search") }
    public func applyEdit(_ records: [Record], by actor: String, at time: String, note: String?) async throws -> EvidenceChange {
        throw curationPending("editing evidence")
    }
    public func history(of recordID: String) async throws -> [RecordVersion] { throw curationPending("record history") }
    public func revert(_ recordID: String, toVersion version: Int, by actor: String, at time: String) async throws -> EvidenceChange {
        throw curationPending("record history")
    }
    public func confirmCandidate(_ eventID: String, violations: [String]?, by actor: String, at time: String) async throws -> EvidenceChange {
        throw curationPending("ACLED candidate incidents")
    }
    public func mergeCandidate(_ eventID: String, into incidentID: String, by actor: String, at time: String) async throws -> EvidenceChange {
        throw curationPending("ACLED candidate incidents")
    }
    public func rejectCandidate(_ eventID: String, reason: String, by actor: String, at time: String) async throws {
        throw curationPending("ACLED candidate incidents")
    }
}
