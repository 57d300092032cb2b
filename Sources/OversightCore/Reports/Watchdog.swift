import Foundation

/// One authorisation or recorded export to re-assess: what was authorised, for whom, and when it was decided.
/// Permits of the evidence base, export records and (later) the permit workflow's decisions all become cases.
public struct WatchdogCase: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case permit, export, application
        /// A decision of the permit register (approved or denied).
        case decision
    }

    public var id: String
    public var kind: Kind
    public var exporter: String
    public var destination: String
    /// The knowledge date of the re-assessment: only evidence public by this day counts.
    public var decisionDate: Day
    /// How the decision date was established, when it is not simply the recorded date.
    public var decisionDateNote: String?
    /// Control entries as recorded (`2-14`, `ML14`).
    public var items: [String]
    public var valueMinor: Int64?
    public var currency: String?
    public var endUser: EndUser
    public var description: String?
    /// For a register decision: its outcome (`approved`, `approved-with-conditions`, `denied`).
    public var outcome: String?
    /// For a register decision: the application as the decider had it; re-assessed as it is, with its regimes,
    /// parties and mitigation measures, on the decision day.
    public var submitted: ExportApplication?
    /// Where the case came from: `register` or `evidence` (`RowOrigin`), or `given` for an application handed to
    /// the report.
    public var origin: String

    public init(id: String, kind: Kind, exporter: String, destination: String, decisionDate: Day, decisionDateNote: String? = nil,
                items: [String], valueMinor: Int64? = nil, currency: String? = nil, endUser: EndUser, description: String? = nil,
                outcome: String? = nil, submitted: ExportApplication? = nil, origin: String = RowOrigin.evidence) {
        self.id = id
        self.kind = kind
        self.exporter = exporter
        self.destination = destination
        self.decisionDate = decisionDate
        self.decisionDateNote = decisionDateNote
        self.items = items
        self.valueMinor = valueMinor
        self.currency = currency
        self.endUser = endUser
        self.description = description
        self.outcome = outcome
        self.submitted = submitted
        self.origin = origin
    }

    /// A decision of the permit register, decided on `decidedOn`. The case id is the permit number when a permit
    /// was issued, else the application id.
    public init(register c: RegisterCase, decision: DecisionRecord, decidedOn: Day) {
        let application = c.application
        let value = Self.totalValue(application)
        self.init(id: c.permit?.number ?? c.applicationID, kind: .decision, exporter: application.exporter.uppercased(),
                  destination: application.destination.uppercased(), decisionDate: decidedOn,
                  decisionDateNote: "application \(c.applicationID), decided \(decision.outcome.rawValue) by \(decision.deciderName)",
                  items: application.items.map(\.controlEntry), valueMinor: value, currency: application.items.first?.currency,
                  endUser: application.endUser, description: application.endUse, outcome: decision.outcome.rawValue,
                  submitted: application, origin: RowOrigin.register)
    }

    /// The application's items summed, in minor units; nil when an item gives no value.
    static func totalValue(_ application: ExportApplication) -> Int64? {
        guard application.items.allSatisfy({ $0.value != nil }) else { return nil }
        return application.items.reduce(Int64(0)) { $0 + Register.minor($1.value ?? 0) }
    }

    static let endUserNotRecorded = "end user not recorded"

    /// A permit of the evidence base, decided on its issue date (the first day a partial date may stand for).
    public init(permit: PermitRecord) {
        self.init(id: permit.id, kind: .permit, exporter: permit.exporter.uppercased(), destination: permit.destination.uppercased(),
                  decisionDate: permit.issued.earliestDay,
                  decisionDateNote: permit.issued.precision == .day ? nil : "issued \(permit.issued); taken as its first day",
                  items: permit.controlEntries, valueMinor: permit.valueMinor, currency: permit.currency,
                  endUser: EndUser(name: permit.endUser ?? Self.endUserNotRecorded), description: permit.description)
    }

    /// An export record: transparency reports give no permit dates, so the export is re-assessed as known on
    /// 1 January of its year, the last day before any of its shipments could have left.
    public init(export: ExportRecord) {
        self.init(id: export.id, kind: .export, exporter: export.exporter.uppercased(), destination: export.destination.uppercased(),
                  decisionDate: Day(year: export.year, month: 1, day: 1)!,
                  decisionDateNote: "exports of \(export.year): no permit date is published, so assessed as known on 1 January \(export.year)",
                  items: [export.controlEntry], valueMinor: export.valueMinor, currency: export.currency,
                  endUser: EndUser(name: Self.endUserNotRecorded), description: export.description)
    }

    /// An assessed application (the workflow's permits, or a demo application), decided on its decision date.
    public init(application: ExportApplication) {
        let value = Self.totalValue(application)
        self.init(id: application.id, kind: .application, exporter: application.exporter.uppercased(),
                  destination: application.destination.uppercased(), decisionDate: application.decisionDate,
                  items: application.items.map(\.controlEntry), valueMinor: value, currency: application.items.first?.currency,
                  endUser: application.endUser, description: application.endUse, origin: "given")
    }

    /// The regimes the exporter is bound by: Canada's EIPA and the ATT for Canada, the EU Common Position and the
    /// ATT for EU member states, the ATT otherwise.
    public var regimes: [Regime] {
        if exporter == "CA" { return [.eipa, .att] }
        if Self.euMembers.contains(exporter) { return [.att, .eu] }
        return [.att]
    }

    static let euMembers: Set<String> = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
                                         "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"]

    /// The application the engine assesses: the case's items, end user and regimes, without mitigation measures
    /// (none are recorded for a past authorisation).
    public var application: ExportApplication {
        if var submitted {
            submitted.decisionDate = decisionDate
            return submitted
        }
        return ExportApplication(id: id, regimes: regimes, exporter: exporter, destination: destination, decisionDate: decisionDate,
                          consignee: Party(name: endUser.name, country: destination), endUser: endUser,
                          items: items.map { ApplicationItem(controlEntry: $0, description: description ?? "") },
                          endUse: description ?? "")
    }
}

