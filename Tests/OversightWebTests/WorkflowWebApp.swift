import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import OversightCore
import OversightDemo
import OversightStore
@testable import OversightWeb
import OversightWorkflow
import Testing

/// The web application with the workflow over a real database (a SQLite file, or a fresh PostgreSQL schema for
/// `.postgres`; the Peru demo case loaded), one user per role (plus a second officer and a second applicant),
/// bcrypt at cost 4.
struct WorkflowWebApp: Sendable {
    static let password = "correct horse battery"

    let service: WorkflowService
    let users: [String: UserAccount]

    /// Runs `test` against a fresh app; the folder is removed afterwards.
    static func test<Value: Sendable>(_ backend: WebBackend = .sqlite,
                            security: WebSecurity = WebSecurity(rateLimits: .init(perAccount: 1000, perAddress: 1000)),
                            clock: TestClock? = nil, curation: Bool = false,
                            _ test: @Sendable (WorkflowWebApp, any TestClientProtocol) async throws -> Value) async throws -> Value {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-workflow-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try backend.open(in: folder)
        do {
            let value = try await run(store, security: security, clock: clock, curation: curation, test)
            await store.close()
            return value
        } catch {
            await store.close()
            throw error
        }
    }

    private static func run<Value: Sendable>(_ store: any DatabaseStore, security: WebSecurity, clock: TestClock?, curation: Bool,
                                             _ test: @Sendable (WorkflowWebApp, any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await DemoCase.load(into: store)
        let service = clock.map { clock in WorkflowService(store: store, configuration: WorkflowConfiguration(bcryptCost: 4), now: { clock.now }) }
            ?? WorkflowService(store: store, configuration: WorkflowConfiguration(bcryptCost: 4))
        var users: [String: UserAccount] = [:]
        let names: [(String, Role)] = [("applicant1", .applicant), ("applicant2", .applicant), ("officer1", .officer),
                                       ("officer2", .officer), ("senior1", .seniorReviewer), ("auditor1", .auditor),
                                       ("admin1", .administrator), ("researcher1", .researcher)]
        for (name, role) in names {
            users[name] = try await service.createUser(name: name, role: role, password: password, by: nil).user
        }
        let workflow = WorkflowWeb(service: service, security: security)
        // Evidence editing behind the same sign-in, as `oversight serve` wires it.
        let editing = curation ? CurationServices(store: store, editor: workflow.evidenceEditorGate()) : nil
        let app = try buildApplication(store: store, configuration: .init(port: 0), logger: DemoApp.quietLogger(),
                                       workflow: workflow, curation: editing)
        let fixture = WorkflowWebApp(service: service, users: users)
        return try await app.test(.router) { client in try await test(fixture, client) }
    }

    /// The first user with `role`.
    func user(_ role: Role) -> UserAccount {
        let name: String
        switch role {
        case .applicant: name = "applicant1"
        case .officer: name = "officer1"
        case .seniorReviewer: name = "senior1"
        case .auditor: name = "auditor1"
        case .administrator: name = "admin1"
        case .researcher: name = "researcher1"
        }
        return users[name]!
    }

    /// A browser session made directly (no sign-in request), for tests about other things than signing in.
    func browser(_ user: UserAccount) async throws -> Browser {
        let (token, session) = try await service.createSession(for: user)
        return Browser(cookie: "\(WebSecurity.sessionCookie)=\(token)", csrf: session.csrfToken)
    }

    func apiToken(_ user: UserAccount) async throws -> String {
        try await service.createAPIToken(for: user, label: "tests", by: user)
    }

    /// The Peru demo application (PNP simulators), as an applicant drafts it.
    static func peruApplication() throws -> ExportApplication {
        let url = DemoCase.applicationURLs()["peru-pnp-simulators-2023-02-06"]!
        return try JSONDecoder().decode(ExportApplication.self, from: Data(contentsOf: url))
    }

    /// A draft of the Peru application by `applicant`, submitted (so screened and assessed) when asked.
    func peruCase(by applicant: UserAccount, submitted: Bool) async throws -> String {
        let record = try await service.createDraft(try Self.peruApplication(), by: applicant)
        if submitted { _ = try await service.submit(id: record.id, by: applicant) }
        return record.id
    }
}

/// A signed-in browser: the session cookie and the CSRF token its forms carry.
struct Browser: Sendable {
    var cookie: String
    var csrf: String

    func get(_ client: any TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await client.executeRequest(uri: uri, method: .get, headers: [.cookie: cookie], body: nil)
    }

    /// Posts a form with the CSRF token (unless `csrf` is given to override it).
    func post(_ client: any TestClientProtocol, _ uri: String, _ fields: [String: String] = [:], csrf: String? = nil) async throws -> TestResponse {
        var all = fields
        all["_csrf"] = csrf ?? self.csrf
        return try await client.executeRequest(uri: uri, method: .post,
                                               headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                               body: ByteBuffer(string: formEncode(all)))
    }
}

func formEncode(_ fields: [String: String]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return fields.keys.sorted().map { key in
        "\(key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(fields[key]!.addingPercentEncoding(withAllowedCharacters: allowed)!)"
    }.joined(separator: "&")
}

extension TestClientProtocol {
    func api(_ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await executeRequest(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// Signs in through the form as a browser would: GET the form (cookie + token), POST it.
    func signIn(_ name: String, _ password: String, forwardedProto: String? = nil) async throws -> TestResponse {
        let form = try await get("/signin")
        let cookie = try #require(form.headers[values: .setCookie].first { $0.hasPrefix(WebSecurity.signInCookie + "=") })
        let pair = String(cookie.split(separator: ";")[0])
        let token = try #require(form.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/)?.1)
        var headers: HTTPFields = [.cookie: pair, .contentType: "application/x-www-form-urlencoded"]
        if let forwardedProto { headers.append(.init(name: .init("X-Forwarded-Proto")!, value: forwardedProto)) }
        return try await executeRequest(uri: "/signin", method: .post, headers: headers,
                                        body: ByteBuffer(string: formEncode(["_csrf": String(token), "name": name, "password": password])))
    }
}

extension TestResponse {
    /// The session cookie a sign-in set, as `name=value`.
    var sessionCookie: String? {
        headers[values: .setCookie].first { $0.hasPrefix(WebSecurity.sessionCookie + "=") }.map { String($0.split(separator: ";")[0]) }
    }
}
