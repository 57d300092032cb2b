/// A legal regime an application is assessed under.
public enum Regime: String, Sendable, Codable, CaseIterable, Comparable {
    /// Canada's Export and Import Permits Act, s. 7.3 and 7.4: deny on a substantial risk.
    case eipa = "EIPA"
    /// The Arms Trade Treaty, Art. 6, 7 and 11: deny on an overriding risk.
    case att = "ATT"
    /// The EU Common Position 2008/944/CFSP, Criteria 1, 2 and 7: deny on a clear risk.
    case eu = "EU"
    /// The United Kingdom's licensing criteria (Consolidated Criteria 2000 and 2014, Strategic Export Licensing
    /// Criteria 2021): clear risk.
    case uk = "UK"
    /// The United States' Conventional Arms Transfer Policy (PDD-34, PPD-27, NSPM-10, NSM-18).
    case us = "US"
    /// Canada's export-controls guidelines of 1986 (before EIPA s. 7.3/7.4).
    case ca1986 = "CA-1986"
    /// Switzerland's War Materiel Ordinance, Art. 5.
    case ch = "CH"
    /// No catalogued regime bound the exporter: the common international standard (clear risk).
    case national = "NATIONAL"

    public static func < (lhs: Regime, rhs: Regime) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A party to a transfer.
public struct Party: Sendable, Hashable, Codable {
    public var name: String
    /// ISO 3166 alpha-2.
    public var country: String?

    public init(name: String, country: String? = nil) {
        self.name = name
        self.country = country
    }
}

/// How much of the destination's state the end user is.
public enum EndUserScope: String, Sendable, Hashable, Codable, CaseIterable {
    /// One or more units of the evidence base (`unit`, `units`).
    case unit
    /// A whole branch of the forces (`force`: `police`, `army`, `navy`, `air-force`…).
    case force
    /// The armed forces as a whole (army, navy, air force, joint commands).
    case armedForces = "armed-forces"
    /// Every armed and security force of the state, police included.
    case securityForces = "security-forces"
    /// The government as a whole.
    case government
    /// A private or other non-state end user (a company, a club): state forces' conduct is not attributed to it.
    case nonState = "non-state"
}

/// The end user: a name, and where known the units of the evidence base it is, or how much of the state.
public struct EndUser: Sendable, Hashable, Codable {
    public var name: String
    /// A unit id, or the exact name of a unit, in the evidence base.
    public var unit: String?
    /// Bundle v2 applications: further units (ids or exact names) that are end users too.
    public var units: [String]?
    /// How much of the state the end user is; absent: inferred from `unit`/`units`, else from the name.
    public var scope: EndUserScope?
    /// With `scope: force`, the branch (`police`, `army`, `navy`, `air-force`, `joint`).
    public var force: String?

    public init(name: String, unit: String? = nil, units: [String]? = nil, scope: EndUserScope? = nil, force: String? = nil) {
        self.name = name
        self.unit = unit
        self.units = units
        self.scope = scope
        self.force = force
    }

    /// The branches `force` may name.
    public static let forces = ["police", "army", "navy", "air-force", "joint", "government", "security", "paramilitary"]

    /// Every unit named, `unit` first.
    public var allUnits: [String] { (unit.map { [$0] } ?? []) + (units ?? []) }
}

/// One line of an application.
public struct ApplicationItem: Sendable, Hashable, Codable {
    /// The value of `controlEntry` for an item whose control entry was not disclosed.
    public static let undisclosed = "undisclosed"
    /// `2-14` or `ML14`, or `undisclosed`.
    public var controlEntry: String
    /// Whether the control entry was not disclosed.
    public var isUndisclosed: Bool { controlEntry == ApplicationItem.undisclosed }
    public var description: String
    public var quantity: Int?
    /// Value in the currency's major unit (e.g. 960000.00 CAD).
    public var value: Double?
    public var currency: String?

