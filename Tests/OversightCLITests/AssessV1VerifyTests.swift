import Foundation
import Testing
import OversightCore
import OversightFormats
import OversightStore
import OversightStoreSQLite
@testable import OversightCLI

/// Assessments made with method v1 before v2 existed still verify: `assess --verify` recomputes them with the
/// method they name.
struct AssessV1VerifyTests {
    let runner = CLITests()

    @Test func aV1AssessmentVerifiesWithV1() async throws {
        #expect(try runner.run(["demo", "--db", runner.db]).status == 0)
        let application = try ApplicationReader.read(try Data(contentsOf: URL(fileURLWithPath: AssessCLITests.february)))
        let store = try SQLiteStore(path: runner.db)
        let snapshot = try await store.snapshot(asOf: nil)
        let v1 = AssessmentEngine(methodology: .v1).assess(application, snapshot: snapshot)
        #expect(v1.methodologyVersion == "oversight-method-1.0")
        #expect(v1.verdicts["ATT"] == .refer, "v1's levels: the February permit is one level below overriding")
        let saved = runner.folder.appendingPathComponent("v1.json")
        try Data(try AssessmentFile.encode(v1, application: application).utf8).write(to: saved)
        let verified = try runner.run(["assess", "--verify", saved.path, "--db", runner.db])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("recomputes identically"))
        // An unknown method is named in the error.
        let text = try String(contentsOf: saved, encoding: .utf8).replacingOccurrences(of: "oversight-method-1.0", with: "oversight-method-0.1")
        try Data(text.utf8).write(to: saved)
        let unknown = try runner.run(["assess", "--verify", saved.path, "--db", runner.db])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("oversight-method-0.1"))
    }
}
