import Crypto
import Foundation

/// The export risk-assessment engine of docs/ASSESSMENT.md: pure and deterministic. The same application,
/// evidence, method and knowledge date give the same assessment, byte for byte.
public struct AssessmentEngine: Sendable {
    public let methodology: Methodology
    public let reference: ReferenceData
    public let screening: (any ScreeningHook)?

    public init(methodology: Methodology = .standard, reference: ReferenceData = .shared, screening: (any ScreeningHook)? = nil) {
        self.methodology = methodology
        self.reference = reference
        self.screening = screening
    }

    /// Assesses against a snapshot (indexes it first). `asOf` is the knowledge date; the decision date by default.
    public func assess(_ application: ExportApplication, snapshot: EvidenceSnapshot, asOf: Day? = nil) -> Assessment {
        assess(application, index: EvidenceIndex(snapshot: snapshot), asOf: asOf)
    }

    /// Assesses against an index built once for many assessments.
    public func assess(_ application: ExportApplication, index: EvidenceIndex, asOf: Day? = nil) -> Assessment {
        var run = AssessmentRun(engine: self, application: application, index: index,
                                knownOn: asOf ?? application.decisionDate)
        return run.assess()
    }
}

/// One assessment in progress; every step of the method is a method here.
struct AssessmentRun {
    let engine: AssessmentEngine
    let application: ExportApplication
    let index: EvidenceIndex
    let knownOn: Day
    let command: CommandIndex
    var m: Methodology { engine.methodology }
    var rationale: [String] = []

    init(engine: AssessmentEngine, application: ExportApplication, index: EvidenceIndex, knownOn: Day) {
        self.engine = engine
        self.application = application
        self.index = index
        self.knownOn = knownOn
        self.command = index.command.known(on: knownOn)
        var table: [String: [String: NexusLevel]] = [:]
        let types = Array(engine.methodology.gravity.values.keys) + ["unlawful-killing"]
        for item in application.items {
            guard let entry = ControlEntry.canonicalCode(item.controlEntry) else { continue }
            var row: [String: NexusLevel] = [:]
            for type in types { row[type] = engine.reference.nexus.level(entry: entry, violation: type) }
            table[entry] = row
        }
        nexusTable = table
    }

    var pathCache: [PathKey: [String]] = [:]
    /// Claims known on the knowledge date, by record, as first looked up in this run (the digest reads them again).
    var knownCache: [String: [Claim]] = [:]

    mutating func known(_ id: String) -> [Claim] {
        if let cached = knownCache[id] { return cached }
        let claims = index.knownClaims(about: id, on: knownOn)
        knownCache[id] = claims
        return claims
    }
    /// Nexus levels by canonical entry and violation type, looked up once per run.
    let nexusTable: [String: [String: NexusLevel]]

    func nexusLevel(_ entry: String, _ violation: String) -> NexusLevel { nexusTable[entry]?[violation] ?? .none }
    /// Units whose command holders count as the pattern's commanders.
    var chainUnits: Set<String> = []

    struct PathKey: Hashable {
        var unit: String
        var day: Int
    }

    /// The units above `unit` on `day` (the unit first), cached.
    mutating func path(_ unit: String, _ day: Day) -> [String] {
        let key = PathKey(unit: unit, day: day.ordinal)
        if let cached = pathCache[key] { return cached }
        let result = command.superiorPath(unit: unit, on: day)
        pathCache[key] = result.units
        chainRelations.formUnion(result.relations)
        return result.units
    }

    /// The relations the paths went through, for the input digest.
    var chainRelations: Set<String> = []

    // MARK: - The steps

