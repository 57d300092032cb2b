import OversightApp
import OversightCore

/// A claim behind a chain level, a holder or an indicator, with the sources it cites.
struct ClaimCiteView: Sendable {
    var claimID: String
    /// The claim on the page of the record it is about.
    var claimHref: String
    var status: String
    var isContested: Bool
    var citations: [CitationView]

    /// The claims with only the citations whose sources the snapshot knows (those public by its date).
    static func list(_ claims: [Claim], snapshot: EvidenceSnapshot, asOf: Day?) -> [ClaimCiteView] {
        claims.map { claim in
            let citations = claim.citations.filter { snapshot.knownOn == nil || snapshot.sources[$0.source] != nil }
            let kind = snapshot.entity(claim.subject).map { type(of: $0).kind } ?? .relation
            return ClaimCiteView(
                claimID: claim.id,
                claimHref: Paths.page(kind: kind, id: claim.subject, asOf: asOf) + "#" + claim.id,
                status: claim.status.rawValue, isContested: claim.status == .contested,
                citations: citations.map { CitationView($0, source: snapshot.sources[$0.source], asOf: asOf) })
        }
    }
}

/// A holder of a command post on the chain's date.
struct HolderView: Sendable {
    var person: LinkView
    var holderTitle: String?
    var holderRank: String?
    /// `definite` or `possible`.
    var presence: String
    var isDefinite: Bool
    var isContested: Bool
    var postingHref: String
    var claims: [ClaimCiteView]

    init(_ holder: PostHolder, snapshot: EvidenceSnapshot, asOf: Day?) {
        person = holder.person.map { LinkView(entity: $0, asOf: asOf) }
            ?? LinkView(name: holder.posting.person, href: Paths.page(kind: .person, id: holder.posting.person, asOf: asOf), kindLabel: "person")
        holderTitle = holder.posting.title
        holderRank = holder.posting.rank
        presence = holder.presence == .definite ? "definite" : "possible"
        isDefinite = holder.presence == .definite
        isContested = holder.contested
        postingHref = Paths.page(kind: .posting, id: holder.posting.id, asOf: asOf)
        claims = ClaimCiteView.list(holder.claims, snapshot: snapshot, asOf: asOf)
    }
}

/// How a level is reached from the one below.
struct LinkPresenceView: Sendable {
    /// The superior unit the link leads to.
    var superior: LinkView
    var relationKind: String
    var presence: String
    var isDefinite: Bool
    var isContested: Bool
    var relationHref: String
    var claims: [ClaimCiteView]

    init(_ link: ChainLink, snapshot: EvidenceSnapshot, asOf: Day?) {
        let related = link.relation.related
        superior = snapshot.units[related].map { LinkView(entity: $0, asOf: asOf) }
            ?? LinkView(name: related, href: Paths.page(kind: .unit, id: related, asOf: asOf), kindLabel: "unit")
        relationKind = link.relation.kind.rawValue
        presence = link.presence.rawValue
        isDefinite = link.presence == .definite
        isContested = link.contested
        relationHref = Paths.page(kind: .relation, id: link.relation.id, asOf: asOf)
        claims = ClaimCiteView.list(link.claims, snapshot: snapshot, asOf: asOf)
    }
}

/// One level of a chain as the tables show it.
struct ChainLevelView: Sendable {
    var level: Int
    var unit: LinkView
    /// Named apart from every other key: Mustache looks a missing (nil) key up in the enclosing contexts.
    var levelLink: LinkPresenceView?
    var holders: [HolderView]
    var holdersUnknown: Bool
    /// `definite`, `possible` or `unknown`.
    var holderCertainty: String
    /// More than one holder and at least one contested: shown side by side.
    var contestedHolders: Bool
    var otherSuperiors: [LinkPresenceView]
    var hasOtherSuperiors: Bool

