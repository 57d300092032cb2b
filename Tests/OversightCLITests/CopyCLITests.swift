import Foundation
import OversightStore
import OversightStoreSQLite
import Testing

/// `oversight copy` fails whole: what it leaves when it cannot finish, and how it starts over (the random kills are
/// in `KillTests`).
struct CopyCLITests {
    let cli = CLITests()

    var source: String { cli.folder.appendingPathComponent("source.sqlite").path }
    var target: String { cli.folder.appendingPathComponent("target.sqlite").path }

    func besideTarget() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: cli.folder.path).filter { $0.hasPrefix("target.sqlite") }.sorted()
    }

    @Test func aCopyIntoSQLiteIsRenamedIntoPlaceWithNothingLeftBeside() throws {
        #expect(try cli.run(["demo", "--db", source]).status == 0)
        let copied = try cli.run(["copy", "--from", source, "--to", target])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.contains("(checked: ") && copied.stdout.contains("tables and the audit log head, as in the source)"), "\(copied.stdout)")
        #expect(try besideTarget() == ["target.sqlite"], "a closed, complete file without journal or log")
        #expect(try cli.run(["stats", "--db", target]).status == 0)
        // Not empty now: refused, and left as it is.
        let again = try cli.run(["copy", "--from", source, "--to", target])
        #expect(again.status != 0 && again.stderr.contains("is not empty"), "\(again.stderr)")
        #expect(try besideTarget().filter { $0.contains("incomplete-copy") }.isEmpty)
    }

    @Test func aStagingFileLeftByAKilledCopyIsRefusedAndTheNextCopyRemovesIt() async throws {
        #expect(try cli.run(["demo", "--db", source]).status == 0)
        // A process that has ended: its pid names the staging file it "left".
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let leftover = target + ".incomplete-copy-\(ended.processIdentifier)"
        // Made and marked under a hidden name, then renamed: as a copy makes it, so it is marked from the start.
        let creating = URL(fileURLWithPath: target).deletingLastPathComponent()
            .appendingPathComponent("." + URL(fileURLWithPath: leftover).lastPathComponent + ".creating").path
        let staging = try SQLiteStore.stagingFile(path: leftover, marker: IncompleteCopyMarker(source: source, startedAt: "2025-01-01T00:00:00Z"),
                                                  creatingAt: creating)
        #expect(!FileManager.default.fileExists(atPath: creating), "the hidden name is gone once the file is marked and renamed")
        try staging.closeFile()
        // A hidden file a copy killed while making its staging file left behind is removed by the next copy too.
        #expect(FileManager.default.createFile(atPath: creating, contents: Data()))

        let refused = try cli.run(["stats", "--db", leftover])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("\(leftover) is an incomplete copy: `oversight copy` from \(source), started 2025-01-01T00:00:00Z, did not finish"), "\(refused.stderr)")
        #expect(refused.stderr.contains("Delete it and copy again"), "\(refused.stderr)")

        let copied = try cli.run(["copy", "--from", source, "--to", target])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stderr.contains("removing \(leftover), left by an interrupted copy"), "\(copied.stderr)")
        #expect(copied.stderr.contains("removing \(creating), left by an interrupted copy"), "\(copied.stderr)")
        #expect(!FileManager.default.fileExists(atPath: creating))
        #expect(try besideTarget() == ["target.sqlite"])
    }

    @Test func aMarkedTargetIsRefusedByEveryCommandAndCopyStartsOverIntoIt() async throws {
        #expect(try cli.run(["demo", "--db", source]).status == 0)
        let marked = try SQLiteStore(path: target)
        try await marked.beginCopy(IncompleteCopyMarker(source: "elsewhere.sqlite", startedAt: "2025-01-01T00:00:00Z"))
        try marked.closeFile()
        for command in [["stats"], ["migrate"], ["export", "bundle"], ["audit", "verify"], ["search", "juliaca"]] {
            let result = try cli.run(command + ["--db", target])
            #expect(result.status != 0 && result.stderr.contains("is an incomplete copy"), "\(command): \(result.stderr)")
        }
        let refusedAsSource = try cli.run(["copy", "--from", target, "--to", cli.folder.appendingPathComponent("other.sqlite").path])
        #expect(refusedAsSource.status != 0 && refusedAsSource.stderr.contains("is an incomplete copy"))
        let copied = try cli.run(["copy", "--from", source, "--to", target])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stderr.contains("holds an incomplete copy (from elsewhere.sqlite, started 2025-01-01T00:00:00Z); it will be replaced"), "\(copied.stderr)")
        #expect(try cli.run(["stats", "--db", target]).status == 0)
    }

    /// A source whose audit log does not match its hashes: the copy stops after the evidence is written.
    func brokenSource() async throws {
        let seed = try cli.run(["seed-workflow", "--db", source, "--applications", "5", "--bcrypt-cost", "4"], executable: CLITests.benchBinary)
        #expect(seed.status == 0, "\(seed.stderr)")
        let store = try SQLiteStore(path: source)
        try await store.executeForTesting("UPDATE wf_audit SET actor = 'someone else' WHERE seq = 2")
    }

    @Test func aCopyIntoSQLiteThatFailsLeavesNoTarget() async throws {
        try await brokenSource()
        let failed = try cli.run(["copy", "--from", source, "--to", target])
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("the copy did not finish: audit entry 2 of \(source) does not match its hash"), "\(failed.stderr)")
        #expect(failed.stderr.contains("Nothing was written to \(target)"), "\(failed.stderr)")
        #expect(try besideTarget().isEmpty)
    }

    @Test(.enabled(if: PostgresCLITests.testURL != nil, "OVERSIGHT_TEST_DATABASE_URL is not set: the PostgreSQL command-line tests are skipped"))
    func aCopyIntoPostgresThatFailsLeavesItMarkedAndTheNextCopyStartsOver() async throws {
        let url = try #require(PostgresCLITests.freshURL())
        try await brokenSource()
        let failed = try cli.run(["copy", "--from", source, "--to", url])
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("is marked as an incomplete copy, which every command refuses; run the same `oversight copy` again (it starts over)"), "\(failed.stderr)")
        let refused = try cli.run(["stats", "--database-url", url])
        #expect(refused.status != 0 && refused.stderr.contains("is an incomplete copy"), "\(refused.stderr)")
        #expect(refused.stderr.contains("Delete it (DROP SCHEMA t_"), "\(refused.stderr)")

        let good = cli.folder.appendingPathComponent("good.sqlite").path
        #expect(try cli.run(["demo", "--db", good]).status == 0)
        let copied = try cli.run(["copy", "--from", good, "--to", url])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stderr.contains("holds an incomplete copy (from \(source)"), "\(copied.stderr)")
        #expect(copied.stderr.contains("starting over"), "\(copied.stderr)")
        let a = try cli.run(["export", "bundle", "--db", good])
        let b = try cli.run(["export", "bundle", "--database-url", url])
        #expect(a.status == 0 && a.stdout == b.stdout, "the evidence written by the failed copy is gone")
        #expect(try cli.run(["audit", "export", "--database-url", url]).stdout.isEmpty)
    }
}