/// The re-assessment of one case with the evidence known on its decision date.
public struct WatchdogFinding: Sendable, Hashable, Codable {
    public struct Evidence: Sendable, Hashable, Codable {
        public var incidentID: String
        public var title: String
        public var date: String
        public var killed: Int?
        public var injured: Int?
        public var weight: Double
        /// The sources public by the decision date, with their publication dates.
        public var sources: [SourceReference]
    }

    public var caseID: String
    public var kind: WatchdogCase.Kind
    public var exporter: String
    public var destination: String
    public var items: [String]
    public var valueMinor: Int64?
    public var currency: String?
    public var decisionDate: String
    public var decisionDateNote: String?
    /// Equal to the decision date: the evidence the decider could have had.
    public var knowledgeDate: String
    public var endUser: String
    /// Regime → verdict.
    public var verdicts: [String: Verdict]
    /// Regimes whose verdict is at or above the refusal threshold (`deny` or `prohibited`).
    public var flaggedRegimes: [String]
    /// Regimes one level below the threshold (`refer`).
    public var referRegimes: [String]
    /// "EIPA: EIPA 7.3(1)(b)(ii) substantial", one per regime with a decisive consequence.
    public var decisive: [String]
    public var evidence: [Evidence]
    public var prohibitions: [String]
    public var inputDigest: String
    /// For a register decision: its outcome.
    public var outcome: String?
    /// `register`, `evidence` or `given`.
    public var origin: String

    public var flagged: Bool { !flaggedRegimes.isEmpty }

    /// What the re-assessment says of the decision, for register decisions (nil for other cases).
    public var crossCheck: String? {
        guard let outcome else { return nil }
        let denied = outcome == PermitDecision.Outcome.denied.rawValue
        switch (denied, flagged) {
        case (false, true): return "approved although the evidence public then reaches the refusal threshold (\(flaggedRegimes.joined(separator: ", ")))"
        case (false, false): return referRegimes.isEmpty ? "consistent: approved, no regime refuses" : "approved; senior review was due (\(referRegimes.joined(separator: ", ")))"
        case (true, true): return "consistent: denied, and the evidence public then reaches the refusal threshold"
        case (true, false): return "denied although the evidence public then does not reach the refusal threshold (the rationale gives the reasons)"
        }
    }
}

