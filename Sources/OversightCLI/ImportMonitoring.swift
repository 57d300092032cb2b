import Foundation
import OversightApp
import OversightCore
import OversightStore
import Synchronization

/// Prints what monitoring raised after an evidence import (ATT Art. 7.7): the cases whose verdicts changed.
/// The re-assessment itself is `EvidenceImports.monitor` (App).
enum ImportMonitoring {
    static func run(store: any DatabaseStore, change: Monitoring.Change) async throws {
        report(try await EvidenceImports.monitor(store, change: change))
    }

    static func report(_ alerts: [MonitoringAlert]) {
        guard !alerts.isEmpty else { return }
        print("monitoring: \(alerts.count) alert\(alerts.count == 1 ? "" : "s") raised for review")
        for alert in alerts.prefix(20) {
            let regimes = alert.regimes.map { "\($0) \(alert.previousVerdicts[$0]?.rawValue ?? "none") → \(alert.newVerdicts[$0]?.rawValue ?? "?")" }
            print("  \(alert.applicationID)\(alert.permitID.map { " (permit \($0))" } ?? ""): \(regimes.joined(separator: ", "))")
        }
        if alerts.count > 20 { print("  … and \(alerts.count - 20) more (see the alerts page)") }
    }
}

/// An import's progress on an interactive stderr: one line, rewritten in place, cleared by `finish()`. Silent
/// (no handler) when stderr is not a terminal.
final class ProgressLine: Sendable {
    private let shown = Mutex(false)

    var handler: ImportProgressHandler? {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        return { [self] progress in self.show(progress) }
    }

    func show(_ progress: ImportProgress) {
        shown.withLock { $0 = true }
        let text: String
        switch progress.phase {
        case .reading: text = "\(progress.count) rows…"
        case .writing: text = "\(progress.count) records…"
        case .monitoring: text = "re-assessing the cases the new claims touch…"
        }
        FileHandle.standardError.write(Data("\r\u{1B}[K  \(text)".utf8))
    }

    func finish() {
        if shown.withLock({ $0 }) { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
