import Foundation
import Hummingbird
import HummingbirdTesting
import OversightCore
@testable import OversightWeb
import OversightWorkflow
import Testing

/// The application lifecycle and the four-eyes rule, driven through the pages and the API as users would.
@Suite struct WorkflowLifecycleWebTests {
    @Test(arguments: WebBackend.all)
    func applicantSubmitsThroughTheFormAndTheOfficerSeesTheAssessment(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { app, client in
            let applicant = try await app.browser(app.user(.applicant))
            let form = try await applicant.get(client, "/applications/new")
            #expect(form.status == .ok)
            #expect(form.text.contains("<option value=\"2-14\""), "control entries from the reference data")
            #expect(form.text.contains("<label for=\"exporter\">"))
            let created = try await applicant.post(client, "/applications", [
                "exporter": "CA", "destination": "PE", "consigneeName": "Policía Nacional del Perú",
                "endUserName": "Policía Nacional del Perú", "endUserUnit": "unit:pnp", "endUse": "Training of police officers",
                "regime-EIPA": "on", "regime-ATT": "on", "item1-controlEntry": "2-14", "item1-description": "Firearms-training simulators",
                "item1-quantity": "4", "item1-value": "960000", "item1-currency": "CAD", "mitigation-end-use-certificate": "on", "submitNow": "on",
            ])
            #expect(created.status == .seeOther, "\(created.text.components(separatedBy: "<main").last?.prefix(1200) ?? "")")
            let location = try #require(created.headers[.location])
            let id = String(location.dropFirst("/applications/".count))
            let record = try await app.service.application(id: id, for: app.user(.applicant)).record
            #expect(record.state == .assessed)
            #expect(record.application.mitigations == ["end-use-certificate"])
            let officer = try await app.browser(app.user(.officer))
            let page = try await officer.get(client, location)
            #expect(page.status == .ok)
            for (regime, verdict) in record.verdicts {
                #expect(page.text.contains("<th scope=\"row\">\(regime)</th><td><span class=\"verdict verdict-\(verdict.rawValue)\">\(verdict.rawValue)</span>"))
            }
            #expect(page.text.contains("id=\"recommend-form\""), "the officer may recommend")
            #expect(!page.text.contains("id=\"decide-form\""))
            let report = try await officer.get(client, location + "/assessment")
            #expect(report.status == .ok)
            #expect(report.text.contains("@media print"))
            // Another applicant cannot see it.
            let other = try await app.browser(try #require(app.users["applicant2"]))
            #expect(try await other.get(client, location).status == .notFound)
            // The officer's queue lists it; the applicant's list has it, with its verdict.
            let list = try await applicant.get(client, "/applications?destination=PE")
            #expect(list.text.contains(">\(id)</a>"))
        }
    }

    @Test(arguments: WebBackend.all)
    func fullLifecycleWithFourEyesAndPermitLimits(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { app, client in
            let applicantUser = app.user(.applicant)
            let id = try await app.peruCase(by: applicantUser, submitted: true)
            let verdicts = try await app.service.application(id: id, for: applicantUser).record.verdicts
            let highRisk = FourEyes.isHighRisk(verdicts)
            let officer = try await app.browser(app.user(.officer))
            let senior = try await app.browser(app.user(.seniorReviewer))
            let applicant = try await app.browser(applicantUser)
            let path = "/applications/\(id)"

            // Illegal: issuing before a decision, deciding before a recommendation.
            let early = try await officer.post(client, path + "/issue")
            #expect(early.status == .conflict)
            #expect(early.text.contains("id=\"refusal\""))
            #expect(try await senior.post(client, path + "/decide", ["outcome": "approved", "rationale": "x"]).status == .conflict)
            // Illegal: an applicant recommending.
            #expect(try await applicant.post(client, path + "/recommend", ["outcome": "approve", "rationale": "mine"]).status == .forbidden)

            #expect(try await officer.post(client, path + "/recommend", ["outcome": "approve", "rationale": "Training equipment; conditions suffice."]).status == .seeOther)
            #expect(try await app.service.application(id: id, for: applicantUser).record.state == .recommended)

            // Four-eyes: the recommending officer may not decide a refer/deny case.
            let own = try await officer.post(client, path + "/decide", ["outcome": "approved-with-conditions", "rationale": "I recommended it"])
            if highRisk {
                #expect(own.status == .forbidden)
                #expect(own.text.contains("four-eyes"))
                #expect(try await app.service.application(id: id, for: applicantUser).record.state == .recommended)
            }
            let decided = try await senior.post(client, path + "/decide", ["outcome": "approved-with-conditions", "rationale": "Approved with the end-use conditions.",
                                                                           "conditions": "Quarterly end-use report"])
            #expect(decided.status == .seeOther || !highRisk)
            let detail = try await app.service.application(id: id, for: applicantUser)
            #expect(detail.record.state == .approved)
            let decision = try #require(detail.decision)
            #expect(decision.rationale.hasPrefix("Approved with"))
            #expect(decision.assessmentID == detail.latestAssessment?.id, "the decision records the assessment it relied on")
            #expect(decision.conditions.contains("Quarterly end-use report"))

            #expect(try await officer.post(client, path + "/issue", ["expiresOn": "2099-12-31"]).status == .seeOther)
            #expect(try await app.service.application(id: id, for: applicantUser).record.state == .issued)

            // Shipments: within the limit, then over it (4 simulators applied for).
            #expect(try await applicant.post(client, path + "/shipments", ["line": "1", "quantity": "3", "value": "720000", "shippedOn": "2026-01-10"]).status == .seeOther)
            let over = try await applicant.post(client, path + "/shipments", ["line": "1", "quantity": "2", "value": "100", "shippedOn": "2026-01-11"])
            #expect(over.status == .unprocessableContent)
            #expect(over.text.contains("at most 1 more"))
            let bad = try await applicant.post(client, path + "/shipments", ["line": "1", "quantity": "x", "value": "", "shippedOn": "soon"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("Quantity &#39;x&#39; is not a whole number") || bad.text.contains("Quantity 'x' is not a whole number"))

            // Suspension needs a reason; a suspended permit takes no shipments; revocation is final.
            #expect(try await officer.post(client, path + "/suspend", [:]).status == .unprocessableContent)
            #expect(try await officer.post(client, path + "/suspend", ["reason": "New evidence under review"]).status == .seeOther)
            #expect(try await applicant.post(client, path + "/shipments", ["line": "1", "quantity": "1", "value": "1", "shippedOn": "2026-01-12"]).status == .conflict)
            #expect(try await senior.post(client, path + "/revoke", ["reason": "Confirmed misuse"]).status == .seeOther)
            let final = try await app.service.application(id: id, for: applicantUser)
            #expect(final.record.state == .revoked)
            #expect(final.permit?.state == .revoked)
            #expect(try await senior.post(client, path + "/reinstate", ["reason": "undo"]).status == .conflict)

            // The page shows the history, and the audit log verifies.
            let page = try await senior.get(client, path)
            #expect(page.text.contains("Confirmed misuse"))
            let auditor = try await app.apiToken(app.user(.auditor))
            let verify = try await client.api(.get, "/api/v1/audit/verify", token: auditor)
            #expect(verify.status == .ok)
            #expect(verify.text.contains("\"entriesChecked\""))
            #expect(!verify.text.contains("firstBreak"))
        }
    }

    @Test(arguments: WebBackend.all)
    func fourEyesThroughTheAPI(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { app, client in
            let applicantUser = app.user(.applicant)
            let id = try await app.peruCase(by: applicantUser, submitted: true)
            let verdicts = try await app.service.application(id: id, for: applicantUser).record.verdicts
            try #require(FourEyes.isHighRisk(verdicts), "the Peru case is assessed refer or worse: \(verdicts)")
            let officer = try await app.apiToken(app.user(.officer))
            let officer2 = try await app.apiToken(try #require(app.users["officer2"]))
            let senior = try await app.apiToken(app.user(.seniorReviewer))
            let recommended = try await client.api(.post, "/api/v1/applications/\(id)/recommend", token: officer,
                                                   json: #"{"outcome":"deny","rationale":"Substantial risk","conditions":[]}"#)
            #expect(recommended.status == .ok)
            #expect(recommended.text.contains("\"state\":\"recommended\""))
            for token in [officer, officer2] {
                let refused = try await client.api(.post, "/api/v1/applications/\(id)/decide", token: token,
                                                   json: #"{"outcome":"denied","rationale":"Agree"}"#)
                #expect(refused.status == .forbidden)
                #expect(try refused.decode(WorkflowErrorBody.self).error.code == "fourEyes")
            }
            let decided = try await client.api(.post, "/api/v1/applications/\(id)/decide", token: senior,
                                               json: #"{"outcome":"denied","rationale":"Substantial risk of serious violations"}"#)
            #expect(decided.status == .ok)
            #expect(decided.text.contains("\"state\":\"denied\""))
            let again = try await client.api(.post, "/api/v1/applications/\(id)/decide", token: senior,
                                             json: #"{"outcome":"approved","rationale":"changed my mind"}"#)
            #expect(again.status == .conflict, "a denied case is final")
        }
    }

    @Test(arguments: WebBackend.all)
    func openAPIDocumentMatchesTheRoutes(backend: WebBackend) async throws {
        try await WorkflowWebApp.test(backend) { app, client in
            let response = try await client.get("/api/v1/openapi.json")
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            let table = WorkflowWeb(service: app.service).routes(renderer: try PageRenderer())
            let api = Set(table.filter { $0.surface == .api }.map { "\($0.method.rawValue) \($0.openAPIPath)" })
            let publicEndpoints = Set(PublicEndpoint.all.map { "\($0.method.rawValue) \($0.path)" })
            #expect(documented == api.union(publicEndpoints), "missing: \(api.union(publicEndpoints).subtracting(documented).sorted()); extra: \(documented.subtracting(api.union(publicEndpoints)).sorted())")
            // Every documented path is served: with placeholder ids, the answer is never "no such endpoint".
            for entry in documented.sorted() {
                let parts = entry.split(separator: " ", maxSplits: 1)
                let uri = String(parts[1]).replacingOccurrences(of: "{id}", with: "x")
                let method: HTTPRequest.Method = parts[0] == "GET" ? .get : .post
                let probe = try await client.api(method, uri, token: nil, json: method == .post ? "{}" : nil)
                #expect(!probe.text.contains("There is no API endpoint"), "\(entry) → \(probe.status)")
                #expect(probe.status != .methodNotAllowed, "\(entry)")
            }
            // Every workflow operation names its roles and its bearer security.
            let decide = try #require(paths["/api/v1/applications/{id}/decide"]?["post"] as? [String: Any])
            #expect(decide["x-roles"] as? [String] == ["officer", "senior-reviewer"])
            #expect(decide["requestBody"] != nil)
        }
    }
}