/// The watchdog cross-check: every authorisation re-assessed by the assessment engine with the knowledge date
/// set to its decision date, so a claim published after the decision never counts; those at or above their
/// regime's refusal threshold are flagged with the evidence that existed then.
public struct Watchdog: Sendable {
    public let engine: AssessmentEngine

    public init(engine: AssessmentEngine = AssessmentEngine()) { self.engine = engine }

    public func check(_ cases: [WatchdogCase], index: EvidenceIndex) -> [WatchdogFinding] {
        cases.map { check($0, index: index) }
            .sorted { ($0.flagged ? 0 : 1, $0.decisionDate, $0.caseID) < ($1.flagged ? 0 : 1, $1.decisionDate, $1.caseID) }
    }

    public func check(_ c: WatchdogCase, index: EvidenceIndex) -> WatchdogFinding {
        let a = engine.assess(c.application, index: index, asOf: c.decisionDate)
        // A regime not in force for the exporter on the decision day (method v2) is shown, never flagged.
        let notInForce = Set(a.conclusions.filter { $0.inForce == false }.map(\.regime.rawValue))
        let flagged = a.verdicts.filter { $0.value >= .deny && !notInForce.contains($0.key) }.keys.sorted()
        let refer = a.verdicts.filter { $0.value == .refer && !notInForce.contains($0.key) }.keys.sorted()
        let decisive = a.conclusions.compactMap { conclusion -> String? in
            guard let consequence = conclusion.decisiveConsequence else { return nil }
            return "\(conclusion.regime.rawValue): \(consequence)\(conclusion.decisiveLevel.map { " \($0.rawValue)" } ?? "")"
        }
        let evidence = a.incidents.filter { $0.weight > 0 }.sorted { ($1.weight, $0.incidentID) < ($0.weight, $1.incidentID) }.map { f in
            var seen = Set<String>()
            let sources = f.claims.flatMap(\.sources).filter { seen.insert($0.id).inserted }
                .sorted { ($0.published, $0.id) < ($1.published, $1.id) }
            return WatchdogFinding.Evidence(incidentID: f.incidentID, title: f.title, date: f.date, killed: f.killed, injured: f.injured,
                                            weight: f.weight, sources: sources)
        }
        return WatchdogFinding(caseID: c.id, kind: c.kind, exporter: c.exporter, destination: c.destination, items: c.items,
                               valueMinor: c.valueMinor, currency: c.currency, decisionDate: c.decisionDate.description,
                               decisionDateNote: c.decisionDateNote, knowledgeDate: a.knowledgeDate, endUser: c.endUser.name,
                               verdicts: a.verdicts, flaggedRegimes: flagged, referRegimes: refer, decisive: decisive,
                               evidence: evidence, prohibitions: a.prohibitions.map { "\($0.basis): \($0.text)" },
                               inputDigest: a.inputDigest, outcome: c.outcome, origin: c.origin)
    }

