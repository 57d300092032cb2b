/// A party to screen: a name and whatever else is known about it.
public struct ScreeningQuery: Hashable, Sendable, Codable {
    /// The full name, in any script and order.
    public var name: String
    /// Only entries of this kind; nil screens against persons and organisations.
    public var schema: PartySchema?
    /// Year, year-month or full date of birth (persons).
    public var birthDate: PartialDate?
    /// ISO 3166 alpha-2 codes the party is linked to (nationality, residence, registration), upper-case.
    public var countries: [String]
    public var gender: PartyGender?
    /// Passport, identity or registration numbers, in any format.
    public var identifiers: [String]
    /// Overrides the screener's threshold (0…1) for this query.
    public var threshold: Double?
    /// The most hits to return; nil uses the screener's limit.
    public var limit: Int?

    public init(name: String, schema: PartySchema? = nil, birthDate: PartialDate? = nil, countries: [String] = [],
                gender: PartyGender? = nil, identifiers: [String] = [], threshold: Double? = nil, limit: Int? = nil) {
        self.name = name
        self.schema = schema
        self.birthDate = birthDate
        self.countries = countries
        self.gender = gender
        self.identifiers = identifiers
        self.threshold = threshold
        self.limit = limit
    }

    /// The key decisions about this party are filed under: the name folded (case, accents, punctuation,
    /// spacing), so "José  Pérez" and "JOSE PEREZ" are one party.
    public var partyKey: String { ScreeningDecision.partyKey(for: name) }
}

/// The settings of a screener. The defaults are the documented ones; every weight appears in the explanation
/// of each hit.
public struct ScreeningConfiguration: Hashable, Sendable, Codable {
    /// Hits scoring below this are not reported (0…1).
    public var threshold: Double
    /// The most hits one query returns.
    public var limit: Int
    /// Share of a query token's weight lost when the list name has nothing like it (the party's name has a
    /// part the list does not know).
    public var unmatchedQueryPenalty: Double
    /// Share of a list token's weight lost when the query has nothing like it (lists often carry more name
    /// parts than a counterparty gives, so this costs less than the above).
    public var unmatchedListPenalty: Double
    /// Token pairs less similar than this are not aligned.
    public var tokenFloor: Double
    /// Subtracted when the best matching name is a weak alias ("low quality" on the UN list).
    public var weakAliasPenalty: Double
    public var birthDateWeight: Double
    public var countryWeight: Double
    public var genderWeight: Double
    public var identifierWeight: Double

    public init(threshold: Double = 0.70, limit: Int = 10, unmatchedQueryPenalty: Double = 0.6,
                unmatchedListPenalty: Double = 0.4, tokenFloor: Double = 0.6, weakAliasPenalty: Double = 0.08,
                birthDateWeight: Double = 0.15, countryWeight: Double = 0.05, genderWeight: Double = 0.10,
                identifierWeight: Double = 0.30) {
        self.threshold = threshold
        self.limit = limit
        self.unmatchedQueryPenalty = unmatchedQueryPenalty
        self.unmatchedListPenalty = unmatchedListPenalty
        self.tokenFloor = tokenFloor
        self.weakAliasPenalty = weakAliasPenalty
        self.birthDateWeight = birthDateWeight
        self.countryWeight = countryWeight
        self.genderWeight = genderWeight
        self.identifierWeight = identifierWeight
    }

    public static let defaultThreshold = 0.70
}
