import Foundation

/// Where a report row came from. Every row of the transparency reports carries one, so a reader can tell the
/// licensing authority's own register from tables imported from elsewhere.
public enum RowOrigin {
    /// The permit register of this deployment: applications, decisions, permits and shipments of the workflow.
    public static let register = "register"
    /// An export or permit record of the evidence base (e.g. a published transparency table imported with
    /// `oversight import canada-exports`, or a permit of a bundle).
    public static let evidence = "evidence"
}

/// One application of the permit register with what the reports need: its decision, the grounds of a refusal,
/// its permit, the shipments made under it and what happened to the permit afterwards. Built by the store from
/// the workflow's records; pure values here.
public struct RegisterCase: Sendable, Hashable, Codable {
    /// A suspension, reinstatement, revocation or expiry of the permit.
    public struct PermitEvent: Sendable, Hashable, Codable {
        /// `suspend`, `reinstate`, `revoke` or `expire`.
        public var action: String
        public var on: Day
        public var reason: String?
        public var by: String

        public init(action: String, on: Day, reason: String?, by: String) {
            self.action = action
            self.on = on
            self.reason = reason
            self.by = by
        }
    }

    public var applicationID: String
    public var state: ApplicationState
    /// The application as decided (regimes, parties, items, mitigation measures).
    public var application: ExportApplication
    /// The latest decision; nil while undecided.
    public var decision: DecisionRecord?
    /// The day of the decision (UTC).
    public var decidedOn: Day?
    /// For a refusal: the provisions it rests on, from the assessment the decision relied on
    /// (`Assessment.refusalGrounds`).
    public var grounds: [String]
    public var permit: Permit?
    /// The day the permit was issued (UTC).
    public var issuedOn: Day?
    public var shipments: [Shipment]
    /// Oldest first.
    public var permitEvents: [PermitEvent]

    public init(applicationID: String, state: ApplicationState, application: ExportApplication, decision: DecisionRecord? = nil,
                decidedOn: Day? = nil, grounds: [String] = [], permit: Permit? = nil, issuedOn: Day? = nil,
                shipments: [Shipment] = [], permitEvents: [PermitEvent] = []) {
        self.applicationID = applicationID
        self.state = state
        self.application = application
        self.decision = decision
        self.decidedOn = decidedOn
        self.grounds = grounds
        self.permit = permit
        self.issuedOn = issuedOn
        self.shipments = shipments
        self.permitEvents = permitEvents
    }

    var exporter: String { application.exporter.uppercased() }
    var destination: String { application.destination.uppercased() }
}

/// A suspension, reinstatement, revocation or expiry of a permit, as the reports list them.
public struct PermitActionRow: Sendable, Hashable, Codable {
    public var permit: String
    public var applicationID: String
    public var exporter: String
    public var destination: String
    /// Canonical entries (`ML10`), `unspecified` for an undisclosed one.
    public var entries: [String]
    /// `suspended`, `reinstated`, `revoked` or `expired`.
    public var action: String
    public var date: Day
    public var reason: String?
    public var origin: String

    public init(permit: String, applicationID: String, exporter: String, destination: String, entries: [String], action: String,
                date: Day, reason: String?, origin: String = RowOrigin.register) {
        self.permit = permit
        self.applicationID = applicationID
        self.exporter = exporter
        self.destination = destination
        self.entries = entries
        self.action = action
        self.date = date
        self.reason = reason
        self.origin = origin
    }
}

/// The permit register as the transparency reports read it: what was licensed, what was shipped, what was
/// refused and on which grounds, what was suspended or revoked, and every decision for the watchdog.
public struct Register: Sendable, Hashable, Codable {
    public var cases: [RegisterCase]

    public init(cases: [RegisterCase]) {
        self.cases = cases.sorted { $0.applicationID < $1.applicationID }
    }

    static func entries(_ codes: [String]) -> [String] {
        codes.map { ControlEntry.canonicalCode($0) ?? "unspecified" }
    }

