import Foundation
import OversightCore
import OversightFormats
import OversightStore
import OversightWorkflow
import Synchronization

/// How far a long import has got: the CLI prints it as a progress line, a web page can show it as a bar.
public struct ImportProgress: Sendable, Equatable {
    public enum Phase: String, Sendable {
        /// Rows read from the file (ACLED: before they are written).
        case reading
        /// Records written in the import's transaction.
        case writing
        /// The import is written; open applications and live permits the new claims touch are re-assessed.
        case monitoring
    }

    public var phase: Phase
    public var count: Int

    public init(_ phase: Phase, _ count: Int) {
        self.phase = phase
        self.count = count
    }
}

public typealias ImportProgressHandler = @Sendable (ImportProgress) -> Void

/// What an evidence import wrote, and what monitoring raised afterwards.
public struct EvidenceImportOutcome: Sendable {
    public var summary: ImportSummary
    /// Alerts raised for review (ATT Art. 7.7): cases the imported claims touch whose verdicts changed.
    public var alerts: [MonitoringAlert]
}

/// The evidence importers' pipeline, the same for every surface: read → validate → write in one transaction
/// (all or nothing) → monitor. Readers live in `OversightFormats`; what to print is the caller's.
public enum EvidenceImports {
    /// How often (in records) `progress` hears of the writing phase.
    public static let progressInterval = 50_000

    /// Writes the records `produce` hands out in one transaction, then (with `monitoring`) re-assesses the cases
    /// their claims touch. `progress` hears of every `every` records written, then of the monitoring phase.
    public static func records(into store: any DatabaseStore, every: Int = progressInterval, monitoring: Bool = true,
                               progress: ImportProgressHandler? = nil,
                               _ produce: @escaping @Sendable (_ add: (Record, String?) throws -> Void) throws -> Void) async throws -> EvidenceImportOutcome {
        let claims = ClaimCollector()
        let summary = try await store.importRecords { sink in
            var n = 0
            try produce { record, json in
                try sink.add(record, canonicalJSON: json)
                claims.add(record)
                n += 1
                if n % every == 0 { progress?(ImportProgress(.writing, n)) }
            }
        }
        let alerts = monitoring ? try await monitor(store, change: .claims(claims.claimIDs), progress: progress) : []
        return EvidenceImportOutcome(summary: summary, alerts: alerts)
    }

    /// An Oversight bundle (JSON lines), parsed on a second thread while this one writes.
    public static func bundle(_ data: Data, into store: any DatabaseStore, monitoring: Bool = true,
                              progress: ImportProgressHandler? = nil) async throws -> EvidenceImportOutcome {
        try await records(into: store, every: 100_000, monitoring: monitoring, progress: progress) { add in
            try BundleReader().readInParallel(data) { record, json in try add(record, json) }
        }
    }

    /// Re-assesses the cases `change` touches (nothing for an import without claims) and returns the alerts raised.
    public static func monitor(_ store: any DatabaseStore, change: Monitoring.Change,
                               progress: ImportProgressHandler? = nil) async throws -> [MonitoringAlert] {
        if case .claims(let ids) = change, ids.isEmpty { return [] }
        progress?(ImportProgress(.monitoring, 0))
        return try await WorkflowService(store: store).evidenceChanged(change)
    }

    // MARK: - Security Force Monitor

    /// An SFM file's records ready to write, with the units it names that are not in it.
    public struct SFMPlan: Sendable {
        /// Units the file refers to that the database already holds (their relations or postings are kept).
        public var existing: Set<String>
        /// Units neither the file nor the database holds, imported as placeholders so nothing is dropped.
        public var placeholders: [SFMDanglingUnit]
    }

    /// Plans an SFM file against the database: which of the units it names but does not list exist already.
    public static func plan(_ file: some SFMFile, in store: any Store) async throws -> SFMPlan {
        let existing = try await existingUnits(file.unlistedUnits.map(\.id), in: store)
        return SFMPlan(existing: existing, placeholders: file.unlistedUnits.filter { !existing.contains($0.id) })
    }

    /// Writes an SFM file's records, every claim citing `source`.
    public static func sfm(_ file: some SFMFile, plan: SFMPlan, source: Source, into store: any DatabaseStore,
                           progress: ImportProgressHandler? = nil) async throws -> EvidenceImportOutcome {
        let existing = plan.existing
        return try await records(into: store, progress: progress) { add in
            try file.records(source: source, existingUnitIDs: existing) { record, json in try add(record, json) }
        }
    }

    private static func existingUnits(_ ids: [String], in store: any Store) async throws -> Set<String> {
        var found: Set<String> = []
        for id in ids where try await store.entity(id: id) != nil { found.insert(id) }
        return found
    }
}

/// Collects the ids of the claims an import writes, so monitoring re-assesses only the cases they touch.
final class ClaimCollector: Sendable {
    private let ids = Mutex<[String]>([])
    func add(_ record: Record) {
        if case .claim(let claim) = record { ids.withLock { $0.append(claim.id) } }
    }
    var claimIDs: [String] { ids.withLock { $0 } }
}

/// What the pipeline needs of a Security Force Monitor file (units with their relations, or persons with their
/// postings): both readers give the same.
public protocol SFMFile: Sendable {
    static func parse(_ data: Data, delimiter: Character, fileName: String) throws -> Self
    var rowsRead: Int { get }
    var rowsSkipped: Int { get }
    var rowsImported: Int { get }
    var issues: [SFMRowIssue] { get }
    /// Units the file refers to without listing them (parents of its relations, units of its postings).
    var unlistedUnits: [SFMDanglingUnit] { get }
    func records(source: Source, existingUnitIDs: Set<String>, _ body: (Record, String) throws -> Void) rethrows
}

extension SFMUnitFile: SFMFile {
    public var unlistedUnits: [SFMDanglingUnit] { danglingParents }
}

extension SFMPersonFile: SFMFile {
    public var unlistedUnits: [SFMDanglingUnit] { postingUnits }
}
