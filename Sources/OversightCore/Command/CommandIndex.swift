/// The evidence indexed for chain-of-command questions: relations by subordinate and by superior, command
/// postings by unit, postings by person. Built once from a snapshot; every query after that is lookups.
public struct CommandIndex: Sendable {
    public let snapshot: EvidenceSnapshot
    /// Hierarchy and control relations (everything but member-of) by subordinate unit, sorted by id.
    public let superiorLinks: [String: [UnitRelation]]
    /// Member-of relations by member unit.
    public let memberships: [String: [UnitRelation]]
    /// All relations by superior unit.
    public let subordinateLinks: [String: [UnitRelation]]
    /// Postings with a command role, by unit, sorted by id.
    public let commandPostings: [String: [Posting]]
    /// All postings by person, sorted by id.
    public let postingsByPerson: [String: [Posting]]

    public init(snapshot: EvidenceSnapshot) {
        self.snapshot = snapshot
        var superiors: [String: [UnitRelation]] = [:]
        var members: [String: [UnitRelation]] = [:]
        var subordinates: [String: [UnitRelation]] = [:]
        for relation in snapshot.relations.values {
            if relation.kind == .memberOf {
                members[relation.unit, default: []].append(relation)
            } else {
                superiors[relation.unit, default: []].append(relation)
            }
            subordinates[relation.related, default: []].append(relation)
        }
        var command: [String: [Posting]] = [:]
        var byPerson: [String: [Posting]] = [:]
        for posting in snapshot.postings.values {
            if posting.role.isCommand { command[posting.unit, default: []].append(posting) }
            byPerson[posting.person, default: []].append(posting)
        }
        func sorted<T: Identifiable>(_ d: [String: [T]]) -> [String: [T]] where T.ID == String {
            d.mapValues { $0.sorted { $0.id < $1.id } }
        }
        superiorLinks = sorted(superiors)
        memberships = sorted(members)
        subordinateLinks = sorted(subordinates)
        commandPostings = sorted(command)
        postingsByPerson = sorted(byPerson)
    }

    /// Whether any claim about the record is contested.
    public func isContested(_ id: String) -> Bool {
        snapshot.claims(about: id).contains { $0.status == .contested }
    }
}
