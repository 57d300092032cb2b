import Foundation
import Hummingbird
import OversightCore
import OversightWorkflow

/// The permit workflow's web layer: its service and the security settings. `buildApplication` registers the
/// workflow pages and API only when it is given one, so the evidence pages run without it.
public struct WorkflowWeb: Sendable {
    public var service: WorkflowService
    public var security: WebSecurity
    public var limiter: SignInRateLimiter

    public init(service: WorkflowService, security: WebSecurity = WebSecurity(), limiter: SignInRateLimiter? = nil) {
        self.service = service
        self.security = security
        self.limiter = limiter ?? SignInRateLimiter(limits: security.rateLimits)
    }

    /// Every workflow route, pages and API, including `GET /api/v1/openapi.json` whose document is made from
    /// this same list.
    func routes(renderer: PageRenderer) -> [WorkflowRoute] {
        let pages = WorkflowPages(service: service, renderer: renderer, security: security, limiter: limiter)
        var all = pages.routes + WorkflowAPI(service: service).routes
        var openAPI = WorkflowRoute(method: .get, path: "/api/v1/openapi.json", surface: .api, access: .anyone,
                                    summary: "This OpenAPI 3.1 document", operationID: "getOpenAPI",
                                    response: ["type": "object"], handler: { _ in Response(status: .ok) })
        let document = OpenAPIDocument.make(workflow: all + [openAPI])
        let data = (try? Record.makeEncoder().encode(document)) ?? Data("{}".utf8)
        openAPI.handler = { _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        all.append(openAPI)
        return all
    }

    /// Who may edit evidence once sign-in exists: a signed-in researcher (issue roles: researchers curate
    /// evidence), recorded in the history under their sign-in name. Editing forms carry the session's CSRF token.
    public func evidenceEditorGate() -> EvidenceEditorGate {
        let gate = WorkflowGate(service: service, security: security)
        let service = self.service
        return EvidenceEditorGate(
            authorize: { request in
                guard let current = try await gate.session(request), current.session.user.role == .researcher else { return nil }
                return current.session.user.name
            },
            csrfToken: { request in try await gate.session(request)?.session.csrfToken },
            isValidCSRF: { request, presented in
                // Without a session the gate refuses the edit anyway, with a message saying how to sign in.
                guard let current = try await gate.session(request) else { return true }
                return service.isValidCSRF(presented, for: current.session)
            })
    }

    func register(on router: Router<OversightRequestContext>, renderer: PageRenderer) {
        WorkflowGate(service: service, security: security).register(routes(renderer: renderer), on: router)
    }
}
