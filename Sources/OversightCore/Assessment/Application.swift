/// A legal regime an application is assessed under.
public enum Regime: String, Sendable, Codable, CaseIterable, Comparable {
    /// Canada's Export and Import Permits Act, s. 7.3 and 7.4: deny on a substantial risk.
    case eipa = "EIPA"
    /// The Arms Trade Treaty, Art. 6, 7 and 11: deny on an overriding risk.
    case att = "ATT"
    /// The EU Common Position 2008/944/CFSP, Criteria 1, 2 and 7: deny on a clear risk.
    case eu = "EU"

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

/// The end user: a name, and where known the unit of the evidence base it is.
public struct EndUser: Sendable, Hashable, Codable {
    public var name: String
    /// A unit id, or the exact name of a unit, in the evidence base.
    public var unit: String?

    public init(name: String, unit: String? = nil) {
        self.name = name
        self.unit = unit
    }
}

/// One line of an application.
public struct ApplicationItem: Sendable, Hashable, Codable {
    /// `2-14` or `ML14`.
    public var controlEntry: String
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
    public var regimes: [Regime]
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

    /// Optional lists may be omitted in JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        regimes = try c.decode([Regime].self, forKey: .regimes)
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
