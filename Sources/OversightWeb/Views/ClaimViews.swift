import OversightCore
import OversightStore

/// The claims of a record with their citations, and the values sources disagree on, side by side.
struct ClaimsSection: Sendable {
    var claims: [ClaimView]
    var competing: [CompetingProperty]
    var hasCompeting: Bool

    init(_ sourced: [SourcedClaim], asOf: Day?, subjects: [String: any EvidenceEntity]? = nil) {
        claims = sourced.map { ClaimView($0, asOf: asOf, subjects: subjects) }
        competing = CompetingProperty.group(sourced)
        hasCompeting = !competing.isEmpty
    }
}

/// One claim as a page shows it.
struct ClaimView: Sendable {
    var claimID: String
    /// The record the claim is about, when the page lists claims of several records (a source's page).
    var subject: LinkView?
    /// "the record as a whole" or "killed = 17".
    var assertion: String
    var status: String
    var isContested: Bool
    var confidence: String
    var publicFrom: String
    var claimNote: String?
    var citations: [CitationView]

    init(_ sourced: SourcedClaim, asOf: Day?, subjects: [String: any EvidenceEntity]?) {
        let claim = sourced.claim
        claimID = claim.id
        subject = subjects.map { LinkView(id: claim.subject, in: $0, asOf: asOf) }
        if let property = claim.property {
            assertion = "\(property) = \(claim.value ?? "(no value)")"
        } else {
            assertion = "the record as a whole"
        }
        status = claim.status.rawValue
        isContested = claim.status == .contested
        confidence = claim.confidence.rawValue
        publicFrom = sourced.publicFrom?.description ?? "unknown"
        claimNote = claim.note
        citations = claim.citations.map { CitationView($0, source: sourced.sources[$0.source], asOf: asOf) }
    }
}

/// Where a claim's evidence is.
struct CitationView: Sendable {
    var sourceHref: String
    var sourceTitle: String
    var publisher: String?
    var published: String?
    var accessPoint: String?
    /// The citation's (else the source's) web address, only when it is http(s) and so safe to link.
    var citationURL: String?
    var archiveURL: String?
    var excerpt: String?

    init(_ citation: Citation, source: Source?, asOf: Day?) {
        sourceHref = Paths.source(id: citation.source, asOf: asOf)
        sourceTitle = source?.title ?? citation.source
        publisher = source?.publisher
        published = source?.published.description
        accessPoint = citation.accessPoint.isEmpty ? nil : citation.accessPoint
        citationURL = WebURL.linkable(citation.url ?? source?.url)
        archiveURL = WebURL.linkable(citation.archiveURL ?? source?.archiveURL)
        excerpt = citation.excerpt
    }
}

/// A property sources give different values for (e.g. `killed`: 17 vs 18).
struct CompetingProperty: Sendable {
    var property: String
    var values: [CompetingValue]

    /// Properties with more than one distinct value among the claims, by property; values in claim order.
    static func group(_ claims: [SourcedClaim]) -> [CompetingProperty] {
        var byProperty: [String: [SourcedClaim]] = [:]
        for item in claims {
            if let property = item.claim.property { byProperty[property, default: []].append(item) }
        }
        return byProperty.keys.sorted().compactMap { property in
            let items = byProperty[property]!
            guard Set(items.map { $0.claim.value ?? "" }).count > 1 else { return nil }
            return CompetingProperty(property: property, values: items.enumerated().map { index, item in
                CompetingValue(
                    value: item.claim.value ?? "(no value)",
                    isFirst: index == 0,
                    claimID: item.claim.id,
                    status: item.claim.status.rawValue,
                    isContested: item.claim.status == .contested,
                    sourceTitles: item.claim.citations.map { item.sources[$0.source]?.title ?? $0.source }.joined(separator: "; "),
                    publicFrom: item.publicFrom?.description ?? "unknown")
            })
        }
    }
}

struct CompetingValue: Sendable {
    var value: String
    var isFirst: Bool
    var claimID: String
    var status: String
    var isContested: Bool
    var sourceTitles: String
    var publicFrom: String
}

enum WebURL {
    /// The address when a browser may follow it safely (http or https), else nil.
    static func linkable(_ text: String?) -> String? {
        guard let text else { return nil }
        let lower = text.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://") ? text : nil
    }
}
