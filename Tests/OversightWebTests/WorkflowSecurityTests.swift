import Foundation
import Hummingbird
import HummingbirdTesting
import OversightCore
@testable import OversightWeb
import OversightWorkflow
import Testing

/// Sign-in, session cookies, CSRF, rate limiting, body limits and field-level errors, through HTTP.
@Suite struct WorkflowSecurityTests {
    @Test(arguments: WebBackend.all)
    func signInSetsAStrictHttpOnlyCookieAndSignOutEndsTheSession(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { _, client in
            let response = try await client.signIn("officer1", WorkflowWebApp.password)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/dashboard")
            let setCookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix(WebSecurity.sessionCookie + "=") })
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            #expect(!setCookie.contains("Secure"), "plain HTTP on loopback: not Secure")
            let cookie = try #require(response.sessionCookie)
            let dashboard = try await client.executeRequest(uri: "/dashboard", method: .get, headers: [.cookie: cookie], body: nil)
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains("officer1"))
            #expect(dashboard.headers[.cacheControl] == "private, no-store")
            let csrf = try #require(dashboard.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/)?.1)
            let out = try await Browser(cookie: cookie, csrf: String(csrf)).post(client, "/signout")
            #expect(out.status == .seeOther)
            #expect(out.headers[values: .setCookie].contains { $0.hasPrefix(WebSecurity.sessionCookie + "=;") || $0.contains("Max-Age=0") })
            let again = try await client.executeRequest(uri: "/dashboard", method: .get, headers: [.cookie: cookie], body: nil)
            #expect(again.status == .seeOther)
            #expect(again.headers[.location]?.hasPrefix("/signin?next=") == true)
        }
    }

    @Test(arguments: WebBackend.all)
    func cookiesAreSecureBehindTLS(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { _, client in
            let response = try await client.signIn("officer1", WorkflowWebApp.password, forwardedProto: "https")
            let setCookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix(WebSecurity.sessionCookie + "=") })
            #expect(setCookie.contains("Secure"))
        }
        try await WorkflowWebApp.test(backend, security: WebSecurity(secureCookies: true)) { _, client in
            let response = try await client.signIn("officer1", WorkflowWebApp.password)
            #expect(response.sessionCookie != nil)
            #expect(response.headers[values: .setCookie].allSatisfy { $0.contains("Secure") })
        }
    }

    @Test(arguments: WebBackend.all)
    func wrongPasswordIsRefusedWithoutSayingWhichPartIsWrong(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { _, client in
            let wrong = try await client.signIn("officer1", "not the password")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.sessionCookie == nil)
            #expect(wrong.text.contains("The name or the password is wrong"))
            let unknown = try await client.signIn("nobody", "whatever it is")
            #expect(unknown.status == .unauthorized)
            #expect(unknown.text.contains("The name or the password is wrong"))
            let empty = try await client.signIn("", "")
            #expect(empty.status == .unprocessableContent)
            #expect(empty.text.contains("id=\"name-error\""))
            #expect(empty.text.contains("id=\"password-error\""))
        }
    }

    @Test(arguments: WebBackend.all)
    func formsWithoutTheRightCSRFTokenAreRejected(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { app, client in
            let applicant = app.user(.applicant)
            let browser = try await app.browser(applicant)
            let id = try await app.peruCase(by: applicant, submitted: false)
            // Missing and wrong tokens: 403, and the draft stays a draft.
            for token in ["", "0000", String(repeating: "a", count: 64)] {
                let response = try await browser.post(client, "/applications/\(id)/submit", csrf: token)
                #expect(response.status == .forbidden, "token '\(token)'")
                #expect(response.text.contains("CSRF"))
            }
            // Another user's token is not this session's token.
            let other = try await app.browser(app.user(.officer))
            #expect(try await browser.post(client, "/applications/\(id)/submit", csrf: other.csrf).status == .forbidden)
            #expect(try await app.service.application(id: id, for: applicant).record.state == .draft)
            // The right token works.
            let ok = try await browser.post(client, "/applications/\(id)/submit")
            #expect(ok.status == .seeOther)
            #expect(try await app.service.application(id: id, for: applicant).record.state == .assessed)
            // The sign-in form needs its cookie's token too.
            let forged = try await client.executeRequest(
                uri: "/signin", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: formEncode(["name": "officer1", "password": WorkflowWebApp.password, "_csrf": "abc"])))
            #expect(forged.status == .forbidden)
            #expect(forged.sessionCookie == nil)
        }
    }

    @Test(arguments: WebBackend.all)
    func signInIsRateLimitedPerAccountAndPerAddress(backend: WebBackend) async throws {
        let security = WebSecurity(rateLimits: .init(perAccount: 3, perAddress: 5, window: 900))
        try await WorkflowWebApp.test(backend, security: security) { _, client in
            for attempt in 1...3 {
                #expect(try await client.signIn("officer1", "wrong password \(attempt)").status == .unauthorized)
            }
            // The fourth attempt is refused even with the right password.
            let limited = try await client.signIn("officer1", WorkflowWebApp.password)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.sessionCookie == nil)
            #expect(limited.headers[.retryAfter].flatMap(Int.init).map { $0 > 0 && $0 <= 900 } == true)
            #expect(limited.text.contains("Too many sign-in attempts for this account"))
            // Another account from the same address: two more attempts fit under the address limit of 5.
            #expect(try await client.signIn("officer2", WorkflowWebApp.password).status == .seeOther)
            #expect(try await client.signIn("senior1", "wrong").status == .unauthorized)
            let address = try await client.signIn("auditor1", WorkflowWebApp.password)
            #expect(address.status == .tooManyRequests)
            #expect(address.text.contains("from your address"))
        }
    }

    @Test(arguments: WebBackend.all)
    func bodiesOverTheLimitAre413(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { app, client in
            let browser = try await app.browser(app.user(.applicant))
            let big = try await browser.post(client, "/applications", ["endUse": String(repeating: "x", count: 70 * 1024)])
            #expect(big.status == .contentTooLarge)
            #expect(big.text.contains("64 KiB"))
            let token = try await app.apiToken(app.user(.applicant))
            let json = "{\"endUse\":\"" + String(repeating: "y", count: 300 * 1024) + "\"}"
            let api = try await client.api(.post, "/api/v1/applications", token: token, json: json)
            #expect(api.status == .contentTooLarge)
            #expect(api.contentType.hasPrefix("application/json"))
        }
    }

    @Test(arguments: WebBackend.all)
    func invalidFormsAndAPICallsNameEveryField(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { app, client in
            let applicant = app.user(.applicant)
            let browser = try await app.browser(applicant)
            let response = try await browser.post(client, "/applications", [
                "exporter": "", "destination": "XX", "item1-controlEntry": "9-99", "item1-quantity": "-3", "item1-value": "lots",
            ])
            #expect(response.status == .unprocessableContent)
            for id in ["exporter-error", "destination-error", "consigneeName-error", "endUserName-error", "endUse-error",
                       "regimes-error", "item1-controlEntry-error", "item1-description-error", "item1-quantity-error", "item1-value-error"] {
                #expect(response.text.contains("id=\"\(id)\""), "\(id)")
            }
            #expect(!response.text.contains("SQL") && !response.text.contains("Swift/"))
            let token = try await app.apiToken(applicant)
            let api = try await client.api(.post, "/api/v1/applications", token: token, json: #"{"regimes": ["EIPA"], "exporter": "CA"}"#)
            #expect(api.status == .unprocessableContent)
            let body = try api.decode(WorkflowErrorBody.self)
            #expect(body.error.code == "invalid")
            #expect(body.error.fields?.isEmpty == false)
            let officerToken = try await app.apiToken(app.user(.officer))
            let id = try await app.peruCase(by: applicant, submitted: true)
            let recommend = try await client.api(.post, "/api/v1/applications/\(id)/recommend", token: officerToken, json: #"{"outcome":"maybe"}"#)
            #expect(recommend.status == .unprocessableContent)
            let fields = try recommend.decode(WorkflowErrorBody.self).error.fields ?? [:]
            #expect(fields["outcome"]?.contains("approve, deny") == true)
            #expect(fields["rationale"]?.contains("required") == true)
        }
    }

    @Test(arguments: WebBackend.all)
    func anonymousVisitorsStillSeePublicPagesButNoWorkflow(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { _, client in
            #expect(try await client.get("/").status == .ok)
            #expect(try await client.get("/incidents").status == .ok)
            #expect(try await client.get("/api/v1/stats").status == .ok)
            let home = try await client.get("/")
            #expect(home.text.contains("href=\"/signin\""))
            let list = try await client.get("/applications")
            #expect(list.status == .seeOther)
            #expect(list.headers[.location] == "/signin?next=/applications")
            let api = try await client.get("/api/v1/applications")
            #expect(api.status == .unauthorized)
            #expect(api.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
        }
    }

    @Test(arguments: WebBackend.all)
    func signInReturnsToTheRequestedPageButNeverOffSite(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { _, client in
            #expect(WorkflowPaths.safeNext("/applications?state=assessed") == "/applications?state=assessed")
            #expect(WorkflowPaths.safeNext("//evil.example/") == "/dashboard")
            #expect(WorkflowPaths.safeNext("https://evil.example/") == "/dashboard")
            let page = try await client.get("/signin?next=/alerts")
            #expect(page.text.contains("name=\"next\" value=\"/alerts\""))
        }
    }
}

struct WorkflowErrorBody: Decodable {
    struct Detail: Decodable {
        var message: String
        var code: String?
        var fields: [String: String]?
    }
    var error: Detail
}

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_780_000_000)
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    /// Noon UTC on `day` (YYYY-MM-DD).
    func set(_ day: String) {
        let ordinal = Day(day)!.ordinal
        lock.withLock { current = Date(timeIntervalSince1970: Double(ordinal) * 86_400 + 43_200) }
    }
}
