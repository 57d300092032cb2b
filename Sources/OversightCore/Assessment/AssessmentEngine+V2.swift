import Foundation

/// The end user as method v2 reads it: the units it is, and how much of the state.
struct ResolvedEndUser {
    var units: [String]
    var scope: EndUserScope?
    var force: String?
}

/// The branches of the armed forces (as opposed to the police and other security forces).
let militaryForces: Set<String> = ["army", "navy", "air-force", "joint"]

extension EndUserScope {
    /// The scope and branch a name implies: "Egyptian Armed Forces" → armed forces, "Hong Kong Police Force" →
    /// the police, "Private maritime security companies" → non-state. Nil when the name says nothing.
    public static func inferred(from name: String) -> (EndUserScope, String?)? {
        let text = " " + NameKey.fold(name).replacingOccurrences(of: "-", with: " ") + " "
        func has(_ words: [String]) -> Bool { words.contains { text.contains(" \($0) ") || text.contains(" \($0)s ") } }
        if has(["company", "companies", "ltd", "inc", "gmbh", "private", "club", "contractor", "firm", "corporation", "plc", "llc"]) {
            return (.nonState, nil)
        }
        var branches: [String] = []
        if has(["police", "interior", "gendarmerie", "carabinieri", "guardia civil"]) { branches.append("police") }
        if has(["army", "land forces", "ground forces"]) { branches.append("army") }
        if has(["navy", "naval", "coast guard", "marine"]) { branches.append("navy") }
        if has(["air force", "air forces"]) { branches.append("air-force") }
        if has(["national guard", "defence force", "defense force", "defence forces", "defense forces"]) { branches.append("joint") }
        let armed = has(["armed forces", "military", "ministry of defence", "ministry of defense", "defence ministry", "mod"])
        let security = has(["security forces", "security services"])
        // The police with the military ("military and police"), or security forces: all of them.
        if security || branches.contains("police") && (armed || branches.count > 1) { return (.securityForces, nil) }
        if branches.count == 1 { return (.force, branches[0]) }
        if armed || branches.count > 1 { return (.armedForces, nil) }
        if has(["government", "state", "authorities"]) { return (.government, nil) }
        return nil
    }
}

extension AssessmentRun {
    /// v1: the single unit of `resolveEndUser`. v2: every unit named, and the scope (given, else from the units,
    /// else inferred from the name).
    func resolveEndUserV2() -> (ResolvedEndUser, String) {
        guard m.v2 != nil else {
            let (unit, text) = resolveEndUser()
            return (ResolvedEndUser(units: unit.map { [$0] } ?? [], scope: nil, force: nil), text)
        }
        let given = application.endUser
        var units: [String] = []
        var notes: [String] = []
        let all = index.snapshot.units
        for name in given.allUnits {
            if all[name] != nil { units.append(name); notes.append("end user unit \(name) given in the application"); continue }
            if let id = unitID(named: name, country: nil) { units.append(id); notes.append("end user unit \"\(name)\" resolved to \(id) by name"); continue }
            notes.append("end user unit \"\(name)\" is not in the evidence base")
        }
        if given.allUnits.isEmpty, let id = unitID(named: given.name, country: application.destination) {
            units.append(id)
            notes.append("end user \"\(given.name)\" resolved to \(id) by name")
        }
        var scope = given.scope
        var force = given.force
        if scope == nil {
            if !units.isEmpty {
                scope = .unit
            } else if let (inferred, branch) = EndUserScope.inferred(from: given.name) {
                scope = inferred
                force = force ?? branch
                notes.append("end user \"\(given.name)\" read as \(inferred.rawValue)\(branch.map { " (\($0))" } ?? "") from its name")
            } else {
                notes.append("end user \"\(given.name)\" is not a unit of the evidence base and its name does not say which force it is; treated as some security force of the destination")
            }
        } else {
            notes.append("end user scope \(scope!.rawValue)\(force.map { " (\($0))" } ?? "") given in the application")
        }
        return (ResolvedEndUser(units: units, scope: scope, force: force), notes.joined(separator: "; "))
    }