    mutating func assess() -> Assessment {
        let entries = application.items.compactMap { ControlEntry.canonicalCode($0.controlEntry) }
        let (endUserUnit, resolution) = resolveEndUser()

        // 1. Screening.
        var prohibitions: [Prohibition] = []
        var hits: [PartyHit] = []
        if let screening = engine.screening {
            var parties: [(Party, String)] = [(application.consignee, "consignee"),
                                              (Party(name: application.endUser.name, country: application.destination), "end user")]
            parties += application.intermediaries.map { ($0, "intermediary") }
            for (party, role) in parties { hits += screening.hits(party: party, role: role) }
            hits.sort { ($0.role, $0.party, $0.list, $0.entryID) < ($1.role, $1.party, $1.list, $1.entryID) }
            for hit in hits where hit.underArmsEmbargo {
                prohibitions.append(Prohibition(basis: "ATT 6.1; EU Criterion 1",
                                                text: "the \(hit.role) \"\(hit.party)\" matches \(hit.entryName) (\(hit.list) \(hit.entryID), score \(format(hit.score))), listed under a UN arms embargo",
                                                requiresFormalDetermination: false))
            }
        }

        // 2. Embargoes on the decision date.
        var embargoNotes: [String] = []
        for embargo in engine.reference.embargoes(on: application.decisionDate, target: application.destination) {
            let text = "UN arms embargo on \(embargo.targetName) (\(embargo.basis)), scope \(embargo.scope.rawValue), in force from \(embargo.from)\(embargo.to.map { " to \($0)" } ?? "")"
            embargoNotes.append(text)
            switch embargo.scope {
            case .wholeState, .territory:
                prohibitions.append(Prohibition(basis: "ATT 6.1; EU Criterion 1", text: text, requiresFormalDetermination: false))
            case .nonStateActors:
                if endUserUnit == nil {
                    embargoNotes.append("the end user is not identified as a state unit, so the non-state-actor embargo may apply: refer")
                }
            case .listedPersons:
                embargoNotes.append("listed persons and entities are covered by party screening")
            }
        }

        // 3–4. The pattern of violations known on the knowledge date.
        let lookbackStart = application.decisionDate.adding(days: -Int((Double(m.lookbackYears.value) * 365.25).rounded()))
        var incidents: [IncidentFactor] = []
        var commanders: Set<String> = []
        var patternUnits: Set<String> = []
        var attributions: [String: Double] = [:]
        for incident in index.incidentsByCountry[application.destination] ?? [] {
            guard let day = incident.firstDay else { continue }
            if day < lookbackStart { continue }
            if day > knownOn { break }
            guard index.isKnown(incident.id, on: knownOn) else { continue }
            let factor = incidentFactor(incident, day: day, endUserUnit: endUserUnit, entries: entries,
                                        commanders: &commanders)
            attributions[incident.id] = factor.attribution
            if factor.attribution > 0 { patternUnits.formUnion(incident.perpetratorUnits) }
            incidents.append(factor)
        }
        let patternIncidents = Set(incidents.filter { $0.attribution > 0 }.map(\.incidentID))
        commanders.formUnion(commandersOfChains(from: lookbackStart))

        // 3. Findings of atrocity crimes (ATT 6.3).
        for finding in index.findingsByCountry[application.destination] ?? [] where finding.determination {
            guard index.isKnown(finding.id, on: knownOn),
                  let day = finding.range.start?.earliestDay ?? finding.range.end?.earliestDay, day >= lookbackStart,
                  !Set(finding.categories).isDisjoint(with: ["genocide", "crimes-against-humanity", "war-crimes"]) else { continue }
            let linked = finding.incidents.contains { (attributions[$0] ?? 0) >= (m.attribution.values["sub-unit-of-force"] ?? 0.8) }
                || finding.units.contains { $0 == endUserUnit }
            let nexus = entries.map { nexusLevel($0, "unlawful-killing") }.max() ?? NexusLevel.none
            if linked && nexus >= .facilitating {
                prohibitions.append(Prohibition(basis: "ATT 6.3",
                                                text: "\(finding.body) found \(finding.categories.joined(separator: ", ")) by the end user's forces (\(finding.title)); the items could facilitate them",
                                                requiresFormalDetermination: true))
            }
        }

        // 6. Accountability and impunity.
        var accountability: [AccountabilityFactor] = []
        var seenEvents: Set<String> = []
        let references = patternIncidents.union(patternUnits).union(commanders)
        for reference in references.sorted() {
            for event in index.accountabilityByReference[reference] ?? [] where seenEvents.insert(event.id).inserted {
                guard index.isKnown(event.id, on: knownOn),
                      (event.range.start?.earliestDay ?? event.range.end?.earliestDay).map({ $0 <= knownOn }) ?? true else { continue }
                let weight = m.impunity.weights[event.eventType.rawValue] ?? 0
                accountability.append(AccountabilityFactor(
                    eventID: event.id, eventType: event.eventType, title: event.title,
                    date: event.range.start?.description ?? event.range.end?.description ?? "",
                    weight: weight, claims: index.knownClaims(about: event.id, on: knownOn).map { index.reference($0, knownOn: knownOn) }))
            }
        }
        accountability.sort { $0.eventID < $1.eventID }
        let impunity = min(1, max(0, m.impunity.base.value + accountability.map(\.weight).reduce(0, +)))

        // 5, 7, 8. Nexus, raw risk and mitigation per consequence.
        let credibility = 1 - impunity
        let strongNexus = incidents.contains { f in f.attribution > 0 && f.nexus.values.contains { $0 >= .facilitating } }
        let cannotMitigate = strongNexus && impunity >= m.cannotMitigate.impunityAtLeast.value
        // The named unit is in the pattern's chain when it is, or commands, a perpetrator unit.
        let endUserLinked = incidents.contains { $0.attribution >= (m.attribution.values["is-or-commands"] ?? 1) }
        var mitigations: [MitigationFactor] = []
        for code in application.mitigations.sorted() {
            guard let measure = m.mitigation(code) else {
                mitigations.append(MitigationFactor(code: code, title: "unknown measure", effect: 0, credibility: credibility, reduction: 0, known: false))
                continue
            }
            var effect = measure.misuse
            if code == "end-use-restricted-unit" && (endUserUnit == nil || endUserLinked) { effect = 0 }
            mitigations.append(MitigationFactor(code: code, title: measure.title, effect: effect, credibility: credibility,
                                                reduction: effect * credibility, known: true))
        }
        let mitigationFactor = cannotMitigate ? 1.0 : mitigations.reduce(1.0) { $0 * (1 - $1.reduction) }

        var consequences: [ConsequenceRisk] = []
        for regime in application.regimes.sorted() {
            for consequence in Consequence.all(for: regime) {
                consequences.append(risk(consequence, incidents: incidents, entries: entries, impunity: impunity,
                                         mitigationFactor: mitigationFactor, mitigated: !cannotMitigate && !mitigations.isEmpty))
            }
        }

        // 9. Diversion.
        let diversion = diversionRisk(credibility: credibility)

        // 10. Verdicts.
        var conclusions: [RegimeConclusion] = []
        for regime in application.regimes.sorted() {
            conclusions.append(conclude(regime, prohibitions: prohibitions, consequences: consequences.filter { $0.regime == regime },
                                        diversion: diversion, embargoNotes: embargoNotes, endUserUnit: endUserUnit))
        }
        var verdicts: [String: Verdict] = [:]
        for conclusion in conclusions { verdicts[conclusion.regime.rawValue] = conclusion.verdict }
        let conditions = conclusions.contains(where: { $0.verdict == .approveWithConditions })
            ? mitigations.filter(\.known).map(\.title) : []

        rationale = explain(incidents: incidents, accountability: accountability, impunity: impunity, entries: entries,
                            conclusions: conclusions, cannotMitigate: cannotMitigate, prohibitions: prohibitions,
                            mitigations: mitigations, resolution: resolution)

        return Assessment(
            applicationID: application.id, methodologyVersion: m.version, knowledgeDate: knownOn.description,
            decisionDate: application.decisionDate.description, inputDigest: digest(incidents: incidents, accountability: accountability),
            verdicts: verdicts, conclusions: conclusions, prohibitions: prohibitions, screening: hits,
            embargoes: embargoNotes, endUserUnit: endUserUnit, endUserResolution: resolution,
            incidents: incidents.sorted { ($0.weight, $0.incidentID) > ($1.weight, $1.incidentID) },
            impunity: impunity, accountability: accountability,
            items: application.items.map { item in
                let entry = ControlEntry.canonicalCode(item.controlEntry).flatMap(engine.reference.controlEntry)
                return "\(item.controlEntry) (\(entry?.id ?? "?")): \(item.description)\(entry.map { " — \($0.title)" } ?? "")"
            },
            consequences: consequences, mitigations: mitigations, cannotMitigate: cannotMitigate,
            cannotMitigateReason: cannotMitigate
                ? "impunity \(format(impunity)) ≥ \(format(m.cannotMitigate.impunityAtLeast.value)) and the items have a direct or facilitating nexus to the pattern: \(m.cannotMitigate.impunityAtLeast.rationale)"
                : nil,
            diversion: diversion, rationale: rationale, conditions: conditions)
    }