    init(_ level: ChainLevel, index: Int, snapshot: EvidenceSnapshot, asOf: Day?) {
        self.level = index
        unit = LinkView(entity: level.unit, asOf: asOf)
        levelLink = level.link.map { LinkPresenceView($0, snapshot: snapshot, asOf: asOf) }
        holders = level.holders.map { HolderView($0, snapshot: snapshot, asOf: asOf) }
        holdersUnknown = level.holders.isEmpty
        holderCertainty = level.holderCertainty
        contestedHolders = level.holders.count > 1 && level.holders.contains { $0.contested }
        otherSuperiors = level.otherSuperiors.map { LinkPresenceView($0, snapshot: snapshot, asOf: asOf) }
        hasOtherSuperiors = !otherSuperiors.isEmpty
    }
}

/// A chain of command on a date: its levels, its member chains, and what stopped it.
struct ChainView: Sendable {
    var date: String
    var levels: [ChainLevelView]
    var memberChains: [ChainView]
    var hasMemberChains: Bool
    /// "a → b → a" when the relations form a cycle (not optional: a nil key would be looked up in the
    /// enclosing chain when a member chain is rendered).
    var hasCycle: Bool
    var cycleText: String
    var notes: [String]
    var hasNotes: Bool

    init(_ chain: CommandChain, snapshot: EvidenceSnapshot, asOf: Day?) {
        date = chain.date.description
        levels = chain.levels.enumerated().map { ChainLevelView($1, index: $0, snapshot: snapshot, asOf: asOf) }
        memberChains = chain.memberChains.map { ChainView($0, snapshot: snapshot, asOf: asOf) }
        hasMemberChains = !memberChains.isEmpty
        hasCycle = chain.cycle != nil
        cycleText = (chain.cycle ?? []).map { snapshot.units[$0]?.name ?? $0 }.joined(separator: " → ")
        notes = chain.notes
        hasNotes = !notes.isEmpty
    }
}

/// The command chart section of a unit page.
struct ChainSection: Sendable {
    var chain: ChainView
    /// The date shown, and whether the reader chose it or it is the default.
    var date: String
    var dateIsDefault: Bool
    var dateReason: String
    /// The generated SVG (every text in it XML-escaped by `CommandChartSVG`), inlined in the page.
    var chartSVG: String
    var chartHref: String
    var apiHref: String
}

// MARK: - Command responsibility

/// The rating of one element for one superior, as a cell of the table.
struct ElementCellView: Sendable {
    var element: String
    /// `supported`, `partly supported`…
    var rating: String
    /// The rating's code, for the CSS class.
    var ratingCode: String
    var indicatorCount: Int
}

struct IndicatorView: Sendable {
    var direction: String
    var supports: Bool
    var text: String
    var record: LinkView
    var claims: [ClaimCiteView]
}

struct ElementDetailView: Sendable {
    var title: String
    var rating: String
    var ratingCode: String
    var indicators: [IndicatorView]
    var hasIndicators: Bool
}

/// A superior in the chain above a perpetrator unit, with the evidence for each element.
struct SuperiorView: Sendable {
    /// The fragment id of the superior's indicators.
    var anchor: String
    var holder: HolderView
    var unit: LinkView
    var level: Int
    /// `military` or `civilian`.
    var standard: String
    var standardWording: String
    var cells: [ElementCellView]
    var elements: [ElementDetailView]

