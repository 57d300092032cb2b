import Foundation
import OversightCore
import OversightFormats
import OversightStore

/// What an ACLED import did: the sync's counts, the layout found, the rows read and the first problems.
public struct ACLEDImportOutcome: Sendable {
    public var summary: CandidateSyncSummary
    public var layout: ACLEDLayout?
    public var rows: Int
    public var skipped: Int
    /// The first `CandidateImports.keptIssues` rows skipped, each with its line and column.
    public var issues: [ACLEDFormatError]
}

/// ACLED exports become candidate incidents for review (docs/CURATION.md): the pipeline every surface uses.
public enum CandidateImports {
    public static let keptIssues = 50

    /// ACLED actor names → unit ids: `mapping` (a mapping file's rows) first, then every unit whose name or alias
    /// is the actor's name, when only one unit has it.
    public static func actorUnits(mapping: [String: String], store: any Store) async throws -> [String: String] {
        var actorUnits = mapping
        var byName: [String: Set<String>] = [:]
        for case let unit as OversightCore.Unit in try await store.entities(kind: .unit, limit: Int.max, offset: 0) {
            for name in [unit.name] + unit.aliases { byName[NameKey.fold(name), default: []].insert(unit.id) }
        }
        for (name, ids) in byName where ids.count == 1 && actorUnits[name] == nil { actorUnits[name] = ids.first! }
        return actorUnits
    }

    /// Reads the export at `path` and syncs its events as candidates in one transaction. Reading, mapping and
    /// encoding run on a second thread while this one writes (batches of 2,048 events); `progress` hears of the
    /// rows read. `period`: the days the export covers, for finding events deleted upstream (nil: its earliest
    /// to latest event).
    public static func acled(path: String, actorUnits: [String: String], period: ClosedRange<Day>?, into store: any DatabaseStore,
                             progress: ImportProgressHandler? = nil) async throws -> ACLEDImportOutcome {
        let mapper = ACLEDMapper(actorUnits: actorUnits)
        let report = ACLEDImportReport()
        let summary = try await store.syncCandidates(period: period) { sink in
            let queue = BatchQueue<(CandidateIncident, [UInt8])>(capacity: 8)
            let reader = Thread {
                var batch: [(CandidateIncident, [UInt8])] = []
                batch.reserveCapacity(2_048)
                do {
                    report.layout = try ACLEDReader.read(path: path, progress: progress.map { handler in { handler(ImportProgress(.reading, $0)) } }, event: { event in
                        report.rows += 1
                        switch mapper.candidate(event) {
                        case .success(let candidate):
                            batch.append((candidate, candidate.jsonBytes()))
                            if batch.count == 2_048 {
                                guard queue.put(batch) else { throw CancellationError() }
                                batch.removeAll(keepingCapacity: true)
                            }
                        case .failure(let issue): report.skip(issue)
                        }
                    }, issue: { report.rows += 1; report.skip($0) })
                    if !batch.isEmpty { _ = queue.put(batch) }
                    queue.close(error: nil)
                } catch {
                    queue.close(error: error)
                }
            }
            reader.stackSize = 1 << 22
            reader.start()
            do {
                while let batch = try queue.take() {
                    for (candidate, json) in batch { try sink.add(candidate, json: json) }
                }
            } catch {
                queue.cancel()
                throw error
            }
        }
        return ACLEDImportOutcome(summary: summary, layout: report.layout, rows: report.rows, skipped: report.skipped, issues: report.issues)
    }
}

/// A bounded queue of batches between a reading thread and the writing one.
final class BatchQueue<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[Element]] = []
    private let capacity: Int
    private var closed = false
    private var cancelled = false
    private var failure: (any Error)?

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room; false when the consumer gave up.
    func put(_ batch: [Element]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// The producer is done (with an error when it failed).
    func close(error: (any Error)?) {
        condition.lock()
        closed = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer gives up: the producer's next `put` returns false.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, nil at the end; rethrows the producer's error.
    func take() throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !closed { condition.wait() }
        if !batches.isEmpty {
            let batch = batches.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }
}

/// Counts and the first problems of an ACLED import (filled on the reading thread, read after it finished).
final class ACLEDImportReport: @unchecked Sendable {
    var rows = 0
    var skipped = 0
    var layout: ACLEDLayout?
    private(set) var issues: [ACLEDFormatError] = []

    func skip(_ issue: ACLEDFormatError) {
        skipped += 1
        if issues.count < CandidateImports.keptIssues { issues.append(issue) }
    }
}
