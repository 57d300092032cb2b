import Hummingbird
import Logging
import OversightApp
import OversightStore

/// Where the server listens.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// Builds the web application over a store; the CLI and the tests call the same builder.
///
/// The templates are loaded here, once, from the module's resources; a missing or broken template fails
/// the build of the application rather than a request.
///
/// `assessments` brings the application reader and the demo applications from the modules the web module
/// does not depend on; without it the assessment pages decode applications plainly and list no demos.
///
/// `workflow` adds the permit workflow (sign-in, applications, alerts, audit log, users, and its JSON API with
/// the OpenAPI document); without it only the public evidence and assessment pages are served.
/// `curation` brings search, candidate incidents, the editing forms and history (the store's curation features,
/// who may edit, and what to do when evidence changes); without it those pages are not served.
public func buildApplication(store: any Store, configuration: ServerConfiguration, logger: Logger,
                             assessments: AssessmentServices = .basic, workflow: WorkflowWeb? = nil,
                             curation: CurationServices? = nil) throws -> some ApplicationProtocol {
    let router = try buildRouter(store: store, renderer: PageRenderer(), assessments: assessments, workflow: workflow,
                                 curation: curation)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Oversight"),
        logger: logger)
}

/// The routes: pages at the root, the JSON API under `/api/v1`, `/healthz`; one error middleware first so
/// it covers every route and the not-found answer.
func buildRouter<S: Store>(store: S, renderer: PageRenderer, assessments: AssessmentServices = .basic,
                           workflow: WorkflowWeb? = nil, curation: CurationServices? = nil) throws -> Router<OversightRequestContext> {
    try buildRouter(reader: EvidenceQueries(store: store), renderer: renderer, assessments: assessments, workflow: workflow, curation: curation)
}

/// The same, serving from `reader` (a test passes its own to watch its cache).
func buildRouter<S: Store>(reader: EvidenceQueries<S>, renderer: PageRenderer, assessments: AssessmentServices = .basic,
                           workflow: WorkflowWeb? = nil, curation: CurationServices? = nil) throws -> Router<OversightRequestContext> {
    let router = Router(context: OversightRequestContext.self)
    // Every request is logged (method and path, at info; set LOG_LEVEL=warning to silence), outside the error
    // middleware so refused requests are logged too. Headers are not: they carry session cookies and tokens.
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: ErrorMiddleware(renderer: renderer))
    router.get("/healthz") { _, _ in "ok" }
    try routeTable(reader: reader, renderer: renderer, assessments: assessments, workflow: workflow, curation: curation).register(on: router)
    return router
}

/// Every route of the server but `/healthz`, as rows: pages, public forms, the workflow's pages and forms, the
/// editing forms (behind the origin and CSRF check) and the API. One set of evidence queries serves them all, so
/// its cache of whole-evidence indexes is shared.
func routeTable<S: Store>(reader: EvidenceQueries<S>, renderer: PageRenderer, assessments: AssessmentServices = .basic,
                          workflow: WorkflowWeb? = nil, curation: CurationServices? = nil) throws -> RouteTable {
    let store = reader.store
    let pages = PageController(reader: reader, renderer: renderer)
    let assessment = AssessmentController(reader: reader, renderer: renderer, services: assessments)
    let screening = ScreeningController(store: store, renderer: renderer)
    let reports = ReportsController(store: store, renderer: renderer, services: assessments)
    var routes = pages.routes + assessment.routes + screening.routes + reports.routes
    routes += workflow?.pageRoutes(renderer: renderer) ?? []
    var curationController: CurationController<S>?
    var forms = workflow?.routes(renderer: renderer).filter { $0.surface == .page && $0.method == .post }.map(\.spec) ?? []
    if let curation {
        let controller = CurationController(store: store, services: curation, renderer: renderer)
        routes += controller.routes
        curationController = controller
        forms += controller.formRoutes.map(\.spec)
    }
    // The `/api/v1/` routes, described by the OpenAPI document they serve.
    let evidence = EvidenceAPI(api: APIController(reader: reader), assessment: assessment, screening: screening, reports: reports,
                               curation: curationController)
    var api = EvidenceAPIRoutes.bound(to: evidence)
    if let workflow {
        api += workflow.apiRoutes(renderer: renderer)
        api.append(OpenAPIDocument.route(api: api.map(\.spec), forms: forms))
    }
    return RouteTable(routes: routes + api, formGuard: curation.map { EditingFormGuard(gate: $0.editor) })
}
