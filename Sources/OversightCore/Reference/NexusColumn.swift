/// A column of the item-nexus matrix: the kind of harm an item may be used for.
public enum NexusColumn: String, Hashable, Sendable, Codable, CaseIterable {
    case killing
    /// Force causing injury.
    case force
    case torture
    /// Enforced disappearance and arbitrary detention.
    case detention
    case sgbv
    case surveillance
    /// Attacks on civilians and indiscriminate attacks.
    case ihl
}
