import Foundation
import Hummingbird
import OversightCore

/// Where each record is shown, and how ids travel in paths.
///
/// Ids such as `unit:pnp-comisaria-juliaca` go into a path segment as they are (`:` is allowed there);
/// anything else is percent-encoded, and decoded again when a route reads it.
enum Paths {
    private static let segmentCharacters: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        set.insert(charactersIn: "-._~:@!$'()*+,;=")
        return set
    }()

    static func segment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? id
    }

    /// `?asOf=YYYY-MM-DD`, or empty, to keep the knowledge date on every link of a page.
    static func asOfQuery(_ asOf: Day?) -> String { asOf.map { "?asOf=\($0)" } ?? "" }

    /// The HTML page of a record of this kind.
    static func page(kind: EntityKind, id: String, asOf: Day?) -> String {
        let path: SitePath
        switch kind {
        case .incident: path = .incident
        case .unit: path = .unit
        case .person: path = .person
        default: path = .entity
        }
        return path.href(id) + asOfQuery(asOf)
    }

    static func source(id: String, asOf: Day?) -> String { SitePath.source.href(id) + asOfQuery(asOf) }

    /// The `{id}` of a route, percent-decoded.
    static func id(from context: some RequestContext) throws -> String {
        let raw = try context.parameters.require("id")
        return raw.removingPercentEncoding ?? raw
    }
}

/// An address of the site with its parameters, written once: the route table registers `pattern`
/// (`/units/:id`), and pages print links with `href` (`/units/unit:pnp`), so a page cannot move without its links.
struct SitePath: Sendable, Equatable {
    let pattern: String

    init(_ pattern: String) { self.pattern = pattern }

    /// The path with each `:name` segment replaced, in order, by a value (percent-encoded as a segment).
    func href(_ values: String...) -> String {
        var rest = values[...]
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix(":") else { return String(segment) }
            precondition(!rest.isEmpty, "\(pattern) needs a value for \(segment)")
            return Paths.segment(rest.removeFirst())
        }
        precondition(rest.isEmpty, "\(pattern) takes \(values.count - rest.count) values, not \(values.count)")
        return segments.joined(separator: "/")
    }

    static let home = SitePath("/")
    static let incidents = SitePath("/incidents")
    static let incident = SitePath("/incidents/:id")
    static let responsibility = SitePath("/incidents/:id/responsibility")
    static let unit = SitePath("/units/:id")
    static let unitChart = SitePath("/units/:id/chart.svg")
    static let person = SitePath("/persons/:id")
    static let source = SitePath("/sources/:id")
    static let entity = SitePath("/entities/:id")

    static let assessments = SitePath("/assessments")
    static let assessmentForm = SitePath("/assessments/new")
    static let assessmentDemo = SitePath("/assessments/demo/:name")
    static let screening = SitePath("/screening")

    static let reports = SitePath("/reports")
    static let report = SitePath("/reports/:kind")
    static let reportCSV = SitePath("/reports/:kind/csv")
    static let reportJSON = SitePath("/reports/:kind/json")
    static let reportChart = SitePath("/reports/:kind/:chart")

    static let search = SitePath("/search")
    static let candidates = SitePath("/candidates")
    static let candidate = SitePath("/candidates/:id")
    static let confirmCandidate = SitePath("/candidates/:id/confirm")
    static let mergeCandidate = SitePath("/candidates/:id/merge")
    static let rejectCandidate = SitePath("/candidates/:id/reject")
    static let newRecord = SitePath("/edit/:type/new")
    static let editRecord = SitePath("/edit/:type/:id")
    static let saveRecord = SitePath("/edit/:type")
    static let newClaim = SitePath("/claims/new")
    static let saveClaim = SitePath("/claims")
    static let history = SitePath("/history/:id")
    static let revert = SitePath("/history/:id/revert")
}
