// Bundle v2 records for the assessment: coalitions, the kinds of bodies whose findings count, item use,
// diversion and assurances. docs/BUNDLE.md documents every field and its default.

/// What kind of body made a finding. The weight of each kind is method data (`methodology-v2.json`).
public enum FindingBodyKind: String, Sendable, Codable, CaseIterable {
    /// A panel of experts of a UN Security Council sanctions committee.
    case unSecurityCouncilPanel = "un-sc-panel"
    /// A UN commission of inquiry, fact-finding mission or group of eminent experts.
    case unCommission = "un-commission"
    /// The UN High Commissioner for Human Rights, OHCHR and the special procedures (special rapporteurs).
    case ohchr
    /// A UN treaty body (Committee against Torture, Human Rights Committee…).
    case treatyBody = "treaty-body"
    /// A regional commission or court (IACHR, Inter-American Court, African Commission, ECtHR, Council of Europe).
    case regional
    /// The International Court of Justice (judgments and provisional measures).
    case icj
    /// The International Criminal Court (warrants, decisions, the Prosecutor's findings).
    case icc
    /// A national court, or a national commission of inquiry with judicial powers.
    case nationalCourt = "national-court"
    /// The exporting government's own review or finding.
    case exportingGovernment = "exporting-government"
    /// A credible human-rights organisation (Amnesty International, Human Rights Watch, ICRC, PHR…).
    case credibleNGO = "credible-ngo"
    /// Investigative journalism or other reporting that documents conduct.
    case media
}

/// How far a finding goes.
public enum FindingStrength: String, Sendable, Codable, CaseIterable, Comparable {
    /// Allegations documented, "may have", "possible", "reported".
    case allegations
    /// A pattern found: systematic or widespread conduct documented over many cases.
    case pattern
    /// Violations established: the body concluded that violations were committed.
    case established
    /// A formal legal determination (a judgment, a characterisation as war crimes, crimes against humanity
    /// or genocide by a body competent to make it).
    case determination

    public static func < (lhs: FindingStrength, rhs: FindingStrength) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A coalition or multinational operation. Its incidents and findings count towards each member state at the
/// member's attribution weight.
public struct Coalition: EvidenceEntity {
    public static let kind = EntityKind.coalition

    public struct Member: Sendable, Hashable, Codable {
        /// The member state (alpha-2).
        public var state: String
        /// How far the coalition's conduct is attributed to this member, 0 … 1. Absent: 1 for the lead
        /// state, the method's member weight (0.5 in v2) otherwise.
        public var weight: Double?
        /// Whether the state leads the operation.
        public var lead: Bool?
        /// The member's units contributing to the operation.
        public var forces: [String]?

        public init(state: String, weight: Double? = nil, lead: Bool? = nil, forces: [String]? = nil) {
            self.state = state
            self.weight = weight
            self.lead = lead
            self.forces = forces
        }
    }

    public var id: String
    public var name: String
    public var members: [Member]
    public var range: DateRange
    public var description: String?

    public init(id: String, name: String, members: [Member], range: DateRange, description: String? = nil) {
        self.id = id
        self.name = name
        self.members = members
        self.range = range
        self.description = description
    }

    public var displayName: String { name }
    public var dates: DateRange? { range }
    public var references: [EntityReference] {
        members.flatMap { ($0.forces ?? []).map { EntityReference("members.forces", $0, [.unit]) } }
    }
}

/// Goods used in an incident or by the forces a finding concerns, or a sourced statement that no use of an
/// exporter's goods was found.
public struct ItemUse: EvidenceEntity {
    public static let kind = EntityKind.itemUse
    public var id: String
    public var title: String
    /// When the goods were used (or the period a "no use found" statement covers).
    public var range: DateRange
    /// The state whose forces used the goods (alpha-2).
    public var state: String
    public var incident: String?
    public var finding: String?
    /// The control entry of the goods (`ML4`, `2-4`); absent when not known.
    public var controlEntry: String?
    public var goods: String?
    /// The state the goods came from (alpha-2) and their maker, where known.
    public var originState: String?
    public var maker: String?
    /// `false`: a sourced statement that no use of `originState`'s goods was found. Absent: `true`.
    public var found: Bool?
    /// `false` when the use could not be verified (e.g. pictures the government could not verify). Absent: `true`.
    public var verified: Bool?
    public var description: String?

    public init(id: String, title: String, range: DateRange, state: String, incident: String? = nil,
                finding: String? = nil, controlEntry: String? = nil, goods: String? = nil, originState: String? = nil,
                maker: String? = nil, found: Bool? = nil, verified: Bool? = nil, description: String? = nil) {
        self.id = id
        self.title = title
        self.range = range
        self.state = state
        self.incident = incident
        self.finding = finding
        self.controlEntry = controlEntry
        self.goods = goods
        self.originState = originState
        self.maker = maker
        self.found = found
        self.verified = verified
        self.description = description
    }

