/// A type of serious violation in the assessment's taxonomy, with its default gravity.
public struct ViolationType: Hashable, Sendable, Codable, Identifiable {
    /// Stable code, e.g. `unlawful-killing`, `ihl-attack`.
    public var code: String
    public var name: String
    public var description: String
    /// Default gravity in 0…1 (unlawful killing 1.0 … unlawful surveillance 0.3).
    public var gravity: Double
    /// The item-nexus matrix column the type is read from.
    public var nexusColumn: NexusColumn
    /// A violation of international humanitarian law (ATT Art. 7.1(b)(i)) rather than of human rights law.
    public var ihl: Bool
    /// Serious gender-based violence or violence against women and children (ATT Art. 7.4, EIPA
    /// s. 7.3(1)(b)(v)).
    public var genderBased: Bool

    public var id: String { code }

    public init(code: String, name: String, description: String, gravity: Double, nexusColumn: NexusColumn,
                ihl: Bool = false, genderBased: Bool = false) {
        self.code = code
        self.name = name
        self.description = description
        self.gravity = gravity
        self.nexusColumn = nexusColumn
        self.ihl = ihl
        self.genderBased = genderBased
    }
}