    /// The end user's unit: by id, then by exact name (ignoring case and accents), then by the end user's name.
    func resolveEndUser() -> (String?, String) {
        let units = index.snapshot.units
        if let given = application.endUser.unit {
            if units[given] != nil { return (given, "end user unit \(given) given in the application") }
            let key = NameKey.fold(given)
            if let unit = units.values.filter({ NameKey.fold($0.name) == key || $0.aliases.contains { NameKey.fold($0) == key } })
                .min(by: { $0.id < $1.id }) {
                return (unit.id, "end user unit \"\(given)\" resolved to \(unit.id) by name")
            }
            return (nil, "end user unit \"\(given)\" is not in the evidence base; treated as some security force of the destination")
        }
        let key = NameKey.fold(application.endUser.name)
        if let unit = units.values.filter({ $0.country == application.destination && (NameKey.fold($0.name) == key || $0.aliases.contains { NameKey.fold($0) == key }) })
            .min(by: { $0.id < $1.id }) {
            return (unit.id, "end user \"\(application.endUser.name)\" resolved to \(unit.id) by name")
        }
        return (nil, "end user \"\(application.endUser.name)\" is not a unit of the evidence base; treated as some security force of the destination")
    }

    /// g, s, c, r, a and the item nexus of one incident.
    mutating func incidentFactor(_ incident: Incident, day: Day, endUserUnit: String?, entries: [String],
                                 commanders: inout Set<String>) -> IncidentFactor {
        let known = self.known(incident.id)
        let counted = incident.withKnownCounts(allClaims: index.snapshot.claims(about: incident.id), knownClaims: known)
        let gravity = incident.violations.compactMap { m.gravity.values[$0] }.max() ?? 0
        let raw = 1 + Double(counted.killed ?? 0) + m.scale.injuredWeight.value * Double(counted.injured ?? 0)
        let scale = max(m.scale.minimum.value, log2(raw))
        let (credibility, credibilityReason) = self.credibility(known)
        let age = max(0, Double(day.days(to: application.decisionDate)) / 365.25)
        let recency = pow(0.5, age / m.recency.halfLifeYears.value)
        let (attribution, reason) = attribute(incident, day: day, endUserUnit: endUserUnit, commanders: &commanders)
        var nexus: [String: NexusLevel] = [:]
        for entry in entries {
            nexus[entry] = incident.violations.map { nexusLevel(entry, $0) }.max() ?? NexusLevel.none
        }
        return IncidentFactor(
            incidentID: incident.id, title: incident.title, date: incident.range.start?.description ?? day.description,
            violations: incident.violations, killed: counted.killed, injured: counted.injured,
            gravity: gravity, scale: scale, credibility: credibility, credibilityReason: credibilityReason,
            ageYears: age, recency: recency, attribution: attribution, attributionReason: reason,
            weight: gravity * scale * credibility * recency * attribution, nexus: nexus,
            claims: known.map { index.reference($0, knownOn: knownOn) })
    }

