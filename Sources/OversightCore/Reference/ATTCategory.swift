/// A category of conventional arms under Article 2(1) of the Arms Trade Treaty (I battle tanks …
/// VIII small arms and light weapons), as used in the ATT annual report.
public struct ATTCategory: Hashable, Sendable, Codable, Identifiable {
    /// A subcategory in the annual report, e.g. `VIII.SA.4` assault rifles.
    public struct Subcategory: Hashable, Sendable, Codable, Identifiable {
        /// Whether a small-arms and light-weapons subcategory is a small arm or a light weapon.
        public enum Group: String, Hashable, Sendable, Codable, CaseIterable {
            case smallArms = "small-arms"
            case lightWeapons = "light-weapons"
        }

        /// Stable project code, e.g. `VIII.SA.1`, `VIII.LW.6`.
        public var code: String
        public var group: Group
        public var name: String

        public var id: String { code }

        public init(code: String, group: Group, name: String) {
            self.code = code
            self.group = group
            self.name = name
        }
    }

    /// Roman numeral `I` … `VIII`.
    public var code: String
    public var name: String
    /// The definition, paraphrased from the UN Register of Conventional Arms.
    public var description: String
    public var subcategories: [Subcategory]

    public var id: String { code }

    public init(code: String, name: String, description: String, subcategories: [Subcategory] = []) {
        self.code = code
        self.name = name
        self.description = description
        self.subcategories = subcategories
    }
}
