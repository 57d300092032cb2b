import Hummingbird
import OversightCore

/// JSON Schema pieces for the OpenAPI document.
enum Schemas {
    static func ref(_ name: String) -> JSONDoc { ["$ref": .string("#/components/schemas/\(name)")] }
    static func text(_ description: String) -> JSONDoc { ["type": "string", "description": .string(description)] }
    static func textList(_ description: String) -> JSONDoc { ["type": "array", "items": ["type": "string"], "description": .string(description)] }
    static func date(_ description: String) -> JSONDoc { ["type": "string", "format": "date", "description": .string(description)] }
    static func enumeration(_ values: [String]) -> JSONDoc { ["type": "string", "enum": .array(values.map(JSONDoc.string))] }
    static func object(_ properties: [String: JSONDoc], required: [String]) -> JSONDoc {
        var object: [String: JSONDoc] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { object["required"] = .array(required.map(JSONDoc.string)) }
        return .object(object)
    }

    static let verdict = enumeration(Verdict.allCases.map(\.rawValue))
    static let verdictMap: JSONDoc = ["type": "object", "additionalProperties": verdict]
    static let dateTime: JSONDoc = ["type": "string", "format": "date-time"]

    /// The shapes the workflow API answers with (the main fields; objects may carry more).
    static var components: [String: JSONDoc] {
        var all: [String: JSONDoc] = [:]
        let errorSchema: JSONDoc = object(["error": object(["message": text("What is wrong and how to fix it"),
                                          "code": enumeration(["invalid", "notFound", "unauthenticated", "forbidden", "invalidTransition",
                                                               "fourEyes", "limitExceeded", "conflict"]),
                                          "fields": ["type": "object", "additionalProperties": ["type": "string"],
                                                     "description": "Field name → what is wrong with it"]], required: ["message"])],
                        required: ["error"])
        all["Error"] = errorSchema
        let userSchema: JSONDoc = object(["id": ["type": "string"], "name": ["type": "string"], "role": enumeration(Role.allCases.map(\.rawValue)),
                        "disabled": ["type": "boolean"]], required: ["id", "name", "role", "disabled"])
        all["User"] = userSchema
        let createdUserSchema: JSONDoc = object(["user": ref("User"), "generatedPassword": text("Shown once, when no password was given")], required: ["user"])
        all["CreatedUser"] = createdUserSchema
        let exportApplicationSchema: JSONDoc = object([
            "id": ["type": "string"], "regimes": ["type": "array", "items": enumeration(Regime.allCases.map(\.rawValue))],
            "exporter": ["type": "string"], "destination": text("ISO 3166 alpha-2"), "decisionDate": ["type": "string", "format": "date"],
            "consignee": object(["name": ["type": "string"], "country": ["type": "string"]], required: ["name"]),
            "endUser": object(["name": ["type": "string"], "unit": ["type": "string"]], required: ["name"]),
            "intermediaries": ["type": "array", "items": ["type": "object"]],
            "items": ["type": "array", "items": object(["controlEntry": ["type": "string"], "description": ["type": "string"],
                                                        "quantity": ["type": "integer"], "value": ["type": "number"],
                                                        "currency": ["type": "string"]], required: ["controlEntry", "description"])],
            "endUse": ["type": "string"], "mitigations": ["type": "array", "items": ["type": "string"]],
        ], required: ["regimes", "exporter", "destination", "decisionDate", "consignee", "endUser", "items", "endUse"])
        all["ExportApplication"] = exportApplicationSchema
        let applicationRecordSchema: JSONDoc = object([
            "id": ["type": "string"], "state": enumeration(ApplicationState.allCases.map(\.rawValue)), "applicantID": ["type": "string"],
            "applicantName": ["type": "string"], "application": ref("ExportApplication"), "verdicts": verdictMap,
            "createdAt": dateTime, "updatedAt": dateTime, "stateReason": ["type": "string"],
        ], required: ["id", "state", "applicantID", "application"])
        all["ApplicationRecord"] = applicationRecordSchema
        let applicationSummarySchema: JSONDoc = object([
            "id": ["type": "string"], "state": enumeration(ApplicationState.allCases.map(\.rawValue)), "applicantName": ["type": "string"],
            "exporter": ["type": "string"], "destination": ["type": "string"], "consignee": ["type": "string"], "endUser": ["type": "string"],
            "value": ["type": "number"], "currency": ["type": "string"], "worstVerdict": verdict, "updatedAt": dateTime,
        ], required: ["id", "state"])
        all["ApplicationSummary"] = applicationSummarySchema
        let applicationPageSchema: JSONDoc = object(["items": ["type": "array", "items": ref("ApplicationSummary")], "total": ["type": "integer"],
                                   "page": ["type": "integer"], "perPage": ["type": "integer"]], required: ["items", "total", "page", "perPage"])
        all["ApplicationPage"] = applicationPageSchema
        let applicationDetailSchema: JSONDoc = object([
            "application": ref("ApplicationRecord"), "screenings": ["type": "array", "items": ["type": "object"]],
            "assessments": ["type": "array", "items": object(["id": ["type": "string"], "verdicts": verdictMap, "inputDigest": ["type": "string"],
                                                              "report": ["type": "object"]], required: ["id", "verdicts"])],
            "recommendations": ["type": "array", "items": ["type": "object"]],
            "decisions": ["type": "array", "items": object(["outcome": ["type": "string"], "rationale": ["type": "string"],
                                                            "assessmentID": ["type": "string"], "verdicts": verdictMap], required: ["outcome", "rationale"])],
            "permit": ref("Permit"), "shipments": ["type": "array", "items": ref("Shipment")],
            "alerts": ["type": "array", "items": ref("Alert")], "history": ["type": "array", "items": ref("AuditEntry")],
            "actions": ["type": "array", "items": enumeration(ApplicationAction.allCases.map(\.rawValue))],
        ], required: ["application", "actions"])
        all["ApplicationDetail"] = applicationDetailSchema
        let permitSchema: JSONDoc = object(["id": ["type": "string"], "number": ["type": "string"], "applicationID": ["type": "string"],
                          "state": enumeration(PermitState.allCases.map(\.rawValue)), "expiresOn": ["type": "string", "format": "date"],
                          "limits": ["type": "array", "items": ["type": "object"]], "conditions": ["type": "array", "items": ["type": "string"]]],
                         required: ["id", "number", "state"])
        all["Permit"] = permitSchema
        let shipmentSchema: JSONDoc = object(["id": ["type": "string"], "permitID": ["type": "string"], "line": text("0-based permit line"),
                            "quantity": ["type": "integer"], "value": ["type": "number"], "shippedOn": ["type": "string", "format": "date"]],
                           required: ["id", "permitID", "line", "quantity", "value"])
        all["Shipment"] = shipmentSchema
        let alertSchema: JSONDoc = object(["id": ["type": "string"], "applicationID": ["type": "string"], "permitID": ["type": "string"],
                         "change": ["type": "string"], "claimIDs": ["type": "array", "items": ["type": "string"]],
                         "regimes": ["type": "array", "items": ["type": "string"]], "previousVerdicts": verdictMap, "newVerdicts": verdictMap,
                         "assessmentID": ["type": "string"], "note": ["type": "string"]], required: ["id", "applicationID", "change"])
        all["Alert"] = alertSchema
        let auditEntrySchema: JSONDoc = object(["seq": ["type": "integer"], "at": dateTime, "actor": ["type": "string"], "action": ["type": "string"],
                              "subject": ["type": "string"], "before": ["type": "string"], "after": ["type": "string"],
                              "previousHash": ["type": "string"], "hash": ["type": "string"]], required: ["seq", "actor", "action", "hash"])
        all["AuditEntry"] = auditEntrySchema
        let auditPageSchema: JSONDoc = object(["items": ["type": "array", "items": ref("AuditEntry")], "total": ["type": "integer"],
                             "page": ["type": "integer"], "perPage": ["type": "integer"]], required: ["items", "total"])
        all["AuditPage"] = auditPageSchema
        let auditVerificationSchema: JSONDoc = object(["entriesChecked": ["type": "integer"], "lastHash": ["type": "string"],
                                     "firstBreak": object(["seq": ["type": "integer"], "reason": ["type": "string"]], required: ["seq", "reason"])],
                                    required: ["entriesChecked", "lastHash"])
        all["AuditVerification"] = auditVerificationSchema
        let dashboardSchema: JSONDoc = object(["user": ref("User"), "queue": ["type": "array", "items": ref("ApplicationSummary")],
                             "alerts": ["type": "array", "items": ref("Alert")], "recentDecisions": ["type": "array", "items": ["type": "object"]],
                             "counts": ["type": "object", "additionalProperties": ["type": "integer"]]], required: ["user", "queue", "alerts"])
        all["Dashboard"] = dashboardSchema
        return all
    }
}

