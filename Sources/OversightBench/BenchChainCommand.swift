import ArgumentParser
import Foundation
import OversightCLI
import OversightCore

/// `oversight-measure chain`: chain-of-command query latency on a synthetic hierarchy.
struct BenchChainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain", abstract: "chain(unit, date) latency on U units, P postings and Y years of relation changes.")
    @Option var units = 50_000
    @Option var postings = 200_000
    @Option var years = 20
    @Option var queries = 20_000

    func run() async throws {
        var random = BenchRandom(seed: 11)
        let source = Source(id: "src:bench", title: "Synthetic", publisher: "Bench", published: PartialDate("1990-01-01")!)
        var records: [Record] = [.source(source)]
        let start = Day("2000-01-01")!
        let roles: [PostRole] = [.commander, .commander, .chief, .chiefOfStaff, .deputyCommander]
        for u in 0..<units {
            records.append(.unit(Unit(id: "unit:\(u)", name: "Unit \(u)", country: "PE", force: "police")))
            guard u > 0 else { continue }
            // Every few years a unit moves under another parent among the earlier units (a tree at any date).
            var day = start
            var n = 0
            while day < start.adding(days: years * 365) {
                let length = 365 * (2 + random.next(6))
                let parent = random.next(u)
                let id = "relation:\(u)-\(n)"
                records.append(.relation(UnitRelation(
                    id: id, unit: "unit:\(u)", related: "unit:\(parent)", kind: .childOf,
                    range: DateRange(start: PartialDate(day), startIsReal: true, end: PartialDate(day.adding(days: length - 1)), endIsReal: true))))
                records.append(.claim(Claim(id: "claim:\(id)", subject: id, citations: [Citation(source: source.id)])))
                day = day.adding(days: length)
                n += 1
            }
        }
        for p in 0..<postings {
            let from = start.adding(days: random.next(years * 365))
            let id = "posting:\(p)"
            records.append(.posting(Posting(id: id, person: "person:\(p % (postings / 2))", unit: "unit:\(random.next(units))",
                                            role: roles[random.next(roles.count)],
                                            range: DateRange(start: PartialDate(from), startIsReal: true,
                                                             end: PartialDate(from.adding(days: 200 + random.next(900))), endIsReal: random.next(3) > 0))))
            records.append(.claim(Claim(id: "claim:\(id)", subject: id, citations: [Citation(source: source.id)])))
        }
        let clock = ContinuousClock()
        var began = clock.now
        let index = CommandIndex(snapshot: EvidenceSnapshot(records: records))
        print("index of \(units) units, \(index.snapshot.relations.count) relations, \(postings) postings built in \(clock.now - began)")
        var durations: [Duration] = []
        var levels = 0
        for _ in 0..<queries {
            let unit = "unit:\(random.next(units))"
            let day = start.adding(days: random.next(years * 365))
            began = clock.now
            let chain = index.chain(unit: unit, on: day)
            durations.append(clock.now - began)
            levels += chain?.levels.count ?? 0
        }
        durations.sort()
        func µs(_ d: Duration) -> String {
            String(format: "%.1f µs", (Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12))
        }
        print("chain(unit, date), \(queries) random queries, \(String(format: "%.1f", Double(levels) / Double(queries))) levels on average: median \(µs(durations[durations.count / 2])), p90 \(µs(durations[durations.count * 9 / 10])), p99 \(µs(durations[durations.count * 99 / 100]))")
    }
}