    func credibility(_ claims: [Claim]) -> (Double, String) {
        let records = claims.filter { $0.property == nil }
        let best = records.map { claim -> (Double, Claim) in
            var value = m.credibility.values[claim.confidence.rawValue] ?? 0
            if claim.status == .contested { value *= m.credibility.contestedFactor }
            if claim.status == .needsWork { value *= m.credibility.needsWorkFactor }
            return (value, claim)
        }.max { ($0.0, $1.1.id) < ($1.0, $0.1.id) }
        guard let best else { return (0, "no record claim known") }
        return (best.0, "\(best.1.confidence.rawValue) confidence, \(best.1.status.rawValue) (\(best.1.id))")
    }

    /// How the end user is tied to the incident's perpetrators through the chain of command on its date.
    mutating func attribute(_ incident: Incident, day: Day, endUserUnit: String?, commanders: inout Set<String>) -> (Double, String) {
        let w = m.attribution.values
        guard !incident.perpetratorUnits.isEmpty else {
            return incident.stateForces ? (w["unknown-state-forces"] ?? 0.2, "perpetrators are state forces, no unit identified")
                                        : (w["none"] ?? 0, "no perpetrator linked to the state")
        }
        let units = index.snapshot.units
        var best = (0.0, "no link between the end user and the perpetrators")
        for unitID in incident.perpetratorUnits.sorted() {
            guard let unit = units[unitID] else { continue }
            let pathU = path(unitID, day)
            chainUnits.formUnion(pathU)
            let candidate: (Double, String)
            if let endUserUnit, let endUser = units[endUserUnit] {
                if let position = pathU.firstIndex(of: endUserUnit) {
                    candidate = (w["is-or-commands"] ?? 1, position == 0 ? "the end user is the perpetrator unit \(unit.name)"
                                 : "the end user \(endUser.name) commands the perpetrator unit \(unit.name) (\(position) level\(position == 1 ? "" : "s") up on \(day))")
                } else if let root = forceRoot(pathU, force: unit.force), path(endUserUnit, day).contains(root) {
                    candidate = (w["sub-unit-of-force"] ?? 0.8, "the end user \(endUser.name) is a sub-unit of \(units[root]?.name ?? root), the force of the perpetrator unit \(unit.name)")
                } else if let force = unit.force, force == endUser.force, unit.country == endUser.country {
                    candidate = (w["same-force"] ?? 0.6, "the end user \(endUser.name) and the perpetrator unit \(unit.name) belong to the same force (\(force)), no chain link known")
                } else if unit.country == endUser.country, unit.force != nil, unit.force != "government" {
                    candidate = (w["other-state-force"] ?? 0.3, "the perpetrator unit \(unit.name) is another security force of the same state")
                } else {
                    candidate = (w["none"] ?? 0, "no link between the end user and \(unit.name)")
                }
            } else if unit.country == application.destination {
                candidate = (m.attribution.unknownEndUserUnit.value, "the end user is not identified as a unit; \(unit.name) is a security force of the destination")
            } else {
                candidate = (w["none"] ?? 0, "no link between the end user and \(unit.name)")
            }
            if candidate.0 > best.0 { best = candidate }
        }
        return best
    }

