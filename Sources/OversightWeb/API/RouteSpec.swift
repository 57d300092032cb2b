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
    /// The handler checks its own forms' CSRF tokens (the workflow gate), so the table adds no check of its own.
    var checksItsForms = false
    var handler: @Sendable (Request, OversightRequestContext) async throws -> Response

    /// A public HTML page, a download of one, or a public form that needs no session (assessment, screening):
    /// the same kind of row as the API's and the editing forms', registered by the same table. Pages are not in
    /// the OpenAPI documents (they answer HTML for people; the API answers the same data as JSON).
    static func page<R: ResponseGenerator>(_ path: SitePath, _ summary: String, method: HTTPRequest.Method = .get,
                                           _ handler: @escaping @Sendable (Request, OversightRequestContext) async throws -> R) -> BoundRoute {
        page(path.pattern, summary, method: method, handler)
    }

    static func page<R: ResponseGenerator>(_ path: String, _ summary: String, method: HTTPRequest.Method = .get,
                                           _ handler: @escaping @Sendable (Request, OversightRequestContext) async throws -> R) -> BoundRoute {
        let html = ["text/html"]
        return BoundRoute(
            spec: RouteSpec(method: method, path: path, summary: summary, operationID: WorkflowRoute.derivedOperationID(method, path),
                            tag: "pages", access: .anyone, authentication: .session,
                            answers: [200: .init(description: "The page", contentTypes: html),
                                      400: .init(description: "A value cannot be used", contentTypes: html),
                                      404: .init(description: "No such record, or none known on asOf", contentTypes: html)]),
            handler: { request, context in try await handler(request, context).response(from: request, context: context) })
    }
}

/// The route table: every route of the server (pages, public forms, the workflow's pages and forms, the editing
/// forms and the API), registered here from the same rows the OpenAPI documents are made of. A row whose spec
/// asks for the session's CSRF token is registered behind `formGuard`, unless its handler checks it itself.
struct RouteTable: Sendable {
    var routes: [BoundRoute]
    /// Checks a form's origin and CSRF token before its handler runs (the evidence-editing forms).
    var formGuard: EditingFormGuard? = nil

    var specs: [RouteSpec] { routes.map(\.spec) }

    func register(on router: some RouterMethods<OversightRequestContext>) throws {
        for route in routes {
            var handler = route.handler
            if route.spec.csrf && !route.checksItsForms {
                guard let formGuard else {
                    throw WebSetupError("\(route.spec.method) \(route.spec.path) needs the CSRF check and the server has no form guard")
                }
                let inner = handler
                handler = { request, context in try await inner(try await formGuard.check(request), context) }
            }
            router.on(RouterPath(route.spec.path), method: route.spec.method, use: handler)
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
