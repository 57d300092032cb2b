import Foundation
import OversightCore

/// Turns ACLED events into candidate incidents: dates and places with their precision, the violation types
/// an event suggests, and state-force actors linked to units where a mapping says which.
///
/// The tables are in docs/CURATION.md. The mapping is a proposal for a researcher, never a finding.
public struct ACLEDMapper: Sendable {
    /// Folded actor name (`NameKey.fold`) → unit id.
    public var actorUnits: [String: String]
    private let countriesByNumeric: [Int: String]
    /// Actor names seen → their unit: the same few names recur on most rows of an export.
    private let foldedNames = ActorUnitCache()

    public init(actorUnits: [String: String] = [:], reference: ReferenceData = .shared) {
        self.actorUnits = actorUnits
        var numeric: [Int: String] = [:]
        for country in reference.countries {
            if let code = country.numeric.flatMap({ Int($0) }), numeric[code] == nil { numeric[code] = country.alpha2 }
        }
        countriesByNumeric = numeric
    }

    /// How many days either side of the coded date a week-precision event may lie (ACLED time precision 2).
    public static let weekSpread = 3

    /// Metres of uncertainty per ACLED geo precision: 1 the named place itself (a town's extent), 2 near the
    /// place or part of a region, 3 only the region (first administrative level) is known.
    public static let geoUncertainty: [Int: Int] = [1: 5_000, 2: 25_000, 3: 100_000]

    /// The dates an event may fall on, by ACLED time precision: 1 the day (precise); 2 the week around the
    /// coded day (imprecise, ±3 days); 3 the month of the coded day (imprecise). The bounds are real: the event
    /// happened inside them.
    public static func range(date: Day, timePrecision: Int) -> DateRange {
        switch timePrecision {
        case 1:
            return DateRange.on(date)
        case 2:
            return DateRange(start: PartialDate(date.adding(days: -weekSpread)), startIsReal: true,
                             end: PartialDate(date.adding(days: weekSpread)), endIsReal: true, precise: false)
        default:
            let c = date.components
            let month = PartialDate(year: c.year, month: c.month)
            return DateRange(start: month, startIsReal: true, end: month, endIsReal: true, precise: false)
        }
    }

    /// Whether an ACLED actor type (text or legacy number) is state forces.
    public static func isStateForce(_ inter: String) -> Bool {
        let t = inter.trimmedSpaces
        if t == "1" || t == "State forces" { return true }
        guard t.utf8.count == 11 || t.utf8.count == 12 else { return false }
        let lower = t.lowercased()
        return lower == "state forces" || lower == "state force"
    }

    /// The violation codes a sub-event type suggests (see docs/CURATION.md).
    public static func violations(eventType: String, subEventType: String, fatalities: Int, stateForces: Bool,
                                  civilianTargeting: Bool) -> [String] {
        let sub = subEventType.lowercased()
        let type = eventType.lowercased()
        var codes: [String] = []
        func add(_ code: String) { if !codes.contains(code) { codes.append(code) } }
        switch sub {
        case "excessive force against protesters", "excessive force against protestors":
            add("excessive-force")
        case "sexual violence":
            add("sgbv")
        case "abduction/forced disappearance":
            if stateForces { add("enforced-disappearance") }
        case "attack":
            if stateForces { add(fatalities > 0 ? "unlawful-killing" : "excessive-force") }
        case "arrests":
            if stateForces { add("arbitrary-detention") }
        case "air/drone strike", "shelling/artillery/missile attack", "remote explosive/landmine/ied", "grenade",
             "chemical weapon":
            if stateForces && civilianTargeting { add("ihl-attack") }
        default:
            break
        }
        if stateForces && fatalities > 0
            && (type == "violence against civilians" || type == "protests" || type == "riots") {
            add("unlawful-killing")
        }
        return codes
    }

