import Foundation
import Hummingbird
import OversightCore
import OversightWorkflow

/// Binds the workflow's rows for the route table, putting every request through the same checks first: who is
/// calling (the session cookie for pages, `Authorization: Bearer` for the API), whether their role may use the
/// route, the body size limit, and for pages' forms the CSRF token.
struct WorkflowGate: Sendable {
    let service: WorkflowService
    let security: WebSecurity

    /// A row as the route table registers it: the gate's checks, then the handler. The gate checks its forms'
    /// CSRF tokens itself, against the signed-in session (or, on the sign-in form, its cookie).
    func bound(_ route: WorkflowRoute) -> BoundRoute {
        switch route.surface {
        case .page:
            BoundRoute(spec: route.spec, checksItsForms: true) { request, context in try await page(route, request, context) }
        case .api:
            BoundRoute(spec: route.spec) { request, context in try await api(route, request, context) }
        }
    }

    /// The session of the request's cookie, if it is a live one.
    func session(_ request: Request) async throws -> (token: String, session: Session)? {
        guard let token = request.cookies[WebSecurity.sessionCookie]?.value, !token.isEmpty,
              let session = try await service.session(token: token) else { return nil }
        return (token, session)
    }

    private func page(_ route: WorkflowRoute, _ request: Request, _ context: OversightRequestContext) async throws -> Response {
        let current = try await session(request)
        if route.access.requiresSignIn {
            guard let current else {
                let next = request.uri.path + (request.method == .get ? (request.uri.query.map { "?" + $0 } ?? "") : "")
                return Response(status: .seeOther, headers: [.location: "/signin?next=" + WorkflowPaths.queryValue(next)])
            }
            guard route.access.allows(current.session.user.role) else {
                throw WebError.forbidden("Your role (\(current.session.user.role.label)) cannot use \(request.uri.path). Sign in as a user whose role may, or ask an administrator.")
            }
        }
        var form: FormBody?
        if request.method != .get && request.method != .head {
            let body = try await WebSecurity.collect(request, limit: WebSecurity.maximumFormBytes, what: "The form")
            guard let fields = FormBody.parse(body, contentType: request.headers[.contentType]) else {
                throw WebError(.unsupportedMediaType, "Send the form as application/x-www-form-urlencoded (as the page's form does).")
            }
            let presented = fields.fields[WebSecurity.csrfField] ?? ""
            let valid: Bool
            if let current, service.isValidCSRF(presented, for: current.session) {
                valid = true
            } else if !route.access.requiresSignIn {
                // Before there is a session (the sign-in form): the token must match the form's cookie.
                let expected = request.cookies[WebSecurity.signInCookie]?.value ?? ""
                valid = WebSecurity.constantTimeEqual(expected, presented)
            } else {
                valid = false
            }
            guard valid else {
                throw WebError.forbidden("The form's security token is missing or out of date (CSRF check). Go back, reload the page and send the form again.")
            }
            form = fields
        }
        let call = WorkflowCall(request: request, context: context, user: current?.session.user, session: current?.session,
                                sessionToken: current?.token, form: form, json: nil)
        var response = try await route.handler(call)
        if route.access.requiresSignIn {
            // Pages with personal data are not to be kept by shared caches.
            response.headers[.cacheControl] = "private, no-store"
        }
        return response
    }

    private func api(_ route: WorkflowRoute, _ request: Request, _ context: OversightRequestContext) async throws -> Response {
        var user: UserAccount?
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw WebError.unauthorized("The Authorization header must be 'Bearer TOKEN' with an API token (create one on /account).")
            }
            user = try await service.user(forAPIToken: String(parts[1]).trimmingCharacters(in: .whitespaces))
            if user == nil {
                throw WebError.unauthorized("The API token is not valid (unknown, revoked or its user is disabled). Create a new one on /account.")
            }
        }
        if route.access.requiresSignIn {
            guard let user else {
                throw WebError.unauthorized("This endpoint needs an API token: send 'Authorization: Bearer TOKEN' (create one on /account).")
            }
            guard route.access.allows(user.role) else {
                throw WebError.forbidden("A user with role \(user.role.rawValue) may not call \(route.method.rawValue) \(route.openAPIPath).")
            }
        }
        var json: Data?
        if route.requestBody != nil {
            let body = try await WebSecurity.collect(request, limit: WebSecurity.maximumJSONBytes, what: "The request body")
            let type = (request.headers[.contentType] ?? "application/json").lowercased()
            guard type.hasPrefix("application/json") else {
                throw WebError(.unsupportedMediaType, "Send the body as application/json.")
            }
            json = Data(body.readableBytesView)
        }
        let call = WorkflowCall(request: request, context: context, user: user, session: nil, sessionToken: nil, form: nil, json: json)
        return try await route.handler(call)
    }
}

/// Paths and query values of the workflow pages.
enum WorkflowPaths {
    static func application(_ id: String) -> String { "/applications/" + Paths.segment(id) }

    /// A value for a query string.
    static func queryValue(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Only a local path (`/…`, not `//host`) may be a redirect target after sign-in.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/dashboard" }
        return next
    }
}
