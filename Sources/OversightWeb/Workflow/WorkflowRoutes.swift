import Foundation
import Hummingbird
import OversightCore
import OversightWorkflow

/// Who may use a route.
enum Access: Sendable, Hashable {
    /// Everyone, signed in or not (the sign-in page, the OpenAPI document).
    case anyone
    /// Any signed-in user whose role is in the set.
    case roles(Set<Role>)

    static let applicant: Access = .roles([.applicant])
    /// Everyone who works with applications (not researchers).
    static let workflow: Access = .roles([.applicant, .officer, .seniorReviewer, .auditor, .administrator])
    /// Every signed-in user.
    static let signedIn: Access = .roles(Set(Role.allCases))
    /// Licensing staff who act on cases.
    static let staff: Access = .roles([.officer, .seniorReviewer])
    /// Staff and the read-everything roles.
    static let staffAndReaders: Access = .roles([.officer, .seniorReviewer, .auditor, .administrator])
    static let auditReaders: Access = .roles([.auditor, .administrator])
    static let administrator: Access = .roles([.administrator])

    func allows(_ role: Role?) -> Bool {
        switch self {
        case .anyone: return true
        case .roles(let roles): return role.map(roles.contains) ?? false
        }
    }

    var requiresSignIn: Bool { self != .anyone }
}

/// One request to a workflow route, after sign-in, role, body limit and CSRF checks.
struct WorkflowCall: Sendable {
    let request: Request
    let context: OversightRequestContext
    /// The signed-in user; nil only on `.anyone` routes.
    let user: UserAccount?
    /// The browser session (pages); nil for the API.
    let session: Session?
    /// The session token from the cookie (to end it on sign-out).
    let sessionToken: String?
    /// A page's form fields (POST), CSRF already checked.
    let form: FormBody?
    /// The API's JSON body (POST), at most `WebSecurity.maximumJSONBytes`.
    let json: Data?

    /// The signed-in user; routes that require sign-in always have one.
    var actor: UserAccount {
        get throws {
            guard let user else { throw WorkflowError(.unauthenticated, "sign in first") }
            return user
        }
    }

    func parameter(_ name: String) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }
}

/// A workflow route as one row of the table the router AND the OpenAPI document are built from.
struct WorkflowRoute: Sendable {
    enum Surface: String, Sendable { case page, api }

    /// A query parameter, for the OpenAPI document.
    struct Query: Sendable {
        var name: String
        var description: String
        var schema: JSONDoc = ["type": "string"]
    }

    var method: HTTPRequest.Method
    /// The full path in Hummingbird's syntax (`/api/v1/applications/:id`).
    var path: String
    var surface: Surface
    var access: Access
    var summary: String
    /// The OpenAPI operationId (API routes).
    var operationID: String = ""
    var query: [Query] = []
    /// The JSON schema of the request body (API POSTs).
    var requestBody: JSONDoc? = nil
    /// The JSON schema of a successful answer (API).
    var response: JSONDoc? = nil
    var successStatus: Int = 200
    /// The media types of a successful answer (API), when not JSON.
    var successContentTypes: [String] = ["application/json"]
    /// The JSON schema of a page form's fields (POST pages; `_csrf` is added by the spec).
    var form: JSONDoc? = nil
    var handler: @Sendable (WorkflowCall) async throws -> Response

