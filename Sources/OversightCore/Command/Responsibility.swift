/// The three elements of command responsibility (Rome Statute Art. 28) that evidence can speak to.
public enum ResponsibilityElement: String, Sendable, Codable, CaseIterable {
    /// (1) A superior–subordinate relationship with effective command and control.
    case relationship
    /// (2) Knowledge: knew or should have known (military), knew or consciously disregarded (civilian).
    case knowledge
    /// (3) Failure to take necessary and reasonable measures to prevent, repress or submit to competent authorities.
    case failureToAct = "failure-to-act"

    public var title: String {
        switch self {
        case .relationship: return "Superior–subordinate relationship and effective control"
        case .knowledge: return "Knowledge"
        case .failureToAct: return "Failure to prevent, repress or submit to competent authorities"
        }
    }
}

/// How far the evidence goes for one element. An indicator, never a verdict.
public enum EvidenceRating: String, Sendable, Codable, CaseIterable {
    case supported
    case partlySupported = "partly-supported"
    case noEvidence = "no-evidence"
    case contradicted

    public var label: String {
        switch self {
        case .supported: return "supported"
        case .partlySupported: return "partly supported"
        case .noEvidence: return "no evidence"
        case .contradicted: return "contradicted"
        }
    }
}

/// The knowledge standard that applies to a superior.
public enum KnowledgeStandard: String, Sendable, Codable {
    /// Military and police commanders: knew or, owing to the circumstances, should have known.
    case military
    /// Civilian superiors: knew, or consciously disregarded information clearly indicating it.
    case civilian

    public var wording: String {
        self == .military ? "knew or should have known (military standard, Art. 28(a))"
            : "knew or consciously disregarded information which clearly indicated it (civilian standard, Art. 28(b))"
    }
}

/// One piece of evidence for or against an element, with the claims behind it.
public struct Indicator: Sendable, Hashable, Codable {
    public enum Direction: String, Sendable, Codable { case supports, contradicts }
    public var direction: Direction
    public var text: String
    /// The record (posting, relation, knowledge or accountability event, incident) it comes from.
    public var recordID: String
    public var claims: [Claim]
}

public struct ElementEvidence: Sendable, Hashable, Codable {
    public var element: ResponsibilityElement
    public var rating: EvidenceRating
    public var indicators: [Indicator]
}

/// A superior in the chain above a perpetrator unit, with the evidence for each element.
public struct SuperiorEvidence: Sendable, Hashable, Codable {
    public var holder: PostHolder
    public var unit: Unit
    /// 0 for the perpetrator unit itself, 1 for the level above, …
    public var level: Int
    public var standard: KnowledgeStandard
    public var elements: [ElementEvidence]

    public func element(_ element: ResponsibilityElement) -> ElementEvidence? { elements.first { $0.element == element } }
}

/// A perpetrator unit, its chain on the incident date and the superiors in it.
public struct UnitResponsibility: Sendable, Hashable, Codable {
    public var unit: Unit
    public var chain: CommandChain
    public var superiors: [SuperiorEvidence]
}

/// The command-responsibility evidence for one incident.
public struct ResponsibilityReport: Sendable, Hashable, Codable {
    public var incident: Incident
    public var date: Day
    public var units: [UnitResponsibility]
    /// Accountability events linked to the incident (investigations, promotions, commendations, praise…).
    public var accountability: [AccountabilityEvent]
    public var notes: [String]

    public static let disclaimer = "These are evidence indicators for each element of command responsibility (Rome Statute Art. 28), drawn from the sourced claims shown. They are not findings of guilt, which only a court can make."
}

extension CommandIndex {
    /// How long after an incident a meeting, briefing or statement still speaks to what a superior knew of it.
    static let knowledgeWindowDays = 90