    /// The findings as report tables: `cases` (one row per case) and `evidence` (the incidents behind each flag).
    public static func document(_ findings: [WatchdogFinding], filter: ReportFilter) -> ReportDocument {
        let cases = ReportTable(
            id: "cases", title: "Authorisations re-assessed with the evidence known on their decision date",
            columns: [.init("case", "Case"), .init("kind", "Kind"), .init("exporter", "Exporter"), .init("destination", "Destination"),
                      .init("items", "Items"), .init("value", "Value", numeric: true), .init("currency", "Currency"),
                      .init("decision_date", "Decision date"), .init("knowledge_date", "Knowledge date"), .init("end_user", "End user"),
                      .init("verdicts", "Verdicts"), .init("flagged", "Flagged"), .init("decisive", "Decisive consequence"),
                      .init("incidents_known", "Incidents known", numeric: true), .init("decision", "Decision"),
                      .init("cross_check", "Cross-check of the decision"), .init("origin", "Origin"), .init("note", "Note")],
            rows: findings.map { f in
                [f.caseID, f.kind.rawValue, f.exporter, f.destination, f.items.joined(separator: "; "),
                 f.valueMinor.map(Money.decimal) ?? "", f.currency ?? "", f.decisionDate, f.knowledgeDate, f.endUser,
                 f.verdicts.keys.sorted().map { "\($0) \(f.verdicts[$0]!.rawValue)" }.joined(separator: "; "),
                 f.flagged ? "yes: " + f.flaggedRegimes.joined(separator: ", ") : (f.referRegimes.isEmpty ? "no" : "refer: " + f.referRegimes.joined(separator: ", ")),
                 f.decisive.joined(separator: "; "), String(f.evidence.count), f.outcome ?? "", f.crossCheck ?? "", f.origin,
                 f.decisionDateNote ?? ""]
            },
            totals: ["Total \(findings.count)", "", "", "", "", "", "", "", "", "", "", "\(findings.filter(\.flagged).count) flagged", "",
                     String(findings.reduce(0) { $0 + $1.evidence.count }),
                     "\(findings.filter { $0.outcome != nil }.count) decisions",
                     "\(findings.filter { $0.outcome != nil && $0.outcome != PermitDecision.Outcome.denied.rawValue && $0.flagged }.count) approved against the evidence",
                     "", ""])
        var evidenceRows: [[String]] = []
        for f in findings where f.flagged {
            for e in f.evidence {
                evidenceRows.append([f.caseID, e.incidentID, e.title, e.date, e.killed.map(String.init) ?? "", e.injured.map(String.init) ?? "",
                                     String(format: "%.3f", e.weight),
                                     e.sources.map { "\($0.publisher), \($0.published): \($0.title)" }.joined(separator: " | ")])
            }
        }
        let evidence = ReportTable(
            id: "evidence", title: "The evidence behind each flag, as public on the decision date",
            columns: [.init("case", "Case"), .init("incident", "Incident"), .init("title", "Title"), .init("date", "Date"),
                      .init("killed", "Killed (known then)", numeric: true), .init("injured", "Injured (known then)", numeric: true),
                      .init("weight", "Weight", numeric: true), .init("sources", "Sources public by the decision date")],
            rows: evidenceRows)
        var scope = ["Knowledge date of each case: its decision date"]
        if let y = filter.year { scope.append("Decision year: \(y)") }
        if let e = filter.exporter { scope.append("Exporter: \(e)") }
        if let d = filter.destination { scope.append("Destination: \(d)") }
        return ReportDocument(kind: "watchdog", title: "Watchdog cross-check", scope: scope, tables: [cases, evidence],
                              notes: ["Flagged: the assessment engine, run with only the claims public by the decision date, reaches deny or prohibited under a regime the exporter is bound by (EIPA for Canada, the EU Common Position for EU members, the ATT). Refer: one level below.",
                                      "Decisions of the permit register (kind `decision`) are re-assessed as the decider had them — the application's regimes, parties and mitigation measures — on the day of the decision; the cross-check says whether the decision and the evidence public that day agree. A permit of the evidence base that is a register permit is checked once, as the register's decision."])
    }
}

extension WatchdogCase {
    /// Adds what applications on file say to the cases. A permit whose end user is not recorded takes the end user
    /// of the application it matches (same exporter, destination, decision date and control entries), with a note
    /// naming the application. With `addUnmatched`, applications that match no permit become cases of their own
    /// (decided on their decision date); otherwise they are ignored, so hypothetical applications never appear
    /// as authorisations.
    public static func merging(_ cases: [WatchdogCase], applications: [ExportApplication], addUnmatched: Bool) -> [WatchdogCase] {
        func entries(_ items: [String]) -> Set<String> { Set(items.compactMap { ControlEntry.canonicalCode($0) }) }
        var result = cases
        var used = Set<String>()
        for application in applications.sorted(by: { $0.id < $1.id }) {
            let match = result.firstIndex { c in
                c.kind == .permit && c.exporter == application.exporter.uppercased() && c.destination == application.destination.uppercased()
                    && c.decisionDate == application.decisionDate && entries(c.items) == entries(application.items.map(\.controlEntry))
            }
            if let match {
                used.insert(application.id)
                if result[match].endUser.name == endUserNotRecorded {
                    result[match].endUser = application.endUser
                    result[match].decisionDateNote = [result[match].decisionDateNote, "end user \(application.endUser.name) from application \(application.id)"]
                        .compactMap { $0 }.joined(separator: "; ")
                }
            } else if addUnmatched {
                result.append(WatchdogCase(application: application))
            }
        }
        return result
    }
}