/// An endpoint registered outside the workflow route table (the public evidence API), listed in the document
/// by hand. `OpenAPITests` calls each of them to prove they exist.
struct PublicEndpoint: Sendable {
    var method: HTTPRequest.Method
    var path: String
    var summary: String
    var operationID: String
    var query: [WorkflowRoute.Query] = []

    static let all: [PublicEndpoint] = [
        PublicEndpoint(method: .get, path: "/api/v1/stats", summary: "Record counts", operationID: "getStats",
                       query: [.init(name: "asOf", description: "Knowledge date YYYY-MM-DD")]),
        PublicEndpoint(method: .get, path: "/api/v1/incidents", summary: "Incidents, newest first", operationID: "listIncidents",
                       query: [.init(name: "country", description: "ISO alpha-2"), .init(name: "from", description: "YYYY-MM-DD"),
                               .init(name: "to", description: "YYYY-MM-DD"), .init(name: "asOf", description: "Knowledge date"),
                               .init(name: "limit", description: "At most this many", schema: ["type": "integer"])]),
        PublicEndpoint(method: .get, path: "/api/v1/incidents/{id}", summary: "An incident with its claims", operationID: "getIncident"),
        PublicEndpoint(method: .get, path: "/api/v1/incidents/{id}/responsibility", summary: "Command responsibility for an incident",
                       operationID: "getResponsibility"),
        PublicEndpoint(method: .get, path: "/api/v1/units/{id}", summary: "A unit with its claims", operationID: "getUnit"),
        PublicEndpoint(method: .get, path: "/api/v1/units/{id}/chain", summary: "A unit's chain of command on a day", operationID: "getChain",
                       query: [.init(name: "date", description: "YYYY-MM-DD (required)")]),
        PublicEndpoint(method: .get, path: "/api/v1/persons/{id}", summary: "A person with their claims", operationID: "getPerson"),
        PublicEndpoint(method: .get, path: "/api/v1/sources/{id}", summary: "A source and the claims citing it", operationID: "getSource"),
        PublicEndpoint(method: .get, path: "/api/v1/entities/{id}", summary: "Any record by id", operationID: "getEntity"),
        PublicEndpoint(method: .post, path: "/api/v1/assessments", summary: "Assess an application (not stored)", operationID: "assess",
                       query: [.init(name: "asOf", description: "Knowledge date")]),
    ]
}