    static func minor(_ value: Double) -> Int64 { Int64((value * 100).rounded()) }

    /// One licence per issued permit, issued on its issue day, valued at the sum of its lines' value limits (nil
    /// when a line has none).
    public func licences() -> [LicenceRow] {
        cases.compactMap { c in
            guard let permit = c.permit, let issued = c.issuedOn else { return nil }
            let value: Int64? = permit.limits.allSatisfy({ $0.value != nil })
                ? permit.limits.reduce(0) { $0 + Self.minor($1.value ?? 0) } : nil
            return LicenceRow(id: permit.number, exporter: c.exporter, destination: c.destination, issued: issued,
                              entries: Self.entries(permit.limits.map(\.controlEntry)), valueMinor: value,
                              currency: permit.limits.compactMap(\.currency).first, endUser: c.application.endUser.name,
                              description: c.application.endUse.isEmpty ? nil : c.application.endUse,
                              origin: RowOrigin.register, permitID: permit.id)
        }
    }

    /// Actual exports: the shipments recorded against permits, summed by exporter, destination, year of shipment,
    /// control entry and currency; `permitsUtilised` counts the distinct permits shipped under.
    public func exports() -> [ExportRow] {
        struct Key: Hashable { var exporter: String; var destination: String; var year: Int; var entry: String; var currency: String }
        var sums: [Key: (value: Int64, permits: Set<String>)] = [:]
        for c in cases {
            guard let permit = c.permit else { continue }
            for shipment in c.shipments {
                guard let limit = permit.limits.first(where: { $0.line == shipment.line }) else { continue }
                let key = Key(exporter: c.exporter, destination: c.destination, year: shipment.shippedOn.year,
                              entry: ControlEntry.canonicalCode(limit.controlEntry) ?? "unspecified", currency: limit.currency ?? "")
                var sum = sums[key] ?? (0, [])
                sum.value += Self.minor(shipment.value)
                sum.permits.insert(permit.number)
                sums[key] = sum
            }
        }
        return sums.map { key, sum in
            ExportRow(exporter: key.exporter, destination: key.destination, year: key.year, entry: key.entry, valueMinor: sum.value,
                      currency: key.currency.isEmpty ? nil : key.currency, permitsUtilised: sum.permits.count, basis: "actual",
                      description: "shipments under \(sum.permits.sorted().joined(separator: ", "))", origin: RowOrigin.register)
        }.sorted { ($0.year, $0.exporter, $0.destination, $0.entry) < ($1.year, $1.exporter, $1.destination, $1.entry) }
    }

    /// One denial per refused application, dated on its decision day, with the grounds of the assessment relied on.
    public func denials() -> [DenialRecord] {
        cases.compactMap { c in
            guard let decision = c.decision, decision.outcome == .denied, let day = c.decidedOn else { return nil }
            return DenialRecord(id: c.applicationID, exporter: c.exporter, destination: c.destination, date: day,
                                entries: Self.entries(c.application.items.map(\.controlEntry)),
                                criteria: c.grounds.isEmpty ? [DenialRecord.groundsNotRecorded] : c.grounds, origin: RowOrigin.register)
        }
    }

    /// Every suspension, reinstatement, revocation and expiry of a permit, oldest first.
    public func permitActions() -> [PermitActionRow] {
        let past = ["suspend": "suspended", "reinstate": "reinstated", "revoke": "revoked", "expire": "expired"]
        var rows: [PermitActionRow] = []
        for c in cases {
            guard let permit = c.permit else { continue }
            for event in c.permitEvents {
                rows.append(PermitActionRow(permit: permit.number, applicationID: c.applicationID, exporter: c.exporter,
                                            destination: c.destination, entries: Self.entries(permit.limits.map(\.controlEntry)),
                                            action: past[event.action] ?? event.action, date: event.on, reason: event.reason))
            }
        }
        return rows.sorted { ($0.date, $0.permit, $0.action) < ($1.date, $1.permit, $1.action) }
    }

