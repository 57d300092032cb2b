import Hummingbird
import OversightApp
import OversightCore
import OversightStore

/// The handlers of the evidence API's rows, one method per row kind. The rows (`EvidenceAPIRoutes.all`) are
/// static, so the table can be read without a store (the OpenAPI test does); `EvidenceAPI` binds them to one.
protocol EvidenceAPIHandlers: Sendable {
    /// The optional features this server has (search needs the curation store).
    var features: Set<EvidenceAPIRoute.Feature> { get }
    func stats(_ request: Request, _ context: OversightRequestContext) async throws -> Response
    func incidents(_ request: Request, _ context: OversightRequestContext) async throws -> Response
    func entity(_ request: Request, _ context: OversightRequestContext, kind: EntityKind?) async throws -> Response
    func responsibility(_ request: Request, _ context: OversightRequestContext) async throws -> Response
    func chain(_ request: Request, _ context: OversightRequestContext) async throws -> Response
    func source(_ request: Request, _ context: OversightRequestContext) async throws -> Response
    func assess(_ request: Request, _ context: OversightRequestContext) async throws -> Response
    func screen(_ request: Request, _ context: OversightRequestContext) async throws -> Response
    func report(_ request: Request, _ context: OversightRequestContext) async throws -> Response
    func search(_ request: Request, _ context: OversightRequestContext) async throws -> Response
}

/// A row of the evidence API: its description and the handler it calls.
struct EvidenceAPIRoute: Sendable {
    enum Feature: Sendable, Hashable {
        /// Served by every server.
        case always
        /// Served when the store has the curation features (search).
        case curation
    }

    var spec: RouteSpec
    var feature: Feature = .always
    var handler: @Sendable (any EvidenceAPIHandlers, Request, OversightRequestContext) async throws -> Response
}

/// The public evidence API under `/api/v1`: records, claims, chains of command, assessment, screening,
/// transparency reports and search. Anyone may call it; nothing here writes.
enum EvidenceAPIRoutes {
    static let prefix = "/api/v1"

    private static let asOf = RouteSpec.Query(name: "asOf", description: "Knowledge date YYYY-MM-DD: only what was public by then",
                                              schema: ["type": "string", "format": "date"])

    private static func get(_ path: String, _ summary: String, _ operationID: String, query: [RouteSpec.Query] = [asOf],
                            pathSchemas: [String: JSONDoc] = [:], response: JSONDoc, notFound: Bool = true, feature: EvidenceAPIRoute.Feature = .always,
                            handler: @escaping @Sendable (any EvidenceAPIHandlers, Request, OversightRequestContext) async throws -> Response) -> EvidenceAPIRoute {
        var answers = Answers.ok(response)
        answers[400] = Answers.badQuery
        if notFound { answers[404] = Answers.notFound }
        return EvidenceAPIRoute(
            spec: RouteSpec(method: .get, path: prefix + path, summary: summary, operationID: operationID, tag: "evidence",
                            access: .anyone, query: query, pathSchemas: pathSchemas, answers: answers),
            feature: feature, handler: handler)
    }

