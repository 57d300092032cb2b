/// The item-nexus matrix: for each control entry and each kind of harm, how closely the item can serve it.
public struct NexusMatrix: Hashable, Sendable {
    /// Levels by canonical entry code (`ML14`) and column.
    public let levels: [String: [NexusColumn: NexusLevel]]
    /// The column each violation-type code is read from.
    public let violationColumns: [String: NexusColumn]

    /// Builds a matrix; entry codes may be written in any spelling `ControlEntry.canonicalCode` accepts,
    /// and those it rejects are left out.
    public init(levels: [String: [NexusColumn: NexusLevel]], violationColumns: [String: NexusColumn]) {
        var canonical: [String: [NexusColumn: NexusLevel]] = [:]
        for (entry, row) in levels {
            if let code = ControlEntry.canonicalCode(entry) { canonical[code] = row }
        }
        self.levels = canonical
        self.violationColumns = violationColumns
    }

    /// The level for a control entry (any accepted spelling, `2-14` or `ML14`) and a violation-type code;
    /// `.none` for an unknown entry or violation type.
    public func level(entry: String, violation: String) -> NexusLevel {
        guard let column = violationColumns[violation] else { return NexusLevel.none }
        return level(entry: entry, column: column)
    }

    /// The level for a control entry (any accepted spelling) and a column; `.none` for an unknown entry.
    public func level(entry: String, column: NexusColumn) -> NexusLevel {
        guard let code = ControlEntry.canonicalCode(entry), let level = levels[code]?[column] else {
            return NexusLevel.none
        }
        return level
    }
}
