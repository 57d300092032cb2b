import ArgumentParser
import Foundation
import OversightCLI
import OversightCore
import OversightFormats
import OversightStore

// MARK: - Benchmark

struct ScreenBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screening", abstract: "Build a synthetic index and measure build time, queries per second on one core and peak memory.",
        discussion: """
            Benchmark, not for production use. Generates --names synthetic parties (syllable-built given names and \
            surnames with a skewed frequency, one in three with a middle name, one in ten an organisation), builds \
            the candidate index, then screens --queries names one after another on one thread: half are indexed \
            names with one typo, half are fresh names. Prints index build time, queries per second and the peak \
            resident memory (VmHWM). Run on a release build.
            """)

    @Option(help: "How many names to index.") var names = 1_000_000
    @Option(help: "How many queries to run.") var queries = 20_000
    @Option(help: "Seed of the synthetic data.") var seed: UInt64 = 1
    @Option(help: "Also score every name for this many of the queries and count the hits the index lookup missed.") var check = 0
    @Option(help: "table or json.") var format: OutputFormat = .table

    func validate() throws {
        guard names >= 1, queries >= 1 else { throw ValidationError("--names and --queries must be at least 1") }
        guard check >= 0 else { throw ValidationError("--check must not be negative") }
    }

    func run() throws {
        var generator = BenchGenerator(seed: seed)
        let clock = ContinuousClock()
        let generationStart = clock.now
        let corpus = SyntheticParties(names: names, generator: &generator)
        let entries = (0..<names).map { corpus.entry($0, using: &generator) }
        let generation = clock.now - generationStart

        let buildStart = clock.now
        let index = CandidateIndex(entries: entries)
        let build = clock.now - buildStart
        let screener = Screener(index: index)

        let batch: [ScreeningQuery] = (0..<queries).map { i in
            if i % 2 == 0 {
                let name = entries[Int.random(in: 0..<entries.count, using: &generator)].names[0].text
                return ScreeningQuery(name: corpus.typo(name, using: &generator))
            }
            return ScreeningQuery(name: corpus.freshName(using: &generator))
        }
        var withHits = 0, hits = 0
        let queryStart = clock.now
        for query in batch {
            let found = screener.screen(query)
            hits += found.count
            if !found.isEmpty { withHits += 1 }
        }
        let querying = clock.now - queryStart
        // The lookup must find what scoring every name finds.
        var exhaustiveHits = 0, missed = 0
        for query in batch.prefix(check) {
            let found = Set(screener.screen(query).map(\.entryKey))
            let all = screener.screenExhaustively(query)
            exhaustiveHits += all.count
            missed += all.filter { !found.contains($0.entryKey) }.count
        }
        let seconds = { (d: Duration) in Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        let qps = Double(queries) / seconds(querying)
        let peak = Self.peakResidentMegabytes()
        let figures: [(String, JSONText.Value)] = [
            ("names", .int(names)), ("indexedNames", .int(index.nameCount)), ("vocabulary", .int(index.vocabularySize)),
            ("generationSeconds", .string(String(format: "%.2f", seconds(generation)))),
            ("indexBuildSeconds", .string(String(format: "%.2f", seconds(build)))),
            ("queries", .int(queries)), ("querySeconds", .string(String(format: "%.2f", seconds(querying)))),
            ("queriesPerSecond", .int(Int(qps))), ("queriesWithHits", .int(withHits)), ("hits", .int(hits)),
            ("peakResidentMB", .int(peak ?? -1)),
            ("checkedQueries", .int(min(check, queries))), ("exhaustiveHits", .int(exhaustiveHits)), ("missedByLookup", .int(missed)),
        ]
        switch format {
        case .json: print(try JSONText.object(figures))
        case .table:
            print("synthetic names indexed: \(names) (\(index.nameCount) distinct names, vocabulary \(index.vocabularySize) tokens)")
            print("generation: \(String(format: "%.2f", seconds(generation))) s; index build: \(String(format: "%.2f", seconds(build))) s")
            print("queries: \(queries) in \(String(format: "%.2f", seconds(querying))) s on one thread = \(Int(qps)) queries/s; \(withHits) with hits (\(hits) hits)")
            print("peak resident memory (VmHWM): \(peak.map { "\($0) MB" } ?? "unavailable (no /proc/self/status)")")
            if check > 0 {
                print("check against scoring every name, \(min(check, queries)) queries: \(exhaustiveHits) hits, \(missed) missed by the index lookup")
            }
        }
    }

    /// VmHWM from /proc/self/status, in MB (Linux).
    static func peakResidentMegabytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kilobytes / 1024
    }
}

