import ArgumentParser
import Foundation
import OversightCLI
import OversightCore

/// `oversight-measure …`: performance measurements on synthetic data (see Benchmarks/README.md). A separate
/// executable, so the shipping `oversight` command carries no benchmark commands. Run them on a release build;
/// they are not tests.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "oversight-measure", abstract: "Benchmarks on synthetic data (release builds only; see Benchmarks/README.md).",
        subcommands: [BenchAssessCommand.self, BenchChainCommand.self, BenchReportCommand.self, BenchSeedWorkflowCommand.self,
                      BenchWorkflowReadsCommand.self, BenchSearchCommand.self, ScreenBenchCommand.self])

    public init() {}

    /// Entry point for the executable; stores opened by a command are closed before the process exits.
    public static func start() async {
        await OversightCommand.run(root: self)
    }
}

struct BenchAssessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assessment latency on N synthetic incidents across C countries, and re-assessment of A applications after one new incident.")
    @Option var incidents = 1_000_000
    @Option var countries = 100
    @Option var applications = 10_000
    @Option(help: "Assessments timed for the latency figures.") var samples = 200
    @Option(help: ArgumentHelp("Also write the first 20 sampled assessments as JSON lines to this file (to compare outputs across versions).", valueName: "path"))
    var dump: String?

    func run() async throws {
        let codes = Array(ReferenceData.shared.countries.map(\.alpha2).filter { $0 != "XK" }.sorted().prefix(countries))
        var random = BenchRandom(seed: 7)
        let decision = Day("2024-06-01")!
        let source = Source(id: "src:bench", title: "Synthetic", publisher: "Bench", published: PartialDate("2000-01-01")!)
        var records: [Record] = [.source(source)]
        let span = DateRange(start: PartialDate("2000"), startIsReal: false, end: PartialDate("2030"), endIsReal: false)
        let stationsPerCountry = 50
        for code in codes {
            records.append(.unit(Unit(id: "unit:\(code)-police", name: "Police of \(code)", country: code, force: "police")))
            records.append(.unit(Unit(id: "unit:\(code)-army", name: "Army of \(code)", country: code, force: "army")))
            for s in 0..<stationsPerCountry {
                let station = "unit:\(code)-station-\(s)"
                records.append(.unit(Unit(id: station, name: "Station \(s) of \(code)", country: code, force: "police")))
                records.append(.relation(UnitRelation(id: "relation:\(code)-\(s)", unit: station, related: "unit:\(code)-police", kind: .childOf, range: span)))
                records.append(.claim(Claim(id: "claim:relation:\(code)-\(s)", subject: "relation:\(code)-\(s)", citations: [Citation(source: source.id)])))
            }
        }
        let violations = ["unlawful-killing", "excessive-force", "torture", "arbitrary-detention"]
        for n in 0..<incidents {
            let code = codes[random.next(codes.count)]
            let day = decision.adding(days: -random.next(20 * 365))
            let unit = random.next(10) == 0 ? "unit:\(code)-army" : "unit:\(code)-station-\(random.next(stationsPerCountry))"
            records.append(.incident(Incident(id: "incident:\(n)", title: "Incident \(n)", country: code, range: .on(day),
                                              violations: [violations[random.next(violations.count)]], killed: random.next(5),
                                              injured: random.next(20), perpetratorUnits: [unit])))
            records.append(.claim(Claim(id: "claim:incident:\(n)", subject: "incident:\(n)", confidence: .medium,
                                        citations: [Citation(source: source.id)])))
        }
        let clock = ContinuousClock()
        var started = clock.now
        let index = EvidenceIndex(snapshot: EvidenceSnapshot(records: records))
        print("index of \(incidents) incidents in \(codes.count) countries built in \(format(clock.now - started))")

        let engine = AssessmentEngine()
        func application(_ n: Int, _ code: String) -> ExportApplication {
            ExportApplication(id: "app:\(n)", regimes: [.eipa, .att, .eu], exporter: "CA", destination: code, decisionDate: decision,
                              consignee: Party(name: "Police", country: code), endUser: EndUser(name: "Police", unit: "unit:\(code)-police"),
                              items: [ApplicationItem(controlEntry: "2-14", description: "simulators", quantity: 1, value: 1000, currency: "CAD")],
                              endUse: "training", mitigations: ["end-use-certificate"])
        }
        var durations: [Duration] = []
        var dumped = Data()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for n in 0..<samples {
            let app = application(n, codes[n % codes.count])
            started = clock.now
            let assessment = engine.assess(app, index: index)
            durations.append(clock.now - started)
            if dump != nil, n < 20 {
                dumped.append(try encoder.encode(assessment))
                dumped.append(10)
            }
        }
        if let dump { try dumped.write(to: URL(fileURLWithPath: dump)) }
        durations.sort()
        print("one assessment (\(engine.methodology.version), \(samples) samples, ~\(incidents / codes.count) incidents per country, 5-year look-back): median \(format(durations[durations.count / 2])), p90 \(format(durations[durations.count * 9 / 10])), max \(format(durations.last!))")
        // The same samples under method v1, to compare with the figures measured before v2.
        var v1Durations: [Duration] = []
        let v1 = AssessmentEngine(methodology: .v1)
        for n in 0..<samples {
            let app = application(n, codes[n % codes.count])
            started = clock.now
            _ = v1.assess(app, index: index)
            v1Durations.append(clock.now - started)
        }
        v1Durations.sort()
        print("one assessment (\(v1.methodology.version), same samples): median \(format(v1Durations[v1Durations.count / 2])), p90 \(format(v1Durations[v1Durations.count * 9 / 10]))")

        // Re-assessment: applications spread over the countries; one new incident in one country.
        let cases = (0..<applications).map { n in
            MonitoredCase(id: "case:\(n)", application: application(n, codes[n % codes.count]), knowledgeDate: decision)
        }
        let target = codes[0]
        let newIncident = Incident(id: "incident:new", title: "New incident", country: target, range: .on(decision.adding(days: -3)),
                                   violations: ["unlawful-killing"], killed: 12, perpetratorUnits: ["unit:\(target)-station-0"])
        let newClaim = Claim(id: "claim:incident:new", subject: newIncident.id, confidence: .high, citations: [Citation(source: source.id)])
        let updated = EvidenceIndex(snapshot: EvidenceSnapshot(records: records + [.incident(newIncident), .claim(newClaim)]))
        started = clock.now
        let results = Reassessment.reassess(after: newClaim, cases: cases, index: updated, engine: engine)
        print("re-assessment after one new incident: \(results.count) of \(applications) applications touched and re-assessed in \(format(clock.now - started))")

        // Re-assessment after one new finding (v2): a UN finding about the forces of one state, made abroad — only
        // the applications to that state are touched, not those to the country where it happened.
        let abroad = codes[1]
        let finding = Finding(id: "finding:new", body: "UN", title: "New finding", country: abroad,
                              range: DateRange(start: PartialDate(decision.adding(days: -200)), startIsReal: false,
                                               end: PartialDate(decision.adding(days: -10)), endIsReal: false),
                              categories: ["unlawful-killing"], determination: false, bodyKind: .ohchr, strength: .pattern,
                              states: [target], killed: 120)
        let findingClaim = Claim(id: "claim:finding:new", subject: finding.id, confidence: .high, citations: [Citation(source: source.id)])
        let withFinding = EvidenceIndex(snapshot: EvidenceSnapshot(records: records + [.finding(finding), .claim(findingClaim)]))
        started = clock.now
        let findingResults = Reassessment.reassess(after: findingClaim, cases: cases, index: withFinding, engine: engine)
        let touched = Set(findingResults.map { $0.assessment.applicationID })
        let others = cases.filter { $0.application.destination == abroad }.count
        print("re-assessment after one new finding about \(target)'s forces in \(abroad): \(findingResults.count) of \(applications) applications touched (\(others) to \(abroad) untouched\(touched.isEmpty ? "" : "")) and re-assessed in \(format(clock.now - started))")
        print("peak resident memory: \(peakMemoryMiB()) MiB")
    }

    func format(_ d: Duration) -> String {
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return seconds < 1 ? String(format: "%.3f ms", seconds * 1000) : String(format: "%.2f s", seconds)
    }

    func peakMemoryMiB() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return "unknown" }
        let kb = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        return String(kb / 1024)
    }
}

struct BenchRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
