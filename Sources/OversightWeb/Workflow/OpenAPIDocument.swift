import Foundation
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
        let shipmentSchema: JSONDoc = object(["id": ["type": "string"], "permitID": ["type": "string"], "line": ["type": "integer", "description": "0-based permit line"],
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

/// `GET /api/v1/openapi.json`: an OpenAPI 3.1 document made from the route table the router registers the
/// `/api/v1/` routes from (`RouteTable`), so the document and the routes cannot drift apart. With
/// `?surface=forms`, the same builder describes the HTML forms (`FormRoutes`), for the form fuzzer.
enum OpenAPIDocument {
    static let path = "/api/v1/openapi.json"

    /// The document's own query: which surface to describe.
    static let surfaceQuery = RouteSpec.Query(name: "surface", description: "api (default): the JSON API; forms: the HTML forms",
                                              schema: Schemas.enumeration(["api", "forms"]))

    /// The document's own row.
    static let spec = RouteSpec(method: .get, path: path, summary: "This OpenAPI 3.1 document", operationID: "getOpenAPI", tag: "meta",
                                access: .anyone, query: [surfaceQuery],
                                answers: [200: .init(description: "The document", schema: ["type": "object", "required": ["openapi", "paths"]]),
                                          400: .init(description: "surface is neither api nor forms")])

    static func response(_ data: Data) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The row bound to the documents of `api` (the `/api/v1/` table with this row) and `forms`.
    static func route(api: [RouteSpec], forms: [RouteSpec]) -> BoundRoute {
        let encoder = Record.makeEncoder()
        let apiData = (try? encoder.encode(make(api + [spec]))) ?? Data("{}".utf8)
        let formsData = (try? encoder.encode(make(forms, title: "Oversight HTML forms",
                                                  description: "The HTML forms (POST application/x-www-form-urlencoded), for fuzzing: signed in with the session cookie, each form carrying the session's CSRF token in _csrf. Success is a 303 redirect or a page; a refused form comes back as a page with the problems (4xx)."))) ?? Data("{}".utf8)
        return BoundRoute(spec: spec) { request, _ in
            switch QueryParameters(request).text("surface") ?? "api" {
            case "api": return response(apiData)
            case "forms": return response(formsData)
            case let other: throw WebError.badRequest("surface=\(other): use api or forms")
            }
        }
    }

    static func make(_ specs: [RouteSpec], title: String = "Oversight API",
                     description: String = "Evidence base (public) and permit workflow (Bearer token; create one on /account). Errors: {\"error\":{\"message\",\"code\",\"fields\"}}.") -> JSONDoc {
        var paths: [String: [String: JSONDoc]] = [:]
        for spec in specs {
            paths[spec.openAPIPath, default: [:]][spec.method.rawValue.lowercased()] = operation(spec)
        }
        var components = Schemas.components
        components.merge(EvidenceSchemas.components) { old, _ in old }
        return [
            "openapi": "3.1.0",
            "info": ["title": .string(title), "version": "1", "description": .string(description)],
            "servers": [["url": "/"]],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": [
                "securitySchemes": [
                    "bearerAuth": ["type": "http", "scheme": "bearer"],
                    "sessionCookie": ["type": "apiKey", "in": "cookie", "name": .string(WebSecurity.sessionCookie)],
                ],
                "schemas": .object(components),
            ],
        ]
    }

    private static func parameters(_ spec: RouteSpec) -> [JSONDoc] {
        spec.pathParameters.map { name -> JSONDoc in
            ["name": .string(name), "in": "path", "required": true, "schema": spec.pathSchemas[name] ?? ["type": "string", "minLength": 1]]
        } + spec.query.map {
            ["name": .string($0.name), "in": "query", "required": .bool($0.required), "description": .string($0.description), "schema": $0.schema]
        }
    }

    private static func operation(_ spec: RouteSpec) -> JSONDoc {
        var responses: [String: JSONDoc] = [:]
        for (status, answer) in spec.answers {
            var response: [String: JSONDoc] = ["description": .string(answer.description)]
            if status != 204 && status != 303 {
                var content: [String: JSONDoc] = [:]
                for type in answer.contentTypes {
                    content[type] = ["schema": type.hasPrefix("application/json") ? (answer.schema ?? Schemas.ref("Error")) : ["type": "string"]]
                }
                response["content"] = .object(content)
            }
            if status == 303 {
                response["headers"] = ["Location": ["description": "Where the browser goes next", "schema": ["type": "string"]]]
            }
            responses[String(status)] = .object(response)
        }
        var operation: [String: JSONDoc] = [
            "operationId": .string(spec.operationID),
            "summary": .string(spec.summary),
            "tags": [.string(spec.tag)],
            "parameters": .array(parameters(spec)),
            "responses": .object(responses),
            "x-access": .string(spec.accessRule),
        ]
        if case .roles(let roles) = spec.access {
            let scheme = spec.authentication == .bearer ? "bearerAuth" : "sessionCookie"
            operation["security"] = .array([.object([scheme: .array([])])])
            operation["x-roles"] = .array(roles.sorted().map { .string($0.rawValue) })
        } else {
            operation["security"] = []
        }
        if spec.csrf { operation["x-csrf"] = .string(WebSecurity.csrfField) }
        if let body = spec.body {
            operation["requestBody"] = ["required": true, "content": .object([body.kind.rawValue: ["schema": body.schema]])]
            operation["x-body-limit"] = .integer(body.limit)
        }
        return .object(operation)
    }
}
