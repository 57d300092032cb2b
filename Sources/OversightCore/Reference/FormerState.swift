/// A state that no longer exists but appears in historical data (SIPRI's trade register names the
/// Soviet Union, Czechoslovakia, East Germany, Yugoslavia, North and South Yemen, South Vietnam).
///
/// It is kept apart from `Country` on purpose: transfers by the Soviet Union are not transfers by Russia.
public struct FormerState: Hashable, Sendable, Codable {
    public var name: String
    /// ISO 3166-3 four-letter code for a former country name (e.g. `SUHH`), where ISO has one.
    public var code: String?
    /// Alpha-2 codes of the successor states.
    public var successors: [String]
    public var aliases: [String]
    public var note: String?

    /// The name followed by the aliases.
    public var allNames: [String] { [name] + aliases }

    public init(name: String, code: String? = nil, successors: [String], aliases: [String] = [], note: String? = nil) {
        self.name = name
        self.code = code
        self.successors = successors
        self.aliases = aliases
        self.note = note
    }
}
