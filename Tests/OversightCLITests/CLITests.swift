import Foundation
import Testing

/// Runs the real `oversight` binary against temporary databases.
struct CLITests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        let products = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidate = products.appendingPathComponent("oversight")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("oversight")
    }

    /// `oversight-measure`, built beside `oversight`: the benchmark commands, which the shipping command lacks.
    static var benchBinary: URL { binary.deletingLastPathComponent().appendingPathComponent("oversight-measure") }

    /// Reads a starting `oversight serve`'s log until it says where it listens: the log so far, and the port
    /// (nil when the server ended first).
    static func awaitListening(_ log: Pipe) -> (String, Int?) {
        var text = ""
        while true {
            let chunk = log.fileHandleForReading.availableData
            if chunk.isEmpty { return (text, nil) }
            text += String(decoding: chunk, as: UTF8.self)
            if let range = text.range(of: #"listening on [^\s]*:(\d+)"#, options: .regularExpression) {
                return (text, Int(text[range].split(separator: ":").last ?? ""))
            }
        }
    }

    let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-cli-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    var db: String { folder.appendingPathComponent("test.sqlite").path }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil,
             executable: URL = CLITests.binary) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "OVERSIGHT_DB")
        env.removeValue(forKey: "OVERSIGHT_DATABASE_URL")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    func stats(_ extra: [String] = []) throws -> [String: Int] {
        let result = try run(["stats", "--db", db, "--format", "json"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode([String: Int].self, from: Data(result.stdout.utf8))
    }

    @Test func initCreatesAnEmptyDatabase() throws {
        let result = try run(["init", "--db", db])
        #expect(result.status == 0)
        #expect(result.stdout.contains("migration(s)"))
        #expect(result.stdout.contains("database ready"))
        #expect(FileManager.default.fileExists(atPath: db))
        let counts = try stats()
        for key in ["sources", "claims", "units", "persons", "postings", "incidents"] {
            #expect(counts[key] == 0, "\(key)")
        }
    }

    @Test func demoLoadsTheDocumentedCountsAndIsIdempotent() throws {
        #expect(try run(["demo", "--db", db]).status == 0)
        let first = try stats()
        #expect(first == DemoCounts.expected)
        #expect(try run(["demo", "--db", db]).status == 0)
        #expect(try stats() == first)
    }

    @Test func exportImportExportIsByteIdentical() throws {
        #expect(try run(["demo", "--db", db]).status == 0)
        let bundle = folder.appendingPathComponent("a.jsonl").path
        #expect(try run(["export", "bundle", "--db", db, "--output", bundle]).status == 0)
        let copy = folder.appendingPathComponent("copy.sqlite").path
        let imported = try run(["import", "bundle", bundle, "--db", copy])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported"))
        let again = try run(["export", "bundle", "--db", copy])
        #expect(again.status == 0)
        let original = try String(contentsOfFile: bundle, encoding: .utf8)
        #expect(again.stdout == original)
        #expect(original.hasPrefix(#"{"format":"oversight-bundle","type":"bundle","version":2}"#))
    }

    @Test func malformedBundleFailsWithLineNumberAndImportsNothing() throws {
        let bad = folder.appendingPathComponent("bad.jsonl")
        try """
        {"format":"oversight-bundle","type":"bundle","version":1}
        {"id":"src:a","published":"2023-01-09","publisher":"P","title":"T","type":"source"}
        {"id":"unit:a","type":"unit","name":"A"}
        """.write(to: bad, atomically: true, encoding: .utf8)
        let result = try run(["import", "bundle", bad.path, "--db", db])
        #expect(result.status != 0)
        #expect(result.stderr.contains("line 3"))
        #expect(result.stderr.contains("aliases"))
        #expect(try stats()["sources"] == 0, "the valid source on line 2 was not half-imported")
    }

    @Test func missingFileIsAClearError() throws {
        let result = try run(["import", "bundle", "nope.jsonl", "--db", db])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no such file: nope.jsonl"))
    }

    @Test func showFindsByNameIgnoringAccentsAndPrintsCitations() throws {
        #expect(try run(["demo", "--db", db]).status == 0)
        let result = try run(["show", "victor rojas herrera", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Víctor Rojas Herrera"))
        #expect(result.stdout.contains("cites "))
        let json = try run(["show", "unit:pnp", "--db", db, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["kind"] as? String == "unit")
        let missing = try run(["show", "nobody at all", "--db", db])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nothing has the id or name 'nobody at all'"))
    }

    /// The benchmark commands live in `oversight-measure`; the shipping command has none.
    @Test func benchmarksAreNotPartOfTheShippingCommand() throws {
        #expect(try run(["bench", "assess", "--incidents", "10"]).status != 0)
        #expect(try run(["screen", "bench"]).status != 0)
        #expect(!(try run(["--help"]).stdout.contains("bench")))
        let help = try run(["--help"], executable: CLITests.benchBinary)
        #expect(help.status == 0)
        for command in ["assess", "chain", "report", "seed-workflow", "workflow-reads", "search", "screening"] {
            #expect(help.stdout.contains(command), "oversight-measure lists \(command)")
        }
    }

    /// `show --as-of` reads as the web does: a record not yet known then is refused, with when it became known.
    @Test func showAsOfAppliesTheWebsReadingRules() throws {
        #expect(try run(["demo", "--db", db]).status == 0)
        let before = try run(["show", "incident:juliaca-2023-01-09", "--db", db, "--as-of", "2023-01-08"])
        #expect(before.status != 0)
        #expect(before.stderr.contains("was not known on 2023-01-08: the earliest evidence for it was published on 2023-01-"), "\(before.stderr)")
        #expect(before.stderr.contains("--as-of"))
        let after = try run(["show", "incident:juliaca-2023-01-09", "--db", db, "--as-of", "2023-01-10", "--format", "json"])
        #expect(after.status == 0, "\(after.stderr)")
        let everything = try run(["show", "incident:juliaca-2023-01-09", "--db", db, "--format", "json"])
        #expect(after.stdout.count < everything.stdout.count, "fewer claims and citations were public on 2023-01-10")
        #expect(try run(["show", "unit:pnp", "--db", db, "--as-of", "2022-01-01"]).status == 0, "an identity is always known")
    }

    @Test func databaseFromEnvironmentAndKnowledgeDate() throws {
        #expect(try run(["demo"], environment: ["OVERSIGHT_DB": db]).status == 0)
        #expect(FileManager.default.fileExists(atPath: db))
        let all = try stats()
        let early = try stats(["--as-of", "2022-12-01"])
        #expect(early["claims"]! < all["claims"]!)
        #expect(early["incidents"] == 0, "no incident of the crackdown was reported before it began")
        let bad = try run(["stats", "--db", db, "--as-of", "2023-02-30"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("YYYY-MM-DD"))
    }

    @Test func defaultDatabaseIsInTheWorkingDirectory() throws {
        #expect(try run(["init"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("oversight.sqlite").path))
    }
}