    /// The command-responsibility evidence for an incident: for each perpetrator unit, its chain on the
    /// incident's first day, and for each command-post holder in it the evidence on each element.
    public func responsibility(incident incidentID: String) -> ResponsibilityReport? {
        guard let incident = snapshot.incidents[incidentID],
              let date = incident.range.start?.earliestDay ?? incident.range.end?.earliestDay else { return nil }
        var notes: [String] = []
        let linked = snapshot.accountability.values.filter { $0.incidents.contains(incidentID) }.sorted { $0.id < $1.id }
        var units: [UnitResponsibility] = []
        for unitID in incident.perpetratorUnits.sorted() {
            guard let unit = snapshot.units[unitID], let chain = chain(unit: unitID, on: date) else {
                notes.append("perpetrator unit '\(unitID)' is not in the evidence base")
                continue
            }
            var superiors: [SuperiorEvidence] = []
            var below: Set<String> = Set(incident.perpetratorPersons)
            var belowUnits: Set<String> = []
            var linksDefinite = true
            var linksContested = false
            for (levelIndex, level) in chain.levels.enumerated() {
                if let link = level.link {
                    linksDefinite = linksDefinite && link.presence == .definite
                    linksContested = linksContested || link.contested
                }
                belowUnits.insert(level.unit.id)
                for holder in level.holders where !below.contains(holder.posting.person) || levelIndex == 0 {
                    superiors.append(evidence(for: holder, unit: level.unit, level: levelIndex, incident: incident, date: date,
                                              linksDefinite: linksDefinite, linksContested: linksContested,
                                              subordinatePersons: below, subordinateUnits: belowUnits))
                }
                // Nobody is their own superior: someone who already stands below is not listed again above.
                below.formUnion(level.holders.map(\.posting.person))
            }
            units.append(UnitResponsibility(unit: unit, chain: chain, superiors: superiors))
        }
        if incident.perpetratorUnits.isEmpty {
            notes.append(incident.stateForces ? "state forces are reported as perpetrators but no unit is identified"
                                              : "no perpetrator unit is identified")
        }
        return ResponsibilityReport(incident: incident, date: date, units: units, accountability: linked, notes: notes)
    }

    private func standard(for unit: Unit, holder: PostHolder) -> KnowledgeStandard {
        if holder.posting.role == .headOfState || holder.posting.role == .minister || holder.posting.role == .headOfGovernment {
            return .civilian
        }
        switch unit.force {
        case "government", nil: return .civilian
        default: return .military
        }
    }

