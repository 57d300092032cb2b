import Foundation
import Hummingbird
import HummingbirdTesting
import OversightCore
import OversightApp
import OversightDemo
import OversightStore
import OversightStoreSQLite
@testable import OversightWeb
import OversightWorkflow
import Testing

/// The `/api/v1/` route table: the routes the router answers are the routes the OpenAPI document describes, and
/// the document (and the forms document) is well formed.
@Suite struct OpenAPITableTests {
    /// The routes ("METHOD /path/{param}") of a server with every feature (workflow and curation), and a client of it.
    static func withRouter<Value: Sendable>(_ test: @Sendable (Set<String>, any TestClientProtocol) async throws -> Value) async throws -> Value {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("demo.sqlite").path)
        do {
            try await DemoCase.load(into: store)
            let workflow = WorkflowWeb(service: WorkflowService(store: store, configuration: WorkflowConfiguration(bcryptCost: 4)))
            let curation = CurationServices(store: store, editor: workflow.evidenceEditorGate())
            let router = try buildRouter(store: store, renderer: PageRenderer(), workflow: workflow, curation: curation)
            // Hummingbird's own list of what the router answers (paths as `/api/v1/units/{id}`).
            let routes = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: DemoApp.quietLogger())
            let value = try await app.test(.router) { client in try await test(routes, client) }
            await store.close()
            return value
        } catch {
            await store.close()
            throw error
        }
    }

    static func document(_ client: some TestClientProtocol, _ uri: String) async throws -> [String: Any] {
        let response = try await client.executeRequest(uri: uri, method: .get, headers: [:], body: nil)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
        return try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
    }

    /// "METHOD /path/{param}" of every operation in a document.
    static func operations(_ document: [String: Any]) -> Set<String> {
        var found = Set<String>()
        for (path, operations) in document["paths"] as? [String: [String: Any]] ?? [:] {
            for method in operations.keys { found.insert("\(method.uppercased()) \(path)") }
        }
        return found
    }

    @Test func theRouterAnswersExactlyTheDocumentedAPIRoutes() async throws {
        try await Self.withRouter { routes, client in
            let document = try await Self.document(client, "/api/v1/openapi.json")
            // GET hints on POST-only endpoints answer 405 naming the method; they are not operations.
            let hints = Set(EvidenceAPIRoutes.all.filter { $0.spec.getHint != nil }.map { "GET \($0.spec.openAPIPath)" })
            let registered = routes.filter { $0.split(separator: " ", maxSplits: 1).last?.hasPrefix("/api/v1/") == true }
            #expect(registered.count > 30, "\(registered.sorted())")
            #expect(hints.isSubset(of: registered))
            let answered = registered.subtracting(hints)
            let documented = Self.operations(document)
            #expect(answered == documented, "answered, not documented: \(answered.subtracting(documented).sorted()); documented, not answered: \(documented.subtracting(answered).sorted())")
            // The routes the issue named as missing.
            for entry in ["POST /api/v1/screen", "GET /api/v1/search", "GET /api/v1/reports/{kind}", "POST /api/v1/assessments", "GET /api/v1/stats"] {
                #expect(documented.contains(entry), "\(entry)")
            }
        }
    }

    @Test func theDocumentsAreWellFormed() async throws {
        try await Self.withRouter { _, client in
            for uri in ["/api/v1/openapi.json", "/api/v1/openapi.json?surface=forms"] {
                let document = try await Self.document(client, uri)
                try Self.validate(document, uri: uri)
            }
            let refused = try await client.executeRequest(uri: "/api/v1/openapi.json?surface=nope", method: .get, headers: [:], body: nil)
            #expect(refused.status == .badRequest)
        }
    }

    /// The structure OpenAPI 3.1 requires, and this project's own rules: every operation has a unique id, an
    /// access rule, a security list naming declared schemes, declared path parameters, described answers, and
    /// every `$ref` resolves.
    static func validate(_ document: [String: Any], uri: String) throws {
        #expect(document["openapi"] as? String == "3.1.0", "\(uri)")
        let info = try #require(document["info"] as? [String: Any])
        #expect(info["title"] is String && info["version"] is String, "\(uri)")
        let components = try #require(document["components"] as? [String: Any])
        let schemas = try #require(components["schemas"] as? [String: Any])
        let schemes = try #require(components["securitySchemes"] as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        #expect(!paths.isEmpty, "\(uri)")
        var operationIDs = Set<String>()
        let methods: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options"]
        for (path, operations) in paths {
            #expect(path.hasPrefix("/"), "\(uri) \(path)")
            let placeholders = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
            for (method, value) in operations {
                let here = "\(uri) \(method) \(path)"
                #expect(methods.contains(method), "\(here)")
                let operation = try #require(value as? [String: Any], "\(here)")
                let id = try #require(operation["operationId"] as? String, "\(here)")
                #expect(operationIDs.insert(id).inserted, "\(here): operationId \(id) twice")
                #expect(operation["x-access"] is String, "\(here)")
                let security = try #require(operation["security"] as? [[String: Any]], "\(here)")
                for requirement in security { for name in requirement.keys { #expect(schemes[name] != nil, "\(here): scheme \(name)") } }
                let parameters = operation["parameters"] as? [[String: Any]] ?? []
                let pathParameters = Set(parameters.filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String })
                #expect(pathParameters == placeholders, "\(here): path parameters")
                for parameter in parameters {
                    #expect(parameter["name"] is String && parameter["schema"] is [String: Any], "\(here)")
                    #expect(["path", "query", "header", "cookie"].contains(parameter["in"] as? String ?? ""), "\(here)")
                    if parameter["in"] as? String == "path" { #expect(parameter["required"] as? Bool == true, "\(here)") }
                }
                let responses = try #require(operation["responses"] as? [String: [String: Any]], "\(here)")
                #expect(!responses.isEmpty, "\(here)")
                #expect(responses.keys.contains { $0.hasPrefix("2") || $0.hasPrefix("3") }, "\(here): no success answer")
                for (status, response) in responses {
                    #expect(status.count == 3 && Int(status) != nil, "\(here): status \(status)")
                    #expect(response["description"] is String, "\(here) \(status)")
                }
                if let body = operation["requestBody"] as? [String: Any] {
                    let content = try #require(body["content"] as? [String: Any], "\(here)")
                    #expect(!content.isEmpty, "\(here)")
                }
            }
        }
        // Every $ref names a schema of the document.
        func refs(_ value: Any) -> [String] {
            switch value {
            case let object as [String: Any]: return ((object["$ref"] as? String).map { [$0] } ?? []) + object.values.flatMap(refs)
            case let array as [Any]: return array.flatMap(refs)
            default: return []
            }
        }
        for ref in refs(document) {
            #expect(ref.hasPrefix("#/components/schemas/") && schemas[String(ref.dropFirst("#/components/schemas/".count))] != nil, "\(uri): \(ref)")
        }
    }

    /// The JSON type of each documented property matches what the server encodes (the fuzzer found no shipment
    /// to check: it cannot make a permit). Regression: `Shipment.line` was documented as a string.
    @Test func aShipmentIsEncodedAsItsSchemaSays() throws {
        let shipment = Shipment(id: "s1", permitID: "p1", line: 0, quantity: 3, value: 1200.5, shippedOn: Day("2024-03-01")!,
                                recordedBy: "officer1", recordedAt: Date(timeIntervalSince1970: 1_700_000_000))
        let encoded = try #require(try JSONSerialization.jsonObject(with: Record.makeEncoder().encode(shipment)) as? [String: Any])
        guard case .object(let schema)? = Schemas.components["Shipment"], case .object(let properties)? = schema["properties"] else {
            Issue.record("no Shipment schema"); return
        }
        for (name, property) in properties {
            guard case .object(let fields) = property, case .string(let type)? = fields["type"], let value = encoded[name] else { continue }
            let matches: Bool
            switch type {
            case "integer": matches = (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } == true && !(value is String)
            case "number": matches = value is NSNumber && !(value is String)
            case "string": matches = value is String
            default: matches = true
            }
            #expect(matches, "Shipment.\(name): documented \(type), encoded \(value)")
        }
    }
}

/// The one route table: a row that asks for the CSRF check is never registered without it.
@Suite struct RouteTableTests {
    @Test func aFormRowWithoutAGuardRefusesToRegister() throws {
        var spec = BoundRoute.page("/forms/x", "A form", method: .post) { _, _ in Response(status: .ok) }.spec
        spec.csrf = true
        let table = RouteTable(routes: [BoundRoute(spec: spec, handler: { _, _ in Response(status: .ok) })])
        let error = #expect(throws: WebSetupError.self) { try table.register(on: Router(context: OversightRequestContext.self)) }
        #expect(error?.description.contains("POST /forms/x needs the CSRF check") == true)
    }
}

/// One table for every route: what the router answers is exactly the table's rows (and `/healthz`), with every
/// feature on, so no page or form is registered beside it.
@Suite struct OneRouteTableTests {
    @Test func theRouterAnswersTheTablesRowsAndNothingElse() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-one-table-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("t.sqlite").path)
        let workflow = WorkflowWeb(service: WorkflowService(store: store, configuration: WorkflowConfiguration(bcryptCost: 4)))
        let curation = CurationServices(store: store, editor: workflow.evidenceEditorGate())
        let router = try buildRouter(store: store, renderer: PageRenderer(), workflow: workflow, curation: curation)
        let answered = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        let table = try routeTable(reader: EvidenceQueries(store: store), renderer: PageRenderer(), workflow: workflow, curation: curation)
        var rows = Set(table.routes.map { "\($0.spec.method.rawValue) \($0.spec.openAPIPath)" })
        for route in table.routes where route.spec.getHint != nil { rows.insert("GET \(route.spec.openAPIPath)") }
        rows.insert("GET /healthz")
        #expect(answered == rows, "beside the table: \(answered.subtracting(rows).sorted()); not registered: \(rows.subtracting(answered).sorted())")
        #expect(rows.contains("GET /units/{id}") && rows.contains("POST /edit/{type}") && rows.contains("GET /dashboard")
                && rows.contains("GET /api/v1/units/{id}/chain"), "pages, editing forms, workflow pages and the API are all rows")
    }
}
