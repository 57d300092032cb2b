import Logging
@testable import OversightCLI
import Testing

/// The environment is read in one place; empty values count as unset and a bad log level is reported.
@Suite struct EnvironmentSettingsTests {
    @Test func readsEachSettingOnceAndTreatsEmptyAsUnset() {
        let set = EnvironmentSettings(["OVERSIGHT_DATABASE_URL": "postgres://u@h/db", "OVERSIGHT_DB": "x.sqlite", "LOG_LEVEL": "WARNING"])
        #expect(set.databaseURL == "postgres://u@h/db")
        #expect(set.databasePath == "x.sqlite")
        #expect(set.logLevel.level == .warning && set.logLevel.problem == nil)
        let empty = EnvironmentSettings(["OVERSIGHT_DATABASE_URL": "", "OVERSIGHT_DB": "", "LOG_LEVEL": ""])
        #expect(empty.databaseURL == nil && empty.databasePath == nil)
        #expect(empty.logLevel.level == .info && empty.logLevel.problem == nil)
    }

    @Test func aLogLevelThatIsNotOneIsReportedWithTheChoices() {
        let bad = EnvironmentSettings(["LOG_LEVEL": "verbose"]).logLevel
        #expect(bad.level == .info)
        #expect(bad.problem?.contains("LOG_LEVEL 'verbose' is not a log level") == true)
        #expect(bad.problem?.contains("warning") == true)
    }
}
