extension CommandIndex {
    /// A unit with all its ancestors and all its descendants over all time, through every relation
    /// whatever its dates (member-of included). Units sorted by id, relations by id; cycles are harmless.
    public func family(unit unitID: String) -> (units: [Unit], relations: [UnitRelation])? {
        guard snapshot.units[unitID] != nil else { return nil }
        var unitIDs: Set<String> = [unitID]
        var relations: [String: UnitRelation] = [:]
        func walk(_ start: String, next: (String) -> [(UnitRelation, String)]) {
            var queue = [start]
            var seen: Set<String> = [start]
            while let id = queue.popLast() {
                for (relation, other) in next(id) {
                    relations[relation.id] = relation
                    unitIDs.insert(other)
                    if seen.insert(other).inserted { queue.append(other) }
                }
            }
        }
        walk(unitID) { id in ((superiorLinks[id] ?? []) + (memberships[id] ?? [])).map { ($0, $0.related) } }
        walk(unitID) { id in (subordinateLinks[id] ?? []).map { ($0, $0.unit) } }
        let units = unitIDs.sorted().map { snapshot.units[$0] ?? Unit(id: $0, name: $0) }
        return (units, relations.values.sorted { $0.id < $1.id })
    }
}
