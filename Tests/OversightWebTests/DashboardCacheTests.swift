import Foundation
import HummingbirdTesting
import OversightCore
@testable import OversightWeb
import OversightWorkflow
import Testing

/// The dashboard is kept rendered per session while the workflow's revision stays the same. Changes here are
/// made through the service straight on the store, as another web node or the CLI would make them: the page
/// is never told, and must still show each one at the next request.
@Suite struct DashboardCacheTests {
    @Test(arguments: WebBackend.all)
    func aCachedDashboardShowsEveryChangeMadeElsewhere(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { app, client in
            let applicant = app.user(.applicant), officer = app.user(.officer)
            let browser = try await app.browser(officer)
            let empty = try await browser.get(client, "/dashboard")
            #expect(empty.status == .ok)
            #expect(empty.text.contains("Nothing is waiting for you."))
            #expect(try await browser.get(client, "/dashboard").text == empty.text, "no change, the same page")

            let id = try await app.peruCase(by: applicant, submitted: true)
            let queued = try await browser.get(client, "/dashboard")
            #expect(queued.text.contains(">\(id)</a>"), "the submitted application is in the officer's queue")
            #expect(!queued.text.contains("Nothing is waiting for you."))

            _ = try await app.service.recommend(id: id, outcome: .deny, rationale: "Substantial risk", conditions: [], by: officer)
            let recommended = try await browser.get(client, "/dashboard")
            #expect(recommended.text.contains(ApplicationState.recommended.label + ": 1"))
            #expect(!recommended.text.contains(ApplicationState.assessed.label + ": 1"))

            // Another session of the same officer has its own CSRF token in its forms, so its own page.
            let second = try await app.browser(officer)
            let other = try await second.get(client, "/dashboard")
            #expect(other.text.contains(second.csrf) || !other.text.contains(browser.csrf))
            #expect(!other.text.contains(browser.csrf), "one session's token never reaches another's page")
        }
    }
}
