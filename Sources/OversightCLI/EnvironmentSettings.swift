import Foundation
import Logging

/// Every setting the command line takes from the environment, read here and nowhere else (options on the
/// command line win over them where both exist).
struct EnvironmentSettings: Sendable {
    /// `OVERSIGHT_DATABASE_URL`: the PostgreSQL database (keeps a password off the command line).
    var databaseURL: String?
    /// `OVERSIGHT_DB`: the SQLite file when no PostgreSQL URL is in use.
    var databasePath: String?
    /// `LOG_LEVEL`, as written (see `logLevel`).
    var logLevelText: String?

    init(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        databaseURL = value("OVERSIGHT_DATABASE_URL")
        databasePath = value("OVERSIGHT_DB")
        logLevelText = value("LOG_LEVEL")
    }

    /// The server's log level: `LOG_LEVEL`, else info. A value that is not a level is reported, not ignored.
    var logLevel: (level: Logger.Level, problem: String?) {
        guard let text = logLevelText else { return (.info, nil) }
        if let level = Logger.Level(rawValue: text.lowercased()) { return (level, nil) }
        let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
        return (.info, "LOG_LEVEL '\(text)' is not a log level (\(levels)); logging at info")
    }
}
