import OversightApp
import OversightCore

/// Turns the chain-of-command analyses of `CommandIndex` into what the pages show.
enum CommandPresenter {
    /// The date a unit's chart shows when the reader has not chosen one: the latest date that the unit's own
    /// superior relations and command postings cite (a pure choice; the server's clock never decides it).
    static func defaultDate(unit unitID: String, index: CommandIndex) -> Day? {
        let ranges = (index.superiorLinks[unitID] ?? []).map(\.range) + (index.memberships[unitID] ?? []).map(\.range)
            + (index.commandPostings[unitID] ?? []).map(\.range)
        return ranges.flatMap { [$0.start?.earliestDay, $0.end?.earliestDay].compactMap { $0 } }.max()
    }

    /// `/units/{id}?date=…&asOf=…`
    static func unitHref(_ unitID: String, date: Day, asOf: Day?) -> String {
        SitePath.unit.href(unitID) + "?date=\(date)" + (asOf.map { "&asOf=\($0)" } ?? "")
    }

    static func chartHref(_ unitID: String, date: Day, asOf: Day?) -> String {
        SitePath.unitChart.href(unitID) + "?date=\(date)" + (asOf.map { "&asOf=\($0)" } ?? "")
    }

    static func chainAPIHref(_ unitID: String, date: Day, asOf: Day?) -> String {
        "/api/v1/units/" + Paths.segment(unitID) + "/chain?date=\(date)" + (asOf.map { "&asOf=\($0)" } ?? "")
    }

    static func chainSection(_ chain: CommandChain, snapshot: EvidenceSnapshot, asOf: Day?, dateIsDefault: Bool) -> ChainSection {
        ChainSection(
            chain: ChainView(chain, snapshot: snapshot, asOf: asOf),
            date: chain.date.description,
            dateIsDefault: dateIsDefault,
            dateReason: "No date chosen: this is the chain on \(chain.date), the latest date this unit's relations and command postings cite. Choose another date above.",
            chartSVG: CommandChartSVG.render(chain),
            chartHref: chartHref(chain.unitID, date: chain.date, asOf: asOf),
            apiHref: chainAPIHref(chain.unitID, date: chain.date, asOf: asOf))
    }

    // MARK: - Superiors and subordinates of a person

    /// For each of the person's command postings, at its first and last cited dates: the superior units
    /// with their command holders, and the direct subordinate units with theirs. The person is never
    /// listed as their own superior or subordinate.
    static func timeline(person personID: String, index: CommandIndex, asOf: Day?) -> CommandTimelineView {
        let postings = (index.postingsByPerson[personID] ?? []).filter(\.role.isCommand).sorted {
            ($0.range.start?.earliestDay.ordinal ?? $0.range.end?.earliestDay.ordinal ?? .min, $0.id)
                < ($1.range.start?.earliestDay.ordinal ?? $1.range.end?.earliestDay.ordinal ?? .min, $1.id)
        }
        let views = postings.map { posting -> CommandPostingView in
            let unit = index.snapshot.units[posting.unit]
            return CommandPostingView(
                unit: unit.map { LinkView(entity: $0, asOf: asOf) }
                    ?? LinkView(name: posting.unit, href: Paths.page(kind: .unit, id: posting.unit, asOf: asOf), kindLabel: "unit"),
                role: posting.role.rawValue,
                commandTitle: posting.title ?? posting.role.rawValue,
                dates: DateText.range(posting.range),
                postingHref: Paths.page(kind: .posting, id: posting.id, asOf: asOf),
                isContested: index.isContested(posting.id),
                moments: moments(of: posting).map { label, day in
                    moment(label: label, day: day, posting: posting, index: index, asOf: asOf)
                })
        }
        return CommandTimelineView(postings: views, hasPostings: !views.isEmpty)
    }