    /// `:id` segments → `{id}`, as OpenAPI writes them.
    var openAPIPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }

    var pathParameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    /// The row as the route table describes it: the workflow gate's checks are the answers it can give
    /// (401 without a valid token, 403 for another role, 413 over the body limit, 415 not JSON…).
    var spec: RouteSpec {
        if surface == .page { return pageSpec }
        var answers: [Int: RouteSpec.Answer] = [
            400: .init(description: "A query value cannot be used"),
            404: .init(description: "No such record, or not visible to the caller"),
        ]
        answers[successStatus] = .init(description: "Success", contentTypes: successContentTypes, schema: response ?? ["type": "object"])
        // Any API call with a bad Authorization header is refused before the role check.
        answers[401] = .init(description: "No valid Bearer token")
        if access.requiresSignIn {
            answers[403] = .init(description: "The role may not do this (or the four-eyes rule forbids it)")
        }
        if requestBody != nil {
            answers[409] = .init(description: "Not allowed in the application's current state")
            answers[413] = .init(description: "Body larger than 256 KiB")
            answers[415] = .init(description: "The body is not application/json")
            answers[422] = .init(description: "Invalid fields (see error.fields) or a permit limit exceeded")
        }
        return RouteSpec(method: method, path: path, summary: summary, operationID: operationID, tag: "workflow", access: access,
                         authentication: surface == .api ? .bearer : .session, csrf: surface == .page && method == .post,
                         query: query.map { RouteSpec.Query(name: $0.name, description: $0.description, schema: $0.schema) },
                         body: requestBody.map { RouteSpec.Body(kind: .json, schema: $0, limit: WebSecurity.maximumJSONBytes) },
                         answers: answers)
    }

    /// A page or form: HTML answers, sign-in by the session cookie; a form's problems come back on the page (4xx).
    private var pageSpec: RouteSpec {
        let html = ["text/html"]
        var answers: [Int: RouteSpec.Answer] = [
            200: .init(description: "The page (a refused form comes back with its problems)", contentTypes: html),
            303: .init(description: "Done (or not signed in): go to Location"),
            400: .init(description: "A value cannot be used", contentTypes: html),
            404: .init(description: "No such record, or not visible to the caller", contentTypes: html),
        ]
        if access.requiresSignIn || method == .post {
            answers[403] = .init(description: "The role may not do this, or the CSRF token is missing or out of date", contentTypes: html)
        }
        if method == .post {
            answers[201] = .init(description: "Created; the page shows it", contentTypes: html)
            answers[409] = .init(description: "Not allowed in the record's current state", contentTypes: html)
            answers[413] = .init(description: "The form is larger than 64 KiB", contentTypes: html)
            answers[415] = .init(description: "Not application/x-www-form-urlencoded", contentTypes: html)
            answers[422] = .init(description: "The form's problems, next to their fields", contentTypes: html)
            answers[429] = .init(description: "Too many sign-in attempts", contentTypes: html)
        }
        return RouteSpec(method: method, path: path, summary: summary, operationID: operationID.isEmpty ? Self.derivedOperationID(method, path) : operationID,
                         tag: "forms", access: access, authentication: .session, csrf: method == .post,
                         query: query.map { RouteSpec.Query(name: $0.name, description: $0.description, schema: $0.schema) },
                         body: method == .post ? RouteSpec.Body(kind: .form, schema: FormSchemas.withCSRF(form), limit: WebSecurity.maximumFormBytes) : nil,
                         answers: answers)
    }

    /// `post /applications/:id/submit` → `postApplicationsIdSubmit`.
    static func derivedOperationID(_ method: HTTPRequest.Method, _ path: String) -> String {
        method.rawValue.lowercased() + path.split(whereSeparator: { "/-:".contains($0) }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

/// JSON schemas of HTML forms' fields (every value is text, as a browser sends it).
enum FormSchemas {
    static func fields(_ properties: [String: JSONDoc], required: [String] = []) -> JSONDoc {
        Schemas.object(properties, required: required)
    }

    /// The form's fields with the CSRF token every form carries.
    static func withCSRF(_ form: JSONDoc?) -> JSONDoc {
        guard case .object(var object) = form ?? fields([:]) else { return fields([WebSecurity.csrfField: Schemas.text("The CSRF token")], required: [WebSecurity.csrfField]) }
        var properties: [String: JSONDoc] = [:]
        if case .object(let existing)? = object["properties"] { properties = existing }
        properties[WebSecurity.csrfField] = Schemas.text("The session's CSRF token (the sign-in cookie's on the sign-in form)")
        object["properties"] = .object(properties)
        var required: [JSONDoc] = [.string(WebSecurity.csrfField)]
        if case .array(let existing)? = object["required"] { required += existing }
        object["required"] = .array(required)
        return .object(object)
    }
}