    /// The topmost unit of the path that still belongs to the perpetrator's force.
    func forceRoot(_ path: [String], force: String?) -> String? {
        guard let force else { return nil }
        var root: String?
        for id in path {
            guard index.snapshot.units[id]?.force == force else { break }
            root = id
        }
        return root
    }

    /// Everyone who held a command post, at any time of the look-back, in a unit of the perpetrators' chains.
    func commandersOfChains(from: Day) -> Set<String> {
        var persons: Set<String> = []
        for unit in chainUnits {
            for posting in command.commandPostings[unit] ?? [] where command.isVisible(posting.id)
                && posting.range.mayOverlap(from: from, to: knownOn) {
                persons.insert(posting.person)
            }
        }
        return persons
    }

    func risk(_ consequence: Consequence, incidents: [IncidentFactor], entries: [String], impunity: Double,
              mitigationFactor: Double, mitigated: Bool) -> ConsequenceRisk {
        let relevant = Set(consequence.violationTypes)
        var pattern = 0.0
        var weightedByEntry: [String: Double] = [:]
        for incident in incidents {
            let types = incident.violations.filter(relevant.contains)
            guard !types.isEmpty else { continue }
            let gravity = types.compactMap { m.gravity.values[$0] }.max() ?? 0
            let weight = gravity * incident.scale * incident.credibility * incident.recency * incident.attribution
            pattern += weight
            for entry in entries {
                let level = types.map { nexusLevel(entry, $0) }.max() ?? NexusLevel.none
                weightedByEntry[entry, default: 0] += weight * (m.nexus.values[level.rawValue] ?? 0)
            }
        }
        let (entry, weighted) = weightedByEntry.max { ($0.value, $1.key) < ($1.value, $0.key) } ?? ("", 0)
        let nexus = pattern > 0 ? weighted / pattern : 0
        let raw = weighted * (0.5 + impunity)
        let residual = raw * mitigationFactor
        let thresholds = m.levels.thresholds
        let computation = "R = Σ(g·s·c·r·a × nexus[\(entry.isEmpty ? "—" : entry)]) × (0.5 + I) = \(format(weighted)) × \(format(0.5 + impunity)) = \(format(raw))"
            + (mitigated ? "; R' = R × \(format(mitigationFactor)) = \(format(residual))" : "; R' = R")
        return ConsequenceRisk(code: consequence.code, regime: consequence.regime, title: consequence.title, pattern: pattern,
                               nexus: nexus, impunity: impunity, raw: raw, rawLevel: RiskLevel.level(of: raw, thresholds: thresholds),
                               mitigationApplied: mitigated, mitigationFactor: mitigated ? mitigationFactor : 1,
                               residual: residual, residualLevel: RiskLevel.level(of: residual, thresholds: thresholds),
                               computation: computation)
    }