    public init(controlEntry: String, description: String, quantity: Int? = nil, value: Double? = nil, currency: String? = nil) {
        self.controlEntry = controlEntry
        self.description = description
        self.quantity = quantity
        self.value = value
        self.currency = currency
    }
}

/// An export permit application, as assessed. The JSON schema is documented in docs/APPLICATION.md.
public struct ExportApplication: Sendable, Hashable, Codable {
    public var id: String
    /// The regimes asked for; with `autoRegimes`, empty until resolved on the decision date.
    public var regimes: [Regime]
    /// `"regimes": "auto"`: the regimes binding the exporter on the decision date.
    public var autoRegimes: Bool = false
    public var exporter: String
    public var destination: String
    public var decisionDate: Day
    public var consignee: Party
    public var endUser: EndUser
    public var intermediaries: [Party]
    public var items: [ApplicationItem]
    public var endUse: String
    public var mitigations: [String]

    public init(id: String, regimes: [Regime], exporter: String, destination: String, decisionDate: Day, consignee: Party,
                endUser: EndUser, intermediaries: [Party] = [], items: [ApplicationItem], endUse: String, mitigations: [String] = []) {
        self.id = id
        self.regimes = regimes
        self.exporter = exporter
        self.destination = destination
        self.decisionDate = decisionDate
        self.consignee = consignee
        self.endUser = endUser
        self.intermediaries = intermediaries
        self.items = items
        self.endUse = endUse
        self.mitigations = mitigations
    }

    private enum CodingKeys: String, CodingKey {
        case id, regimes, exporter, destination, decisionDate, consignee, endUser, intermediaries, items, endUse, mitigations
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        if autoRegimes { try c.encode("auto", forKey: .regimes) } else { try c.encode(regimes, forKey: .regimes) }
        try c.encode(exporter, forKey: .exporter)
        try c.encode(destination, forKey: .destination)
        try c.encode(decisionDate, forKey: .decisionDate)
        try c.encode(consignee, forKey: .consignee)
        try c.encode(endUser, forKey: .endUser)
        try c.encode(intermediaries, forKey: .intermediaries)
        try c.encode(items, forKey: .items)
        try c.encode(endUse, forKey: .endUse)
        try c.encode(mitigations, forKey: .mitigations)
    }

    /// Optional lists may be omitted in JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        if let text = try? c.decode(String.self, forKey: .regimes), text == "auto" {
            regimes = []
            autoRegimes = true
        } else {
            regimes = try c.decode([Regime].self, forKey: .regimes)
        }
        exporter = try c.decode(String.self, forKey: .exporter)
        destination = try c.decode(String.self, forKey: .destination)
        decisionDate = try c.decode(Day.self, forKey: .decisionDate)
        consignee = try c.decode(Party.self, forKey: .consignee)
        endUser = try c.decode(EndUser.self, forKey: .endUser)
        intermediaries = try c.decodeIfPresent([Party].self, forKey: .intermediaries) ?? []
        items = try c.decode([ApplicationItem].self, forKey: .items)
        endUse = try c.decodeIfPresent(String.self, forKey: .endUse) ?? ""
        mitigations = try c.decodeIfPresent([String].self, forKey: .mitigations) ?? []
    }
}

/// A licensing decision on an application (model only for now; the workflow records them).
public struct PermitDecision: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Codable { case approvedWithConditions = "approved-with-conditions", approved, denied }
    public var applicationID: String
    public var outcome: Outcome
    public var date: Day
    public var rationale: String
    public var decidedBy: String
    /// The digest of the assessment the decision relied on.
    public var assessmentDigest: String?
    public var conditions: [String]

    public init(applicationID: String, outcome: Outcome, date: Day, rationale: String, decidedBy: String,
                assessmentDigest: String? = nil, conditions: [String] = []) {
        self.applicationID = applicationID
        self.outcome = outcome
        self.date = date
        self.rationale = rationale
        self.decidedBy = decidedBy
        self.assessmentDigest = assessmentDigest
        self.conditions = conditions
    }
}
