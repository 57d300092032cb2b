import OversightCore

/// One input as the form template shows it.
struct FieldView: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    var name: String
    var inputID: String
    var label: String
    var required: Bool
    var help: String?
    var value: String
    var isText: Bool
    var isTextarea: Bool
    var isFlag: Bool
    var checked: Bool
    var isChoice: Bool
    var options: [Option]
    /// Check boxes, one per value (`name[value]`).
    var isChoices: Bool
    var choices: [Choice]

    struct Choice: Sendable {
        var name: String
        var inputID: String
        var value: String
        var checked: Bool
    }

    init(_ spec: FieldSpec, value: String?) {
        name = spec.name
        inputID = "f-" + spec.name.replacingOccurrences(of: ".", with: "-")
        label = spec.label
        required = spec.required
        help = spec.help
        self.value = value ?? ""
        isText = false
        isTextarea = false
        isFlag = false
        checked = false
        isChoice = false
        options = []
        isChoices = false
        choices = []
        switch spec.kind {
        case .text, .date, .integer:
            isText = true
        case .list, .members:
            isTextarea = true
        case .textarea:
            isTextarea = true
        case .flag:
            isFlag = true
            checked = value != nil && value != "" && value != "false"
        case .choice(let values):
            isChoice = true
            options = values.map { Option(value: $0, label: $0.isEmpty ? "—" : $0, selected: $0 == (value ?? "")) }
        case .yesNo:
            isChoice = true
            let current = FormRecord.yesNo(value ?? "").map { $0 ? "true" : "false" } ?? ""
            options = [("", "— (not stated)"), ("true", "yes"), ("false", "no")]
                .map { Option(value: $0.0, label: $0.1, selected: $0.0 == current) }
        case .choices(let values):
            isChoices = true
            let current = FormRecord.list(value)
            // Values outside the choices (from a bundle) stay ticked, so saving the form keeps them.
            let all = values + current.filter { !values.contains($0) }
            choices = all.map { option in
                Choice(name: "\(spec.name)[\(option)]", inputID: "\(inputID)-\(option)", value: option, checked: current.contains(option))
            }
        }
    }

    static func options(_ values: [(String, String)], selected: String?) -> [Option] {
        values.map { Option(value: $0.0, label: $0.1, selected: $0.0 == (selected ?? "")) }
    }
}

struct EditPage: Sendable {
    var chrome: PageChrome
    var heading: String
    var recordLegend: String
    var action: String
    var errors: [String]
    var hasErrors: Bool
    var original: String?
    var subject: String?
    var subjectQuery: String?
    var fields: [FieldView]
    var hasClaim: Bool
    var claimFields: [FieldView]
    var note: String
    var find: String
    var findResults: [SearchHit]
    var hasFindResults: Bool
}

struct SearchHitView: Sendable {
    var id: String
    var kind: String
    var name: String
    var href: String
    var country: String?
    var dates: String?
    var violations: String?
    var snippet: String?

    init(_ hit: SearchHit) {
        id = hit.id
        kind = hit.kind
        name = hit.name
        href = hit.kind == "source" ? Paths.source(id: hit.id, asOf: nil)
            : Paths.page(kind: EntityKind(rawValue: hit.kind) ?? .incident, id: hit.id, asOf: nil)
        country = hit.country
        if let first = hit.firstDay { dates = hit.lastDay.map { $0 == first ? first : "\(first) – \($0)" } ?? first }
        violations = hit.violations.isEmpty ? nil : hit.violations.joined(separator: ", ")
        snippet = hit.snippet.isEmpty ? nil : hit.snippet
    }
}

struct SearchPage: Sendable {
    var chrome: PageChrome
    var q: String
    var kinds: [FieldView.Option]
    var country: String
    var from: String
    var to: String
    var violations: [FieldView.Option]
    var hasQuery: Bool
    var hits: [SearchHitView]
    var count: Int
    var truncated: Bool
    var limit: Int
}

struct CandidateRow: Sendable {
    var eventID: String
    var href: String
    var title: String
    var dates: String
    var country: String
    var fatalities: Int
    var violations: String
    var status: String
    var flags: String?

