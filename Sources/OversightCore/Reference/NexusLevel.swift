/// How closely an item can serve a kind of violation, weakest first.
public enum NexusLevel: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// No plausible contribution.
    case none
    /// A distant contribution.
    case remote
    /// Enables or trains for the violation (firearms simulators, armoured vehicles, surveillance aircraft).
    case facilitating
    /// The item itself can be the means (small arms, ammunition, riot-control agents).
    case direct

    private var rank: Int {
        switch self {
        case .none: 0
        case .remote: 1
        case .facilitating: 2
        case .direct: 3
        }
    }

    public static func < (lhs: NexusLevel, rhs: NexusLevel) -> Bool { lhs.rank < rhs.rank }
}
