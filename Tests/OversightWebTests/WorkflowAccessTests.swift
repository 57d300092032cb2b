import Foundation
import Hummingbird
import HummingbirdTesting
import OversightCore
@testable import OversightWeb
import OversightWorkflow
import Testing

/// The role × route matrix: every workflow route (pages and API), called by anonymous visitors and by each
/// role. The expected access is written out here, independently of the route table; the test fails when a
/// route is added without a row, or when the server lets in or keeps out anyone it should not.
@Suite struct WorkflowAccessTests {
    enum Who: Hashable, CustomStringConvertible {
        case anonymous
        case role(Role)
        var description: String {
            switch self {
            case .anonymous: "anonymous"
            case .role(let role): role.rawValue
            }
        }
    }

    static let A: Role = .applicant, O: Role = .officer, S: Role = .seniorReviewer, U: Role = .auditor, D: Role = .administrator, R: Role = .researcher
    static let everyone: Set<Role> = Set(Role.allCases)
    static let workflow: Set<Role> = [A, O, S, U, D]
    static let staff: Set<Role> = [O, S]
    static let staffReaders: Set<Role> = [O, S, U, D]

    /// "METHOD path" → roles allowed; nil: anyone, signed in or not.
    static let expected: [String: Set<Role>?] = [
        "GET /signin": nil, "POST /signin": nil, "POST /signout": everyone,
        "GET /dashboard": workflow, "GET /applications": workflow, "GET /applications/new": [A], "POST /applications": [A],
        "GET /applications/:id": workflow, "GET /applications/:id/assessment": workflow,
        "POST /applications/:id/submit": [A], "POST /applications/:id/recommend": staff, "POST /applications/:id/decide": staff,
        "POST /applications/:id/issue": staff, "POST /applications/:id/shipments": [A, O],
        "POST /applications/:id/suspend": staff, "POST /applications/:id/reinstate": staff, "POST /applications/:id/revoke": staff,
        "POST /applications/:id/expire": staff,
        "GET /alerts": staffReaders, "POST /alerts/:id/acknowledge": staff, "POST /alerts/:id/suspend": staff,
        "GET /audit": [U, D], "GET /audit/export": [U, D],
        "GET /admin/users": [D], "POST /admin/users": [D], "POST /admin/users/:id": [D],
        "GET /account": everyone, "POST /account/tokens": everyone,
        "GET /api/v1/me": everyone, "GET /api/v1/dashboard": workflow, "GET /api/v1/applications": workflow,
        "POST /api/v1/applications": [A], "GET /api/v1/applications/:id": workflow,
        "POST /api/v1/applications/:id/submit": [A], "POST /api/v1/applications/:id/recommend": staff,
        "POST /api/v1/applications/:id/decide": staff, "POST /api/v1/applications/:id/issue": staff,
        "POST /api/v1/applications/:id/shipments": [A, O], "POST /api/v1/applications/:id/suspend": staff,
        "POST /api/v1/applications/:id/reinstate": staff, "POST /api/v1/applications/:id/revoke": staff,
        "POST /api/v1/applications/:id/expire": staff,
        "GET /api/v1/alerts": staffReaders, "POST /api/v1/alerts/:id/acknowledge": staff, "POST /api/v1/alerts/:id/suspend": staff,
        "GET /api/v1/audit": [U, D], "GET /api/v1/audit/verify": [U, D], "GET /api/v1/audit/export": [U, D],
        "GET /api/v1/users": [D], "POST /api/v1/users": [D], "POST /api/v1/users/:id": [D], "POST /api/v1/tokens": everyone,
        "GET /api/v1/openapi.json": nil,
    ]

    @Test func everyRouteHasAnExpectedRow() async throws {
        try await WorkflowWebApp.test { app, _ in
            let table = WorkflowWeb(service: app.service).routes(renderer: try PageRenderer())
            let registered = Set(table.map { "\($0.method.rawValue) \($0.path)" })
            #expect(registered == Set(Self.expected.keys), "routes without a row: \(registered.subtracting(Self.expected.keys).sorted()); rows without a route: \(Set(Self.expected.keys).subtracting(registered).sorted())")
        }
    }

    @Test func roleRouteMatrix() async throws {
        try await WorkflowWebApp.test { app, client in
            let applicant = app.user(.applicant)
            let caseID = try await app.peruCase(by: applicant, submitted: true)
            var browsers: [Role: Browser] = [:]
            var tokens: [Role: String] = [:]
            for role in Role.allCases {
                browsers[role] = try await app.browser(app.user(role))
                tokens[role] = try await app.apiToken(app.user(role))
            }
            let table = WorkflowWeb(service: app.service).routes(renderer: try PageRenderer())
            var checked = 0
            for route in table {
                let key = "\(route.method.rawValue) \(route.path)"
                let allowed = try #require(Self.expected[key])
                let uri = route.path
                    .replacingOccurrences(of: "/applications/:id", with: "/applications/\(caseID)")
                    .replacingOccurrences(of: "/alerts/:id", with: "/alerts/alert-none")
                    .replacingOccurrences(of: "/users/:id", with: "/users/\(app.user(.researcher).id)")
                // Sign-out last, so the sessions stay alive for the other routes.
                for who in [Who.anonymous] + Role.allCases.map(Who.role) {
                    let response: TestResponse
                    switch (route.surface, who) {
                    case (.page, .anonymous):
                        response = try await Browser(cookie: "\(WebSecurity.signInCookie)=t0k3n", csrf: "t0k3n").send(client, route.method, uri)
                    case (.page, .role(let role)):
                        if key == "POST /signout" { continue }
                        response = try await browsers[role]!.send(client, route.method, uri)
                    case (.api, .anonymous):
                        response = try await client.api(route.method, uri, token: nil, json: route.method == .post ? "{}" : nil)
                    case (.api, .role(let role)):
                        response = try await client.api(route.method, uri, token: tokens[role]!, json: route.method == .post ? "{}" : nil)
                    }
                    let status = response.status.code
                    let toSignIn = response.status == .seeOther && (response.headers[.location] ?? "").hasPrefix("/signin")
                    let context = "\(who) \(key) → \(status) \(response.text.prefix(160))"
                    switch (allowed, who) {
                    case (nil, _):
                        #expect(![401, 403].contains(status) && !toSignIn, "\(context)")
                    case (.some, .anonymous):
                        if route.surface == .page { #expect(toSignIn, "\(context)") } else { #expect(status == 401, "\(context)") }
                    case (.some(let roles), .role(let role)):
                        if roles.contains(role) {
                            #expect(![401, 403].contains(status) && !toSignIn && status < 500, "\(context)")
                        } else {
                            #expect(status == 403, "\(context)")
                        }
                    }
                    checked += 1
                }
            }
            // Finally sign-out, for every role.
            for role in Role.allCases {
                let response = try await browsers[role]!.post(client, "/signout")
                #expect(response.status == .seeOther && response.headers[.location] == "/signin", "\(role) sign-out")
                let after = try await browsers[role]!.get(client, "/account")
                #expect(after.status == .seeOther, "\(role): the session ended with sign-out")
            }
            #expect(checked >= table.count * 7 - 6)
        }
    }
}

extension Browser {
    func send(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String) async throws -> TestResponse {
        method == .get ? try await get(client, uri) : try await post(client, uri)
    }
}
