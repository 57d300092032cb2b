import Foundation
import Hummingbird
import OversightCore
import OversightStore
import OversightWorkflow

/// The workflow's JSON API under `/api/v1`, one endpoint per action, with `Authorization: Bearer` tokens.
/// Bodies are JSON objects whose fields have the same names as the page forms' fields; a refused call answers
/// `{"error":{"message","code","fields"}}` with the workflow error's status.
struct WorkflowAPI: Sendable {
    let service: WorkflowService

    static let prefix = "/api/v1"

    var routes: [WorkflowRoute] {
        let p = Self.prefix
        let reason: JSONDoc = Schemas.object(["reason": Schemas.text("Why, in words (required).")], required: ["reason"])
        return [
            route(.get, "\(p)/me", .signedIn, "The token's user", "getMe", response: Schemas.ref("User")) { call in
                try json(UserDocument(try call.actor))
            },
            route(.get, "\(p)/dashboard", .workflow, "The dashboard: my queue, alerts, recent decisions", "getDashboard",
                  response: Schemas.ref("Dashboard")) { call in
                try json(DashboardDocument(try await service.dashboard(for: try call.actor)))
            },
            route(.get, "\(p)/applications", .workflow, "Applications the caller may see, filtered and paged", "listApplications",
                  query: [.init(name: "state", description: "An application state"), .init(name: "destination", description: "ISO 3166 alpha-2"),
                          .init(name: "applicant", description: "Applicant user id"), .init(name: "verdict", description: "Worst verdict"),
                          .init(name: "q", description: "Text in the id, exporter, consignee or end user"),
                          .init(name: "page", description: "1-based page", schema: ["type": "integer", "minimum": 1]),
                          .init(name: "perPage", description: "Rows per page (1–200)", schema: ["type": "integer", "minimum": 1, "maximum": 200])],
                  response: Schemas.ref("ApplicationPage")) { call in
                let user = try call.actor
                return try json(try await service.applications(try WorkflowPages.filter(call.request, for: user), for: user))
            },
            route(.post, "\(p)/applications", .applicant, "Create a draft (the application JSON of docs/APPLICATION.md; `id` may be empty)",
                  "createApplication", body: Schemas.ref("ExportApplication"), response: Schemas.ref("ApplicationRecord"), status: 201) { call in
                let application = try decode(ExportApplication.self, call.json)
                return try json(try await service.createDraft(application, by: try call.actor), status: .created)
            },
            route(.get, "\(p)/applications/:id", .workflow, "One application with its screening, assessments, decisions, permit, shipments, alerts and history",
                  "getApplication", response: Schemas.ref("ApplicationDetail")) { call in
                let user = try call.actor
                let detail = try await service.application(id: try call.parameter("id"), for: user)
                return try json(ApplicationDetailDocument(detail, actions: service.availableActions(detail, for: user)))
            },
            action(.post, "\(p)/applications/:id/submit", .applicant, "Submit a draft (screening and assessment run at once)", "submitApplication",
                   body: nil) { call, id, _ in
                try await service.submit(id: id, by: try call.actor)
            },
            action(.post, "\(p)/applications/:id/recommend", .staff, "Recommend approve or deny, with rationale", "recommendApplication",
                   body: Schemas.object(["outcome": Schemas.enumeration(RecommendedOutcome.allCases.map(\.rawValue)),
                                         "rationale": Schemas.text("Why"), "conditions": Schemas.textList("Conditions to add")],
                                        required: ["outcome", "rationale"])) { call, id, input in
                let r = try ActionInput.recommend(input)
                return try await service.recommend(id: id, outcome: r.outcome, rationale: r.rationale, conditions: r.conditions, by: try call.actor)
            },
            action(.post, "\(p)/applications/:id/decide", .staff, "Decide (four-eyes rule applies), with rationale", "decideApplication",
                   body: Schemas.object(["outcome": Schemas.enumeration(["approved-with-conditions", "approved", "denied"]),
                                         "rationale": Schemas.text("Why"), "conditions": Schemas.textList("Conditions added to the mitigation measures")],
                                        required: ["outcome", "rationale"])) { call, id, input in
                let d = try ActionInput.decide(input)
                return try await service.decide(id: id, outcome: d.outcome, rationale: d.rationale, conditions: d.conditions, by: try call.actor)
            },
            route(.post, "\(p)/applications/:id/issue", .staff, "Issue the permit of an approved application", "issuePermit",
                  body: Schemas.object(["expiresOn": Schemas.date("Last day shipments may be made; default: the configured validity")], required: []),
                  response: Schemas.ref("Permit"), status: 201) { call in
                let permit = try await service.issuePermit(applicationID: try call.parameter("id"),
                                                           expiresOn: try ActionInput.issue(try InputFields(json: call.json)), by: try call.actor)
                return try json(permit, status: .created)
            },
            route(.post, "\(p)/applications/:id/shipments", .roles([.applicant, .officer]), "Record a shipment against the permit's limits",
                  "recordShipment",
                  body: Schemas.object(["line": ["type": "integer", "minimum": 1, "description": "Permit line, from 1"],
                                        "quantity": ["type": "integer", "minimum": 1], "value": ["type": "number", "minimum": 0],
                                        "shippedOn": Schemas.date("Day shipped")], required: ["line", "quantity", "value", "shippedOn"]),
                  response: Schemas.ref("Shipment"), status: 201) { call in
                let s = try ActionInput.shipment(try InputFields(json: call.json))
                return try json(try await service.recordShipment(applicationID: try call.parameter("id"), line: s.line, quantity: s.quantity,
                                                                 value: s.value, shippedOn: s.shippedOn, by: try call.actor), status: .created)
            },
        ] + [ApplicationAction.suspend, .reinstate, .revoke, .expire].map { permitAction in
            route(.post, "\(p)/applications/:id/\(permitAction.rawValue)", .staff, "\(permitAction.label) the permit, with a reason",
                  "\(permitAction.rawValue)Permit", body: reason, response: Schemas.ref("Permit")) { call in
                let text = try ActionInput.reason(try InputFields(json: call.json))
                return try json(try await service.changePermit(applicationID: try call.parameter("id"), action: permitAction, reason: text, by: try call.actor))
            }
        } + [
            route(.get, "\(p)/alerts", .staffAndReaders, "Monitoring alerts", "listAlerts",
                  query: [.init(name: "acknowledged", description: "true or false", schema: ["type": "boolean"]),
                          .init(name: "application", description: "Only this application's")],
                  response: ["type": "array", "items": Schemas.ref("Alert")]) { call in
                let query = QueryParameters(call.request)
                var filter = AlertFilter(applicationID: query.text("application"), limit: 500)
                if let text = query.text("acknowledged") {
                    guard let value = Bool(text) else { throw WebError.badRequest("acknowledged=\(text): use true or false") }
                    filter.acknowledged = value
                }
                return try json(try await service.alerts(filter, by: try call.actor))
            },
            route(.post, "\(p)/alerts/:id/acknowledge", .staff, "Acknowledge an alert with a note", "acknowledgeAlert",
                  body: Schemas.object(["note": Schemas.text("What was reviewed")], required: ["note"]), response: Schemas.ref("Alert")) { call in
                let note = try ActionInput.reason(try InputFields(json: call.json), field: "note")
                return try json(try await service.acknowledgeAlert(id: try call.parameter("id"), note: note, by: try call.actor))
            },
            route(.post, "\(p)/alerts/:id/suspend", .staff, "Suspend the alert's permit and acknowledge the alert", "suspendFromAlert",
                  body: reason, response: Schemas.ref("Permit")) { call in
                let text = try ActionInput.reason(try InputFields(json: call.json))
                return try json(try await service.suspendFromAlert(id: try call.parameter("id"), reason: text, by: try call.actor).permit)
            },
            route(.get, "\(p)/audit", .auditReaders, "A page of the audit log, newest first", "listAudit",
                  query: [.init(name: "page", description: "1-based page", schema: ["type": "integer", "minimum": 1]),
                          .init(name: "perPage", description: "Entries per page (1–1000)", schema: ["type": "integer", "minimum": 1, "maximum": 1000])],
                  response: Schemas.ref("AuditPage")) { call in
                let query = QueryParameters(call.request)
                return try json(try await service.auditLog(page: try query.integer("page", in: 1...10_000_000, default: 1),
                                                           perPage: try query.integer("perPage", in: 1...1000, default: 100), by: try call.actor))
            },
            route(.get, "\(p)/audit/verify", .auditReaders, "Check the whole hash chain; names the first broken entry", "verifyAudit",
                  response: Schemas.ref("AuditVerification")) { call in
                _ = try await service.auditLog(page: 1, perPage: 1, by: try call.actor)
                return try json(try await service.verifyAudit())
            },
            route(.get, "\(p)/audit/export", .auditReaders, "The whole log, oldest first (JSON lines or CSV)", "exportAudit",
                  query: [.init(name: "format", description: "jsonl (default) or csv", schema: Schemas.enumeration(["jsonl", "csv"]))],
                  response: ["type": "string"], contentTypes: ["application/x-ndjson", "text/csv"]) { call in
                try await WorkflowPages.auditExport(call, service: service)
            },
            route(.get, "\(p)/users", .administrator, "Every user", "listUsers", response: ["type": "array", "items": Schemas.ref("User")]) { call in
                try json(try await service.users(by: try call.actor).map(UserDocument.init))
            },
            route(.post, "\(p)/users", .administrator, "Add a user; without a password one is generated and returned once", "createUser",
                  body: Schemas.object(["name": Schemas.text("Sign-in name"), "role": Schemas.enumeration(Role.allCases.map(\.rawValue)),
                                        "password": Schemas.text("Optional")], required: ["name", "role"]),
                  response: Schemas.ref("CreatedUser"), status: 201) { call in
                let new = try ActionInput.newUser(try InputFields(json: call.json))
                let (user, generated) = try await service.createUser(name: new.name, role: new.role, password: new.password, by: try call.actor)
                return try json(CreatedUserDocument(user: UserDocument(user), generatedPassword: generated), status: .created)
            },
            route(.post, "\(p)/users/:id", .administrator, "Change a user's role, or disable/enable them", "updateUser",
                  body: Schemas.object(["role": Schemas.enumeration(Role.allCases.map(\.rawValue)), "disabled": ["type": "boolean"]], required: []),
                  response: Schemas.ref("User")) { call in
                let change = try ActionInput.userChange(try InputFields(json: call.json))
                return try json(UserDocument(try await service.updateUser(id: try call.parameter("id"), role: change.role,
                                                                          disabled: change.disabled, by: try call.actor)))
            },
            route(.post, "\(p)/tokens", .signedIn, "Create another API token for the caller (shown once)", "createToken",
                  body: Schemas.object(["label": Schemas.text("What the token is for")], required: ["label"]),
                  response: Schemas.object(["token": ["type": "string"]], required: ["token"]), status: 201) { call in
                let user = try call.actor
                var problems = FieldProblems()
                let label = problems.required(try InputFields(json: call.json), "label", "say what the token is for")
                try problems.check()
                return try json(["token": try await service.createAPIToken(for: user, label: label, by: user)], status: .created)
            },
        ]
    }