    private func evidence(for holder: PostHolder, unit: Unit, level: Int, incident: Incident, date: Day,
                          linksDefinite: Bool, linksContested: Bool,
                          subordinatePersons: Set<String>, subordinateUnits: Set<String>) -> SuperiorEvidence {
        let person = holder.posting.person
        let standard = standard(for: unit, holder: holder)

        // (1) Relationship and effective control.
        var relationship: [Indicator] = []
        let roleText = holder.posting.title ?? holder.posting.role.rawValue
        relationship.append(Indicator(
            direction: .supports,
            text: "\(holder.personName) held the command post \"\(roleText)\" of \(unit.name) on \(date) (\(holder.presence.rawValue)\(holder.contested ? ", contested" : ""))"
                + (level == 0 ? "" : "; \(unit.name) stands \(level) level\(level == 1 ? "" : "s") above the perpetrator unit (\(linksDefinite ? "every link definite" : "some link only possible"))"),
            recordID: holder.posting.id, claims: holder.claims))
        let relationshipRating: EvidenceRating =
            holder.presence == .definite && linksDefinite && !holder.contested && !linksContested ? .supported : .partlySupported

        // (2) Knowledge.
        var knowledge: [Indicator] = []
        let windowEnd = date.adding(days: CommandIndex.knowledgeWindowDays)
        for event in snapshot.knowledge.values.sorted(by: { $0.id < $1.id }) {
            guard event.persons.contains(person) || event.units.contains(unit.id) else { continue }
            let linkedToIncident = event.incidents.contains(incident.id)
            let presence = event.range.mayOverlap(from: date.adding(days: -CommandIndex.knowledgeWindowDays), to: windowEnd)
            guard linkedToIncident || presence else { continue }
            knowledge.append(Indicator(direction: .supports,
                                       text: "\(event.eventType): \(event.title)\(linkedToIncident ? " (about this incident)" : " (around the incident date)")",
                                       recordID: event.id, claims: snapshot.claims(about: event.id)))
        }
        // Earlier incidents by forces of the same chain, publicly reported before this one: the circumstances
        // in which a commander should have known (and a civilian superior had clear information).
        var priorReports: [Indicator] = []
        for other in snapshot.incidents.values.sorted(by: { $0.id < $1.id }) where other.id != incident.id {
            guard let start = other.range.start?.earliestDay, start < date,
                  date.days(to: start) >= -365,
                  other.perpetratorUnits.contains(where: { subordinateUnits.contains($0) || isBelow($0, unit.id, on: start) }) else { continue }
            let reported = snapshot.claims(about: other.id).compactMap { snapshot.publicFrom($0) }.min()
            guard let reported, reported < date else { continue }
            priorReports.append(Indicator(direction: .supports,
                                          text: "earlier incident by forces under this command, publicly reported on \(reported): \(other.title)",
                                          recordID: other.id, claims: snapshot.claims(about: other.id)))
        }
        let knowledgeRating: EvidenceRating = !knowledge.isEmpty ? .supported : (!priorReports.isEmpty ? .partlySupported : .noEvidence)
        knowledge += priorReports

        // (3) Failure to prevent, repress or submit to competent authorities.
        var failure: [Indicator] = []
        for event in snapshot.accountability.values.sorted(by: { $0.id < $1.id }) {
            // Only the person names the holder: an event naming the holder's unit (a promotion of a rival or
            // later holder, praise of the force) is not about this holder and counts only as below.
            let namesHolder = event.persons.contains(person)
            let aboutThisIncident = event.incidents.contains(incident.id)
            let concernsSubordinates = aboutThisIncident && event.persons.contains(where: subordinatePersons.contains)
            // Units strictly under this command on the incident date, in this chain or another branch of it
            // (a commendation of soldiers of another force the head of state also commands).
            let concernsUnitsBelow = aboutThisIncident && event.units.contains { other in
                other != unit.id && (subordinateUnits.contains(other) || isBelow(other, unit.id, on: date))
            }
            let aboutIncident = aboutThisIncident && event.persons.isEmpty && event.units.isEmpty
            guard namesHolder || concernsSubordinates || concernsUnitsBelow || aboutIncident else { continue }
            let direction: Indicator.Direction = event.eventType.raisesImpunity ? .supports : .contradicts
            // An investigation of the superior is the authorities acting, which speaks against impunity,
            // not to the superior's own failure; it is listed as contradicting evidence.
            let whose = namesHolder ? "naming \(holder.personName)"
                : concernsSubordinates ? "concerning subordinates"
                : concernsUnitsBelow ? "concerning forces under this command" : "about the incident"
            failure.append(Indicator(direction: direction, text: "\(event.eventType.rawValue) (\(whose)): \(event.title)",
                                     recordID: event.id, claims: snapshot.claims(about: event.id)))
        }
        let supports = failure.contains { $0.direction == .supports }
        let contradicts = failure.contains { $0.direction == .contradicts }
        let failureRating: EvidenceRating = supports ? (contradicts ? .partlySupported : .supported) : (contradicts ? .contradicted : .noEvidence)

        return SuperiorEvidence(holder: holder, unit: unit, level: level, standard: standard, elements: [
            ElementEvidence(element: .relationship, rating: relationshipRating, indicators: relationship),
            ElementEvidence(element: .knowledge, rating: knowledgeRating, indicators: knowledge),
            ElementEvidence(element: .failureToAct, rating: failureRating, indicators: failure),
        ])
    }

    /// Whether `unitID` stands below `superiorID` on `date` in the chain.
    public func isBelow(_ unitID: String, _ superiorID: String, on date: Day) -> Bool {
        guard unitID != superiorID, let chain = chain(unit: unitID, on: date, includeMemberChains: false) else { return false }
        return chain.levels.dropFirst().contains { $0.unit.id == superiorID }
    }
}
