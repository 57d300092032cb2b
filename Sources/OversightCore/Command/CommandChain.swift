/// A person holding command of a unit on a date, and how sure that is.
public struct PostHolder: Sendable, Hashable, Codable {
    public var posting: Posting
    public var person: Person?
    /// `definite` (a precise range contains the date) or `possible` (only overlaps it, or an open end).
    public var presence: DateRange.Presence
    /// Some claim about the posting is contested: show it beside its rival, never alone.
    public var contested: Bool
    public var claims: [Claim]

    public var personName: String { person?.name ?? posting.person }
}

/// How one level of a chain reaches the next one up.
public struct ChainLink: Sendable, Hashable, Codable {
    public var relation: UnitRelation
    public var presence: DateRange.Presence
    public var contested: Bool
    public var claims: [Claim]
}

/// One level of a chain of command: a unit and who commanded it.
public struct ChainLevel: Sendable, Hashable, Codable {
    public var unit: Unit
    /// The link from the level below to this one (nil for the first level).
    public var link: ChainLink?
    /// Command-post holders on the date, definite first; empty means unknown.
    public var holders: [PostHolder]
    /// Other superiors the unit had on the date that the chain did not follow (shown, never dropped).
    public var otherSuperiors: [ChainLink]

    /// Definite when a holder is definite, possible when only possible ones are known, otherwise unknown.
    public var holderCertainty: String {
        if holders.contains(where: { $0.presence == .definite }) { return "definite" }
        return holders.isEmpty ? "unknown" : "possible"
    }
}

/// The chain of command above a unit on a date.
public struct CommandChain: Sendable, Hashable, Codable {
    public var unitID: String
    public var date: Day
    /// From the unit itself up to the top (the head of state where the evidence reaches that far).
    public var levels: [ChainLevel]
    /// Chains through member-of links (task forces, joint commands) of any level, shown separately.
    public var memberChains: [CommandChain]
    /// Unit ids of a cycle found in the relations, in order, where the walk met one.
    public var cycle: [String]?
    public var notes: [String]
}

extension CommandIndex {
    /// The order in which kinds of superior links are followed when a unit has several on one date.
    static func rank(_ kind: RelationKind) -> Int {
        switch kind {
        case .childOf: return 0
        case .operationalControlOf: return 1
        case .civilianControlOf: return 2
        case .memberOf: return 3
        }
    }

    /// Every level from `unitID` up to the top through child-of and control relations valid on `date`.
    ///
    /// A relation's own dates decide whether it holds (never the units'); among several superiors on the
    /// date, definite beats possible, then hierarchy beats operational control beats civilian control; the
    /// others are kept as `otherSuperiors`. A cycle stops the walk and is reported. Member-of links of every
    /// level give separate chains.
    public func chain(unit unitID: String, on date: Day, includeMemberChains: Bool = true) -> CommandChain? {
        guard snapshot.units[unitID] != nil else { return nil }
        var levels: [ChainLevel] = []
        var visited: [String] = []
        var current: String? = unitID
        var link: ChainLink?
        var cycle: [String]?
        var notes: [String] = []
        while let id = current {
            if let at = visited.firstIndex(of: id) {
                cycle = Array(visited[at...]) + [id]
                notes.append("the relations form a cycle (\(cycle!.joined(separator: " → "))); the chain stops there")
                break
            }
            visited.append(id)
            guard let unit = snapshot.units[id] else {
                notes.append("the superior unit '\(id)' is not in the evidence base; the chain stops there")
                break
            }
            let candidates = superiorCandidates(of: id, on: date)
            let next = candidates.first
            levels.append(ChainLevel(unit: unit, link: link, holders: holders(of: id, on: date),
                                     otherSuperiors: Array(candidates.dropFirst())))
            link = next
            current = next?.relation.related
        }
        var members: [CommandChain] = []
        if includeMemberChains {
            for level in levels {
                for relation in memberships[level.unit.id] ?? [] where isVisible(relation.id) && relation.range.presence(on: date) != .no {
                    if var chain = self.chain(unit: relation.related, on: date, includeMemberChains: false) {
                        chain.notes.insert("\(level.unit.name) is a member of \(snapshot.units[relation.related]?.name ?? relation.related) (\(relation.range.presence(on: date).rawValue))", at: 0)
                        members.append(chain)
                    }
                }
            }
        }
        return CommandChain(unitID: unitID, date: date, levels: levels, memberChains: members, cycle: cycle, notes: notes)
    }

    /// The superiors a unit has on a date, in the order the chain follows them: definite before possible,
    /// then hierarchy before operational control before civilian control, then by id.
    func superiorCandidates(of id: String, on date: Day) -> [ChainLink] {
        (superiorLinks[id] ?? []).compactMap { relation -> ChainLink? in
            guard isVisible(relation.id) else { return nil }
            let presence = relation.range.presence(on: date)
            guard presence != .no else { return nil }
            return ChainLink(relation: relation, presence: presence, contested: isContested(relation.id),
                             claims: snapshot.claims(about: relation.id))
        }.sorted { a, b in
            (a.presence == .definite ? 0 : 1, CommandIndex.rank(a.relation.kind), a.relation.related, a.relation.id)
                < (b.presence == .definite ? 0 : 1, CommandIndex.rank(b.relation.kind), b.relation.related, b.relation.id)
        }
    }

    /// The units of the chain above `unitID` on `date` (the unit first), without the holders: the cheap
    /// path the assessment's attribution needs. Stops at a cycle.
    public func superiorPath(unit unitID: String, on date: Day) -> (units: [String], relations: [String]) {
        var path: [String] = []
        var relations: [String] = []
        var current: String? = unitID
        while let id = current, !path.contains(id), snapshot.units[id] != nil {
            path.append(id)
            let next = superiorCandidates(of: id, on: date).first
            if let next { relations.append(next.relation.id) }
            current = next?.relation.related
        }
        return (path, relations)
    }

    /// Holders of command posts of a unit on a date, definite first, then by person name.
    public func holders(of unitID: String, on date: Day) -> [PostHolder] {
        (commandPostings[unitID] ?? []).compactMap { posting -> PostHolder? in
            guard isVisible(posting.id) else { return nil }
            let presence = posting.range.presence(on: date)
            guard presence != .no else { return nil }
            return PostHolder(posting: posting, person: snapshot.persons[posting.person], presence: presence,
                              contested: isContested(posting.id), claims: snapshot.claims(about: posting.id))
        }.sorted { a, b in
            (a.presence == .definite ? 0 : 1, a.personName, a.posting.id) < (b.presence == .definite ? 0 : 1, b.personName, b.posting.id)
        }
    }
}