    /// The candidate incident of an event, or an error naming the column that cannot be used.
    public func candidate(_ event: ACLEDEvent) -> Result<CandidateIncident, ACLEDFormatError> {
        guard let country = countryCode(event) else {
            return .failure(ACLEDFormatError(line: event.line, column: "iso", "neither the ISO code '\(event.iso.map(String.init) ?? "")' nor the country '\(event.country)' is a known country"))
        }
        let state1 = ACLEDMapper.isStateForce(event.inter1)
        let state2 = ACLEDMapper.isStateForce(event.inter2)
        var stateActors: [CandidateActor] = []
        if state1, !event.actor1.isEmpty { stateActors.append(actor(event.actor1)) }
        if state2, !event.actor2.isEmpty, event.actor2 != event.actor1 { stateActors.append(actor(event.actor2)) }
        var actors: [String] = []
        for name in [event.actor1, event.assocActor1, event.actor2, event.assocActor2] {
            for part in name.split(separator: ";") {
                let trimmed = String(part).trimmedSpaces
                if !trimmed.isEmpty, !actors.contains(trimmed) { actors.append(trimmed) }
            }
        }
        let stateForces = state1 || state2
        let civilianTargeting = !event.civilianTargeting.isBlank
            || event.interaction.lowercased().contains("civilians")
            || (event.layout == .legacy && (event.inter1 == "7" || event.inter2 == "7"))
        return .success(CandidateIncident(
            eventID: event.eventID, timestamp: event.timestamp, country: country, eventDate: event.eventDate,
            timePrecision: event.timePrecision,
            range: ACLEDMapper.range(date: event.eventDate, timePrecision: event.timePrecision),
            place: event.location, admin1: event.admin1.nilIfEmpty, admin2: event.admin2.nilIfEmpty,
            latitude: event.latitude, longitude: event.longitude, geoPrecision: event.geoPrecision,
            uncertaintyMetres: ACLEDMapper.geoUncertainty[event.geoPrecision],
            eventType: event.eventType, subEventType: event.subEventType,
            violations: ACLEDMapper.violations(eventType: event.eventType, subEventType: event.subEventType,
                                               fatalities: event.fatalities, stateForces: stateForces,
                                               civilianTargeting: civilianTargeting),
            fatalities: event.fatalities, stateForces: stateForces, stateActors: stateActors, actors: actors,
            notes: event.notes, sources: event.source, layout: event.layout.rawValue))
    }

    private func actor(_ name: String) -> CandidateActor {
        guard !actorUnits.isEmpty else { return CandidateActor(name: name, unit: nil) }
        return CandidateActor(name: name, unit: foldedNames.unit(of: name) { actorUnits[NameKey.fold($0)] })
    }

    private func countryCode(_ event: ACLEDEvent) -> String? {
        if let iso = event.iso, let code = countriesByNumeric[iso] { return code }
        return ReferenceData.shared.country(named: event.country)?.alpha2
    }

    /// Reads an actor → unit mapping: CSV with a header naming the columns `actor` and `unit` (other columns
    /// ignored). Throws naming the line of a bad row.
    public static func readActorMapping(path: String) throws -> [String: String] {
        let reader = try CSVStreamReader(path: path, chunkSize: 1 << 20)
        var actorColumn = -1, unitColumn = -1
        var mapping: [String: String] = [:]
        var issue: ACLEDFormatError?
        try reader.forEachRow { row in
            guard issue == nil else { return }
            if actorColumn < 0 {
                let names = (0..<row.count).map { row.string($0).trimmingCharacters(in: .whitespaces).lowercased() }
                guard let a = names.firstIndex(of: "actor"), let u = names.firstIndex(of: "unit") else {
                    issue = ACLEDFormatError(line: 1, "the mapping needs a header with the columns actor and unit, e.g. actor,unit")
                    return
                }
                actorColumn = a
                unitColumn = u
                return
            }
            if row.count == 1 && row.isEmpty(0) { return }
            let actor = row.string(actorColumn).trimmingCharacters(in: .whitespaces)
            let unit = row.string(unitColumn).trimmingCharacters(in: .whitespaces)
            guard !actor.isEmpty, !unit.isEmpty else {
                issue = ACLEDFormatError(line: row.line, "needs both an actor and a unit id")
                return
            }
            mapping[NameKey.fold(actor)] = unit
        }
        if let issue { throw issue }
        if actorColumn < 0 { throw ACLEDFormatError(line: 1, "the mapping file is empty; give a header actor,unit and one row per actor") }
        return mapping
    }
}

extension String {
    var nilIfEmpty: String? { isBlank ? nil : self }
}

/// Remembers the unit looked up for each actor name (folding a name is the costly part).
final class ActorUnitCache: @unchecked Sendable {
    private let lock = NSLock()
    private var units: [String: String?] = [:]

    func unit(of name: String, lookUp: (String) -> String?) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if let known = units[name] { return known }
        let unit = lookUp(name)
        if units.count < 100_000 { units[name] = unit }
        return unit
    }
}