    public var displayName: String { title }
    public var countryCode: String? { state }
    public var dates: DateRange? { range }
    public var references: [EntityReference] {
        (incident.map { [EntityReference("incident", $0, [.incident])] } ?? [])
            + (finding.map { [EntityReference("finding", $0, [.finding])] } ?? [])
    }

    public var isFound: Bool { found ?? true }
    public var isVerified: Bool { verified ?? true }
}

/// How goods supplied to a recipient went astray.
public enum DiversionKind: String, Sendable, Codable, CaseIterable {
    /// Goods found with a party they were not supplied to (e.g. an armed group), route unknown.
    case diverted
    /// Re-exported or transferred by the recipient without the exporter's authorisation.
    case reExported = "re-exported"
    /// Given or sold by the recipient to a party under an arms embargo.
    case embargoedParty = "embargoed-party"
}

/// Goods supplied to a recipient state found diverted, re-exported without authorisation or given to an
/// embargoed party.
public struct DiversionRecord: EvidenceEntity {
    public static let kind = EntityKind.diversion
    public var id: String
    public var title: String
    /// When the diversion happened or was found.
    public var range: DateRange
    /// The state the goods were supplied to, whose controls failed (alpha-2).
    public var recipient: String
    public var diversionKind: DiversionKind
    public var goods: String?
    public var controlEntry: String?
    /// The state the goods came from (alpha-2).
    public var originState: String?
    /// Who ended up with the goods, and where.
    public var foundWith: String?
    public var foundIn: String?
    public var description: String?

    public init(id: String, title: String, range: DateRange, recipient: String, diversionKind: DiversionKind,
                goods: String? = nil, controlEntry: String? = nil, originState: String? = nil, foundWith: String? = nil,
                foundIn: String? = nil, description: String? = nil) {
        self.id = id
        self.title = title
        self.range = range
        self.recipient = recipient
        self.diversionKind = diversionKind
        self.goods = goods
        self.controlEntry = controlEntry
        self.originState = originState
        self.foundWith = foundWith
        self.foundIn = foundIn
        self.description = description
    }

    public var displayName: String { title }
    public var countryCode: String? { recipient }
    public var dates: DateRange? { range }

    private enum CodingKeys: String, CodingKey {
        case id, title, range, recipient, diversionKind = "kind", goods, controlEntry, originState, foundWith, foundIn, description
    }
}

/// The kinds of assurance a recipient gives.
public enum AssuranceKind: String, Sendable, Codable, CaseIterable {
    /// An end-use undertaking (the goods stay with the named end user for the stated use).
    case endUse = "end-use"
    /// A non-re-export declaration.
    case nonReExport = "non-re-export"
    /// A diplomatic assurance from the recipient government.
    case diplomatic
    /// The recipient grants the exporter on-site post-shipment inspection.
    case postShipmentInspection = "post-shipment-inspection"

    /// Whether the measure rests on the recipient's word (its credibility falls with breaches) rather than on
    /// the exporter's own checks.
    public var restsOnRecipientsWord: Bool { self != .postShipmentInspection }
}

/// An end-use or diplomatic assurance given by a recipient state. It mitigates only as far as the recipient's
/// record (its diversion records and breached assurances) makes it credible.
public struct Assurance: EvidenceEntity {
    public static let kind = EntityKind.assurance
    public var id: String
    public var title: String
    /// When it was given (and, with an end, until when it holds).
    public var range: DateRange
    /// The state giving it (alpha-2).
    public var recipient: String
    /// The exporting state it was given to; absent: any exporter.
    public var exporter: String?
    public var assuranceKind: AssuranceKind
    /// Whether the recipient was found to have broken it. Absent: not known to be broken.
    public var breached: Bool?
    public var description: String?

    public init(id: String, title: String, range: DateRange, recipient: String, exporter: String? = nil,
                assuranceKind: AssuranceKind, breached: Bool? = nil, description: String? = nil) {
        self.id = id
        self.title = title
        self.range = range
        self.recipient = recipient
        self.exporter = exporter
        self.assuranceKind = assuranceKind
        self.breached = breached
        self.description = description
    }

    public var displayName: String { title }
    public var countryCode: String? { recipient }
    public var dates: DateRange? { range }

    private enum CodingKeys: String, CodingKey {
        case id, title, range, recipient, exporter, assuranceKind = "kind", breached, description
    }
}
