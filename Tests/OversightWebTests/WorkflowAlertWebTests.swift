import Foundation
import Hummingbird
import HummingbirdTesting
import OversightCore
import OversightDemo
@testable import OversightWeb
import OversightWorkflow
import Testing

/// Monitoring alerts on the web: a permit decided on 1 Dec 2022 is re-assessed when the 2023 evidence counts;
/// the alert shows on the dashboard and the alerts page; an officer suspends the permit from it.
@Suite struct WorkflowAlertWebTests {
    @Test(arguments: WebBackend.all)
    func officerSuspendsAPermitFromItsAlert(backend: WebBackend) async throws {
        let clock = TestClock()
        clock.set("2022-12-01")
        try await WorkflowWebApp.test(backend, clock: clock) { app, client in
            let applicant = app.user(.applicant), officer = app.user(.officer), senior = app.user(.seniorReviewer)
            let url = try #require(DemoCase.applicationURLs()["peru-pnp-simulators-2022-12-01"])
            let draft = try await app.service.createDraft(try JSONDecoder().decode(ExportApplication.self, from: Data(contentsOf: url)), by: applicant)
            let id = draft.id
            _ = try await app.service.submit(id: id, by: applicant)
            _ = try await app.service.recommend(id: id, outcome: .approve, rationale: "Acceptable with conditions", conditions: [], by: officer)
            _ = try await app.service.decide(id: id, outcome: .approvedWithConditions, rationale: "Agreed", conditions: [], by: senior)
            let permit = try await app.service.issuePermit(applicationID: id, expiresOn: nil, by: officer)

            clock.set("2023-03-01")
            let alerts = try await app.service.evidenceChanged(.all)
            let alert = try #require(alerts.first { $0.permitID == permit.id }, "the 2023 evidence raises an alert for the permit")

            let browser = try await app.browser(officer)
            let dashboard = try await browser.get(client, "/dashboard")
            #expect(dashboard.text.contains("id=\"alert-\(alert.id)\""))
            let page = try await browser.get(client, "/alerts")
            #expect(page.status == .ok)
            #expect(page.text.contains("action=\"/alerts/\(alert.id)/acknowledge\""))
            #expect(page.text.contains("action=\"/alerts/\(alert.id)/suspend\""))
            #expect(page.text.contains(Format.verdicts(alert.newVerdicts)))

            // An auditor sees the alert but has no forms.
            let auditorPage = try await app.browser(app.user(.auditor)).get(client, "/alerts")
            #expect(auditorPage.text.contains("id=\"alert-\(alert.id)\""))
            #expect(!auditorPage.text.contains("/alerts/\(alert.id)/suspend"))

            // A note is required; then the permit is suspended from the alert, which acknowledges it.
            let empty = try await browser.post(client, "/alerts/\(alert.id)/suspend", ["reason": " "])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.text.contains("reason is required"))
            let done = try await browser.post(client, "/alerts/\(alert.id)/suspend", ["reason": "New killings attributed to the end user"])
            #expect(done.status == .seeOther)
            let detail = try await app.service.application(id: id, for: officer)
            #expect(detail.record.state == .suspended)
            #expect(detail.permit?.state == .suspended)
            #expect(detail.alerts.first { $0.id == alert.id }?.isAcknowledged == true)
            let after = try await browser.get(client, "/applications/\(id)")
            #expect(after.text.contains("New killings attributed to the end user"))
            #expect(after.text.contains("id=\"revoke-form\"") == false, "an officer cannot revoke (senior reviewers do)")
            let seniorPage = try await app.browser(senior).get(client, "/applications/\(id)")
            #expect(seniorPage.text.contains("id=\"reinstate-form\""))
            #expect(seniorPage.text.contains("id=\"revoke-form\""))
        }
    }

    @Test(arguments: WebBackend.all)
    func auditPageVerifiesTheChainAndExports(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { app, client in
            let id = try await app.peruCase(by: app.user(.applicant), submitted: true)
            let auditor = try await app.browser(app.user(.auditor))
            let page = try await auditor.get(client, "/audit")
            #expect(page.status == .ok)
            #expect(page.text.contains("href=\"/audit?verify=1\""))
            let verified = try await auditor.get(client, "/audit?verify=1")
            #expect(verified.text.contains("is intact"))
            #expect(page.text.contains("application.create") || page.text.contains(id))
            let export = try await auditor.get(client, "/audit/export?format=csv")
            #expect(export.status == .ok)
            #expect(export.contentType.hasPrefix("text/csv"))
            #expect(export.headers[.contentDisposition]?.contains("oversight-audit.csv") == true)
            #expect(export.text.contains(id))
            let bad = try await auditor.get(client, "/audit/export?format=xml")
            #expect(bad.status == .badRequest)
        }
    }

    @Test(arguments: WebBackend.all)
    func administratorAddsAUserAndAPITokensWork(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { app, client in
            let admin = try await app.browser(app.user(.administrator))
            let invalid = try await admin.post(client, "/admin/users", ["name": "x", "role": "emperor"])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains("id=\"new-name-error\""))
            let created = try await admin.post(client, "/admin/users", ["name": "nadia", "role": "officer"])
            #expect(created.status == .created)
            let password = try #require(created.text.firstMatch(of: /id="generated-password">([^<]+)</)?.1)
            #expect(try await client.signIn("nadia", String(password)).status == .seeOther)
            let taken = try await admin.post(client, "/admin/users", ["name": "nadia", "role": "officer"])
            #expect(taken.status == .conflict)

            // A token from the account page opens the API as that user.
            let officer = try await app.browser(app.user(.officer))
            let account = try await officer.post(client, "/account/tokens", ["label": "reporting script"])
            #expect(account.status == .created)
            let token = try #require(account.text.firstMatch(of: /id="new-token">([^<]+)</)?.1)
            let me = try await client.api(.get, "/api/v1/me", token: String(token))
            #expect(me.status == .ok)
            #expect(me.text.contains("\"name\":\"officer1\""))
            #expect(try await client.api(.get, "/api/v1/me", token: "ovt_forged").status == .unauthorized)
        }
    }
}