    init(_ c: CandidateIncident) {
        eventID = c.eventID
        href = SitePath.candidate.href(c.eventID)
        title = c.title
        dates = DateText.range(c.range)
        country = c.country
        fatalities = c.fatalities
        violations = c.violations.isEmpty ? "none suggested" : c.violations.joined(separator: ", ")
        status = c.status.rawValue
        flags = CandidateRow.flags(c)
    }

    static func flags(_ c: CandidateIncident) -> String? {
        var flags: [String] = []
        if c.upstreamChanged { flags.append("changed upstream") }
        if c.upstreamDeleted { flags.append("deleted upstream") }
        return flags.isEmpty ? nil : flags.joined(separator: ", ")
    }
}

struct CandidatesPage: Sendable {
    var chrome: PageChrome
    var statuses: [FieldView.Option]
    var country: String
    var rows: [CandidateRow]
    var count: Int
    var next: String?
}

struct CandidateView: Sendable {
    struct Actor: Sendable {
        var name: String
        var unit: String?
        var unitHref: String?
    }

    var eventID: String
    var title: String
    var status: String
    var incidentID: String?
    var incidentHref: String?
    var flags: String?
    var dates: String
    var precision: String
    var place: String
    var geo: String
    var eventType: String
    var subEventType: String
    var fatalities: Int
    var violations: String
    var violationCodes: String
    var actors: String
    var stateActors: [Actor]
    var sources: String
    var notes: String
    var reviewNote: String?
    var canReview: Bool
    var base: String

    init(_ c: CandidateIncident) {
        eventID = c.eventID
        title = c.title
        status = c.status.rawValue
        incidentID = c.incidentID
        incidentHref = c.incidentID.map { Paths.page(kind: .incident, id: $0, asOf: nil) }
        flags = CandidateRow.flags(c)
        dates = DateText.range(c.range)
        precision = ["day known (time precision 1)", "week known (time precision 2)", "month known (time precision 3)"][max(0, min(2, c.timePrecision - 1))]
        place = [c.place, c.admin2, c.admin1].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        geo = "geo precision \(c.geoPrecision)" + (c.uncertaintyMetres.map { ", within about \($0 / 1000) km" } ?? "")
            + ((c.latitude != nil && c.longitude != nil) ? ", at \(c.latitude!), \(c.longitude!)" : "")
        eventType = c.eventType
        subEventType = c.subEventType
        fatalities = c.fatalities
        violations = c.violations.isEmpty ? "none suggested: choose them when confirming" : c.violations.joined(separator: ", ")
        violationCodes = c.violations.joined(separator: "; ")
        actors = c.actors.joined(separator: "; ")
        stateActors = c.stateActors.map { Actor(name: $0.name, unit: $0.unit, unitHref: $0.unit.map { Paths.page(kind: .unit, id: $0, asOf: nil) }) }
        sources = c.sources
        notes = c.notes
        reviewNote = c.reviewNote
        canReview = c.status == .candidate
        base = SitePath.candidate.href(c.eventID)
    }
}

struct CandidatePage: Sendable {
    var chrome: PageChrome
    var candidate: CandidateView
}

struct VersionView: Sendable {
    var version: Int
    var actor: String
    var at: String?
    var note: String?
    var changes: [String]
    var hasChanges: Bool
    var isCurrent: Bool
    var revertable: Bool
    var recordPath: String
}

struct HistorySection: Sendable {
    var heading: String
    var versions: [VersionView]

    init(heading: String, versions: [RecordVersion]) {
        self.heading = heading
        let last = versions.last?.version
        self.versions = versions.map { v in
            VersionView(version: v.version, actor: v.actor, at: v.at, note: v.note,
                        changes: v.version == 1 ? [] : v.changes.map(\.description), hasChanges: v.version > 1 && !v.changes.isEmpty,
                        isCurrent: v.version == last, revertable: v.version != last && versions.count > 1,
                        recordPath: Paths.segment(v.recordID))
        }
    }
}

struct HistoryPage: Sendable {
    var chrome: PageChrome
    var id: String
    var name: String
    var pageHref: String
    var sections: [HistorySection]
}
