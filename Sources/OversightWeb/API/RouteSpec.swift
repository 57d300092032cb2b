import Hummingbird
import OversightCore

/// What one route is, apart from its handler: the row of the route table that the router registration AND the
/// OpenAPI documents are made from, so the two cannot drift apart.
///
/// The table holds the `/api/v1/` routes today (the evidence API of `EvidenceAPIRoutes` and the workflow API of
/// `WorkflowAPI`); `authentication: .session` with `csrf` describes the HTML forms, which the forms document
/// (`GET /api/v1/openapi.json?surface=forms`) is made from.
struct RouteSpec: Sendable {
    /// How a caller signs in for the route's access rule.
    enum Authentication: String, Sendable {
        /// `Authorization: Bearer TOKEN` (an API token; anonymous calls send none).
        case bearer
        /// The browser session cookie (pages and forms).
        case session
    }

    /// A request body: its media type, its JSON schema and the most bytes the server reads.
    struct Body: Sendable {
        enum Kind: String, Sendable {
            case json = "application/json"
            case form = "application/x-www-form-urlencoded"
        }
        var kind: Kind
        var schema: JSONDoc
        var limit: Int
    }

    /// A query parameter.
    struct Query: Sendable {
        var name: String
        var description: String
        var schema: JSONDoc = ["type": "string"]
        var required: Bool = false
    }

    /// One documented answer.
    struct Answer: Sendable {
        var description: String
        /// The media types the answer may come in; a non-JSON one is described as a string.
        var contentTypes: [String] = ["application/json"]
        /// The JSON body's schema; nil: the error body (`#/components/schemas/Error`).
        var schema: JSONDoc? = nil
    }

    var method: HTTPRequest.Method
    /// The full path in Hummingbird's syntax (`/api/v1/units/:id`).
    var path: String
    var summary: String
    var operationID: String
    /// The OpenAPI tag: `evidence`, `workflow`, `forms`.
    var tag: String
    var access: Access
    var authentication: Authentication = .bearer
    /// Whether a form must carry the session's CSRF token (`_csrf`).
    var csrf: Bool = false
    var query: [Query] = []
    /// Schemas of path parameters other than plain strings (e.g. an enumeration of report kinds).
    var pathSchemas: [String: JSONDoc] = [:]
    var body: Body? = nil
    /// Status → answer. Every status the route can answer is listed here.
    var answers: [Int: Answer]
    /// When set, a GET on the path answers 405 with `Allow: <method>` and this message (a hint for clients that
    /// try GET on a POST-only endpoint); not an operation of its own.
    var getHint: String? = nil

    /// `:id` segments → `{id}`, as OpenAPI writes them.
    var openAPIPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }

    var pathParameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    /// The access rule in words, as the document's `x-access` has it.
    var accessRule: String {
        switch access {
        case .anyone:
            return csrf ? "anonymous (form CSRF token from the sign-in cookie)" : "anonymous"
        case .roles(let roles):
            let who = roles == Set(Role.allCases) ? "signed in (any role)" : "signed in, roles: " + roles.map(\.rawValue).sorted().joined(separator: ", ")
            switch authentication {
            case .bearer: return who + "; Authorization: Bearer API token"
            case .session: return who + "; session cookie" + (csrf ? " and the session's CSRF token (_csrf)" : "")
            }
        }
    }
}

/// A row of the table with its handler, ready to register.
struct BoundRoute: Sendable {
    var spec: RouteSpec
    var handler: @Sendable (Request, OversightRequestContext) async throws -> Response
}

/// The `/api/v1/` route table: registered on the router from the same rows the OpenAPI document is made of.
struct APIRouteTable: Sendable {
    var routes: [BoundRoute]

    var specs: [RouteSpec] { routes.map(\.spec) }

    func register(on router: some RouterMethods<OversightRequestContext>) {
        for route in routes {
            router.on(RouterPath(route.spec.path), method: route.spec.method, use: route.handler)
            if let hint = route.spec.getHint {
                let allow = route.spec.method.rawValue
                router.on(RouterPath(route.spec.path), method: .get) { _, _ -> Response in
                    throw HTTPError(.methodNotAllowed, headers: [.allow: allow], message: hint)
                }
            }
        }
    }
}

/// The answers most routes share.
enum Answers {
    static func ok(_ schema: JSONDoc, _ description: String = "Success") -> [Int: RouteSpec.Answer] {
        [200: .init(description: description, schema: schema)]
    }

    static let badQuery = RouteSpec.Answer(description: "A query value cannot be used")
    static let notFound = RouteSpec.Answer(description: "No such record")
    static let tooLarge = RouteSpec.Answer(description: "The body is larger than the route's limit")
    static let unsupportedMedia = RouteSpec.Answer(description: "The body is not of the documented media type")
}
