import Foundation
import OversightApp
import OversightCore
import OversightStore

/// The steps of `oversight copy` into a target already marked as an incomplete copy, ending with the final
/// check that removes the mark: evidence (through a bundle), screening lists and decisions, transfers and the
/// workflow, licensing datasets, curation data; then the census of source and target compared in the target's last transaction.
enum DatabaseCopy {
    struct Counts {
        var records: ImportSummary
        var screeningEntries = 0
        var decisions = 0
        var workflow: WorkflowCopy.Counts
        var curation: CurationCopy.Counts
        var census: CopyCensus
    }

    static func run(from source: any DatabaseStore, to target: any DatabaseStore, progress: CopyProgress) async throws -> Counts {
        // Evidence: the bundle, written to a temporary file so that large databases are not held in memory twice.
        let bundle = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-copy-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: bundle) }
        progress.step("exporting the evidence of \(source.location)")
        try await BundleExport.run(store: source, to: bundle.path)
        let records = try await EvidenceImports.bundle(try BundleImport.read(path: bundle.path), into: target, monitoring: false,
                                                       progress: { progress.rows("records", $0.count) }).summary
        progress.done("records", records.total, detail: Summary.describe(records))

        // Screening lists (entries as stored) and decisions, in the order they were taken.
        var entries = 0
        for list in try await source.screeningLists() {
            let listEntries = try await source.listEntries(list: list.id)
            _ = try await target.replaceList(list, entries: listEntries)
            entries += listEntries.count
            progress.rows("screening_entry", entries)
        }
        progress.done("screening_entry", entries)
        let decisions = try await source.screeningDecisions(partyKey: nil)
        for (index, decision) in decisions.enumerated() {
            try await target.recordDecision(decision)
            if (index + 1) % 500 == 0 { progress.rows("screening_decision", index + 1) }
        }
        progress.done("screening_decision", decisions.count)

        progress.step("copying the transfers and the workflow")
        let workflow = try await WorkflowCopy.run(from: source, to: target)
        progress.done("arms_transfer", workflow.transfers)
        progress.done("wf_application", workflow.applications)
        progress.done("wf_audit", workflow.auditEntries)
        progress.done("licensing_figure", try await LicensingCopy.run(from: source, to: target))
        let curation = try await CurationCopy.run(from: source, to: target, progress: { progress.rows($0, $1) })
        progress.done("candidate_incident", curation.candidates)
        progress.done("record_version", curation.versions)

        progress.step("checking the copy")
        let expected = try await source.copyCensus()
        try await target.finishCopy(expected: expected)
        progress.note("checked: \(expected.totalRows) rows in \(expected.rows.count) tables and the audit log head, as in the source")
        return Counts(records: records, screeningEntries: entries, decisions: decisions.count, workflow: workflow,
                      curation: curation, census: expected)
    }
}

/// Progress of a copy on standard error, when it is a terminal (as on imports): the rows copied so far of the
/// table at hand, rewritten in place, then one line per table copied.
final class CopyProgress: Sendable {
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    static var interactive: CopyProgress { CopyProgress(enabled: isatty(STDERR_FILENO) != 0) }

    func step(_ text: String) { write("\r\u{1B}[K  \(text)…") }

    func rows(_ table: String, _ count: Int) { write("\r\u{1B}[K  \(table): \(count) rows…") }

    func note(_ text: String) { write("\r\u{1B}[K  \(text)\n") }

    func done(_ table: String, _ count: Int, detail: String = "") {
        write("\r\u{1B}[K" + CopyProgress.line(table, count, detail: detail) + "\n")
    }

    /// One finished table: "  claim: 45000 rows", with what it holds in brackets when given.
    static func line(_ table: String, _ count: Int, detail: String = "") -> String {
        "  \(table): \(count) rows" + (detail.isEmpty ? "" : " (\(detail))")
    }

    private func write(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
