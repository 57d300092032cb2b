import Crypto
import Foundation

/// The export risk-assessment engine of docs/ASSESSMENT.md: pure and deterministic. The same application,
/// evidence, method and knowledge date give the same assessment, byte for byte.
public struct AssessmentEngine: Sendable {
    public let methodology: Methodology
    public let reference: ReferenceData
    public let screening: (any ScreeningHook)?
    /// The regimes and the dates they bound each state (method v2).
    public let regimes: RegimeCatalogue
    /// The method's canonical JSON and the regimes catalogue's, encoded once for every digest this engine writes.
    let methodologyJSON: Data
    let regimesJSON: Data

    public init(methodology: Methodology = .standard, reference: ReferenceData = .shared, screening: (any ScreeningHook)? = nil,
                regimes: RegimeCatalogue = .shared) {
        self.methodology = methodology
        self.reference = reference
        self.screening = screening
        self.regimes = regimes
        methodologyJSON = methodology.canonicalJSON()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        regimesJSON = methodology.v2 == nil ? Data() : ((try? encoder.encode(regimes)) ?? Data())
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
    /// The method, held once (not read through `engine` at every use).
    let m: Methodology
    /// Method v2's attribution weights, held once (empty in v1).
    let v2Attribution: [String: Double]
    var rationale: [String] = []

    init(engine: AssessmentEngine, application: ExportApplication, index: EvidenceIndex, knownOn: Day) {
        self.engine = engine
        self.application = application
        self.index = index
        self.knownOn = knownOn
        self.m = engine.methodology
        self.v2Attribution = engine.methodology.v2?.attribution.values ?? [:]
        self.command = index.command.known(on: knownOn)
        var table: [String: [String: NexusLevel]] = [:]
        let types = Array(engine.methodology.gravity.values.keys) + ["unlawful-killing"]
        for item in application.items {
            guard let entry = ControlEntry.canonicalCode(item.controlEntry) else { continue }
            var row: [String: NexusLevel] = [:]
            for type in types { row[type] = engine.reference.nexus.level(entry: entry, violation: type) }
            table[entry] = row
        }
        if engine.methodology.v2 != nil, application.items.contains(where: \.isUndisclosed) {
            var row: [String: NexusLevel] = [:]
            for type in types {
                row[type] = engine.reference.controlEntries.map { engine.reference.nexus.level(entry: $0.id, violation: type) }.max() ?? NexusLevel.none
            }
            table[ApplicationItem.undisclosed] = row
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

    func nexusLevel(_ entry: String, _ violation: String) -> NexusLevel {
        let level = nexusTable[entry]?[violation] ?? .none
        guard let raised = nexusRaised[entry], raised.types.isEmpty || raised.types.contains(violation) else { return level }
        return max(level, raised.level)
    }
    /// v2: nexus raised by item-use evidence, per entry (for the violation types given; all when empty).
    var nexusRaised: [String: (level: NexusLevel, types: Set<String>)] = [:]
    /// v2: factor on the risk of each entry from item-use evidence (the exporter's goods used, or not found).
    var entryFactors: [String: Double] = [:]
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
        let v2 = m.v2
        var entries = application.items.compactMap { ControlEntry.canonicalCode($0.controlEntry) }
        var flags: [String] = []
        if v2 != nil, application.items.contains(where: \.isUndisclosed) {
            entries.append(ApplicationItem.undisclosed)
            let lines = application.items.enumerated().filter { $0.element.isUndisclosed }.map { "item \($0.offset + 1) (\($0.element.description))" }
            flags.append("control entry not disclosed for \(lines.joined(separator: ", ")): assessed at the most exposed entry of the munitions list for each violation type")
        }
        let (endUser, resolution) = resolveEndUserV2()
        let endUserUnit = endUser.units.first

        // Regimes: those asked for, or with "auto" those binding the exporter on the decision date (v2).
        var regimes = application.regimes.sorted()
        var statuses: [Regime: RegimeStatus] = [:]
        if v2 != nil {
            let catalogue = engine.regimes
            if application.autoRegimes { regimes = catalogue.binding(exporter: application.exporter, on: application.decisionDate) }
            for regime in regimes {
                let status = catalogue.status(regime, exporter: application.exporter, on: application.decisionDate)
                statuses[regime] = status
                if !status.inForce { flags.append("\(regime.rawValue) did not bind \(application.exporter) on \(application.decisionDate): \(status.reason); assessed for comparison only") }
            }
        }

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

        // 3–4. The pattern of violations known on the knowledge date: v1 the incidents in the destination, v2 the
        // incidents of the destination's forces wherever they act.
        let lookbackStart = application.decisionDate.adding(days: -Int((Double(m.lookbackYears.value) * 365.25).rounded()))
        var incidents: [IncidentFactor] = []
        var commanders: Set<String> = []
        var patternUnits: Set<String> = []
        var attributions: [String: Double] = [:]
        var itemUse: [ItemUseFactor] = []
        if v2 != nil { itemUse = itemUseFactors(lookbackStart: lookbackStart, entries: entries) }
        let candidates = v2 != nil ? index.incidentsByState[application.destination] ?? [] : index.incidentsByCountry[application.destination] ?? []
        for incident in candidates {
            guard let day = incident.firstDay else { continue }
            if day < lookbackStart { continue }
            if day > knownOn { break }
            guard index.isKnown(incident.id, on: knownOn) else { continue }
            let factor = incidentFactor(incident, day: day, endUser: endUser, entries: entries, commanders: &commanders)
            attributions[incident.id] = factor.attribution
            if factor.attribution > 0 { patternUnits.formUnion(incident.perpetratorUnits) }
            incidents.append(factor)
        }
        let patternIncidents = Set(incidents.filter { $0.attribution > 0 }.map(\.incidentID))
        commanders.formUnion(commandersOfChains(from: lookbackStart))

        // v2: findings of competent bodies, and item use.
        var findings: [FindingFactor] = []
        if v2 != nil {
            findings = findingFactors(lookbackStart: lookbackStart, endUser: endUser, entries: entries, attributions: attributions)
            for finding in findings where finding.attribution > 0 {
                patternUnits.formUnion(index.snapshot.findings[finding.findingID]?.units ?? [])
            }
        }

        // 3. Findings of atrocity crimes (ATT 6.3).
        let findingPool = v2 != nil ? index.findingsByState[application.destination] ?? [] : index.findingsByCountry[application.destination] ?? []
        for finding in findingPool where finding.determination || (v2 != nil && finding.effectiveStrength == .determination) {
            guard index.isKnown(finding.id, on: knownOn),
                  let day = finding.range.start?.earliestDay ?? finding.range.end?.earliestDay, day >= lookbackStart,
                  !Set(finding.categories).isDisjoint(with: ["genocide", "crimes-against-humanity", "war-crimes"]) else { continue }
            let linked = finding.incidents.contains { (attributions[$0] ?? 0) >= (m.attribution.values["sub-unit-of-force"] ?? 0.8) }
                || finding.units.contains { endUser.units.contains($0) }
                || (v2 != nil && (findings.first { $0.findingID == finding.id }?.attribution ?? 0) >= (m.attribution.values["sub-unit-of-force"] ?? 0.8))
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
        var references = patternIncidents.union(patternUnits).union(commanders)
        if v2 != nil {
            for finding in findings where finding.attribution > 0 { references.insert(finding.findingID); references.formUnion(finding.coveredIncidents) }
        }
        var events: [AccountabilityEvent] = []
        for reference in references.sorted() {
            for event in index.accountabilityByReference[reference] ?? [] where seenEvents.insert(event.id).inserted { events.append(event) }
        }
        if v2 != nil {
            for event in index.accountabilityByState[application.destination] ?? [] where seenEvents.insert(event.id).inserted { events.append(event) }
        }
        for event in events {
            guard index.isKnown(event.id, on: knownOn),
                  (event.range.start?.earliestDay ?? event.range.end?.earliestDay).map({ $0 <= knownOn }) ?? true else { continue }
            var weight = m.impunity.weights[event.eventType.rawValue] ?? 0
            if let v2, event.credible == false { weight = v2.nonCredibleInvestigation.value }
            accountability.append(AccountabilityFactor(
                eventID: event.id, eventType: event.eventType, title: event.title,
                date: event.range.start?.description ?? event.range.end?.description ?? "",
                weight: weight, claims: index.knownClaims(about: event.id, on: knownOn).map { index.reference($0, knownOn: knownOn) }))
        }
        accountability.sort { $0.eventID < $1.eventID }
        let impunity = min(1, max(0, m.impunity.base.value + accountability.map(\.weight).reduce(0, +)))

        // 5, 7, 8. Nexus, raw risk and mitigation per consequence.
        let credibility = 1 - impunity
        let breaches = v2 != nil ? recipientBreaches(lookbackStart: lookbackStart) : []
        let strongNexus = incidents.contains { f in f.attribution > 0 && f.nexus.values.contains { $0 >= .facilitating } }
            || findings.contains { f in f.attribution > 0 && f.nexus.values.contains { $0 >= .facilitating } }
        let cannotMitigate = strongNexus && impunity >= m.cannotMitigate.impunityAtLeast.value
        // The named unit is in the pattern's chain when it is, or commands, a perpetrator unit.
        let endUserLinked = incidents.contains { $0.attribution >= (m.attribution.values["is-or-commands"] ?? 1) }
            || findings.contains { $0.attribution >= (m.attribution.values["is-or-commands"] ?? 1) }
        var measures = application.mitigations
        var assuranceNotes: [String] = []
        if v2 != nil {
            for (code, note) in assuranceMeasuresInEvidence() where !measures.contains(code) {
                measures.append(code)
                assuranceNotes.append(note)
            }
        }
        var mitigations: [MitigationFactor] = []
        for code in measures.sorted() {
            guard let measure = m.mitigation(code) else {
                mitigations.append(MitigationFactor(code: code, title: "unknown measure", effect: 0, credibility: credibility, reduction: 0, known: false))
                continue
            }
            var effect = measure.misuse
            if code == "end-use-restricted-unit" && (endUserUnit == nil || endUserLinked) { effect = 0 }
            let measureCredibility = credibility * assuranceCredibility(code, breaches: breaches.count)
            mitigations.append(MitigationFactor(code: code, title: measure.title, effect: effect, credibility: measureCredibility,
                                                reduction: effect * measureCredibility, known: true))
        }
        let mitigationFactor = cannotMitigate ? 1.0 : mitigations.reduce(1.0) { $0 * (1 - $1.reduction) }

        var consequences: [ConsequenceRisk] = []
        for regime in regimes {
            for consequence in Consequence.all(for: regime) {
                consequences.append(risk(consequence, incidents: incidents, findings: findings, entries: entries, impunity: impunity,
                                         mitigationFactor: mitigationFactor, mitigated: !cannotMitigate && !mitigations.isEmpty))
            }
        }

        // 9. Diversion.
        let diversion = diversionRisk(credibility: credibility, measures: measures, breaches: breaches, lookbackStart: lookbackStart)

        // 10. Verdicts.
        var conclusions: [RegimeConclusion] = []
        for regime in regimes {
            conclusions.append(conclude(regime, status: statuses[regime], prohibitions: prohibitions,
                                        consequences: consequences.filter { $0.regime == regime },
                                        diversion: diversion, embargoNotes: embargoNotes, endUserUnit: endUserUnit,
                                        measures: measures, incidents: incidents, findings: findings))
        }
        var verdicts: [String: Verdict] = [:]
        for conclusion in conclusions { verdicts[conclusion.regime.rawValue] = conclusion.verdict }
        let conditions = conclusions.contains(where: { $0.verdict == .approveWithConditions })
            ? mitigations.filter(\.known).map(\.title) : []
        let overall = v2 == nil ? nil : conclusions.filter { $0.inForce ?? true }.map(\.verdict).max()

        rationale = explain(incidents: incidents, findings: findings, itemUse: itemUse, accountability: accountability,
                            impunity: impunity, entries: entries, conclusions: conclusions, cannotMitigate: cannotMitigate,
                            prohibitions: prohibitions, mitigations: mitigations, resolution: resolution,
                            assuranceNotes: assuranceNotes, flags: flags, overall: overall)

        return Assessment(
            applicationID: application.id, methodologyVersion: m.version, knowledgeDate: knownOn.description,
            decisionDate: application.decisionDate.description,
            inputDigest: digest(incidents: incidents, accountability: accountability, findings: findings, itemUse: itemUse, breaches: breaches),
            verdicts: verdicts, conclusions: conclusions, prohibitions: prohibitions, screening: hits,
            embargoes: embargoNotes, endUserUnit: endUserUnit, endUserResolution: resolution,
            incidents: incidents.sorted { ($0.weight, $0.incidentID) > ($1.weight, $1.incidentID) },
            impunity: impunity, accountability: accountability,
            items: application.items.map { item in
                if item.isUndisclosed { return "undisclosed (most exposed entry): \(item.description)" }
                let entry = ControlEntry.canonicalCode(item.controlEntry).flatMap(engine.reference.controlEntry)
                return "\(item.controlEntry) (\(entry?.id ?? "?")): \(item.description)\(entry.map { " — \($0.title)" } ?? "")"
            },
            consequences: consequences, mitigations: mitigations, cannotMitigate: cannotMitigate,
            cannotMitigateReason: cannotMitigate
                ? "impunity \(format(impunity)) ≥ \(format(m.cannotMitigate.impunityAtLeast.value)) and the items have a direct or facilitating nexus to the pattern: \(m.cannotMitigate.impunityAtLeast.rationale)"
                : nil,
            diversion: diversion, rationale: rationale, conditions: conditions,
            overallVerdict: overall,
            findings: v2 == nil ? nil : findings.sorted { ($0.weight, $0.findingID) > ($1.weight, $1.findingID) },
            itemUse: v2 == nil ? nil : itemUse,
            flags: v2 == nil ? nil : flags)
    }

    /// The end user's unit: by id, then by exact name (ignoring case and accents), then by the end user's name.
    func resolveEndUser() -> (String?, String) {
        if let given = application.endUser.unit {
            if index.snapshot.units[given] != nil { return (given, "end user unit \(given) given in the application") }
            if let unit = unitID(named: given, country: nil) {
                return (unit, "end user unit \"\(given)\" resolved to \(unit) by name")
            }
            return (nil, "end user unit \"\(given)\" is not in the evidence base; treated as some security force of the destination")
        }
        if let unit = unitID(named: application.endUser.name, country: application.destination) {
            return (unit, "end user \"\(application.endUser.name)\" resolved to \(unit) by name")
        }
        return (nil, "end user \"\(application.endUser.name)\" is not a unit of the evidence base; treated as some security force of the destination")
    }

    /// The unit (of `country`, when given) with this name or alias, ignoring case and accents; the first by id
    /// when several have it.
    func unitID(named name: String, country: String?) -> String? {
        let key = NameKey.fold(name)
        return index.snapshot.units.values.filter { (country == nil || $0.country == country)
            && (NameKey.fold($0.name) == key || $0.aliases.contains { NameKey.fold($0) == key }) }
            .min(by: { $0.id < $1.id })?.id
    }

    /// g, s, c, r, a and the item nexus of one incident.
    mutating func incidentFactor(_ incident: Incident, day: Day, endUser: ResolvedEndUser, entries: [String],
                                 commanders: inout Set<String>) -> IncidentFactor {
        let known = self.known(incident.id)
        let counted = incident.withKnownCounts(allClaims: index.snapshot.claims(about: incident.id), knownClaims: known)
        // Plain loops, not closures: a closure here would capture (and copy) the whole run.
        let gravities = m.gravity.values
        var gravity = 0.0
        var anyGravity = false
        for violation in incident.violations {
            if let g = gravities[violation] { gravity = anyGravity ? max(gravity, g) : g; anyGravity = true }
        }
        let raw = 1 + Double(counted.killed ?? 0) + m.scale.injuredWeight.value * Double(counted.injured ?? 0)
        let scale = max(m.scale.minimum.value, log2(raw))
        let (credibility, credibilityReason) = self.credibility(known)
        let age = max(0, Double(day.days(to: application.decisionDate)) / 365.25)
        let recency = pow(0.5, age / m.recency.halfLifeYears.value)
        // The index lists the incident under the destination directly, or through its coalition only.
        var direct = incident.coalition == nil || incident.effectiveResponsibleState == application.destination
        if !direct {
            let units = index.snapshot.units, destination = application.destination
            direct = incident.perpetratorUnits.contains { units[$0]?.country == destination }
        }
        // v2: counted only through a coalition the destination is a member of, at the member's weight.
        let (coalitionShare, coalitionReason) = m.v2 == nil ? (1, nil) : coalitionWeight(incident.coalition, direct: direct)
        var (attribution, reason) = m.v2 == nil
            ? attribute(incident, day: day, endUserUnit: endUser.units.first, commanders: &commanders)
            : attributeV2(units: incident.perpetratorUnits, forces: incident.forces ?? [],
                          stateForces: incident.effectiveResponsibleState == application.destination || coalitionReason != nil, day: day,
                          endUser: endUser, abroad: incident.country != application.destination, commanders: &commanders)
        if let coalitionReason {
            attribution *= coalitionShare
            reason = "\(reason); \(coalitionReason)"
        }
        var nexus: [String: NexusLevel] = [:]
        for entry in entries {
            var level = NexusLevel.none
            for violation in incident.violations { level = max(level, nexusLevel(entry, violation)) }
            nexus[entry] = level
        }
        var references: [ClaimReference] = []
        references.reserveCapacity(known.count)
        for claim in known { references.append(index.reference(claim, knownOn: knownOn)) }
        return IncidentFactor(
            incidentID: incident.id, title: incident.title, date: incident.range.start?.description ?? day.description,
            violations: incident.violations, killed: counted.killed, injured: counted.injured,
            gravity: gravity, scale: scale, credibility: credibility, credibilityReason: credibilityReason,
            ageYears: age, recency: recency, attribution: attribution, attributionReason: reason,
            weight: gravity * scale * credibility * recency * attribution, nexus: nexus,
            claims: references)
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
                candidate = chainLink(unitID, unit, path: pathU, endUserUnit: endUserUnit, endUser: endUser, day: day, insidePerpetrator: false)
            } else if unit.country == application.destination {
                candidate = (m.attribution.unknownEndUserUnit.value, "the end user is not identified as a unit; \(unit.name) is a security force of the destination")
            } else {
                candidate = (w["none"] ?? 0, "no link between the end user and \(unit.name)")
            }
            if candidate.0 > best.0 { best = candidate }
        }
        return best
    }

    /// How a named end-user unit is tied to a perpetrator unit through the chains on `day`: it is or commands it,
    /// (method v2: it is a sub-unit of it,) it is a sub-unit of its force, same force, another force of the same
    /// state, or none. The end user's own chain is walked only when the perpetrator's does not reach it.
    mutating func chainLink(_ unitID: String, _ unit: Unit, path pathU: [String], endUserUnit: String, endUser: Unit, day: Day,
                            insidePerpetrator: Bool) -> (Double, String) {
        let w = m.attribution.values
        if let position = pathU.firstIndex(of: endUserUnit) {
            return (w["is-or-commands"] ?? 1, position == 0 ? "the end user is the perpetrator unit \(unit.name)"
                    : "the end user \(endUser.name) commands the perpetrator unit \(unit.name) (\(position) level\(position == 1 ? "" : "s") up on \(day))")
        }
        if insidePerpetrator, path(endUserUnit, day).contains(unitID) {
            return (v2Attribution["end-user-inside-perpetrator"] ?? 0.8, "the end user \(endUser.name) is a sub-unit of the perpetrator \(unit.name) on \(day)")
        }
        if let root = forceRoot(pathU, force: unit.force), path(endUserUnit, day).contains(root) {
            return (w["sub-unit-of-force"] ?? 0.8, "the end user \(endUser.name) is a sub-unit of \(index.snapshot.units[root]?.name ?? root), the force of the perpetrator unit \(unit.name)")
        }
        if let force = unit.force, force == endUser.force, unit.country == endUser.country {
            return (w["same-force"] ?? 0.6, "the end user \(endUser.name) and the perpetrator unit \(unit.name) belong to the same force (\(force)), no chain link known")
        }
        if unit.country == endUser.country, unit.force != nil, unit.force != "government" {
            return (w["other-state-force"] ?? 0.3, "the perpetrator unit \(unit.name) is another security force of the same state")
        }
        return (w["none"] ?? 0, "no link between the end user and \(unit.name)")
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

    func risk(_ consequence: Consequence, incidents: [IncidentFactor], findings: [FindingFactor], entries: [String], impunity: Double,
              mitigationFactor: Double, mitigated: Bool) -> ConsequenceRisk {
        let relevant = Set(consequence.violationTypes)
        var pattern = 0.0
        var weightedByEntry: [String: Double] = [:]
        // Per incident: its weight, and its weight times the nexus of each entry (for the double-counting rule).
        var incidentWeight: [String: Double] = [:]
        var incidentWeighted: [String: [String: Double]] = [:]
        // The incidents are read by index and summed per entry in an array, in the same order and with the same
        // products as the formula states (so every figure is the same as computed term by term), without copying
        // each incident's record or hashing per term.
        let gravities = m.gravity.values, nexusValues = m.nexus.values
        let factors = entries.map { entryFactors[$0] ?? 1 }
        var sums = [Double](repeating: 0, count: entries.count)
        var touched = false
        let tracking = !findings.isEmpty
        let distinct = Set(entries).count == entries.count
        var levels = [NexusLevel](repeating: .none, count: entries.count)
        for i in incidents.indices {
            var relevantCount = 0
            var gravity: Double?
            for e in levels.indices { levels[e] = .none }
            for violation in incidents[i].violations where relevant.contains(violation) {
                relevantCount += 1
                if let g = gravities[violation] { gravity = max(gravity ?? g, g) }
                for (e, entry) in entries.enumerated() { levels[e] = max(levels[e], nexusLevel(entry, violation)) }
            }
            guard relevantCount > 0 else { continue }
            let weight = (gravity ?? 0) * incidents[i].scale * incidents[i].credibility * incidents[i].recency * incidents[i].attribution
            if tracking { incidentWeight[incidents[i].incidentID] = weight }
            pattern += weight
            touched = true
            for e in entries.indices {
                let weighted = weight * (nexusValues[levels[e].rawValue] ?? 0) * factors[e]
                // Two items of the same entry add into one sum, term by term, as the formula has always done.
                if distinct { sums[e] += weighted } else { weightedByEntry[entries[e], default: 0] += weighted }
                if tracking { incidentWeighted[incidents[i].incidentID, default: [:]][entries[e]] = weighted }
            }
        }
        if touched && distinct { for (e, entry) in entries.enumerated() { weightedByEntry[entry] = sums[e] } }
        // v2: findings, each for what it adds beyond the pattern incidents it lists.
        for finding in findings {
            let types = finding.violations.filter(relevant.contains)
            guard !types.isEmpty else { continue }
            let gravity = types.compactMap { m.gravity.values[$0] }.max() ?? 0
            let full = finding.bodyWeight * finding.strengthWeight * gravity * finding.scale * finding.credibility
                * finding.recency * finding.attribution
            // What the finding adds beyond the counted incidents it lists, in weight and, per entry, in weight × nexus
            // (so that counting an incident the finding covers never lowers the risk).
            let covered = finding.coveredIncidents.compactMap { incidentWeight[$0] }.reduce(0, +)
            pattern += max(0, full - covered)
            for entry in entries {
                let level = types.map { nexusLevel(entry, $0) }.max() ?? NexusLevel.none
                let weighted = full * (m.nexus.values[level.rawValue] ?? 0) * (entryFactors[entry] ?? 1)
                let coveredWeighted = finding.coveredIncidents.compactMap { incidentWeighted[$0]?[entry] }.reduce(0, +)
                weightedByEntry[entry, default: 0] += max(0, weighted - coveredWeighted)
            }
        }
        let (entry, weighted) = weightedByEntry.max { ($0.value, $1.key) < ($1.value, $0.key) } ?? ("", 0)
        let nexus = pattern > 0 ? weighted / pattern : 0
        let itemFactor = entryFactors[entry].map { $0 == 1 ? "" : " × item use \(format($0))" } ?? ""
        let raw = weighted * (0.5 + impunity)
        let residual = raw * mitigationFactor
        let thresholds = m.levels.thresholds
        let computation = "R = Σ(g·s·c·r·a × nexus[\(entry.isEmpty ? "—" : entry)]\(itemFactor)) × (0.5 + I) = \(format(weighted)) × \(format(0.5 + impunity)) = \(format(raw))"
            + (mitigated ? "; R' = R × \(format(mitigationFactor)) = \(format(residual))" : "; R' = R")
        return ConsequenceRisk(code: consequence.code, regime: consequence.regime, title: consequence.title, pattern: pattern,
                               nexus: nexus, impunity: impunity, raw: raw, rawLevel: RiskLevel.level(of: raw, thresholds: thresholds),
                               mitigationApplied: mitigated, mitigationFactor: mitigated ? mitigationFactor : 1,
                               residual: residual, residualLevel: RiskLevel.level(of: residual, thresholds: thresholds),
                               computation: computation)
    }

    func diversionRisk(credibility: Double, measures: [String], breaches: [String], lookbackStart: Day) -> DiversionRisk {
        let d = m.diversion
        var score = 0.0
        var factors: [String] = []
        if !measures.contains("end-use-certificate") {
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
        // v2: the recipient's documented diversions.
        if let r = m.v2?.diversionRecords {
            for id in breaches {
                guard let record = index.snapshot.diversions[id] else { continue }
                let day = record.range.start?.earliestDay ?? record.range.end?.earliestDay ?? application.decisionDate
                let age = max(0, Double(day.days(to: application.decisionDate)) / 365.25)
                let recency = pow(0.5, age / r.halfLifeYears)
                var add = r.perRecord
                var why: [String] = []
                if record.originState == application.exporter { add += r.exporterGoods; why.append("the exporter's goods") }
                if record.diversionKind == .embargoedParty { add += r.embargoedParty; why.append("to an embargoed party") }
                add *= recency
                score += add
                factors.append("\(record.diversionKind.rawValue): \(record.title) (\(record.range.start?.description ?? "?")\(why.isEmpty ? "" : "; " + why.joined(separator: ", ")); recency \(format(recency))) (+\(format(add)))")
            }
        }
        var factor = 1.0
        for code in measures.sorted() {
            guard let measure = m.mitigation(code), measure.diversion > 0 else { continue }
            let c = (m.v2?.verificationMeasures.contains(code) ?? false) ? 1 : credibility * assuranceCredibility(code, breaches: breaches.count)
            factor *= 1 - measure.diversion * c
            factors.append("\(measure.title): × (1 − \(format(measure.diversion)) × \(format(c)))\(c < credibility ? " (credibility cut by \(breaches.count) documented breach\(breaches.count == 1 ? "" : "es") by the recipient)" : "")")
        }
        score *= factor
        return DiversionRisk(score: score, level: RiskLevel.level(of: score, thresholds: d.thresholds), factors: factors)
    }

    /// The test and threshold of a regime: v1 fixed, v2 from the version in force (regimes.json).
    func test(_ regime: Regime, status: RegimeStatus?) -> (String, RiskLevel?) {
        if m.v2 != nil, let version = status?.version {
            return ("\(version.title): \(version.test)", version.needsActualKnowledge ? nil : version.threshold)
        }
        switch regime {
        case .eipa: return ("EIPA s. 7.4: no permit where, after considering mitigating measures, there is a substantial risk of a consequence in s. 7.3(1)", .substantial)
        case .att: return ("ATT Art. 7.3: no authorisation where there is an overriding risk of a negative consequence in Art. 7.1, after mitigation (Art. 7.2)", .overriding)
        case .eu: return ("EU Common Position Criterion 2: deny where there is a clear risk of internal repression (2(a)) or serious IHL violations (2(c))", .substantial)
        case .uk: return ("UK licensing criteria, Criterion 2: clear risk of internal repression or serious IHL violations", .substantial)
        case .us: return ("US Conventional Arms Transfer Policy", .overriding)
        case .ca1986: return ("Canada's 1986 export-controls guidelines: no reasonable risk of use against the civilian population", .moderate)
        case .ch: return ("Swiss War Materiel Ordinance Art. 5(2)", .substantial)
        case .national: return ("common international standard: clear risk", .substantial)
        }
    }

    func conclude(_ regime: Regime, status: RegimeStatus?, prohibitions: [Prohibition], consequences: [ConsequenceRisk],
                  diversion: DiversionRisk, embargoNotes: [String], endUserUnit: String?, measures: [String],
                  incidents: [IncidentFactor], findings: [FindingFactor]) -> RegimeConclusion {
        let top = consequences.max { ($0.residual, $1.code) < ($1.residual, $0.code) }
        // v2 names no decisive consequence when every risk is nil.
        let decisive = m.v2 != nil && (top?.residual ?? 0) <= 0 ? nil : top
        let level = decisive?.residualLevel ?? .negligible
        var (test, threshold) = self.test(regime, status: status)
        var reasons: [String] = []
        // Tests on the destination as a whole (v2): Canada 1986 applies its test only to a destination with a
        // persistent record of serious violations; the Swiss ordinance refuses exports to a destination that
        // seriously and systematically violates human rights (since 2014 unless the risk of misuse is low).
        var countryDenies = false
        if m.v2 != nil, let version = status?.version, version.requiresPersistentRecord == true || version.countryTest != nil {
            let record = systematicRecord(incidents: incidents, findings: findings)
            if version.requiresPersistentRecord == true {
                if let record {
                    reasons.append("a persistent record of serious violations: \(record)")
                } else {
                    reasons.append("no persistent record of serious violations known: the guidelines' close control does not apply")
                    threshold = .overriding
                }
            }
            if let test = version.countryTest, let record {
                if test == "systematic" || level > .low {
                    countryDenies = true
                    reasons.append("the destination seriously and systematically violates human rights: \(record)\(test == "systematic" ? "" : "; the risk of misuse (\(level.rawValue)) is not low")")
                } else {
                    reasons.append("the destination seriously and systematically violates human rights (\(record)), but the risk of misuse is \(level.rawValue): the exception for a low risk applies")
                }
            }
        }
        var verdict: Verdict
        // The provisions a refusal rests on (v2), for the register's denial tables.
        var grounds: [String] = []
        let approval: Verdict = measures.isEmpty ? .approve : .approveWithConditions
        if !prohibitions.isEmpty {
            verdict = .prohibited
            reasons = prohibitions.map { "\($0.basis): \($0.text)" }
            grounds = prohibitions.flatMap { $0.basis.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) } }
        } else if countryDenies {
            verdict = .deny
            grounds = [status?.version?.title ?? test]
        } else if let threshold, level >= threshold {
            verdict = .deny
            grounds = [decisive!.code]
            reasons.append("\(decisive!.code) (\(decisive!.title)): residual risk \(format(decisive!.residual)) is \(level.rawValue), at or above \(threshold.rawValue)")
        } else if let threshold, level == threshold.below && level > .negligible {
            verdict = .refer
            reasons.append("\(decisive!.code): residual risk \(format(decisive!.residual)) is \(level.rawValue), one level below \(threshold.rawValue): senior review")
        } else if threshold == nil {
            // An actual-knowledge test denies only on a formal determination (a prohibition above): however high
            // the risk, it does not refuse; the report says so.
            verdict = approval
            reasons.append("highest residual risk is \(level.rawValue)\(decisive.map { " (\($0.code), \(format($0.residual)))" } ?? ""); the test refuses only on actual knowledge that the arms will be used for the listed crimes (a formal determination), which is not established")
        } else {
            verdict = approval
            reasons.append("highest residual risk is \(level.rawValue)\(decisive.map { " (\($0.code), \(format($0.residual)))" } ?? ""), below \(threshold!.rawValue)")
        }
        if verdict < .deny {
            let diversionDenies: Bool
            let diversionTest: String
            if m.v2 != nil, let provision = status?.version?.diversion {
                // v2: a regime with a diversion provision denies at its own threshold (substantial at most).
                diversionDenies = diversion.level >= min(threshold ?? .overriding, .substantial) && regime != .att && regime != .us
                    || diversion.level >= .overriding
                diversionTest = provision
            } else {
                diversionDenies = regime == .eu && diversion.level >= .substantial
                diversionTest = regime == .eu ? "EU Criterion 7" : (regime == .att ? "ATT Art. 11" : "diversion")
            }
            if diversionDenies {
                verdict = .deny
                grounds.append(diversionTest)
                reasons.append("\(diversionTest): diversion risk is \(diversion.level.rawValue)")
            } else if diversion.level >= .substantial {
                verdict = max(verdict, .refer)
                reasons.append("\(diversionTest): diversion risk is \(diversion.level.rawValue): senior review")
            }
            if embargoNotes.contains(where: { $0.contains("refer") }) {
                verdict = max(verdict, .refer)
                reasons.append("a UN embargo on non-state actors applies and the end user is not identified as a state unit")
            }
        }
        if m.v2 != nil, let status, !status.inForce {
            reasons.append("not in force for the exporter on the decision date (\(status.reason)): for comparison only")
            test = "\(test) [not in force]"
        }
        return RegimeConclusion(regime: regime, verdict: verdict, test: test, decisiveConsequence: decisive?.code,
                                decisiveLevel: decisive?.residualLevel, reasons: reasons,
                                inForce: m.v2 == nil ? nil : status?.inForce ?? true,
                                version: m.v2 == nil ? nil : status?.version?.id, status: m.v2 == nil ? nil : status?.reason,
                                grounds: m.v2 == nil || grounds.isEmpty ? nil : grounds.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } })
    }

    func explain(incidents: [IncidentFactor], findings: [FindingFactor], itemUse: [ItemUseFactor],
                 accountability: [AccountabilityFactor], impunity: Double, entries: [String],
                 conclusions: [RegimeConclusion], cannotMitigate: Bool, prohibitions: [Prohibition],
                 mitigations: [MitigationFactor], resolution: String, assuranceNotes: [String], flags: [String],
                 overall: Verdict?) -> [String] {
        var lines: [String] = []
        let country = engine.reference.country(application.destination)?.name ?? application.destination
        lines.append("Assessed as known on \(knownOn) (decision date \(application.decisionDate)), method \(m.version). \(resolution.prefix(1).uppercased() + resolution.dropFirst()).")
        for flag in flags { lines.append("Note: \(flag).") }
        for prohibition in prohibitions { lines.append("Prohibited (\(prohibition.basis)): \(prohibition.text).") }
        let pattern = incidents.filter { $0.weight > 0 }.sorted { ($0.weight, $0.incidentID) > ($1.weight, $1.incidentID) }
        if m.v2 != nil {
            explainV2(pattern: pattern, findings: findings, itemUse: itemUse, into: &lines)
        } else if pattern.isEmpty {
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
        for note in assuranceNotes { lines.append("Assurance on record: \(note).") }
        for conclusion in conclusions {
            lines.append("\(conclusion.regime.rawValue): \(conclusion.verdict.rawValue) — \(conclusion.reasons.joined(separator: "; ")).")
        }
        if let overall {
            let binding = conclusions.filter { $0.inForce ?? true }.map(\.regime.rawValue)
            lines.append(binding.isEmpty ? "Overall: \(overall.rawValue)."
                         : "Overall: \(overall.rawValue) — the strictest verdict of the regimes binding \(application.exporter) on \(application.decisionDate) (\(binding.joined(separator: ", "))).")
        }
        return lines
    }

    /// v2's account of the pattern: incidents of the destination's forces wherever they happened, split by how
    /// closely they are attributed to the end user (never "attributable" below 0.5), the findings and item use.
    func explainV2(pattern: [IncidentFactor], findings: [FindingFactor], itemUse: [ItemUseFactor], into lines: inout [String]) {
        let state = engine.reference.country(application.destination)?.name ?? application.destination
        func describe(_ f: IncidentFactor) -> String {
            let incident = index.snapshot.incidents[f.incidentID]
            let place = incident.map { $0.country == application.destination ? "" : " in \(engine.reference.country($0.country)?.name ?? $0.country)" } ?? ""
            let counts = [f.killed.map { "\($0) killed" }, f.injured.map { "\($0) injured" }].compactMap { $0 }.joined(separator: ", ")
            let source = f.claims.first(where: { $0.property == nil })?.sources.first.map { "\($0.publisher), \($0.published)" }
            return "\(f.title)\(place) (\(f.date)\(counts.isEmpty ? "" : "; \(counts)")\(source.map { "; reported by \($0)" } ?? ""); attribution \(format(f.attribution)))"
        }
        let attributable = pattern.filter { $0.attribution >= 0.5 }
        let weaker = pattern.filter { $0.attribution < 0.5 }
        if pattern.isEmpty && findings.allSatisfy({ $0.weight <= 0 }) {
            lines.append("No serious violation by \(state)'s forces, anywhere, was public by \(knownOn) within the \(m.lookbackYears.value)-year look-back.")
        }
        if !attributable.isEmpty {
            lines.append("Incidents attributable to the end user's forces (attribution ≥ 0.5), public by \(knownOn): \(attributable.count) — \(attributable.prefix(6).map(describe).joined(separator: "; "))\(attributable.count > 6 ? "; and \(attributable.count - 6) more" : "").")
        }
        if !weaker.isEmpty {
            lines.append("Incidents by \(state)'s forces linked less closely to the end user (attribution below 0.5, counted at that weight): \(weaker.count) — \(weaker.prefix(6).map(describe).joined(separator: "; "))\(weaker.count > 6 ? "; and \(weaker.count - 6) more" : "").")
        }
        let counted = findings.filter { $0.weight > 0 }
        if !counted.isEmpty {
            let text = counted.sorted { ($0.weight, $0.findingID) > ($1.weight, $1.findingID) }.prefix(6).map { f -> String in
                let counts = [f.killed.map { "\($0) killed" }, f.injured.map { "\($0) injured" }, f.incidentCount.map { "\($0) incidents" }]
                    .compactMap { $0 }.joined(separator: ", ")
                return "\(f.body) (\(f.bodyKind.rawValue), \(f.strength.rawValue)): \(f.title) (\(f.period)\(counts.isEmpty ? "" : "; \(counts)"); weight \(format(f.weight)), attribution \(format(f.attribution))\(f.coveredIncidents.isEmpty ? "" : "; covers \(f.coveredIncidents.count) incident record\(f.coveredIncidents.count == 1 ? "" : "s"), not counted twice"))"
            }
            lines.append("Findings of competent bodies about \(state)'s forces: \(text.joined(separator: "; ")).")
        }
        for use in itemUse { lines.append("Item use: \(use.title) (\(use.date)): \(use.effect).") }
    }

    /// SHA-256 over the application, the method, the knowledge date and every evidence value the engine read:
    /// each incident of the look-back window with its known claims, each accountability event counted, and
    /// each relation and posting of the chains used — written field by field in a fixed order, so the digest
    /// changes exactly when an input that can change the result changes.
    func digest(incidents: [IncidentFactor], accountability: [AccountabilityFactor], findings: [FindingFactor] = [],
                itemUse: [ItemUseFactor] = [], breaches: [String] = []) -> String {
        var hasher = SHA256()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        hasher.update(data: (try? encoder.encode(application)) ?? Data())
        hasher.update(data: engine.methodologyJSON)
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
        // v2 only (v1 texts stay as they were): the findings, item use, diversion records and assurances read,
        // and the regimes catalogue.
        if m.v2 != nil {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            func record(_ label: String, _ entity: (any EvidenceEntity)?) {
                guard let entity else { return }
                put(label); put(" "); put(entity.id); put(" ")
                text.append(contentsOf: (try? encoder.encode(entity)) ?? Data()); text.append(10)
                claimLines(entity.id)
            }
            for f in findings.sorted(by: { $0.findingID < $1.findingID }) { record("finding", index.snapshot.findings[f.findingID]) }
            for u in itemUse.sorted(by: { $0.itemUseID < $1.itemUseID }) { record("item-use", index.snapshot.itemUses[u.itemUseID]) }
            for id in breaches { record("breach", index.snapshot.diversions[id] ?? index.snapshot.assurances[id]) }
            for a in (index.assurancesByRecipient[application.destination] ?? []) where index.isKnown(a.id, on: knownOn) { record("assurance", a) }
            var coalitions: Set<String> = []
            for f in incidents { if let c = index.snapshot.incidents[f.incidentID]?.coalition { coalitions.insert(c) } }
            for c in coalitions.sorted() { record("coalition", index.snapshot.coalitions[c]) }
            put("regimes "); put(engine.regimes.version); text.append(10)
            text.append(contentsOf: engine.regimesJSON); text.append(10)
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