    /// How closely the end user is tied to forces of the destination: perpetrator units (their chains on `day`),
    /// else the branches named, else none. Method v2.
    mutating func attributeV2(units perpetrators: [String], forces: [String], stateForces: Bool, day: Day,
                              endUser: ResolvedEndUser, abroad: Bool = false, commanders: inout Set<String>) -> (Double, String) {
        let w = m.attribution.values
        let v = v2Attribution
        let all = index.snapshot.units
        let destination = application.destination
        if endUser.scope == .nonState {
            return (v["non-state-end-user"] ?? 0, "the end user is not a state force; the state's forces' conduct is not attributed to it")
        }
        // The branches concerned (only needed when the end user is not named by units): of the destination's
        // perpetrator units, else as stated; "security" names no branch; a state's forces acting outside its
        // territory are its armed forces.
        func concernedBranches() -> Set<String> {
            var branches = Set(perpetrators.compactMap { all[$0] }.filter { $0.country == destination }.compactMap(\.force))
            if branches.isEmpty { branches = Set(forces) }
            branches.remove("security")
            if branches.isEmpty && abroad && (stateForces || !forces.isEmpty) { branches = ["joint"] }
            return branches
        }
        func byScope() -> (Double, String)? {
            let branches = concernedBranches()
            switch endUser.scope {
            case .government?:
                return (v["end-user-is-state"] ?? 1, "the end user is the government of the state whose forces did it")
            case .securityForces?:
                return (v["end-user-is-state"] ?? 1, "the end user is the state's security forces as a whole")
            case .armedForces?:
                if branches.isEmpty { return (v["branch-not-stated"] ?? 0.6, "the end user is the armed forces; which force did it is not stated") }
                return branches.isDisjoint(with: militaryForces)
                    ? (v["other-branch"] ?? 0.3, "the end user is the armed forces; it was done by \(branches.sorted().joined(separator: ", "))")
                    : (v["same-branch"] ?? 1, "the end user is the armed forces, whose \(branches.intersection(militaryForces).sorted().joined(separator: ", ")) did it")
            case .force?:
                guard let force = endUser.force else { return (v["branch-not-stated"] ?? 0.6, "the end user is a branch of the forces") }
                if branches.isEmpty { return (v["branch-not-stated"] ?? 0.6, "the end user is the \(force); which force did it is not stated") }
                if branches.contains(force) || (force == "joint" && !branches.isDisjoint(with: militaryForces))
                    || (branches.contains("joint") && militaryForces.contains(force)) {
                    return (v["same-branch"] ?? 1, "the end user is the \(force), the force that did it")
                }
                return (v["other-branch"] ?? 0.3, "the end user is the \(force); it was done by \(branches.sorted().joined(separator: ", "))")
            default:
                return nil
            }
        }
        var best: (Double, String) = (0, "no link between the end user and the perpetrators")
        let stateUnits = perpetrators.filter { all[$0]?.country == destination }.sorted()
        if !stateUnits.isEmpty && !endUser.units.isEmpty {
            for unitID in stateUnits {
                guard let unit = all[unitID] else { continue }
                let pathU = path(unitID, day)
                chainUnits.formUnion(pathU)
                for endUserUnit in endUser.units {
                    guard let endUserRecord = all[endUserUnit] else { continue }
                    let candidate = chainLink(unitID, unit, path: pathU, endUserUnit: endUserUnit, endUser: endUserRecord, day: day,
                                              insidePerpetrator: true)
                    if candidate.0 > best.0 { best = candidate }
                }
            }
            return best
        }
        if let scoped = byScope() { return scoped }
        if !stateUnits.isEmpty {
            let names = stateUnits.compactMap { all[$0]?.name }.joined(separator: ", ")
            return (m.attribution.unknownEndUserUnit.value, "the end user is not identified as a unit; \(names) \(stateUnits.count == 1 ? "is a force" : "are forces") of the destination")
        }
        if stateForces || !forces.isEmpty {
            return (w["unknown-state-forces"] ?? 0.4, "perpetrators are the destination's state forces, no unit identified")
        }
        return (w["none"] ?? 0, "no perpetrator linked to the state")
    }