    static let all: [EvidenceAPIRoute] = [
        get("/stats", "Record counts", "getStats", response: EvidenceSchemas.ref("Stats")) { try await $0.stats($1, $2) },
        get("/incidents", "Incidents, newest first", "listIncidents",
            query: [.init(name: "country", description: "ISO 3166 alpha-2"), .init(name: "from", description: "YYYY-MM-DD", schema: ["type": "string", "format": "date"]),
                    .init(name: "to", description: "YYYY-MM-DD", schema: ["type": "string", "format": "date"]), asOf,
                    .init(name: "limit", description: "At most this many (1–500)", schema: ["type": "integer"])],
            response: EvidenceSchemas.ref("IncidentList"), notFound: false) { try await $0.incidents($1, $2) },
        get("/incidents/:id", "An incident with its claims", "getIncident", response: EvidenceSchemas.ref("EntityDocument")) {
            try await $0.entity($1, $2, kind: .incident)
        },
        get("/incidents/:id/responsibility", "Command responsibility for an incident", "getResponsibility",
            response: EvidenceSchemas.ref("Responsibility")) { try await $0.responsibility($1, $2) },
        get("/units/:id", "A unit with its claims", "getUnit", response: EvidenceSchemas.ref("EntityDocument")) {
            try await $0.entity($1, $2, kind: .unit)
        },
        get("/units/:id/chain", "A unit's chain of command on a day", "getChain",
            query: [.init(name: "date", description: "YYYY-MM-DD", schema: ["type": "string", "format": "date"], required: true), asOf],
            response: EvidenceSchemas.ref("CommandChain")) { try await $0.chain($1, $2) },
        get("/persons/:id", "A person with their claims", "getPerson", response: EvidenceSchemas.ref("EntityDocument")) {
            try await $0.entity($1, $2, kind: .person)
        },
        get("/entities/:id", "Any record by id", "getEntity", response: EvidenceSchemas.ref("EntityDocument")) {
            try await $0.entity($1, $2, kind: nil)
        },
        get("/sources/:id", "A source and the claims citing it", "getSource", response: EvidenceSchemas.ref("EntityDocument")) {
            try await $0.source($1, $2)
        },
        EvidenceAPIRoute(spec: RouteSpec(
            method: .post, path: prefix + "/assessments", summary: "Assess an application (not stored)", operationID: "assess", tag: "evidence",
            access: .anyone, query: [asOf],
            body: .init(kind: .json, schema: Schemas.ref("ExportApplication"), limit: AssessmentServices.maximumApplicationBytes),
            answers: Answers.ok(EvidenceSchemas.ref("AssessmentResult")).merging([
                400: .init(description: "The application's problems, each with its field path (error.issues)", schema: EvidenceSchemas.ref("AssessmentError")),
                413: Answers.tooLarge,
            ]) { $1 },
            getHint: "POST the application JSON to /api/v1/assessments (optionally ?asOf=YYYY-MM-DD); format: docs/APPLICATION.md.")) {
            try await $0.assess($1, $2)
        },
        EvidenceAPIRoute(spec: RouteSpec(
            method: .post, path: prefix + "/screen", summary: "Screen a party against the loaded sanctions lists", operationID: "screen",
            tag: "evidence", access: .anyone,
            body: .init(kind: .json, schema: EvidenceSchemas.ref("ScreeningRequest"), limit: ScreeningBody.maximumBytes),
            answers: Answers.ok(EvidenceSchemas.ref("ScreeningResult")).merging([
                400: .init(description: "The body is not a screening request, or a field cannot be used"),
                409: .init(description: "No screening lists are loaded"),
                413: Answers.tooLarge,
            ]) { $1 },
            getHint: "POST a JSON object to /api/v1/screen, e.g. {\"name\": \"Ri Won Ho\", \"dateOfBirth\": \"1964\", \"countries\": [\"KP\"]}.")) {
            try await $0.screen($1, $2)
        },
        get("/reports/:kind", "A transparency report: its tables and the data they are made from", "getReport",
            query: [.init(name: "year", description: "YYYY (1900–2100)", schema: ["type": "integer"]),
                    .init(name: "exporter", description: "ISO 3166 alpha-2"), .init(name: "destination", description: "ISO 3166 alpha-2")],
            pathSchemas: ["kind": Schemas.enumeration(TransparencyReports.Kind.allCases.map(\.rawValue))],
            response: EvidenceSchemas.ref("Report")) { try await $0.report($1, $2) },
        get("/search", "Full-text search over incidents, units, persons and sources", "search",
            query: [.init(name: "q", description: "The words to look for (\"phrases\", OR, -not)", required: true),
                    .init(name: "kind", description: "Only this kind", schema: Schemas.enumeration(SearchRequest.Kind.allCases.map(\.rawValue))),
                    .init(name: "country", description: "ISO 3166 alpha-2"), .init(name: "from", description: "YYYY-MM-DD", schema: ["type": "string", "format": "date"]),
                    .init(name: "to", description: "YYYY-MM-DD", schema: ["type": "string", "format": "date"]),
                    .init(name: "violation", description: "A violation type code"),
                    .init(name: "limit", description: "At most this many (1–500)", schema: ["type": "integer"])],
            response: EvidenceSchemas.ref("SearchResults"), notFound: false, feature: .curation) { try await $0.search($1, $2) },
    ]