    func diversionRisk(credibility: Double) -> DiversionRisk {
        let d = m.diversion
        var score = 0.0
        var factors: [String] = []
        if !application.mitigations.contains("end-use-certificate") {
            score += d.noEndUseCertificate
            factors.append("no end-use certificate with a no-re-export clause (+\(format(d.noEndUseCertificate)))")
        }
        let thirdCountry = application.intermediaries.filter { $0.country != nil && $0.country != application.destination && $0.country != application.exporter }
        if !thirdCountry.isEmpty {
            let add = min(d.maxIntermediaries, Double(thirdCountry.count) * d.perThirdCountryIntermediary)
            score += add
            factors.append("\(thirdCountry.count) intermediar\(thirdCountry.count == 1 ? "y" : "ies") in third countries (+\(format(add)))")
        }
        for party in application.intermediaries {
            guard let country = party.country,
                  !engine.reference.embargoes(on: application.decisionDate, target: country).isEmpty else { continue }
            score += d.embargoedIntermediary
            factors.append("intermediary \(party.name) is in \(country), under a UN arms embargo (+\(format(d.embargoedIntermediary)))")
            break
        }
        var factor = 1.0
        for code in application.mitigations.sorted() {
            guard let measure = m.mitigation(code), measure.diversion > 0 else { continue }
            factor *= 1 - measure.diversion * credibility
            factors.append("\(measure.title): × (1 − \(format(measure.diversion)) × \(format(credibility)))")
        }
        score *= factor
        return DiversionRisk(score: score, level: RiskLevel.level(of: score, thresholds: d.thresholds), factors: factors)
    }

    func conclude(_ regime: Regime, prohibitions: [Prohibition], consequences: [ConsequenceRisk], diversion: DiversionRisk,
                  embargoNotes: [String], endUserUnit: String?) -> RegimeConclusion {
        let decisive = consequences.max { ($0.residual, $1.code) < ($1.residual, $0.code) }
        let level = decisive?.residualLevel ?? .negligible
        let (test, threshold): (String, RiskLevel)
        switch regime {
        case .eipa: (test, threshold) = ("EIPA s. 7.4: no permit where, after considering mitigating measures, there is a substantial risk of a consequence in s. 7.3(1)", .substantial)
        case .att: (test, threshold) = ("ATT Art. 7.3: no authorisation where there is an overriding risk of a negative consequence in Art. 7.1, after mitigation (Art. 7.2)", .overriding)
        case .eu: (test, threshold) = ("EU Common Position Criterion 2: deny where there is a clear risk of internal repression (2(a)) or serious IHL violations (2(c))", .substantial)
        }
        var reasons: [String] = []
        var verdict: Verdict
        if !prohibitions.isEmpty {
            verdict = .prohibited
            reasons = prohibitions.map { "\($0.basis): \($0.text)" }
        } else if level >= threshold {
            verdict = .deny
            reasons.append("\(decisive!.code) (\(decisive!.title)): residual risk \(format(decisive!.residual)) is \(level.rawValue), at or above \(threshold.rawValue)")
        } else if level == threshold.below && level > .negligible {
            verdict = .refer
            reasons.append("\(decisive!.code): residual risk \(format(decisive!.residual)) is \(level.rawValue), one level below \(threshold.rawValue): senior review")
        } else {
            verdict = application.mitigations.isEmpty ? .approve : .approveWithConditions
            reasons.append("highest residual risk is \(level.rawValue)\(decisive.map { " (\($0.code), \(format($0.residual)))" } ?? ""), below \(threshold.rawValue)")
        }
        if verdict < .deny {
            if regime == .eu && diversion.level >= .substantial {
                verdict = .deny
                reasons.append("EU Criterion 7: diversion risk is \(diversion.level.rawValue)")
            } else if diversion.level >= .substantial {
                verdict = max(verdict, .refer)
                reasons.append("\(regime == .att ? "ATT Art. 11" : "diversion"): diversion risk is \(diversion.level.rawValue): senior review")
            }
            if embargoNotes.contains(where: { $0.contains("refer") }) {
                verdict = max(verdict, .refer)
                reasons.append("a UN embargo on non-state actors applies and the end user is not identified as a state unit")
            }
        }
        return RegimeConclusion(regime: regime, verdict: verdict, test: test, decisiveConsequence: decisive?.code,
                                decisiveLevel: decisive?.residualLevel, reasons: reasons)
    }

