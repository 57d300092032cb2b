import ArgumentParser
import Foundation
import OversightCLI
import OversightCore
import OversightDemo
import OversightStore
import OversightWorkflow

/// `oversight-measure seed-workflow`: fills a database with users and N applications spread over every lifecycle
/// state, for the web benchmark (Benchmarks/README.md). Each destination's application is assessed once by the
/// engine on the demo evidence; the other applications to it reuse that report, which is what a busy register
/// looks like to the pages (the engine's own speed is measured by `oversight-measure assess`).
struct BenchSeedWorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-workflow",
        abstract: "Fill a database with users and N applications in every lifecycle state (for the web benchmark).",
        discussion: """
            Users: admin1, auditor1, senior1, senior2, officer1…officer5, applicant1…applicant20, all with --password.
            Loads the Peru demo evidence first. Writes go through the workflow store, audit entries included.
            """)
    @OptionGroup var database: DatabaseOptions
    @Option(help: "How many applications to create.") var applications = 10_000
    @Option(help: "Password of every seeded user (at least 12 characters).") var password = "bench-password-1"
    @Option(help: "bcrypt cost of the seeded users' password hashes.") var bcryptCost: UInt8 = 10
    @Option(help: "Applications written per transaction.") var batch = 500

    func validate() throws {
        guard applications >= 0 else { throw ValidationError("--applications must be 0 or more") }
        guard (4...31).contains(bcryptCost) else { throw ValidationError("--bcrypt-cost must be 4 to 31") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
    }

    func run() async throws {
        let started = Date()
        let store = try database.openStore()
        try await DemoCase.load(into: store)
        let service = WorkflowService(store: store, configuration: WorkflowConfiguration(bcryptCost: bcryptCost))
        func user(_ name: String, _ role: Role) async throws -> UserAccount {
            if let existing = try await store.user(named: name) { return existing }
            return try await service.createUser(name: name, role: role, password: password, by: nil).user
        }
        let applicants = try await (1...20).asyncMap { try await user("applicant\($0)", .applicant) }
        let officers = try await (1...5).asyncMap { try await user("officer\($0)", .officer) }
        let seniors = [try await user("senior1", .seniorReviewer), try await user("senior2", .seniorReviewer)]
        _ = try await user("auditor1", .auditor)
        _ = try await user("admin1", .administrator)

        // One engine run per destination, on the evidence known on the decision date.
        let index = EvidenceIndex(snapshot: try await store.snapshot(asOf: nil))
        let engine = AssessmentEngine()
        // Peru twice: assessed in February 2023 (deny) and on 1 December 2022 (before the Juliaca killings, so
        // monitoring raises alerts on those once new evidence arrives).
        let destinations: [(code: String, day: Day)] = [("PE", Day("2023-02-06")!), ("PE", Day("2022-12-01")!)]
            + ["NO", "SE", "DE", "JP", "AU", "CL", "MX", "BR"].map { ($0, Day("2023-02-06")!) }
        let templates = destinations.map { destination in
            engine.assess(Self.application(id: "template", destination: destination.code, decisionDate: destination.day),
                          index: index, asOf: destination.day)
        }

        let states = ApplicationState.allCases
        var random = BenchRandom(seed: 42)
        let base = Date().addingTimeInterval(-Double(applications) * 600)
        var written = 0
        var n = 0
        while n < applications {
            var changes: [WorkflowChange] = []
            var audit: [AuditDraft] = []
            for _ in 0..<min(batch, applications - n) {
                n += 1
                let at = base.addingTimeInterval(Double(n) * 600)
                let id = String(format: "app-bench-%06d", n)
                let pick = random.next(destinations.count)
                let (destination, decisionDay) = destinations[pick]
                let applicant = applicants[random.next(applicants.count)]
                let officer = officers[random.next(officers.count)]
                let senior = seniors[random.next(seniors.count)]
                let state = states[n % states.count]
                let application = Self.application(id: id, destination: destination, decisionDate: decisionDay)
                var report = templates[pick]
                report.applicationID = id
                var record = ApplicationRecord(id: id, state: state, applicantID: applicant.id, applicantName: applicant.name,
                                               application: application, createdAt: at, updatedAt: at)
                var mine: [WorkflowChange] = []
                let subject = "application:\(id)"
                audit.append(AuditDraft(at: at, actor: applicant.name, action: "application.create", subject: subject))
                if state > .draft {
                    record.submittedAt = at
                    record.verdicts = report.verdicts
                    mine.append(.insertScreening(ScreeningRecord(id: "screening-\(id)", applicationID: id, at: at, hits: [], entriesScreened: 0)))
                    mine.append(.insertAssessment(AssessmentRecord(id: "assessment-\(id)", applicationID: id, at: at, trigger: .submission,
                                                                      knowledgeDate: decisionDay, report: report)))
                    audit.append(AuditDraft(at: at, actor: applicant.name, action: "application.submit", subject: subject))
                }
                if state >= .recommended {
                    let outcome: RecommendedOutcome = state == .denied ? .deny : .approve
                    mine.append(.insertRecommendation(Recommendation(
                        id: "recommendation-\(id)", applicationID: id, officerID: officer.id, officerName: officer.name, at: at,
                        outcome: outcome, rationale: "Seeded recommendation", assessmentID: "assessment-\(id)", conditions: [])))
                    audit.append(AuditDraft(at: at, actor: officer.name, action: "application.recommend", subject: subject))
                }
                if state >= .approved {
                    let denied = state == .denied
                    mine.append(.insertDecision(DecisionRecord(
                        id: "decision-\(id)", applicationID: id, deciderID: senior.id, deciderName: senior.name, at: at,
                        outcome: denied ? .denied : .approvedWithConditions, rationale: "Seeded decision",
                        assessmentID: "assessment-\(id)", assessmentDigest: report.inputDigest, verdicts: report.verdicts,
                        conditions: denied ? [] : PermitConditions.conditions(assessment: report, added: []))))
                    audit.append(AuditDraft(at: at, actor: senior.name, action: "application.decide", subject: subject))
                }
                if state >= .issued {
                    let permitState: PermitState = switch state {
                    case .suspended: .suspended
                    case .revoked: .revoked
                    case .expired: .expired
                    default: .active
                    }
                    let permit = Permit(id: "permit-\(id)", applicationID: id, number: String(format: "P-BENCH-%06d", n), issuedAt: at,
                                        issuedBy: officer.name, expiresOn: decisionDay.adding(days: 730), state: permitState,
                                        stateReason: permitState == .active ? nil : "Seeded", limits: PermitLimit.limits(of: application),
                                        conditions: ["End-use certificate"])
                    mine.append(.insertPermit(permit))
                    audit.append(AuditDraft(at: at, actor: officer.name, action: "permit.issue", subject: subject))
                    if permitState == .active {
                        mine.append(.insertShipment(Shipment(id: "shipment-\(id)", permitID: permit.id, line: 0, quantity: 1, value: 10_000,
                                                                shippedOn: decisionDay.adding(days: 30), recordedBy: applicant.name, recordedAt: at)))
                        audit.append(AuditDraft(at: at, actor: applicant.name, action: "permit.shipment", subject: subject))
                    }
                }
                // The application row goes first so the records on it can refer to it.
                changes.append(.insertApplication(record))
                changes += mine
            }
            try await store.commit(changes, audit: audit)
            written = n
            if isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(Data("\r\(written) applications".utf8)) }
        }
        if isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let seconds = Date().timeIntervalSince(started)
        print("seeded \(written) applications across \(states.count) states, \(applicants.count + officers.count + seniors.count + 2) users in \(String(format: "%.1f", seconds)) s")
        print("users: applicant1…applicant20, officer1…officer5, senior1, senior2, auditor1, admin1; password: \(password)")
    }

    static func application(id: String, destination: String, decisionDate: Day) -> ExportApplication {
        let peru = destination == "PE"
        return ExportApplication(
            id: id, regimes: [.eipa, .att, .eu], exporter: "CA", destination: destination, decisionDate: decisionDate,
            consignee: Party(name: peru ? "Policía Nacional del Perú" : "Ministry of Defence of \(destination)", country: destination),
            endUser: EndUser(name: peru ? "Policía Nacional del Perú" : "Armed forces of \(destination)", unit: peru ? "unit:pnp" : nil),
            items: [ApplicationItem(controlEntry: "2-14", description: "Firearms-training simulators", quantity: 4, value: 960_000, currency: "CAD")],
            endUse: "Training", mitigations: ["end-use-certificate"])
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
