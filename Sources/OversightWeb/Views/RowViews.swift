import OversightCore

/// An incident in a list.
struct IncidentRow: Sendable {
    var href: String
    var title: String
    var date: String
    var place: String
    var killed: String
    var injured: String

    init(_ incident: Incident, locations: [String: any EvidenceEntity], asOf: Day?) {
        href = Paths.page(kind: .incident, id: incident.id, asOf: asOf)
        title = incident.title
        date = DateText.range(incident.range)
        place = incident.place ?? incident.location.flatMap { locations[$0]?.displayName } ?? "—"
        killed = incident.killed.map(String.init) ?? "unknown"
        injured = incident.injured.map(String.init) ?? "unknown"
    }
}

/// A unit relation seen from one of its units.
struct RelationRow: Sendable {
    /// The unit at the other end.
    var other: LinkView
    var relationKind: String
    var relationClass: String?
    var dates: String
    var relationHref: String
    var isContested: Bool

    init(_ relation: UnitRelation, otherID: String, units: [String: any EvidenceEntity], contested: Set<String>, asOf: Day?) {
        isContested = contested.contains(relation.id)
        other = LinkView(id: otherID, in: units, asOf: asOf)
        relationKind = relation.kind.rawValue
        relationClass = relation.relationClass
        dates = DateText.range(relation.range)
        relationHref = Paths.page(kind: .relation, id: relation.id, asOf: asOf)
    }
}

/// A posting seen from its unit (the holder is linked) or from its person (the unit is linked).
struct PostingRow: Sendable {
    var party: LinkView
    var role: String
    var isCommand: Bool
    var postTitle: String?
    var rank: String?
    var dates: String
    var postingHref: String
    /// Another source says otherwise (e.g. two holders of one command on the same day).
    var isContested: Bool

    init(_ posting: Posting, partyID: String, entities: [String: any EvidenceEntity], contested: Set<String>, asOf: Day?) {
        isContested = contested.contains(posting.id)
        party = LinkView(id: partyID, in: entities, asOf: asOf)
        role = posting.role.rawValue
        isCommand = posting.role.isCommand
        postTitle = posting.title
        rank = posting.rank
        dates = DateText.range(posting.range)
        postingHref = Paths.page(kind: .posting, id: posting.id, asOf: asOf)
    }
}

/// A knowledge or accountability event, or a finding, in a list.
struct EventRow: Sendable {
    var href: String
    var eventTitle: String
    var eventKind: String
    var eventType: String?
    var dates: String

    init(_ entity: any EvidenceEntity, asOf: Day?) {
        let kind = type(of: entity).kind
        href = Paths.page(kind: kind, id: entity.id, asOf: asOf)
        eventTitle = entity.displayName
        eventKind = kind.plural
        switch entity {
        case let event as KnowledgeEvent: eventType = event.eventType
        case let event as AccountabilityEvent: eventType = event.eventType.rawValue
        case let finding as Finding: eventType = "\(finding.body) (\(FindingText.kindAndStrength(finding)))"
        default: eventType = nil
        }
        dates = entity.dates.map(DateText.range) ?? "—"
    }
}

/// A field of a record on the generic record page.
struct FieldRow: Sendable {
    var field: String
    var value: String
}

/// A link from or to a record on the generic record page.
struct ReferenceRow: Sendable {
    var role: String
    var link: LinkView
}

/// Rows of a table, with whether there are any (templates print "none" instead of an empty table).
struct RowList<Row: Sendable>: Sendable {
    var rows: [Row]
    var hasRows: Bool

    init(_ rows: [Row]) {
        self.rows = rows
        self.hasRows = !rows.isEmpty
    }
}
