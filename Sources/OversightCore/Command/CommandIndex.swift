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
    /// The day each record first became public (its earliest claim's publication).
    public let firstPublic: [String: Day]
    /// When set, only relations and postings public by this day are used: the chain as it could be known then.
    public private(set) var knownOn: Day?

    /// The same index answering as known on `day`, without copying anything.
    public func known(on day: Day?) -> CommandIndex {
        var copy = self
        copy.knownOn = day
        return copy
    }

    /// Whether a record is public by `knownOn` (always, without a knowledge date).
    public func isVisible(_ id: String) -> Bool {
        guard let knownOn else { return true }
        return firstPublic[id].map { $0 <= knownOn } ?? false
    }

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
        var first: [String: Day] = [:]
        for claim in snapshot.claims.values {
            guard let day = snapshot.publicFrom(claim) else { continue }
            if let current = first[claim.subject], current <= day { continue }
            first[claim.subject] = day
        }
        firstPublic = first
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
