import Foundation
import Hummingbird
import OversightCore
import OversightWorkflow

/// The permit workflow's web layer: its service and the security settings. `buildApplication` registers the
/// workflow pages and API only when it is given one, so the evidence pages run without it.
public struct WorkflowWeb: Sendable {
    public var service: WorkflowService
    public var security: WebSecurity

    public init(service: WorkflowService, security: WebSecurity = WebSecurity()) {
        self.service = service
        self.security = security
    }

    /// Every workflow route, pages and API, including the row of `GET /api/v1/openapi.json` (whose document
    /// `buildRouter` makes from the whole `/api/v1/` table and serves in its place).
    func routes(renderer: PageRenderer) -> [WorkflowRoute] {
        let pages = WorkflowPages(service: service, renderer: renderer, security: security)
        let all = pages.routes + WorkflowAPI(service: service).routes
        let spec = OpenAPIDocument.spec
        let data = (try? Record.makeEncoder().encode(OpenAPIDocument.make(all.filter { $0.surface == .api }.map(\.spec) + [spec])))
            ?? Data("{}".utf8)
        let openAPI = WorkflowRoute(method: spec.method, path: spec.path, surface: .api, access: spec.access, summary: spec.summary,
                                    operationID: spec.operationID, response: ["type": "object"], handler: { _ in OpenAPIDocument.response(data) })
        return all + [openAPI]
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

    /// The workflow's pages and forms (the API rows: `apiRoutes`), each behind the gate's session, role and CSRF checks.
    func pageRoutes(renderer: PageRenderer) -> [BoundRoute] {
        let gate = WorkflowGate(service: service, security: security)
        return routes(renderer: renderer).filter { $0.surface == .page }.map(gate.bound)
    }

    /// The workflow API rows of the `/api/v1/` table, each behind the gate's token and role checks (the
    /// OpenAPI document's row excepted: the table serves its own).
    func apiRoutes(renderer: PageRenderer) -> [BoundRoute] {
        let gate = WorkflowGate(service: service, security: security)
        return routes(renderer: renderer).filter { $0.surface == .api && $0.path != OpenAPIDocument.path }.map(gate.bound)
    }
}