    /// The days a posting is looked at: its first and last cited dates (one when they are the same day).
    static func moments(of posting: Posting) -> [(String, Day)] {
        let start = posting.range.start?.earliestDay
        let end = posting.range.end?.latestDay
        switch (start, end) {
        case let (start?, end?) where start == end: return [("Only date cited", start)]
        case let (start?, end?): return [("First cited", start), ("Last cited", end)]
        case let (start?, nil): return [("First cited", start)]
        case let (nil, end?): return [("Last cited", end)]
        case (nil, nil): return []
        }
    }

    private static func moment(label: String, day: Day, posting: Posting, index: CommandIndex, asOf: Day?) -> CommandMomentView {
        let person = posting.person
        func holders(_ unitID: String) -> [HolderView] {
            index.holders(of: unitID, on: day).filter { $0.posting.person != person }
                .map { HolderView($0, snapshot: index.snapshot, asOf: asOf) }
        }
        func unitView(_ unitID: String, relation: UnitRelation, presence: DateRange.Presence) -> UnitHoldersView {
            let found = holders(unitID)
            return UnitHoldersView(
                unit: index.snapshot.units[unitID].map { LinkView(entity: $0, asOf: asOf) }
                    ?? LinkView(name: unitID, href: Paths.page(kind: .unit, id: unitID, asOf: asOf), kindLabel: "unit"),
                relationKind: relation.kind.rawValue, presence: presence.rawValue, isContested: index.isContested(relation.id),
                holders: found, holdersUnknown: found.isEmpty)
        }
        var superiors: [UnitHoldersView] = []
        if let chain = index.chain(unit: posting.unit, on: day, includeMemberChains: false) {
            if chain.levels.count > 1, let link = chain.levels[1].link {
                superiors.append(unitView(link.relation.related, relation: link.relation, presence: link.presence))
            }
            for other in chain.levels.first?.otherSuperiors ?? [] {
                superiors.append(unitView(other.relation.related, relation: other.relation, presence: other.presence))
            }
        }
        for relation in index.memberships[posting.unit] ?? [] {
            let presence = relation.range.presence(on: day)
            if presence != .no { superiors.append(unitView(relation.related, relation: relation, presence: presence)) }
        }
        var subordinates: [UnitHoldersView] = []
        for relation in index.subordinateLinks[posting.unit] ?? [] where relation.unit != posting.unit {
            let presence = relation.range.presence(on: day)
            if presence != .no { subordinates.append(unitView(relation.unit, relation: relation, presence: presence)) }
        }
        return CommandMomentView(label: label, date: day.description, superiors: superiors, hasSuperiors: !superiors.isEmpty,
                                 subordinates: subordinates, hasSubordinates: !subordinates.isEmpty,
                                 chartHref: unitHref(posting.unit, date: day, asOf: asOf))
    }
}

/// The command-responsibility report as an HTML page, from the same templates as the web application's
/// `/incidents/{id}/responsibility`, so `oversight responsibility --format html` prints what the server serves.
public enum ReportHTML {
    /// The page for a report computed on `snapshot` (whose knowledge date, if any, is the page's `asOf`).
    public static func responsibility(_ report: ResponsibilityReport, snapshot: EvidenceSnapshot) throws -> String {
        try responsibility(report, snapshot: snapshot, renderer: PageRenderer())
    }

    static func responsibility(_ report: ResponsibilityReport, snapshot: EvidenceSnapshot, renderer: PageRenderer) throws -> String {
        let asOf = snapshot.knownOn
        let page = ResponsibilityPage(
            chrome: PageChrome(title: "Command responsibility: \(report.incident.title)", path: path(incident: report.incident.id), asOf: asOf),
            incident: LinkView(entity: report.incident, asOf: asOf),
            incidentDates: DateText.range(report.incident.range),
            responsibility: ResponsibilitySection(report, snapshot: snapshot, asOf: asOf))
        return try renderer.render(page)
    }

    static func path(incident id: String) -> String { SitePath.responsibility.href(id) }
}