    init(_ superior: SuperiorEvidence, anchor: String, snapshot: EvidenceSnapshot, asOf: Day?) {
        self.anchor = anchor
        holder = HolderView(superior.holder, snapshot: snapshot, asOf: asOf)
        unit = LinkView(entity: superior.unit, asOf: asOf)
        level = superior.level
        standard = superior.standard.rawValue
        standardWording = superior.standard.wording
        cells = superior.elements.map {
            ElementCellView(element: $0.element.title, rating: $0.rating.label, ratingCode: $0.rating.rawValue, indicatorCount: $0.indicators.count)
        }
        elements = superior.elements.map { element in
            let indicators = element.indicators.map { indicator in
                IndicatorView(
                    direction: indicator.direction.rawValue, supports: indicator.direction == .supports, text: indicator.text,
                    record: snapshot.entity(indicator.recordID).map { LinkView(entity: $0, asOf: asOf) }
                        ?? LinkView(name: indicator.recordID, href: SitePath.entity.href(indicator.recordID) + Paths.asOfQuery(asOf), kindLabel: "record"),
                    claims: ClaimCiteView.list(indicator.claims, snapshot: snapshot, asOf: asOf))
            }
            return ElementDetailView(title: element.element.title, rating: element.rating.label, ratingCode: element.rating.rawValue,
                                     indicators: indicators, hasIndicators: !indicators.isEmpty)
        }
    }
}

struct UnitResponsibilityView: Sendable {
    var unit: LinkView
    var chain: ChainView
    var superiors: [SuperiorView]
    var hasSuperiors: Bool
}

/// The command-responsibility evidence of an incident, as the incident page and the printable report show it.
struct ResponsibilitySection: Sendable {
    var disclaimer: String
    var date: String
    var elementTitles: [String]
    var units: [UnitResponsibilityView]
    var hasUnits: Bool
    var accountability: [EventRow]
    var hasAccountability: Bool
    var notes: [String]
    var hasNotes: Bool
    var reportHref: String
    var apiHref: String

    init(_ report: ResponsibilityReport, snapshot: EvidenceSnapshot, asOf: Day?) {
        disclaimer = ResponsibilityReport.disclaimer
        date = report.date.description
        elementTitles = ResponsibilityElement.allCases.map(\.title)
        units = report.units.enumerated().map { unitIndex, item in
            UnitResponsibilityView(
                unit: LinkView(entity: item.unit, asOf: asOf),
                chain: ChainView(item.chain, snapshot: snapshot, asOf: asOf),
                superiors: item.superiors.enumerated().map { index, superior in
                    SuperiorView(superior, anchor: "superior-\(unitIndex + 1)-\(index + 1)", snapshot: snapshot, asOf: asOf)
                },
                hasSuperiors: !item.superiors.isEmpty)
        }
        hasUnits = !units.isEmpty
        accountability = report.accountability.map { EventRow($0, asOf: asOf) }
        hasAccountability = !accountability.isEmpty
        notes = report.notes
        hasNotes = !notes.isEmpty
        reportHref = SitePath.responsibility.href(report.incident.id) + Paths.asOfQuery(asOf)
        apiHref = "/api/v1/incidents/" + Paths.segment(report.incident.id) + "/responsibility" + Paths.asOfQuery(asOf)
    }
}

/// The printable command-responsibility report of an incident (also what `oversight responsibility --format html` prints).
struct ResponsibilityPage: Sendable {
    var chrome: PageChrome
    var incident: LinkView
    var incidentDates: String
    var responsibility: ResponsibilitySection
}

// MARK: - Superiors and subordinates of a person

/// The units above and below one of a person's command posts on one day, with who commanded them.
struct CommandMomentView: Sendable {
    var label: String
    var date: String
    var superiors: [UnitHoldersView]
    var hasSuperiors: Bool
    var subordinates: [UnitHoldersView]
    var hasSubordinates: Bool
    var chartHref: String
}

struct UnitHoldersView: Sendable {
    var unit: LinkView
    var relationKind: String
    var presence: String
    var isContested: Bool
    var holders: [HolderView]
    var holdersUnknown: Bool
}

struct CommandPostingView: Sendable {
    var unit: LinkView
    var role: String
    var commandTitle: String
    var dates: String
    var postingHref: String
    var isContested: Bool
    var moments: [CommandMomentView]
}

struct CommandTimelineView: Sendable {
    var postings: [CommandPostingView]
    var hasPostings: Bool
}