    /// The weight of the coalition link, when the incident or finding counts for the destination only through
    /// its coalition.
    func coalitionWeight(_ coalitionID: String?, direct: Bool) -> (Double, String?) {
        guard !direct, let coalitionID, let coalition = index.snapshot.coalitions[coalitionID],
              let member = coalition.members.first(where: { $0.state == application.destination }) else { return (1, nil) }
        let c = m.v2!.coalitions
        let weight = member.weight ?? ((member.lead ?? false) ? c.leadWeight.value : c.memberWeight.value)
        return (weight, "as a member of \(coalition.name) (attribution weight \(format(weight)))")
    }

    /// Findings of competent bodies about the destination's forces, known on the knowledge date.
    mutating func findingFactors(lookbackStart: Day, endUser: ResolvedEndUser, entries: [String],
                                 attributions: [String: Double]) -> [FindingFactor] {
        guard let v2 = m.v2 else { return [] }
        var factors: [FindingFactor] = []
        var commanders: Set<String> = []
        for finding in index.findingsByState[application.destination] ?? [] {
            guard index.isKnown(finding.id, on: knownOn) else { continue }
            // The period covered: its last day counts for the look-back and the recency.
            guard let last = finding.range.end?.latestDay ?? finding.range.start?.latestDay else { continue }
            if last < lookbackStart { continue }
            let reference = min(last, application.decisionDate)
            let known = self.known(finding.id)
            let violations = violationTypes(of: finding.categories)
            let gravity = violations.compactMap { m.gravity.values[$0] }.max() ?? 0
            let strength = finding.effectiveStrength
            let bodyKind = finding.bodyKind ?? .credibleNGO
            let bodyWeight = v2.findings.bodies[bodyKind.rawValue] ?? 0
            let strengthWeight = v2.findings.strength[strength.rawValue] ?? 0
            let counted = 1 + Double(finding.killed ?? 0) + m.scale.injuredWeight.value * Double(finding.injured ?? 0)
                + Double(finding.incidentCount ?? 0)
            let scale = max(v2.findings.minimumScale[strength.rawValue] ?? m.scale.minimum.value, log2(counted))
            let (credibility, _) = self.credibility(known)
            let age = max(0, Double(reference.days(to: application.decisionDate)) / 365.25)
            let recency = pow(0.5, age / m.recency.halfLifeYears.value)
            let direct = finding.concernedStates.contains(application.destination)
                || finding.units.contains { index.snapshot.units[$0]?.country == application.destination }
            let (coalition, coalitionReason) = coalitionWeight(finding.coalition, direct: direct)
            var (attribution, reason) = attributeV2(units: finding.units, forces: finding.forces ?? [],
                                                    stateForces: direct || coalitionReason != nil,
                                                    day: finding.range.start?.earliestDay ?? reference, endUser: endUser,
                                                    abroad: finding.country != application.destination, commanders: &commanders)
            if let coalitionReason, !direct {
                attribution *= coalition
                reason = "\(reason); \(coalitionReason)"
            }
            // A finding about listed incidents, naming no forces of its own, is as closely linked as they are.
            if finding.units.isEmpty && (finding.forces ?? []).isEmpty,
               let closest = finding.incidents.compactMap({ attributions[$0] }).max(), closest > attribution {
                attribution = closest
                reason = "as the incidents it covers (attribution \(format(closest)))"
            }
            var nexus: [String: NexusLevel] = [:]
            for entry in entries { nexus[entry] = violations.map { nexusLevel(entry, $0) }.max() ?? NexusLevel.none }
            let period = [finding.range.start?.description, finding.range.end?.description].compactMap { $0 }
            factors.append(FindingFactor(
                findingID: finding.id, title: finding.title, body: finding.body, bodyKind: bodyKind, strength: strength,
                period: Set(period).count == 1 ? period[0] : period.joined(separator: " – "), violations: violations,
                killed: finding.killed, injured: finding.injured, incidentCount: finding.incidentCount,
                bodyWeight: bodyWeight, strengthWeight: strengthWeight, gravity: gravity, scale: scale,
                credibility: credibility, recency: recency, attribution: attribution, attributionReason: reason,
                weight: bodyWeight * strengthWeight * gravity * scale * credibility * recency * attribution,
                coveredIncidents: finding.incidents.filter { (attributions[$0] ?? 0) > 0 }.sorted(), nexus: nexus,
                claims: known.map { index.reference($0, knownOn: knownOn) }))
        }
        return factors
    }