    /// The rows this server serves, bound to its handlers.
    static func bound(to handlers: any EvidenceAPIHandlers) -> [BoundRoute] {
        let features = handlers.features.union([.always])
        return all.filter { features.contains($0.feature) }.map { row in
            let handler = row.handler
            return BoundRoute(spec: row.spec) { request, context in try await handler(handlers, request, context) }
        }
    }
}

/// The evidence API over one store: the rows' handlers, from the controllers that also serve the pages.
struct EvidenceAPI<S: Store>: EvidenceAPIHandlers {
    let api: APIController<S>
    let assessment: AssessmentController<S>
    let screening: ScreeningController<S>
    let reports: ReportsController<S>
    let curation: CurationController<S>?

    var features: Set<EvidenceAPIRoute.Feature> { curation == nil ? [.always] : [.always, .curation] }

    func stats(_ request: Request, _ context: OversightRequestContext) async throws -> Response {
        try await api.stats(request, context: context).response(from: request, context: context)
    }

    func incidents(_ request: Request, _ context: OversightRequestContext) async throws -> Response {
        try await api.incidents(request, context: context).response(from: request, context: context)
    }

    func entity(_ request: Request, _ context: OversightRequestContext, kind: EntityKind?) async throws -> Response {
        try await api.entity(request, context, kind: kind).response(from: request, context: context)
    }

    func responsibility(_ request: Request, _ context: OversightRequestContext) async throws -> Response {
        try await api.responsibility(request, context: context).response(from: request, context: context)
    }

    func chain(_ request: Request, _ context: OversightRequestContext) async throws -> Response {
        try await api.chain(request, context: context).response(from: request, context: context)
    }

    func source(_ request: Request, _ context: OversightRequestContext) async throws -> Response {
        try await api.source(request, context: context).response(from: request, context: context)
    }

    func assess(_ request: Request, _ context: OversightRequestContext) async throws -> Response {
        try await assessment.apiAssess(request, context: context)
    }

    func screen(_ request: Request, _ context: OversightRequestContext) async throws -> Response {
        try await screening.api(request, context: context).response(from: request, context: context)
    }

    func report(_ request: Request, _ context: OversightRequestContext) async throws -> Response {
        try await reports.json(request, context: context)
    }

    func search(_ request: Request, _ context: OversightRequestContext) async throws -> Response {
        guard let curation else { throw WebError.notFound("This server has no search.") }
        return try await curation.searchAPI(request, context: context).response(from: request, context: context)
    }
}

/// JSON schemas of the evidence API's answers (the object shapes and their required top-level fields).
enum EvidenceSchemas {
    static func ref(_ name: String) -> JSONDoc { Schemas.ref(name) }

    private static let object: JSONDoc = ["type": "object"]
    private static func array(_ items: JSONDoc) -> JSONDoc { ["type": "array", "items": items] }
    private static let string: JSONDoc = ["type": "string"]
    private static let integer: JSONDoc = ["type": "integer"]
    private static let number: JSONDoc = ["type": "number"]

