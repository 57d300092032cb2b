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
        let prefix: String
        switch kind {
        case .incident: prefix = "/incidents/"
        case .unit: prefix = "/units/"
        case .person: prefix = "/persons/"
        default: prefix = "/entities/"
        }
        return prefix + segment(id) + asOfQuery(asOf)
    }

    static func source(id: String, asOf: Day?) -> String { "/sources/" + segment(id) + asOfQuery(asOf) }

    /// The `{id}` of a route, percent-decoded.
    static func id(from context: some RequestContext) throws -> String {
        let raw = try context.parameters.require("id")
        return raw.removingPercentEncoding ?? raw
    }
}