    func explain(incidents: [IncidentFactor], accountability: [AccountabilityFactor], impunity: Double, entries: [String],
                 conclusions: [RegimeConclusion], cannotMitigate: Bool, prohibitions: [Prohibition],
                 mitigations: [MitigationFactor], resolution: String) -> [String] {
        var lines: [String] = []
        let country = engine.reference.country(application.destination)?.name ?? application.destination
        lines.append("Assessed as known on \(knownOn) (decision date \(application.decisionDate)), method \(m.version). \(resolution.prefix(1).uppercased() + resolution.dropFirst()).")
        for prohibition in prohibitions { lines.append("Prohibited (\(prohibition.basis)): \(prohibition.text).") }
        let pattern = incidents.filter { $0.weight > 0 }.sorted { ($0.weight, $0.incidentID) > ($1.weight, $1.incidentID) }
        if pattern.isEmpty {
            lines.append("No serious violation in \(country) attributable to the end user's forces was public by \(knownOn) within the \(m.lookbackYears.value)-year look-back.")
        } else {
            let described = pattern.prefix(6).map { f -> String in
                let counts = [f.killed.map { "\($0) killed" }, f.injured.map { "\($0) injured" }].compactMap { $0 }.joined(separator: ", ")
                let source = f.claims.first(where: { $0.property == nil })?.sources.first.map { "\($0.publisher), \($0.published)" }
                return "\(f.title) (\(f.date)\(counts.isEmpty ? "" : "; \(counts)")\(source.map { "; reported by \($0)" } ?? ""))"
            }
            lines.append("Pattern of serious violations public by \(knownOn): \(pattern.count) incident\(pattern.count == 1 ? "" : "s") in \(country) attributable to the end user's forces — \(described.joined(separator: "; "))\(pattern.count > 6 ? "; and \(pattern.count - 6) more" : "").")
        }
        let statements = accountability.filter { $0.eventType == .praiseOfForces || $0.eventType == .vilificationOfVictims }
        if !statements.isEmpty {
            lines.append("Officials' public statements: \(statements.map { "\($0.title) (\($0.date))" }.joined(separator: "; ")).")
        }
        let shielding = accountability.filter { $0.eventType.raisesImpunity && $0.eventType != .praiseOfForces && $0.eventType != .vilificationOfVictims }
        if !shielding.isEmpty {
            lines.append("Impunity indicators: \(shielding.map { "\($0.eventType.rawValue): \($0.title) (\($0.date))" }.joined(separator: "; ")).")
        }
        let holding = accountability.filter { !$0.eventType.raisesImpunity }
        if !holding.isEmpty {
            lines.append("Accountability measures: \(holding.map { "\($0.eventType.rawValue): \($0.title) (\($0.date))" }.joined(separator: "; ")).")
        }
        lines.append("Impunity I = \(format(impunity)) (base \(format(m.impunity.base.value)) plus the weights of \(accountability.count) accountability event\(accountability.count == 1 ? "" : "s")).")
        if cannotMitigate {
            lines.append("The risk cannot be mitigated: impunity is \(format(impunity)) (≥ \(format(m.cannotMitigate.impunityAtLeast.value))) and the items could directly facilitate the violations; a recipient that rewards or shields those responsible cannot be relied on to honour assurances, so the proposed measures are recorded but not applied.")
        } else if !mitigations.isEmpty {
            lines.append("Mitigation applied with credibility 1 − I = \(format(1 - impunity)): \(mitigations.map { "\($0.code) removes \(format($0.reduction))" }.joined(separator: ", ")).")
        }
        for conclusion in conclusions {
            lines.append("\(conclusion.regime.rawValue): \(conclusion.verdict.rawValue) — \(conclusion.reasons.joined(separator: "; ")).")
        }
        return lines
    }

