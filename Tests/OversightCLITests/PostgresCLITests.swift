import Foundation
import Testing

/// The real binary with `--database-url` / `OVERSIGHT_DATABASE_URL`.
struct PostgresCLITests {
    let cli = CLITests()

    static let testURL = ProcessInfo.processInfo.environment["OVERSIGHT_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// The test database with a schema of its own, so the test starts empty.
    static func freshURL() -> String? {
        guard let url = testURL else { return nil }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return url + (url.contains("?") ? "&" : "?") + "schema=\(schema)"
    }

    @Test func unreachableServerIsOneClearLineWithoutThePassword() throws {
        let result = try cli.run(["stats", "--database-url", "postgres://alice:pw-secret-9@127.0.0.1:9/oversight"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("127.0.0.1:9"), "\(result.stderr)")
        #expect(result.stderr.contains("pg_isready"), "\(result.stderr)")
        #expect(!result.stderr.contains("pw-secret-9") && !result.stdout.contains("pw-secret-9"))
        #expect(!result.stderr.contains("Fatal error"))
        // The same through the environment variable.
        let viaEnv = try cli.run(["stats"], environment: ["OVERSIGHT_DATABASE_URL": "postgres://alice:pw-secret-9@127.0.0.1:9/oversight"])
        #expect(viaEnv.status != 0)
        #expect(viaEnv.stderr.contains("127.0.0.1:9") && !viaEnv.stderr.contains("pw-secret-9"))
    }

    @Test func dbAndDatabaseURLTogetherIsAnError() throws {
        let result = try cli.run(["stats", "--db", cli.db, "--database-url", "postgres://a@h/db"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("not both"))
    }

    @Test func copyNeedsBothEnds() throws {
        let result = try cli.run(["copy", "--from", cli.db])
        #expect(result.status != 0)
        #expect(result.stderr.contains("OVERSIGHT_DATABASE_URL"))
    }

    @Test(.enabled(if: testURL != nil, "OVERSIGHT_TEST_DATABASE_URL is not set: the PostgreSQL command-line tests are skipped"))
    func copySQLiteToPostgresAndBackGivesAByteIdenticalBundle() throws {
        let url = try #require(PostgresCLITests.freshURL())
        let first = cli.folder.appendingPathComponent("first.sqlite").path
        let back = cli.folder.appendingPathComponent("back.sqlite").path
        #expect(try cli.run(["demo", "--db", first]).status == 0)

        let migrate = try cli.run(["migrate", "--database-url", url])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(migrate.stdout.contains("v1-evidence, v2-screening-lists"))
        if let password = URLComponents(string: url)?.password {
            #expect(!migrate.stdout.contains(password) && !migrate.stderr.contains(password), "no password in the output")
        }

        let there = try cli.run(["copy", "--from", first, "--to", url])
        #expect(there.status == 0, "\(there.stderr)")
        #expect(there.stdout.contains("copied"))
        // Copying into a database that is not empty is refused.
        let again = try cli.run(["copy", "--from", first, "--to", url])
        #expect(again.status != 0)
        #expect(again.stderr.contains("not empty"))
        // Back, with the URL from the environment.
        let backAgain = try cli.run(["copy", "--to", back], environment: ["OVERSIGHT_DATABASE_URL": url])
        #expect(backAgain.status == 0, "\(backAgain.stderr)")

        let a = cli.folder.appendingPathComponent("a.jsonl").path
        let b = cli.folder.appendingPathComponent("b.jsonl").path
        let c = cli.folder.appendingPathComponent("c.jsonl").path
        #expect(try cli.run(["export", "bundle", "--db", first, "-o", a]).status == 0)
        #expect(try cli.run(["export", "bundle", "--database-url", url, "-o", b]).status == 0)
        #expect(try cli.run(["export", "bundle", "--db", back, "-o", c]).status == 0)
        let original = try Data(contentsOf: URL(fileURLWithPath: a))
        #expect(original.count > 10_000)
        #expect(try Data(contentsOf: URL(fileURLWithPath: b)) == original)
        #expect(try Data(contentsOf: URL(fileURLWithPath: c)) == original)

        // Queries answer the same on both.
        let sqliteShow = try cli.run(["show", "unit:pnp", "--db", first, "--format", "json"])
        let postgresShow = try cli.run(["show", "unit:pnp", "--database-url", url, "--format", "json"])
        #expect(sqliteShow.status == 0)
        #expect(postgresShow.stdout == sqliteShow.stdout)
    }

    @Test(.enabled(if: testURL != nil, "OVERSIGHT_TEST_DATABASE_URL is not set: the PostgreSQL command-line tests are skipped"))
    func acledCandidatesAndSearchOnPostgresAnswerAsOnSQLite() throws {
        let url = try #require(PostgresCLITests.freshURL())
        let sqlite = cli.folder.appendingPathComponent("curation.sqlite").path
        let acled = URL(fileURLWithPath: ACLEDFixtures.path("current.csv"))
        for target in [["--db", sqlite], ["--database-url", url]] {
            #expect(try cli.run(["demo"] + target).status == 0)
            let first = try cli.run(["import", "acled", acled.path, "--format", "json"] + target)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("\"added\" : 10") || first.stdout.contains("\"added\":10"), "\(first.stdout)")
            let again = try cli.run(["import", "acled", acled.path, "--format", "json"] + target)
            #expect(again.stdout.contains("\"unchanged\" : 10") || again.stdout.contains("\"unchanged\":10"), "\(again.stdout)")
        }
        for query in ["Juliaca", "juliaca", "policía nacional", "\"policia nacional\""] {
            let a = try cli.run(["search", query, "--db", sqlite, "--format", "json"])
            let b = try cli.run(["search", query, "--database-url", url, "--format", "json"])
            #expect(a.status == 0 && b.status == 0, "\(b.stderr)")
            struct Hit: Decodable, Hashable { var id: String }
            let hitsA = try JSONDecoder().decode([Hit].self, from: Data(a.stdout.utf8))
            let hitsB = try JSONDecoder().decode([Hit].self, from: Data(b.stdout.utf8))
            #expect(!hitsA.isEmpty && Set(hitsA) == Set(hitsB), "'\(query)' finds the same records on both")
        }
        // Copying carries the candidates: importing the same export into the copy changes nothing.
        let back = cli.folder.appendingPathComponent("curation-back.sqlite").path
        let copied = try cli.run(["copy", "--from", url, "--to", back])
        #expect(copied.status == 0 && copied.stdout.contains("10 candidate incidents"), "\(copied.stdout)\(copied.stderr)")
        let reimport = try cli.run(["import", "acled", acled.path, "--format", "json", "--db", back])
        #expect(reimport.stdout.contains("\"unchanged\" : 10") || reimport.stdout.contains("\"unchanged\":10"), "\(reimport.stdout)")
    }

    @Test(.enabled(if: testURL != nil, "OVERSIGHT_TEST_DATABASE_URL is not set: the PostgreSQL command-line tests are skipped"))
    func copyCarriesTheWorkflowAndItsAuditLogBothWays() throws {
        let url = try #require(PostgresCLITests.freshURL())
        let first = cli.folder.appendingPathComponent("wf-first.sqlite").path
        let back = cli.folder.appendingPathComponent("wf-back.sqlite").path
        let seed = try cli.run(["seed-workflow", "--db", first, "--applications", "60", "--bcrypt-cost", "4"], executable: CLITests.benchBinary)
        #expect(seed.status == 0, "\(seed.stderr)")
        let there = try cli.run(["copy", "--from", first, "--to", url])
        #expect(there.status == 0, "\(there.stderr)")
        #expect(there.stdout.contains("60 applications"), "\(there.stdout)")
        let verify = try cli.run(["audit", "verify", "--database-url", url])
        #expect(verify.status == 0 && verify.stdout.contains("intact"), "\(verify.stdout)\(verify.stderr)")
        #expect(try cli.run(["copy", "--from", url, "--to", back]).status == 0)
        let a = try cli.run(["audit", "export", "--db", first])
        let b = try cli.run(["audit", "export", "--database-url", url])
        let c = try cli.run(["audit", "export", "--db", back])
        #expect(a.status == 0 && a.stdout.count > 1_000)
        #expect(b.stdout == a.stdout)
        #expect(c.stdout == a.stdout)
    }
}