    static var components: [String: JSONDoc] {
        [
            "Stats": ["type": "object", "additionalProperties": integer, "required": ["sources", "claims"],
                      "description": "Record counts by kind (the keys of `oversight stats --format json`)"],
            "IncidentList": Schemas.object([
                "filters": Schemas.object(["country": string, "from": string, "to": string, "asOf": string, "limit": integer], required: ["limit"]),
                "count": integer, "incidents": array(object),
            ], required: ["filters", "count", "incidents"]),
            "EntityDocument": Schemas.object([
                "kind": string, "entity": object,
                "claims": array(Schemas.object(["claim": object, "publicFrom": string, "sources": ["type": "object", "additionalProperties": object]],
                                               required: ["claim", "sources"])),
                "related": array(Schemas.object(["direction": Schemas.enumeration(["references", "referencedBy"]), "role": string,
                                                 "kind": string, "id": string, "name": string, "entity": object],
                                                required: ["direction", "role", "kind", "id", "name", "entity"])),
                "asOf": string,
            ], required: ["kind", "entity", "claims", "related"]),
            "CommandChain": Schemas.object([
                "unitID": string, "date": string, "levels": array(object), "memberChains": array(object),
                "cycle": array(string), "notes": array(string),
            ], required: ["unitID", "date", "levels", "memberChains", "notes"]),
            "Responsibility": Schemas.object([
                "incident": object, "date": string, "units": array(object), "accountability": array(object), "notes": array(string),
            ], required: ["incident", "date", "units", "accountability", "notes"]),
            "AssessmentResult": Schemas.object(["application": ref("ExportApplication"), "assessment": object],
                                               required: ["application", "assessment"]),
            "AssessmentError": Schemas.object([
                "error": Schemas.object(["message": string, "issues": array(Schemas.object(["path": string, "message": string], required: ["path", "message"]))],
                                        required: ["message", "issues"]),
            ], required: ["error"]),
            "ScreeningRequest": Schemas.object([
                "name": Schemas.text("The party's name (required)"), "dateOfBirth": Schemas.text("YYYY, YYYY-MM or YYYY-MM-DD"),
                "countries": Schemas.textList("ISO 3166 alpha-2 codes"), "country": string,
                "schema": Schemas.enumeration(["person", "organization"]), "gender": Schemas.enumeration(["male", "female"]),
                "identifiers": array(string), "threshold": ["type": "number", "minimum": 0, "maximum": 1],
                "limit": ["type": "integer", "minimum": 1, "maximum": 100],
            ], required: ["name"]),
            "ScreeningResult": Schemas.object([
                "query": object, "threshold": number,
                "lists": array(Schemas.object(["id": string, "title": string, "entries": integer, "version": string], required: ["id", "title", "entries"])),
                "hits": array(Schemas.object(["entryKey": string, "score": number, "match": ["type": "boolean"], "matchedName": string,
                                              "explanation": array(object), "entry": object], required: ["entryKey", "score", "match", "entry"])),
                "dismissed": array(Schemas.object(["hit": object, "decision": object], required: ["hit", "decision"])),
            ], required: ["query", "threshold", "lists", "hits", "dismissed"]),
            "Report": Schemas.object([
                "document": Schemas.object(["kind": string, "title": string, "scope": array(string), "tables": array(object), "notes": array(string)],
                                           required: ["kind", "title", "scope", "tables"]),
                "data": [:],
            ], required: ["document", "data"]),
            "SearchResults": Schemas.object(["query": string, "ftsQuery": string, "count": integer, "results": array(object)],
                                            required: ["query", "ftsQuery", "count", "results"]),
        ]
    }
}

/// An evidence API row as the document lists it (kept for the tests that compare the document with the table).
struct PublicEndpoint: Sendable {
    var method: HTTPRequest.Method
    var path: String
    var summary: String
    var operationID: String

    /// The rows every server serves (search, which needs the curation store, is not among them).
    static var all: [PublicEndpoint] {
        EvidenceAPIRoutes.all.filter { $0.feature == .always }.map {
            PublicEndpoint(method: $0.spec.method, path: $0.spec.openAPIPath, summary: $0.spec.summary, operationID: $0.spec.operationID)
        }
    }
}