/// SplitMix64: fast and reproducible.
struct BenchGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

/// Names built from syllables, with given names and surnames drawn with a skew (a few very common, a long tail),
/// as in real lists.
struct SyntheticParties {
    static let onsets = ["b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "sh", "kh", "th", "y", "w"]
    static let nuclei = ["a", "e", "i", "o", "u", "ai", "ou", "ia", "ee", "oo"]
    static let codas = ["", "", "", "n", "r", "l", "m", "s", "d"]
    static let industries = ["Trading", "Shipping", "Logistics", "Engineering", "Holdings", "Industries", "Bank", "Energy", "Mining"]
    static let forms = ["LLC", "Ltd", "GmbH", "SA", "JSC", "Inc", ""]

    let given: [String]
    let surnames: [String]

    /// Pools sized for `names` parties: 4,000 given names; a surname for every 2.5 parties (400,000 for a million).
    init(names: Int, generator: inout BenchGenerator) {
        given = (0..<4_000).map { _ in SyntheticParties.word(syllables: Int.random(in: 2...3, using: &generator), using: &generator) }
        surnames = (0..<min(400_000, max(2_000, names * 2 / 5))).map { _ in
            SyntheticParties.word(syllables: Int.random(in: 2...4, using: &generator), using: &generator)
        }
    }

    static func word(syllables: Int, using generator: inout BenchGenerator) -> String {
        var text = ""
        for _ in 0..<syllables {
            text += onsets.randomElement(using: &generator)! + nuclei.randomElement(using: &generator)!
        }
        text += codas.randomElement(using: &generator)!
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// An index skewed towards the start: u² puts a third of the draws in the first tenth.
    static func skewed(_ count: Int, using generator: inout BenchGenerator) -> Int {
        let u = Double.random(in: 0..<1, using: &generator)
        return min(count - 1, Int(u * u * Double(count)))
    }

    func personName(using generator: inout BenchGenerator) -> String {
        var parts = [given[Self.skewed(given.count, using: &generator)]]
        if Int.random(in: 0..<3, using: &generator) == 0 { parts.append(given[Self.skewed(given.count, using: &generator)]) }
        parts.append(surnames[Self.skewed(surnames.count, using: &generator)])
        return parts.joined(separator: " ")
    }

    func entry(_ i: Int, using generator: inout BenchGenerator) -> ListEntry {
        if i % 10 == 9 {
            let name = [surnames[Self.skewed(surnames.count, using: &generator)], Self.industries.randomElement(using: &generator)!,
                        Self.forms.randomElement(using: &generator)!].filter { !$0.isEmpty }.joined(separator: " ")
            return ListEntry(list: "bench", id: String(i), schema: .organization, names: [ListName(name)])
        }
        return ListEntry(list: "bench", id: String(i), schema: .person, names: [ListName(personName(using: &generator))])
    }

    /// A name not drawn from the pools' skew: uniformly random parts, mostly not indexed together.
    func freshName(using generator: inout BenchGenerator) -> String {
        [given.randomElement(using: &generator)!, surnames.randomElement(using: &generator)!].joined(separator: " ")
    }

    /// One letter of one token replaced.
    func typo(_ name: String, using generator: inout BenchGenerator) -> String {
        var words = name.split(separator: " ").map { Array($0) }
        let w = Int.random(in: 0..<words.count, using: &generator)
        guard words[w].count >= 3 else { return name }
        let i = Int.random(in: 1..<words[w].count, using: &generator)
        words[w][i] = Array("abcdefghijklmnopqrstuvwxyz").randomElement(using: &generator)!
        return words.map { String($0) }.joined(separator: " ")
    }
}