    /// Every decided application as a watchdog case, decided on its decision day, with the application as the
    /// decider had it (regimes, parties, mitigation measures).
    public func watchdogCases() -> [WatchdogCase] {
        cases.compactMap { c in
            guard let decision = c.decision, let day = c.decidedOn else { return nil }
            return WatchdogCase(register: c, decision: decision, decidedOn: day)
        }
    }
}

/// The rows a report sums, from the register and from imported tables, with the rows left out so that nothing is
/// counted twice.
///
/// - A licence imported into the evidence base that is one of the register's permits (the same number or id, or
///   the same exporter, destination, issue day and items) is counted once, from the register.
/// - Where the register holds shipments of an exporter in a year, it is the source of that exporter's actual
///   exports that year: imported export rows of the same exporter and year are not summed (a published table of
///   the same authority is made from the same permits), and the report says how many were left out.
public struct ReportRows: Sendable, Hashable, Codable {
    public struct LeftOut: Sendable, Hashable, Codable {
        public var exporter: String
        public var year: Int
        public var rows: Int
        /// `exports` or `licences`.
        public var kind: String
    }

    public var exports: [ExportRow]
    public var licences: [LicenceRow]
    public var denials: [DenialRecord]
    public var permitActions: [PermitActionRow]
    public var leftOut: [LeftOut]

    public init(exports: [ExportRow], licences: [LicenceRow], denials: [DenialRecord], permitActions: [PermitActionRow], leftOut: [LeftOut]) {
        self.exports = exports
        self.licences = licences
        self.denials = denials
        self.permitActions = permitActions
        self.leftOut = leftOut
    }

    public static func combine(register: Register, importedExports: [ExportRow], importedLicences: [LicenceRow],
                               importedDenials: [DenialRecord] = []) -> ReportRows {
        let registerExports = register.exports()
        let registerLicences = register.licences()
        struct ExporterYear: Hashable { var exporter: String; var year: Int }
        let covered = Set(registerExports.map { ExporterYear(exporter: $0.exporter, year: $0.year) })
        var leftOut: [ExporterYear: Int] = [:]
        var exports = registerExports
        for row in importedExports {
            let key = ExporterYear(exporter: row.exporter, year: row.year)
            if covered.contains(key) { leftOut[key, default: 0] += 1 } else { exports.append(row) }
        }
        let matcher = RegisterPermits(registerLicences)
        var licences = registerLicences
        var licencesLeftOut: [ExporterYear: Int] = [:]
        for licence in importedLicences {
            if matcher.contains(id: licence.id, exporter: licence.exporter, destination: licence.destination, issued: licence.issued,
                                entries: licence.entries) {
                licencesLeftOut[ExporterYear(exporter: licence.exporter, year: licence.issued.year), default: 0] += 1
            } else {
                licences.append(licence)
            }
        }
        let left = leftOut.map { LeftOut(exporter: $0.key.exporter, year: $0.key.year, rows: $0.value, kind: "exports") }
            + licencesLeftOut.map { LeftOut(exporter: $0.key.exporter, year: $0.key.year, rows: $0.value, kind: "licences") }
        return ReportRows(exports: exports, licences: licences, denials: register.denials() + importedDenials,
                          permitActions: register.permitActions(),
                          leftOut: left.sorted { ($0.year, $0.exporter, $0.kind) < ($1.year, $1.exporter, $1.kind) })
    }

    /// The notes a report of `year` gives about the rows left out.
    public func leftOutNotes(year: Int, filter: ReportFilter) -> [String] {
        leftOut.filter { $0.year == year && (filter.exporter == nil || filter.exporter == $0.exporter) }.map { item in
            item.kind == "exports"
                ? "Exports of \(item.exporter) in \(item.year) come from the permit register's shipments; \(item.rows) imported export row(s) of the same exporter and year are not summed, so no permit is counted twice."
                : "\(item.rows) imported licence(s) of \(item.exporter) in \(item.year) are permits of the register (same number, or same exporter, destination, issue day and items) and are counted once, from the register."
        }
    }
}

