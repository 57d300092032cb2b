/// A country or territory of ISO 3166-1 (plus Kosovo under the user-assigned code `XK`), with its UN M49
/// region and the other names data sources use for it.
public struct Country: Hashable, Sendable, Codable, Identifiable {
    /// ISO 3166-1 alpha-2, e.g. `PE`.
    public var alpha2: String
    /// ISO 3166-1 alpha-3, e.g. `PER`.
    public var alpha3: String
    /// ISO 3166-1 numeric code as three digits, e.g. `604`; nil for a user-assigned code.
    public var numeric: String?
    /// ISO short name, e.g. `Côte d'Ivoire`, `Türkiye`.
    public var name: String
    /// UN M49 region, e.g. `Americas`.
    public var region: String
    /// UN M49 intermediate region where there is one, otherwise the sub-region, e.g. `South America`.
    public var subregion: String
    /// Other names: common and official names, and those used by SIPRI, the World Bank and the UN.
    public var aliases: [String]
    /// The code is user-assigned (`XK`), not part of ISO 3166-1.
    public var isUserAssigned: Bool

    public var id: String { alpha2 }

    /// The name followed by the aliases.
    public var allNames: [String] { [name] + aliases }

    public init(alpha2: String, alpha3: String, numeric: String?, name: String, region: String, subregion: String,
                aliases: [String] = [], isUserAssigned: Bool = false) {
        self.alpha2 = alpha2
        self.alpha3 = alpha3
        self.numeric = numeric
        self.name = name
        self.region = region
        self.subregion = subregion
        self.aliases = aliases
        self.isUserAssigned = isUserAssigned
    }

    private enum CodingKeys: String, CodingKey {
        case alpha2, alpha3, numeric, name, region, subregion, aliases, userAssigned
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        alpha2 = try container.decode(String.self, forKey: .alpha2)
        alpha3 = try container.decode(String.self, forKey: .alpha3)
        numeric = try container.decodeIfPresent(String.self, forKey: .numeric)
        name = try container.decode(String.self, forKey: .name)
        region = try container.decode(String.self, forKey: .region)
        subregion = try container.decode(String.self, forKey: .subregion)
        aliases = try container.decodeIfPresent([String].self, forKey: .aliases) ?? []
        isUserAssigned = try container.decodeIfPresent(Bool.self, forKey: .userAssigned) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(alpha2, forKey: .alpha2)
        try container.encode(alpha3, forKey: .alpha3)
        try container.encode(numeric, forKey: .numeric)
        try container.encode(name, forKey: .name)
        try container.encode(region, forKey: .region)
        try container.encode(subregion, forKey: .subregion)
        try container.encode(aliases, forKey: .aliases)
        if isUserAssigned { try container.encode(true, forKey: .userAssigned) }
    }
}
