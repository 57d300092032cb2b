import OversightCore

/// Copies what evidence curation keeps beside the records: ACLED candidate incidents with their review status,
/// and the version history of claims and entities. Runs after the records themselves are copied.
public enum CurationCopy {
    public struct Counts: Sendable {
        public var candidates = 0
        public var versions = 0
    }

    static let page = 5_000

    /// Copies page by page; `progress` hears the rows copied so far of each table (`candidate_incident`,
    /// `record_version`) after every page.
    public static func run(from source: any DatabaseStore, to target: any DatabaseStore,
                           progress: (@Sendable (_ table: String, _ rows: Int) -> Void)? = nil) async throws -> Counts {
        var counts = Counts()
        var offset = 0
        while true {
            let candidates = try await source.candidates(status: nil, country: nil, limit: page, offset: offset)
            guard !candidates.isEmpty else { break }
            try await target.restoreCandidates(candidates)
            counts.candidates += candidates.count
            offset += candidates.count
            progress?("candidate_incident", counts.candidates)
        }
        var after: (String, Int)? = nil
        while true {
            let versions = try await source.storedVersions(after: after?.0, version: after?.1 ?? 0, limit: page)
            guard let last = versions.last else { break }
            try await target.restoreVersions(versions)
            counts.versions += versions.count
            progress?("record_version", counts.versions)
            after = (last.recordID, last.version)
        }
        return counts
    }
}
