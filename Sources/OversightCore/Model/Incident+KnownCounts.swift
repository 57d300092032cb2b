extension Incident {
    /// The casualty counts as known from a subset of the incident's claims.
    ///
    /// Where the incident has `killed` (or `injured`) property claims, the count is the largest value among
    /// the known ones that are not marked needs-work, and unknown (nil) when none is known yet; where it has
    /// no such claims, the record's own value stands (its record claim carries it).
    public func withKnownCounts(allClaims: [Claim], knownClaims: [Claim]) -> Incident {
        var result = self
        for property in ["killed", "injured"] where allClaims.contains(where: { $0.property == property }) {
            let value = knownClaims
                .filter { $0.property == property && $0.status != .needsWork }
                .compactMap { $0.value.flatMap { Int($0) } }
                .max()
            if property == "killed" { result.killed = value } else { result.injured = value }
        }
        return result
    }
}
