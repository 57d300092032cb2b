/// One period of a UN Security Council arms embargo with a single scope.
///
/// Where the Council changed an embargo's scope (Somalia in 2023, the Central African Republic in 2023
/// and 2024, Haiti in 2023), each scope is its own period, so the table answers "what was in force on
/// the decision date" directly.
public struct Embargo: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    /// ISO 3166-1 alpha-2 code of the state concerned; nil for list-based regimes not tied to one state
    /// (ISIL (Da'esh) and Al-Qaida, the Taliban).
    public var target: String?
    public var targetName: String
    public var scope: EmbargoScope
    /// Adoption date of the resolution that imposed this period's measures.
    public var from: Day
    /// Last day in force (the day before the lifting or modifying resolution); nil while in force.
    public var to: Day?
    /// The resolutions it rests on.
    public var basis: String
    public var note: String?
    /// The items covered where narrower than all arms and related materiel, in words.
    public var itemScope: String?
    /// Whether the row still needs checking against the resolutions.
    public var verify: Bool

    public init(id: String, target: String?, targetName: String, scope: EmbargoScope, from: Day, to: Day? = nil,
                basis: String, note: String? = nil, itemScope: String? = nil, verify: Bool = false) {
        self.id = id
        self.target = target
        self.targetName = targetName
        self.scope = scope
        self.from = from
        self.to = to
        self.basis = basis
        self.note = note
        self.itemScope = itemScope
        self.verify = verify
    }

    /// Whether the embargo is in force on `day`, counting both `from` and `to`.
    public func isInForce(on day: Day) -> Bool {
        guard from <= day else { return false }
        if let to { return day <= to }
        return true
    }
}