    // MARK: - Building routes

    private func route(_ method: HTTPRequest.Method, _ path: String, _ access: Access, _ summary: String, _ operationID: String,
                       query: [WorkflowRoute.Query] = [], body: JSONDoc? = nil, response: JSONDoc? = nil, status: Int = 200,
                       contentTypes: [String] = ["application/json"],
                       handler: @escaping @Sendable (WorkflowCall) async throws -> Response) -> WorkflowRoute {
        WorkflowRoute(method: method, path: path, surface: .api, access: access, summary: summary, operationID: operationID, query: query,
                      requestBody: body, response: response, successStatus: status, successContentTypes: contentTypes, handler: handler)
    }

    /// An action on an application answering the application afterwards.
    private func action(_ method: HTTPRequest.Method, _ path: String, _ access: Access, _ summary: String, _ operationID: String,
                        body: JSONDoc?,
                        perform: @escaping @Sendable (WorkflowCall, String, InputFields) async throws -> ApplicationDetail) -> WorkflowRoute {
        route(method, path, access, summary, operationID, body: body, response: Schemas.ref("ApplicationDetail")) { call in
            let input = body == nil ? InputFields(form: nil) : try InputFields(json: call.json)
            let user = try call.actor
            let detail = try await perform(call, try call.parameter("id"), input)
            return try json(ApplicationDetailDocument(detail, actions: service.availableActions(detail, for: user)))
        }
    }