    /// The violation types a finding's categories speak to (violation codes as they are, atrocity and
    /// descriptive categories through the method's table).
    func violationTypes(of categories: [String]) -> [String] {
        var types: [String] = []
        for category in categories {
            let mapped = m.gravity.values[category] != nil ? [category] : (m.v2?.findings.categories[category] ?? [])
            for type in mapped where !types.contains(type) { types.append(type) }
        }
        return types.sorted()
    }

    /// Item-use evidence about the destination's forces: raises the nexus of the goods concerned, or lowers it
    /// when a review found no use of the exporter's goods.
    mutating func itemUseFactors(lookbackStart: Day, entries: [String]) -> [ItemUseFactor] {
        guard let v2 = m.v2 else { return [] }
        var factors: [ItemUseFactor] = []
        for use in index.itemUsesByState[application.destination] ?? [] {
            guard index.isKnown(use.id, on: knownOn) else { continue }
            if let last = use.range.end?.latestDay ?? use.range.start?.latestDay, last < lookbackStart { continue }
            let entry = use.controlEntry.flatMap(ControlEntry.canonicalCode)
            let concerned = entries.filter { entry == nil || $0 == entry || $0 == ApplicationItem.undisclosed }
            var types: Set<String> = []
            if let incident = use.incident.flatMap({ index.snapshot.incidents[$0] }) { types.formUnion(incident.violations) }
            if let finding = use.finding.flatMap({ index.snapshot.findings[$0] }) { types.formUnion(violationTypes(of: finding.categories)) }
            let exporters = use.originState == application.exporter
            var effect: String
            if !use.isFound {
                if exporters {
                    for e in concerned { entryFactors[e, default: 1] *= v2.itemUse.noUseFoundFactor.value }
                    effect = concerned.isEmpty ? "no item of the application is of that kind"
                        : "no use of \(application.exporter)'s goods found: nexus × \(format(v2.itemUse.noUseFoundFactor.value)) for \(concerned.joined(separator: ", "))"
                } else {
                    effect = "a statement about \(use.originState ?? "another state")'s goods: no effect on this application"
                }
            } else if !use.isVerified {
                effect = "use reported but not verified: no effect on the nexus (shown for the record)"
            } else if concerned.isEmpty {
                effect = "goods of another kind (\(use.controlEntry ?? "?")): no effect on this application's items"
            } else {
                for e in concerned {
                    let previous = nexusRaised[e]
                    let allTypes = types.isEmpty || (previous != nil && previous!.types.isEmpty)
                    nexusRaised[e] = (v2.itemUse.sameKindNexus, allTypes ? [] : types.union(previous?.types ?? []))
                    if exporters { entryFactors[e] = max(entryFactors[e] ?? 1, v2.itemUse.exporterGoodsFactor.value) }
                }
                effect = "goods of the same kind used\(types.isEmpty ? "" : " (\(types.sorted().joined(separator: ", ")))"): nexus raised to \(v2.itemUse.sameKindNexus.rawValue) for \(concerned.joined(separator: ", "))"
                    + (exporters ? "; the exporter's own goods: risk × \(format(v2.itemUse.exporterGoodsFactor.value))" : "")
            }
            factors.append(ItemUseFactor(
                itemUseID: use.id, title: use.title, date: use.range.start?.description ?? use.range.end?.description ?? "",
                controlEntry: use.controlEntry, originState: use.originState, found: use.isFound, verified: use.isVerified,
                entries: concerned, effect: effect,
                claims: known(use.id).map { index.reference($0, knownOn: knownOn) }))
        }
        return factors
    }

