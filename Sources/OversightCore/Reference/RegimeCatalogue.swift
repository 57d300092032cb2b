import Foundation

/// The legal regimes an exporter may be bound by, with the dates they were in force and their tests
/// (reference data: `Reference/Data/regimes.json`, every date and test with its source).
public struct RegimeCatalogue: Sendable, Codable, Hashable {
    public struct Source: Sendable, Codable, Hashable {
        public var title: String
        public var url: String?
        public var note: String?
    }

    /// One text of a regime, in force from `from` to `to`.
    public struct Version: Sendable, Codable, Hashable {
        public var id: String
        public var title: String
        public var from: String
        public var to: String?
        public var test: String
        /// The standard's word: `reasonable`, `clear`, `substantial`, `more-likely-than-not`, `overriding`,
        /// `actual-knowledge`.
        public var standard: String?
        /// The risk level the engine denies at.
        public var threshold: RiskLevel
        public var consequences: [String]?
        public var diversion: String?
        public var sources: [Source]
        public var verify: Bool?
        /// Canada 1986: the test applies only to a destination with a persistent record of serious violations.
        public var requiresPersistentRecord: Bool?
        /// A test on the destination as a whole: `systematic` (refuse where it seriously and systematically
        /// violates human rights), `systematic-unless-low` (the same, unless the risk of misuse is low).
        public var countryTest: String?

        public var fromDay: Day? { Day(from) }
        public var toDay: Day? { to.flatMap(Day.init) }

        public func isInForce(on day: Day) -> Bool {
            guard let start = fromDay, start <= day else { return false }
            if let end = toDay, day > end { return false }
            return true
        }

        /// Whether the test denies only on actual knowledge of the listed crimes (a formal determination).
        public var needsActualKnowledge: Bool { standard == "actual-knowledge" }
    }

    /// A state's membership (ATT party or EU member) from one day to another.
    public struct Membership: Sendable, Codable, Hashable {
        public var state: String
        public var from: String
        public var to: String?
        public var source: String?
        public var note: String?
        public var verify: Bool?

        public func covers(_ day: Day) -> Bool {
            guard let start = Day(from), start <= day else { return false }
            if let end = to.flatMap(Day.init), day > end { return false }
            return true
        }
    }

    public struct Entry: Sendable, Codable, Hashable {
        public var code: String
        public var name: String
        /// `parties`, `eu-members` or `state`.
        public var binds: String
        public var states: [String]?
        public var versions: [Version]
        public var parties: [Membership]?
        public var members: [Membership]?
        /// States outside the EU that aligned their national criteria with the regime's, from a date.
        public var aligned: [Membership]?
        public var note: String?

        /// Whether the regime bound `state` on `day`, and why not when it did not.
        public func binding(_ state: String, on day: Day) -> (binds: Bool, reason: String) {
            switch binds {
            case "parties":
                guard let party = (parties ?? []).first(where: { $0.state == state }) else {
                    return (false, "\(state) is not a party to the \(name)")
                }
                return party.covers(day) ? (true, "\(state) is a party from \(party.from)")
                    : (false, "the \(name) entered into force for \(state) on \(party.from)")
            case "eu-members":
                if let aligned = (aligned ?? []).first(where: { $0.state == state }) {
                    return aligned.covers(day) ? (true, "\(state) aligned its national criteria with the \(name) from \(aligned.from)")
                        : (false, "\(state) aligned its national criteria with the \(name) only from \(aligned.from)")
                }
                guard let member = (members ?? []).first(where: { $0.state == state }) else {
                    return (false, "\(state) is not an EU member state")
                }
                return member.covers(day) ? (true, "\(state) is an EU member state")
                    : (false, "\(state) was an EU member state from \(member.from)\(member.to.map { " to \($0)" } ?? "")")
            default:
                return (states ?? []).contains(state) ? (true, "a regime of \(state)") : (false, "the \(name) binds \((states ?? []).joined(separator: ", ")), not \(state)")
            }
        }

        /// The version in force on `day`.
        public func version(on day: Day) -> Version? { versions.last { $0.isInForce(on: day) } }
    }

    public var version: String
    public var source: String
    public var regimes: [Entry]

    public func entry(_ regime: Regime) -> Entry? { regimes.first { $0.code == regime.rawValue } }

    /// Whether `regime` bound `exporter` on `day`: the version in force, or the reason it did not bind.
    public func status(_ regime: Regime, exporter: String, on day: Day) -> RegimeStatus {
        guard let entry = entry(regime) else {
            return RegimeStatus(regime: regime, inForce: false, version: nil, reason: "\(regime.rawValue) is not in the regime catalogue")
        }
        if regime == .national {
            return RegimeStatus(regime: regime, inForce: true, version: entry.version(on: day),
                                reason: "no catalogued regime bound \(exporter) on \(day); the common international standard is applied")
        }
        let (binds, why) = entry.binding(exporter, on: day)
        guard let version = entry.version(on: day) else {
            let dates = entry.versions.map { "\($0.from)\($0.to.map { "–\($0)" } ?? "–")" }.joined(separator: ", ")
            return RegimeStatus(regime: regime, inForce: false, version: nil, reason: "the \(entry.name) was not in force on \(day) (in force \(dates))")
        }
        guard binds else { return RegimeStatus(regime: regime, inForce: false, version: version, reason: why) }
        return RegimeStatus(regime: regime, inForce: true, version: version, reason: "\(version.title), in force from \(version.from); \(why)")
    }

    /// The regimes binding `exporter` on `day`, in `Regime` order; the `NATIONAL` fallback when none does.
    public func binding(exporter: String, on day: Day) -> [Regime] {
        let found = Regime.allCases.filter { $0 != .national && status($0, exporter: exporter, on: day).inForce }
        return found.isEmpty ? [.national] : found
    }

    public static let shared: RegimeCatalogue = {
        guard let url = Bundle.module.url(forResource: "regimes", withExtension: "json", subdirectory: "Data") else {
            fatalError("the reference resource Data/regimes.json is missing from OversightCore")
        }
        do {
            return try JSONDecoder().decode(RegimeCatalogue.self, from: Data(contentsOf: url))
        } catch {
            fatalError("the reference resource Data/regimes.json is invalid: \(error)")
        }
    }()
}

/// Whether a regime bound the exporter on the decision date.
public struct RegimeStatus: Sendable, Codable, Hashable {
    public var regime: Regime
    public var inForce: Bool
    public var version: RegimeCatalogue.Version?
    public var reason: String
}