    private func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try Record.makeEncoder().encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Decodes a body, naming the field of the first problem.
    private func decode<T: Decodable>(_ type: T.Type, _ data: Data?) throws -> T {
        guard let data, !data.isEmpty else { throw WorkflowError(.invalid, "the body is empty: send a JSON object", field: "$") }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            let issue = AssessmentServices.basicIssue(error)
            throw WorkflowError(.invalid, "\(issue.path) \(issue.message)", field: issue.path)
        }
    }
}

// MARK: - Documents

struct UserDocument: Encodable {
    var id: String
    var name: String
    var role: String
    var disabled: Bool

    init(_ user: UserAccount) {
        id = user.id
        name = user.name
        role = user.role.rawValue
        disabled = user.disabled
    }
}

struct CreatedUserDocument: Encodable {
    var user: UserDocument
    var generatedPassword: String?
}

struct DashboardDocument: Encodable {
    var user: UserDocument
    var queue: [ApplicationSummary]
    var alerts: [MonitoringAlert]
    var recentDecisions: [DecisionRecord]
    var counts: [String: Int]

    init(_ dashboard: Dashboard) {
        user = UserDocument(dashboard.user)
        queue = dashboard.queue
        alerts = dashboard.alerts
        recentDecisions = dashboard.recentDecisions
        counts = Dictionary(uniqueKeysWithValues: dashboard.counts.map { ($0.key.rawValue, $0.value) })
    }
}

struct ApplicationDetailDocument: Encodable {
    var application: ApplicationRecord
    var screenings: [ScreeningRecord]
    var assessments: [AssessmentRecord]
    var recommendations: [Recommendation]
    var decisions: [DecisionRecord]
    var permit: Permit?
    var shipments: [Shipment]
    var alerts: [MonitoringAlert]
    var history: [AuditEntry]
    /// What the caller may do next.
    var actions: [String]

    init(_ detail: ApplicationDetail, actions: [ApplicationAction]) {
        application = detail.record
        screenings = detail.screenings
        assessments = detail.assessments
        recommendations = detail.recommendations
        decisions = detail.decisions
        permit = detail.permit
        shipments = detail.shipments
        alerts = detail.alerts
        history = detail.history
        self.actions = actions.map(\.rawValue)
    }
}
