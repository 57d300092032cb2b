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
}
