import OversightCore

struct HomePage: Sendable {
    var chrome: PageChrome
    var counts: [CountView]
    /// The newest incidents.
    var incidents: RowList<IncidentRow>
}

struct IncidentsPage: Sendable {
    var chrome: PageChrome
    /// The filter values as typed, to refill the form.
    var country: String
    var from: String
    var to: String
    var asOfValue: String
    var incidents: RowList<IncidentRow>
    var count: Int
    var truncated: Bool
    var limit: Int
}

struct IncidentView: Sendable {
    var id: String
    var title: String
    var country: String
    var place: String?
    var location: LinkView?
    var dates: String
    var precision: String
    var violations: [String]
    var killed: String
    var injured: String
    var victims: [String]
    var perpetratorUnits: [LinkView]
    var perpetratorPersons: [LinkView]
    var stateForces: String
    var incidentDescription: String?
    /// Bundle v2: the state whose forces did it, the coalition it is attributed to, the branches of the forces.
    var responsibleState: String? = nil
    var coalition: LinkView? = nil
    var forces: [String] = []
}

struct IncidentPage: Sendable {
    var chrome: PageChrome
    var incident: IncidentView
    var evidence: ClaimsSection
    var events: RowList<EventRow>
    /// The command-responsibility evidence (nil only for an incident without a date).
    var responsibility: ResponsibilitySection?
}

struct UnitView: Sendable {
    var id: String
    var name: String
    var aliases: [String]
    var country: String?
    var classification: [String]
    var force: String?
    var unitNote: String?
}

struct UnitPage: Sendable {
    var chrome: PageChrome
    var unit: UnitView
    var evidence: ClaimsSection
    /// The date in the chain form: the one asked for, else the default (empty when there is none).
    var chainDate: String
    var chainSection: ChainSection?
    /// Relations in which this unit is the subordinate: the other end is its superior.
    var superiors: RowList<RelationRow>
    /// Relations in which this unit is the superior.
    var subordinates: RowList<RelationRow>
    var postings: RowList<PostingRow>
    var incidents: RowList<IncidentRow>
    var events: RowList<EventRow>
}

struct PersonView: Sendable {
    var id: String
    var name: String
    var aliases: [String]
    var gender: String?
    var country: String?
    var birthDate: String?
    var personNote: String?
}

struct PersonPage: Sendable {
    var chrome: PageChrome
    var person: PersonView
    var evidence: ClaimsSection
    /// Superiors and subordinates during each command posting.
    var timeline: CommandTimelineView
    var postings: RowList<PostingRow>
    var incidents: RowList<IncidentRow>
    var knowledge: RowList<EventRow>
    var accountability: RowList<EventRow>
}

struct SourceView: Sendable {
    var id: String
    var title: String
    var publisher: String
    var published: String
    var url: String?
    var archiveURL: String?
    var sourceKind: String?
    var language: String?
    var author: String?
    var sourceNote: String?
}

struct SourcePage: Sendable {
    var chrome: PageChrome
    var source: SourceView
    var evidence: ClaimsSection
}

/// Any record, shown field by field (postings, relations, events, findings, exports, permits…).
struct EntityPage: Sendable {
    var chrome: PageChrome
    var kindLabel: String
    var id: String
    var name: String
    var dates: String?
    var fields: [FieldRow]
    var references: [ReferenceRow]
    var referencedBy: [ReferenceRow]
    var evidence: ClaimsSection
}