    /// The recipient's documented breaches known on the knowledge date: its diversion records and the
    /// assurances it was found to have broken, within the look-back.
    mutating func recipientBreaches(lookbackStart: Day) -> [String] {
        var ids: [String] = []
        for record in index.diversionsByRecipient[application.destination] ?? [] where index.isKnown(record.id, on: knownOn) {
            if let last = record.range.end?.latestDay ?? record.range.start?.latestDay, last < lookbackStart { continue }
            ids.append(record.id)
        }
        for assurance in index.assurancesByRecipient[application.destination] ?? []
        where assurance.breached == true && index.isKnown(assurance.id, on: knownOn) {
            ids.append(assurance.id)
        }
        return ids.sorted()
    }

    /// Mitigation measures the evidence base records for this recipient and exporter (assurances given before
    /// the decision, not broken), with a note each.
    func assuranceMeasuresInEvidence() -> [(String, String)] {
        var found: [(String, String)] = []
        for assurance in index.assurancesByRecipient[application.destination] ?? [] {
            guard assurance.breached != true, index.isKnown(assurance.id, on: knownOn),
                  assurance.exporter == nil || assurance.exporter == application.exporter,
                  let given = assurance.range.start?.earliestDay ?? assurance.range.end?.earliestDay, given <= application.decisionDate
            else { continue }
            // It holds from the day it was given; a real end after that day is when it lapsed.
            if let end = assurance.range.end?.latestDay, assurance.range.endIsReal, end > given, end < application.decisionDate { continue }
            let code: String
            switch assurance.assuranceKind {
            case .endUse, .nonReExport: code = "end-use-certificate"
            case .diplomatic: code = "diplomatic-assurance"
            case .postShipmentInspection: code = "post-shipment-verification"
            }
            found.append((code, "\(assurance.title) (\(assurance.id)) counts as \(code)"))
        }
        return found
    }

    /// Whether the destination seriously and systematically violates human rights, as known: the strongest finding
    /// that shows it, or the country-wide pattern; nil when neither does (method data `systematicRecord`).
    func systematicRecord(incidents: [IncidentFactor], findings: [FindingFactor]) -> String? {
        guard let v2 = m.v2 else { return nil }
        let rule = v2.systematicRecord
        let grave = findings.filter { f in
            f.bodyKind != .media && f.strength >= rule.minimumStrength && f.gravity >= rule.minimumGravity
                && (index.snapshot.findings[f.findingID]?.concernedStates.contains(application.destination) ?? false)
        }.sorted { ($0.strength, $0.findingID) > ($1.strength, $1.findingID) }
        if let first = grave.first {
            return "\(first.body) (\(first.bodyKind.rawValue), \(first.strength.rawValue)): \(first.title) (\(first.period))"
        }
        let pattern = incidents.map { $0.gravity * $0.scale * $0.credibility * $0.recency }.reduce(0, +)
            + findings.map { $0.bodyWeight * $0.strengthWeight * $0.gravity * $0.scale * $0.credibility * $0.recency }.reduce(0, +)
        if pattern >= v2.persistentRecord.patternAtLeast {
            return "country-wide pattern \(format(pattern)) ≥ \(format(v2.persistentRecord.patternAtLeast))"
        }
        return nil
    }

    /// The share of a measure's effect the recipient's record leaves: measures resting on its word lose the
    /// method's breach factor per documented breach; the exporter's own checks keep it.
    func assuranceCredibility(_ code: String, breaches: Int) -> Double {
        guard let v2 = m.v2, v2.assuranceMeasures.contains(code) else { return 1 }
        return pow(v2.diversionRecords.breachFactor.value, Double(breaches))
    }
}
