import Foundation
import OversightStore
import Testing

/// `copy`, `import bundle` and `import acled` killed (`SIGKILL`) at random moments (one in each fifth of the shortest
/// uninterrupted run seen; `OVERSIGHT_KILL_SEED` repeats a run's moments): a copy leaves a target that is absent, refused
/// as incomplete, or complete and equal to the source, and copying again into it finishes the job; an import leaves
/// the database as it was before or as the import makes it, nothing in between.
@Suite(.serialized)
struct KillTests {
    let cli = CLITests()
    var harness: KillHarness { KillHarness(cli: cli) }
    static let kills = 5
    static let postgres = PostgresCLITests.testURL != nil

    // MARK: - copy

    @Test func aKilledCopyToSQLiteLeavesNoTargetThatCanBeMistakenForOne() async throws {
        let source = try harness.makeSource(name: "source.sqlite", applications: 40, claims: 6_000, events: 6_000)
        try await killCopies(from: source, kind: "SQLite") { n in cli.folder.appendingPathComponent("target-\(n).sqlite").path }
    }

    @Test(.enabled(if: postgres, "OVERSIGHT_TEST_DATABASE_URL is not set: the PostgreSQL kill tests are skipped"))
    func aKilledCopyToPostgresLeavesNoTargetThatCanBeMistakenForOne() async throws {
        let source = try harness.makeSource(name: "source.sqlite", applications: 40, claims: 3_000, events: 3_000)
        try await killCopies(from: source, kind: "PostgreSQL") { _ in try #require(PostgresCLITests.freshURL()) }
    }

    /// Kills copies from `source` into fresh targets, reads what each left, then copies again into it.
    private func killCopies(from source: String, kind: String, target: (Int) throws -> String) async throws {
        let expected = try await harness.contents(of: source)
        #expect(expected.census.rows["claim"]! > 1_000 && expected.census.rows["candidate_incident"]! > 1_000)
        #expect(expected.census.rows["wf_audit"]! > 100)
        var duration = try harness.timed(["copy", "--from", source, "--to", try target(-1)])
        var random = KillRandom()
        var outcomes: [String] = []
        for n in 0..<KillTests.kills {
            let delay = KillHarness.killPoint(n, of: KillTests.kills, duration: duration, random: &random)
            let location = try target(n)
            let context = "seed \(random.seed), kill \(n) after \(String(format: "%.3f", delay)) s of \(String(format: "%.3f", duration)) s"
            let ending = try harness.run(["copy", "--from", source, "--to", location], killAfter: delay)
            duration = KillHarness.shorter(duration, ending)
            let state = try await harness.state(of: location)
            switch state {
            case .absent: outcomes.append("absent")
            case .incomplete:
                outcomes.append("refused as incomplete")
                #expect(location.hasPrefix("postgres"), "a SQLite target is only renamed into place once complete (\(context))")
            case .usable(let contents):
                outcomes.append("complete")
                #expect(contents == expected, "a usable target is the whole source (\(context))")
            }
            if !location.hasPrefix("postgres") {
                // What a killed copy leaves beside a SQLite target is refused too.
                for leftover in stagingFiles(of: location) {
                    let refused = try cli.run(["stats", "--db", leftover])
                    #expect(refused.status != 0 && refused.stderr.contains("incomplete copy"), "\(leftover): \(refused.stderr) (\(context))")
                }
            }
            if case .usable = state {} else {
                #expect(ending == .killed, "only a killed copy leaves no usable target (\(context))")
                let started = Date()
                let again = try cli.run(["copy", "--from", source, "--to", location])
                #expect(again.status == 0, "copying again into what a killed copy left succeeds: \(again.stderr) (\(context))")
                duration = min(duration, Date().timeIntervalSince(started))
                #expect(try await harness.contents(of: location) == expected, "\(context)")
            }
            if !location.hasPrefix("postgres") { #expect(stagingFiles(of: location).isEmpty, "\(context)") }
        }
        print("kill harness, copy to \(kind): \(outcomes.joined(separator: ", ")) (seed \(random.seed), \(String(format: "%.2f", duration)) s for the shortest copy)")
    }

    private func stagingFiles(of target: String) -> [String] {
        let url = URL(fileURLWithPath: target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? []
        return names.filter { $0.hasPrefix(url.lastPathComponent + ".incomplete-copy-") && !$0.hasSuffix("-journal") }
            .map { url.deletingLastPathComponent().appendingPathComponent($0).path }
    }

    // MARK: - imports

    @Test func aKilledBundleImportImportsAllOrNothing() async throws {
        let bundle = try harness.writeBundle(name: "more.jsonl", claims: 30_000, tag: "more")
        let targets = try sqliteTargets()
        try await killImports(["import", "bundle", bundle], name: "import bundle", targets: targets)
    }

    @Test func aKilledACLEDImportImportsAllOrNothing() async throws {
        let export = try harness.writeACLED(name: "more.csv", events: 15_000, prefix: "MORE")
        let targets = try sqliteTargets()
        try await killImports(["import", "acled", export], name: "import acled", targets: targets)
    }

    @Test(.enabled(if: postgres, "OVERSIGHT_TEST_DATABASE_URL is not set: the PostgreSQL kill tests are skipped"))
    func killedImportsIntoPostgresImportAllOrNothing() async throws {
        let bundle = try harness.writeBundle(name: "more.jsonl", claims: 15_000, tag: "more")
        let export = try harness.writeACLED(name: "more.csv", events: 8_000, prefix: "MORE")
        let fresh = { (_: Int) throws -> String in
            let url = try #require(PostgresCLITests.freshURL())
            #expect(try cli.run(["migrate", "--database-url", url]).status == 0)
            return url
        }
        try await killImports(["import", "bundle", bundle], name: "import bundle (PostgreSQL)", targets: fresh)
        try await killImports(["import", "acled", export], name: "import acled (PostgreSQL)", targets: fresh)
    }

    /// Identical SQLite databases to import into (the demo with a workflow and a few candidates), each its own file:
    /// copies of one file that `copy` wrote (complete by itself, no write-ahead log beside it).
    private func sqliteTargets() throws -> (Int) throws -> String {
        let seeded = try harness.makeSource(name: "seeded.sqlite", applications: 10, claims: 100, events: 100)
        let base = cli.folder.appendingPathComponent("base.sqlite").path
        let copied = try cli.run(["copy", "--from", seeded, "--to", base])
        #expect(copied.status == 0, "\(copied.stderr)")
        return { [cli] n in
            let path = cli.folder.appendingPathComponent("import-\(n + 1).sqlite").path
            try FileManager.default.copyItem(atPath: base, toPath: path)
            return path
        }
    }

    /// Runs `command` once to the end on one target, then kills it on fresh ones; each killed target must read as
    /// before the import or as after it.
    private func killImports(_ command: [String], name: String, targets: (Int) throws -> String) async throws {
        let reference = try targets(-1)
        let before = try await harness.contents(of: reference)
        var duration = try harness.timed(command + harness.databaseArguments(reference))
        let after = try await harness.contents(of: reference)
        #expect(before != after, "the import changes the database")
        var random = KillRandom()
        var outcomes: [String] = []
        for n in 0..<KillTests.kills {
            let delay = KillHarness.killPoint(n, of: KillTests.kills, duration: duration, random: &random)
            let location = try targets(n)
            let context = "\(name): seed \(random.seed), kill \(n) after \(String(format: "%.3f", delay)) s of \(String(format: "%.3f", duration)) s"
            duration = KillHarness.shorter(duration, try harness.run(command + harness.databaseArguments(location), killAfter: delay))
            let left = try await harness.contents(of: location)
            #expect(left == before || left == after, "a killed import leaves all or nothing (\(context))")
            outcomes.append(left == before ? "nothing" : left == after ? "all" : "PART")
        }
        print("kill harness, \(name): \(outcomes.joined(separator: ", ")) (seed \(random.seed), \(String(format: "%.2f", duration)) s for the shortest import)")
    }
}