/// EU Common Position criteria (1–8), as the EU annual report (COARM) counts refusals: a refusal counts once under
/// each criterion it cites.
public enum RefusalCriterion {
    /// The EU criterion a cited provision is, or falls under: `EU Criterion 2(a)` → 2, `EU CP Criterion 7` → 7,
    /// `UK Criterion 2(c)` → 2 (the UK criteria keep the EU numbering); `ATT 6.1` and `ATT 6.3` → 1 (Criterion 1:
    /// international obligations, embargoes and the ATT). Nil for provisions outside the numbering (EIPA, ATT 7…).
    public static func euNumber(_ provision: String) -> Int? {
        let text = provision.lowercased()
        if text.hasPrefix("att 6.") { return 1 }
        guard let range = text.range(of: "criterion") else { return nil }
        let digits = text[range.upperBound...].drop(while: { $0 == " " }).prefix(while: \.isNumber)
        guard let n = Int(digits), (1...8).contains(n) else { return nil }
        return n
    }
}

extension Assessment {
    /// The provisions a refusal under this assessment rests on, from each regime in force whose verdict is deny or
    /// prohibited: the grounds the engine names (method v2), or for older assessments the prohibitions' bases and
    /// the decisive consequence. Empty when no regime refuses (a decider may still deny, for reasons in the rationale).
    public var refusalGrounds: [String] {
        var result: [String] = []
        for conclusion in conclusions where conclusion.verdict >= .deny && conclusion.inForce != false {
            var grounds = conclusion.grounds ?? []
            if grounds.isEmpty {
                if conclusion.verdict == .prohibited {
                    grounds = prohibitions.flatMap { $0.basis.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) } }
                } else if let decisive = conclusion.decisiveConsequence {
                    grounds = [decisive]
                } else {
                    grounds = ["\(conclusion.regime.rawValue): \(conclusion.verdict.rawValue)"]
                }
            }
            for ground in grounds where !result.contains(ground) { result.append(ground) }
        }
        return result
    }
}

extension Register {
    /// The register's decisions plus the cases of the evidence base, with any evidence permit that is one of the
    /// register's permits (same number or id, or same exporter, destination, issue day and items) left out: it is
    /// checked once, as the register's decision. Returns the cases and how many were left out.
    public func watchdogCases(with evidence: [WatchdogCase]) -> (cases: [WatchdogCase], leftOut: Int) {
        let matcher = RegisterPermits(licences())
        var cases = watchdogCases()
        var leftOut = 0
        for c in evidence {
            if c.kind == .permit, matcher.contains(id: c.id, exporter: c.exporter, destination: c.destination, issued: c.decisionDate,
                                                   entries: Self.entries(c.items)) {
                leftOut += 1
            } else {
                cases.append(c)
            }
        }
        return (cases, leftOut)
    }
}

/// The register's permits, to tell whether a permit recorded elsewhere is one of them: the same number or id
/// (`permit:P-…` counts as `P-…`), or the same exporter, destination, issue day and control entries.
struct RegisterPermits {
    struct Shape: Hashable { var exporter: String; var destination: String; var issued: Day; var entries: Set<String> }
    let ids: Set<String>
    let shapes: Set<Shape>

    init(_ licences: [LicenceRow]) {
        ids = Set(licences.flatMap { [$0.id] + ($0.permitID.map { [$0] } ?? []) })
        shapes = Set(licences.map { Shape(exporter: $0.exporter, destination: $0.destination, issued: $0.issued, entries: Set($0.entries)) })
    }

    func contains(id: String, exporter: String, destination: String, issued: Day, entries: [String]) -> Bool {
        let bare = id.hasPrefix("permit:") ? String(id.dropFirst("permit:".count)) : id
        return ids.contains(id) || ids.contains(bare)
            || shapes.contains(Shape(exporter: exporter, destination: destination, issued: issued, entries: Set(entries)))
    }
}
