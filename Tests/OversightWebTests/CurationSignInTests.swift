import Foundation
import Hummingbird
import HummingbirdTesting
import OversightCore
import OversightStore
@testable import OversightWeb
import Testing

/// Evidence editing behind the workflow's sign-in: only researchers edit, under their own name, and every
/// editing form carries the session's CSRF token.
struct CurationSignInTests {
    static let unitForm: [String: String] = [
        "name": "Unidad de prueba", "country": "PE", "claim.source": Demo.hrw, "claim.page": "3",
        "claim.status": "accepted", "claim.confidence": "high",
    ]

    @Test(arguments: WebBackend.all)
    func onlyASignedInResearcherMayEditAndIsNamedInTheHistory(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend, curation: true) { app, client in
            let anonymous = try await client.submit("/edit/unit", formEncode(Self.unitForm))
            #expect(anonymous.status == .forbidden)
            for role in [Role.applicant, .officer, .seniorReviewer, .auditor, .administrator] {
                let browser = try await app.browser(app.user(role))
                #expect(try await browser.post(client, "/edit/unit", Self.unitForm).status == .forbidden, "\(role) may not edit evidence")
                #expect(try await browser.get(client, "/edit/unit/new").status == .forbidden)
            }
            let researcher = try await app.browser(app.user(.researcher))
            let page = try await researcher.get(client, "/edit/unit/new")
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("name=\"_csrf\" value=\"\(researcher.csrf)\""), "the form carries the session's token")
            let saved = try await researcher.post(client, "/edit/unit", Self.unitForm)
            #expect(saved.status == .seeOther)
            #expect(try await app.service.evidence.entity(id: "unit:unidad-de-prueba") != nil)
            let history = try await researcher.get(client, "/history/unit:unidad-de-prueba")
            #expect(history.status == .ok)
            #expect(String(buffer: history.body).contains("researcher1"), "the edit is recorded under the researcher's sign-in name")
        }
    }

    @Test(arguments: WebBackend.all)
    func editingFormsWithoutTheSessionTokenOrFromAnotherSiteAreRefused(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend, curation: true) { app, client in
            let researcher = try await app.browser(app.user(.researcher))
            let wrong = try await researcher.post(client, "/edit/unit", Self.unitForm, csrf: "not-the-token")
            #expect(wrong.status == .forbidden)
            #expect(String(buffer: wrong.body).contains("CSRF"))
            let other = try await app.browser(app.user(.officer))
            #expect(try await researcher.post(client, "/edit/unit", Self.unitForm, csrf: other.csrf).status == .forbidden,
                    "another session's token does not count")
            var fields = Self.unitForm
            fields["_csrf"] = researcher.csrf
            let crossSite = try await client.executeRequest(
                uri: "/edit/unit", method: .post,
                headers: [.cookie: researcher.cookie, .contentType: "application/x-www-form-urlencoded", .origin: "https://attacker.example"],
                body: ByteBuffer(string: formEncode(fields)))
            #expect(crossSite.status == .forbidden)
            let units = try await app.service.evidence.entities(named: "Unidad de prueba", kind: .unit)
            #expect(units.isEmpty, "nothing was written by a refused form")
        }
    }
}
