import Foundation
import OversightCore
import OversightStore
import OversightStoreSQLite
import OversightStorePostgres
import Testing

/// Starts the real binary, kills it (`SIGKILL`) at chosen moments, and reads what the killed run left: the harness
/// behind the all-or-nothing tests of `copy`, `import bundle` and `import acled` (`KillTests`).
struct KillHarness {
    let cli: CLITests

    // MARK: - Data

    /// A database small but not trivial: the demo evidence with `applications` permit applications and their audit
    /// log (`bench seed-workflow`), `claims` more claims (with sources and units) and `events` ACLED candidates.
    func makeSource(name: String, applications: Int, claims: Int, events: Int) throws -> String {
        let path = cli.folder.appendingPathComponent(name).path
        let seed = try cli.run(["seed-workflow", "--db", path, "--applications", String(applications), "--bcrypt-cost", "4"], executable: CLITests.benchBinary)
        #expect(seed.status == 0, "\(seed.stderr)")
        let bundle = try writeBundle(name: "\(name).jsonl", claims: claims)
        let imported = try cli.run(["import", "bundle", bundle, "--db", path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let acled = try writeACLED(name: "\(name).csv", events: events)
        let candidates = try cli.run(["import", "acled", acled, "--db", path])
        #expect(candidates.status == 0, "\(candidates.stderr)")
        return path
    }

    /// A bundle of `claims` claims about `claims / 20` units citing as many sources, with ids distinct from the
    /// demo's (prefix `tag`).
    func writeBundle(name: String, claims: Int, tag: String = "syn") throws -> String {
        let subjects = max(1, claims / 20)
        var lines = [#"{"format":"oversight-bundle","type":"bundle","version":1}"#]
        for i in 0..<subjects {
            lines.append(#"{"id":"src:\#(tag)-\#(i)","published":"2023-01-09","publisher":"Synthetic","title":"Synthetic source \#(i)","type":"source"}"#)
        }
        for i in 0..<subjects {
            lines.append(#"{"aliases":[],"classification":[],"id":"unit:\#(tag)-\#(i)","name":"Synthetic unit \#(tag) \#(i)","type":"unit"}"#)
        }
        for i in 0..<claims {
            lines.append(#"{"citations":[{"source":"src:\#(tag)-\#(i % subjects)"}],"confidence":"medium","id":"claim:\#(tag)-\#(i)","status":"accepted","subject":"unit:\#(tag)-\#(i % subjects)","type":"claim"}"#)
        }
        let url = cli.folder.appendingPathComponent(name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// An ACLED export of `events` events made from the first event of the fixture `current.csv`, with their own
    /// ids (`prefix` and a number) and dates through 2023.
    func writeACLED(name: String, events: Int, prefix: String = "SYN") throws -> String {
        let fixture = try String(contentsOfFile: ACLEDFixtures.path("current.csv"), encoding: .utf8)
        let lines = fixture.split(separator: "\n", omittingEmptySubsequences: true)
        // The template's first three fields (event_id_cnty, event_date, year) hold no commas or quotes.
        let fields = lines[1].split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)
        var out = [String(lines[0])]
        for i in 0..<events {
            let date = String(format: "2023-%02d-%02d", 1 + i % 12, 1 + i % 28)
            out.append("\(prefix)\(i),\(date),2023,\(fields[3])")
        }
        let url = cli.folder.appendingPathComponent(name)
        try (out.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    // MARK: - Killing

    enum Ending: Equatable {
        /// Ended by itself, with its status, after so many seconds.
        case finished(Int32, seconds: Double)
        case killed
    }

    /// Runs the binary and kills it `seconds` after it started, unless it ended before (bounded polling).
    func run(_ arguments: [String], killAfter seconds: Double) throws -> Ending {
        let started = Date()
        let process = try start(arguments)
        let deadline = started.addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { return .killed }
        }
        process.waitUntilExit()
        return .finished(process.terminationStatus, seconds: Date().timeIntervalSince(started))
    }

    /// How long a run that is not killed takes, in seconds (and that it succeeded).
    func timed(_ arguments: [String]) throws -> Double {
        let started = Date()
        let process = try start(arguments)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(arguments.joined(separator: " ")) failed")
        return Date().timeIntervalSince(started)
    }

    private func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        process.currentDirectoryURL = cli.folder
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "OVERSIGHT_DB")
        environment.removeValue(forKey: "OVERSIGHT_DATABASE_URL")
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// When to kill run `slice` of `count` of a run that takes `duration` seconds: at a random place in that slice
    /// of it (the last slice reaches a little past the end, so a kill may find the run finished).
    static func killPoint(_ slice: Int, of count: Int, duration: Double, random: inout KillRandom) -> Double {
        duration * 1.1 * (Double(slice) + random.unit()) / Double(count)
    }

    /// The run time to aim kills at: the shortest seen, since the first run may have been slowed by other work on
    /// the machine (then every kill would come too late).
    static func shorter(_ duration: Double, _ ending: Ending) -> Double {
        if case .finished(0, let seconds) = ending { return min(duration, seconds) }
        return duration
    }

    // MARK: - What a database holds

    /// Everything a copy carries, read independently of the copy's own check: the evidence as a bundle and the
    /// audit log as exported by the binary, every candidate incident, and the row counts.
    /// (Digests, so that a failure prints lines and not megabytes.)
    struct Contents: Equatable, CustomStringConvertible {
        var bundle: String
        var audit: String
        var candidates: String
        var census: CopyCensus

        var description: String {
            "bundle \(bundle), audit \(audit), candidates \(candidates), rows \(census.rows.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))"
        }
    }

    /// Length and FNV-1a hash.
    static func digest(_ data: Data) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return "\(data.count) bytes #\(String(hash, radix: 16))"
    }

    enum State {
        /// No file (SQLite) or an empty database (PostgreSQL: the schema exists, with no rows).
        case absent
        /// Refused by every command as an incomplete copy; the message.
        case incomplete(String)
        case usable(Contents)
    }

    func databaseArguments(_ location: String) -> [String] {
        PostgresSettings.isURL(location) ? ["--database-url", location] : ["--db", location]
    }

    func state(of location: String) async throws -> State {
        if !PostgresSettings.isURL(location) && !FileManager.default.fileExists(atPath: location) { return .absent }
        let stats = try cli.run(["stats", "--format", "json"] + databaseArguments(location))
        if stats.status != 0 {
            #expect(stats.stderr.contains("is an incomplete copy") && stats.stderr.contains("Delete it") && stats.stderr.contains("and copy again"),
                    "a database that is refused says why and how to fix it: \(stats.stderr)")
            return .incomplete(stats.stderr)
        }
        let contents = try await self.contents(of: location)
        if PostgresSettings.isURL(location) && contents.census.totalRows == 0 { return .absent }
        return .usable(contents)
    }

    func contents(of location: String) async throws -> Contents {
        let bundle = try cli.run(["export", "bundle"] + databaseArguments(location))
        let audit = try cli.run(["audit", "export"] + databaseArguments(location))
        #expect(bundle.status == 0 && audit.status == 0, "\(bundle.stderr)\(audit.stderr)")
        let (candidates, census) = try await KillHarness.withStore(location) { store in
            (try await store.candidates(status: nil, country: nil, limit: Int.max, offset: 0), try await store.copyCensus())
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Contents(bundle: KillHarness.digest(Data(bundle.stdout.utf8)), audit: KillHarness.digest(Data(audit.stdout.utf8)),
                        candidates: KillHarness.digest(try encoder.encode(candidates)), census: census)
    }

    /// Opens a store in this process for `body`, closed afterwards.
    static func withStore<T: Sendable>(_ location: String, _ body: (any DatabaseStore) async throws -> T) async throws -> T {
        guard PostgresSettings.isURL(location) else { return try await body(try SQLiteStore(path: location)) }
        let store = PostgresStore(settings: try PostgresSettings(url: location))
        do {
            let value = try await body(store)
            await store.close()
            return value
        } catch {
            await store.close()
            throw error
        }
    }
}

/// A small seeded generator (SplitMix64), so that a failing run can be repeated with `OVERSIGHT_KILL_SEED`.
struct KillRandom {
    private(set) var state: UInt64
    let seed: UInt64

    init() {
        let given = ProcessInfo.processInfo.environment["OVERSIGHT_KILL_SEED"].flatMap { UInt64($0) }
        seed = given ?? UInt64(Date().timeIntervalSince1970 * 1_000) & 0xFFFF_FFFF
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// In [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
