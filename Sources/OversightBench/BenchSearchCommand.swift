import ArgumentParser
import Foundation
import OversightCLI
import OversightCore
import OversightStore
import OversightStoreSQLite
import OversightStorePostgres

/// `oversight-measure search --db FILE` (or `--database-url URL`): full-text search latency over the records of a database (see
/// Benchmarks/README.md for the 1,000,000-incident set-up).
struct BenchSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search latency: queries built from words of randomly picked records, with and without filters.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Queries timed.") var queries = 1_000
    @Option(help: "Results per query (as the search page shows).") var limit = 50
    @Option(help: "Seed of the query sample.") var seed = 1

    func run() async throws {
        let store = try database.openStore()
        let names: [String]
        switch store {
        case let sqlite as SQLiteStore: names = try await sqlite.searchSample(count: queries, seed: seed)
        case let postgres as PostgresStore: names = try await postgres.searchSample(count: queries, seed: seed)
        default: throw CLIError("bench search cannot sample \(store.location)")
        }
        guard !names.isEmpty else { throw CLIError("the database has nothing indexed; import data first") }
        let violations = ["unlawful-killing", "excessive-force", "torture", "arbitrary-detention"]
        var requests: [(String, SearchRequest)] = []
        for (i, name) in names.enumerated() {
            let words = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter { $0.count > 2 }
            guard let first = words.first else { continue }
            let last = words.last!
            let text: String
            var request: SearchRequest
            switch i % 5 {
            case 0: text = last                                   // one word (a place)
            case 1: text = "\(first) \(last)"                     // two words
            case 2: text = String(last.prefix(4)) + "*"           // a prefix
            case 3: text = "\"\(words.prefix(2).joined(separator: " "))\""   // a phrase
            default: text = NameKey.fold(last)                    // without accents
            }
            request = SearchRequest(query: try SearchQuery(text), limit: limit)
            if i % 3 == 1 { request.kinds = [.incident]; request.violation = violations[i % violations.count] }
            if i % 4 == 2 { request.from = Day("2010-01-01"); request.to = Day("2019-12-31") }
            requests.append((text, request))
        }
        // One untimed pass warms the page cache, as a running server's would be.
        for (_, request) in requests.prefix(50) { _ = try await store.search(request) }
        var timings: [Double] = []
        var found = 0
        let clock = ContinuousClock()
        for (_, request) in requests {
            let started = clock.now
            let hits = try await store.search(request)
            let elapsed = clock.now - started
            timings.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
            found += hits.count
        }
        timings.sort()
        func percentile(_ p: Double) -> Double { timings[min(timings.count - 1, Int(Double(timings.count) * p))] }
        print("\(timings.count) queries (limit \(limit)): median \(String(format: "%.2f", percentile(0.5))) ms, p90 \(String(format: "%.2f", percentile(0.9))) ms, p99 \(String(format: "%.2f", percentile(0.99))) ms, max \(String(format: "%.2f", timings.last ?? 0)) ms; \(found) results in all")
    }
}
