import Foundation
import Testing

/// `oversight user …`, `oversight audit …` and monitoring after `import bundle`, running the real binary.
struct WorkflowCLITests {
    let runner = CLITests()
    var db: String { runner.db }

    @discardableResult
    func run(_ arguments: [String], input: String? = nil, executable: URL = CLITests.binary) throws -> CLITests.Result {
        try runner.run(arguments, input: input, executable: executable)
    }

    @Test func userAddReadsThePasswordFromStdinOrGeneratesOne() throws {
        let piped = try run(["user", "add", "olivia", "--role", "officer", "--db", db], input: "a long passphrase\n")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains("created user olivia (officer)"))
        #expect(!piped.stdout.contains("password"), "a piped password is not echoed")
        let generated = try run(["user", "add", "ada", "--role", "auditor", "--db", db], input: "")
        #expect(generated.status == 0, "\(generated.stderr)")
        let line = try #require(generated.stdout.split(separator: "\n").first { $0.hasPrefix("password (shown once") })
        #expect(line.split(separator: " ").last?.count == 20)
        let list = try run(["user", "list", "--db", db, "--format", "json"])
        #expect(list.stdout.contains("\"name\" : \"olivia\"") && list.stdout.contains("\"role\" : \"auditor\""), "\(list.stdout)")

        let taken = try run(["user", "add", "olivia", "--role", "officer", "--db", db], input: "another passphrase\n")
        #expect(taken.status != 0)
        #expect(taken.stderr.contains("already exists"))
        let short = try run(["user", "add", "sam", "--role", "senior-reviewer", "--db", db], input: "short\n")
        #expect(short.status != 0)
        #expect(short.stderr.contains("at least 12 characters"))
        let badRole = try run(["user", "add", "sam", "--role", "boss", "--db", db], input: "a long passphrase\n")
        #expect(badRole.status != 0)
        #expect(badRole.stderr.contains("senior-reviewer"), "lists the roles")
        let token = try run(["user", "token", "olivia", "--db", db])
        #expect(token.status == 0)
        #expect(token.stdout.hasPrefix("ovt_"))
    }

    @Test func auditVerifyNamesTheFirstEditedEntry() throws {
        for name in ["olivia", "oscar", "sam"] {
            #expect(try run(["user", "add", name, "--role", "officer", "--db", db], input: "a long passphrase\n").status == 0)
        }
        let intact = try run(["audit", "verify", "--db", db])
        #expect(intact.status == 0, "\(intact.stderr)")
        #expect(intact.stdout.contains("audit log intact: 3 entries"))
        let export = try run(["audit", "export", "--db", db, "--format", "jsonl"])
        #expect(export.stdout.split(separator: "\n").count == 3)
        #expect(export.stdout.contains("\"action\":\"user.create\""))

        // Edit entry 2 directly in the SQLite file.
        try Self.sqlite(db, "UPDATE wf_audit SET actor = 'mallory' WHERE seq = 2")
        let broken = try run(["audit", "verify", "--db", db])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("BROKEN at entry 2"), "\(broken.stdout)")
    }

    @Test func importingABundleRunsMonitoring() throws {
        // The seeder loads the demo and creates applications in every state, some to Peru assessed on 1 Dec 2022.
        let seeded = try run(["seed-workflow", "--db", db, "--applications", "44", "--bcrypt-cost", "4"], executable: CLITests.benchBinary)
        #expect(seeded.status == 0, "\(seeded.stderr)")
        #expect(seeded.stdout.contains("seeded 44 applications"))
        let bundle = runner.folder.appendingPathComponent("new.jsonl")
        try Data(Self.bundle.utf8).write(to: bundle)
        let imported = try run(["import", "bundle", bundle.path, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("monitoring:"), "\(imported.stdout)")
        #expect(imported.stdout.contains("alert"))
        let log = try run(["audit", "export", "--db", db])
        #expect(log.stdout.contains("\"action\":\"alert.raise\""))
        #expect(try run(["audit", "verify", "--db", db]).status == 0)
        // Importing the same claims again raises nothing new.
        let again = try run(["import", "bundle", bundle.path, "--db", db])
        #expect(!again.stdout.contains("monitoring:"), "\(again.stdout)")
    }

    static let bundle = """
        {"format":"oversight-bundle","type":"bundle","version":1}
        {"id":"src:test-cli-2023-02-20","kind":"report","published":"2023-02-20","publisher":"Test","title":"[Test]","type":"source"}
        {"country":"PE","description":"Test.","id":"incident:test-cli-2023-02-15","killed":4,"perpetratorPersons":[],"perpetratorUnits":["unit:pnp"],"place":"Cusco","range":{"end":"2023-02-15","endIsReal":true,"precise":true,"start":"2023-02-15","startIsReal":true},"stateForces":true,"title":"Test incident","type":"incident","victims":[],"violations":["unlawful-killing"]}
        {"citations":[{"excerpt":"Test.","source":"src:test-cli-2023-02-20"}],"confidence":"high","id":"claim:test-cli-incident","status":"accepted","subject":"incident:test-cli-2023-02-15","type":"claim"}
        """

    /// Runs SQL on the file with Python's sqlite3 (the test target does not link GRDB).
    static func sqlite(_ path: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", path, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 sqlite3 edit failed")
    }
}