    /// SHA-256 over the application, the method, the knowledge date and every evidence value the engine read:
    /// each incident of the look-back window with its known claims, each accountability event counted, and
    /// each relation and posting of the chains used — written field by field in a fixed order, so the digest
    /// changes exactly when an input that can change the result changes.
    func digest(incidents: [IncidentFactor], accountability: [AccountabilityFactor]) -> String {
        var hasher = SHA256()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        hasher.update(data: (try? encoder.encode(application)) ?? Data())
        hasher.update(data: m.canonicalJSON())
        // One line per fact, each ended by a newline, written straight into one buffer: this text is the input
        // that `assess --verify` checks, so it must not change between versions.
        var text: [UInt8] = []
        text.reserveCapacity(256 * (incidents.count + 8))
        func put(_ string: String) { text.append(contentsOf: string.utf8) }
        func put(_ strings: [String]) {
            for (i, string) in strings.enumerated() {
                if i > 0 { text.append(UInt8(ascii: ",")) }
                put(string)
            }
        }
        func known(_ id: String) -> [Claim] { knownCache[id] ?? index.knownClaims(about: id, on: knownOn) }
        func claimLines(_ id: String) {
            for claim in known(id) {
                put("claim "); put(claim.id); put(" "); put(claim.subject); put(" "); put(claim.property ?? "-"); put("=")
                put(claim.value ?? "-"); put(" "); put(claim.status.rawValue); put(" "); put(claim.confidence.rawValue); put(" ")
                put(index.claimDay[claim.id]?.description ?? "-"); put(" "); put(claim.citations.map(\.source)); text.append(10)
            }
        }
        put("known-on \(knownOn)\n")
        for factor in incidents {
            guard let incident = index.snapshot.incidents[factor.incidentID] else { continue }
            put("incident "); put(incident.id); put(" "); put(incident.country); put(" ")
            put(incident.range.start?.description ?? "-"); put(".."); put(incident.range.end?.description ?? "-"); put(" ")
            put(incident.violations); put(" "); put(String(factor.killed ?? -1)); put(" "); put(String(factor.injured ?? -1)); put(" ")
            put(incident.perpetratorUnits); put(incident.stateForces ? " true\n" : " false\n")
            claimLines(incident.id)
        }
        for factor in accountability {
            put("accountability \(factor.eventID) \(factor.eventType.rawValue) \(factor.date)\n")
            if let event = index.snapshot.accountability[factor.eventID] { claimLines(event.id) }
        }
        var chainRecords = chainRelations
        for unit in chainUnits {
            for posting in command.commandPostings[unit] ?? [] where command.isVisible(posting.id) { chainRecords.insert(posting.id) }
        }
        // Incidents come in the index's order (day, id), claims and events by id, chain records sorted: the
        // sequence is already canonical.
        for id in chainRecords.sorted() {
            put("chain "); put(id); text.append(10)
            claimLines(id)
        }
        hasher.update(data: text)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// Numbers in explanations: three decimals, no trailing noise.
func format(_ value: Double) -> String {
    let rounded = (value * 1000).rounded() / 1000
    var text = String(format: "%.3f", rounded)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}