/// `GET /api/v1/openapi.json`: an OpenAPI 3.1 document built from the workflow route table the router is built
/// from, plus the public evidence endpoints, so the document and the routes cannot drift apart.
enum OpenAPIDocument {
    static func make(workflow: [WorkflowRoute]) -> JSONDoc {
        var paths: [String: [String: JSONDoc]] = [:]
        for route in workflow where route.surface == .api {
            paths[route.openAPIPath, default: [:]][route.method.rawValue.lowercased()] = operation(route)
        }
        for endpoint in PublicEndpoint.all {
            paths[endpoint.path, default: [:]][endpoint.method.rawValue.lowercased()] = publicOperation(endpoint)
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "Oversight API", "version": "1",
                     "description": "Evidence base (public) and permit workflow (Bearer token; create one on /account). Errors: {\"error\":{\"message\",\"code\",\"fields\"}}."],
            "servers": [["url": "/"]],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": [
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer"]],
                "schemas": .object(Schemas.components),
            ],
        ]
    }

    private static func parameters(path: String, query: [WorkflowRoute.Query]) -> [JSONDoc] {
        let names = path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
        return names.map { ["name": .string($0), "in": "path", "required": true, "schema": ["type": "string"]] }
            + query.map { ["name": .string($0.name), "in": "query", "required": false, "description": .string($0.description), "schema": $0.schema] }
    }

    private static func errorResponse(_ description: String) -> JSONDoc {
        ["description": .string(description), "content": ["application/json": ["schema": Schemas.ref("Error")]]]
    }

    private static func operation(_ route: WorkflowRoute) -> JSONDoc {
        var responses: [String: JSONDoc] = [
            String(route.successStatus): ["description": "Success",
                                          "content": ["application/json": ["schema": route.response ?? ["type": "object"]]]],
            "400": errorResponse("A query value cannot be used"),
            "404": errorResponse("No such record, or not visible to the caller"),
        ]
        if route.access.requiresSignIn {
            responses["401"] = errorResponse("No valid Bearer token")
            responses["403"] = errorResponse("The role may not do this (or the four-eyes rule forbids it)")
        }
        if route.requestBody != nil {
            responses["409"] = errorResponse("Not allowed in the application's current state")
            responses["413"] = errorResponse("Body larger than 256 KiB")
            responses["422"] = errorResponse("Invalid fields (see error.fields) or a permit limit exceeded")
        }
        var operation: [String: JSONDoc] = [
            "operationId": .string(route.operationID),
            "summary": .string(route.summary),
            "tags": ["workflow"],
            "parameters": .array(parameters(path: route.openAPIPath, query: route.query)),
            "responses": .object(responses),
        ]
        if case .roles(let roles) = route.access {
            operation["security"] = [["bearerAuth": []]]
            operation["x-roles"] = .array(roles.sorted().map { .string($0.rawValue) })
        } else {
            operation["security"] = []
        }
        if let body = route.requestBody {
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": body]]]
        }
        return .object(operation)
    }

    private static func publicOperation(_ endpoint: PublicEndpoint) -> JSONDoc {
        var operation: [String: JSONDoc] = [
            "operationId": .string(endpoint.operationID),
            "summary": .string(endpoint.summary),
            "tags": ["evidence"],
            "security": [],
            "parameters": .array(parameters(path: endpoint.path, query: endpoint.query)),
            "responses": ["200": ["description": "Success", "content": ["application/json": ["schema": ["type": "object"]]]],
                          "400": errorResponse("A query value cannot be used"), "404": errorResponse("No such record")],
        ]
        if endpoint.method == .post {
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": Schemas.ref("ExportApplication")]]]
        }
        return .object(operation)
    }
}
