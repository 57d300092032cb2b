import Foundation
import Hummingbird
import OversightApp
import OversightCore
import OversightStore
import OversightWorkflow

/// The server-rendered workflow pages: sign-in, dashboard, applications, alerts, audit log, users, account.
/// Every form posts back with its CSRF token and, when refused, is shown again with each problem next to its
/// field (status 422, or the workflow error's status).
struct WorkflowPages: Sendable {
    let service: WorkflowService
    let renderer: PageRenderer
    let security: WebSecurity
    /// Rendered dashboards, by user and CSRF token (what the page shows besides the workflow's data), kept while
    /// the workflow's revision stays the same.
    let dashboards = RevisionCache<String, String>(capacity: 512)

    var routes: [WorkflowRoute] {
        [
            WorkflowRoute(method: .get, path: "/signin", surface: .page, access: .anyone, summary: "Sign-in form", handler: signInForm),
            WorkflowRoute(method: .post, path: "/signin", surface: .page, access: .anyone, summary: "Sign in",
                          form: FormSchemas.fields(["name": Schemas.text("Sign-in name"), "password": Schemas.text("Password"), "next": Schemas.text("Where to go after")], required: ["name", "password"]),
                          handler: signIn),
            WorkflowRoute(method: .post, path: "/signout", surface: .page, access: .signedIn, summary: "Sign out", handler: signOut),
            WorkflowRoute(method: .get, path: "/dashboard", surface: .page, access: .workflow, summary: "Dashboard", handler: dashboard),
            WorkflowRoute(method: .get, path: "/applications", surface: .page, access: .workflow, summary: "Application list", handler: list),
            WorkflowRoute(method: .get, path: "/applications/new", surface: .page, access: .applicant, summary: "New application form", handler: newForm),
            WorkflowRoute(method: .post, path: "/applications", surface: .page, access: .applicant, summary: "Create a draft",
                          form: Self.applicationForm, handler: create),
            WorkflowRoute(method: .get, path: "/applications/:id", surface: .page, access: .workflow, summary: "Application page", handler: show),
            WorkflowRoute(method: .get, path: "/applications/:id/assessment", surface: .page, access: .workflow,
                          summary: "The latest assessment report (print-friendly)", handler: assessmentReport),
            WorkflowRoute(method: .post, path: "/applications/:id/submit", surface: .page, access: .applicant, summary: "Submit",
                          handler: act(.submit) { call, id, _ in _ = try await service.submit(id: id, by: try call.actor) }),
            WorkflowRoute(method: .post, path: "/applications/:id/recommend", surface: .page, access: .staff, summary: "Recommend",
                          form: FormSchemas.fields(["outcome": Schemas.enumeration(RecommendedOutcome.allCases.map(\.rawValue)), "rationale": Schemas.text("Why"),
                                                    "conditions": Schemas.text("One condition a line")], required: ["outcome", "rationale"]),
                          handler: act(.recommend) { call, id, input in
                              let r = try ActionInput.recommend(input)
                              _ = try await service.recommend(id: id, outcome: r.outcome, rationale: r.rationale, conditions: r.conditions, by: try call.actor)
                          }),
            WorkflowRoute(method: .post, path: "/applications/:id/decide", surface: .page, access: .staff, summary: "Decide",
                          form: FormSchemas.fields(["outcome": Schemas.enumeration(["approved-with-conditions", "approved", "denied"]), "rationale": Schemas.text("Why"),
                                                    "conditions": Schemas.text("One condition a line")], required: ["outcome", "rationale"]),
                          handler: act(.approve) { call, id, input in
                              let d = try ActionInput.decide(input)
                              _ = try await service.decide(id: id, outcome: d.outcome, rationale: d.rationale, conditions: d.conditions, by: try call.actor)
                          }),
            WorkflowRoute(method: .post, path: "/applications/:id/issue", surface: .page, access: .staff, summary: "Issue the permit",
                          form: FormSchemas.fields(["expiresOn": Schemas.date("Last day shipments may be made")]),
                          handler: act(.issue) { call, id, input in
                              _ = try await service.issuePermit(applicationID: id, expiresOn: try ActionInput.issue(input), by: try call.actor)
                          }),
            WorkflowRoute(method: .post, path: "/applications/:id/shipments", surface: .page, access: .roles([.applicant, .officer]),
                          summary: "Record a shipment",
                          form: FormSchemas.fields(["line": Schemas.text("Permit line, from 1"), "quantity": Schemas.text("How many"), "value": Schemas.text("Value"),
                                                    "shippedOn": Schemas.date("Day shipped")], required: ["line", "quantity", "value", "shippedOn"]),
                          handler: act(.recordShipment) { call, id, input in
                              let s = try ActionInput.shipment(input)
                              _ = try await service.recordShipment(applicationID: id, line: s.line, quantity: s.quantity, value: s.value,
                                                                   shippedOn: s.shippedOn, by: try call.actor)
                          }),
        ] + [ApplicationAction.suspend, .reinstate, .revoke, .expire].map { action in
            WorkflowRoute(method: .post, path: "/applications/:id/\(action.rawValue)", surface: .page, access: .staff,
                          summary: "\(action.label) the permit",
                          form: FormSchemas.fields(["reason": Schemas.text("Why")], required: ["reason"]), handler: act(action) { call, id, input in
                              _ = try await service.changePermit(applicationID: id, action: action, reason: try ActionInput.reason(input), by: try call.actor)
                          })
        } + [
            WorkflowRoute(method: .get, path: "/alerts", surface: .page, access: .staffAndReaders, summary: "Monitoring alerts", handler: alerts),
            WorkflowRoute(method: .post, path: "/alerts/:id/acknowledge", surface: .page, access: .staff, summary: "Acknowledge an alert",
                          form: FormSchemas.fields(["note": Schemas.text("What was reviewed")], required: ["note"]),
                          handler: alertAction { call, id, input in
                              _ = try await service.acknowledgeAlert(id: id, note: try ActionInput.reason(input, field: "note"), by: try call.actor)
                          }),
            WorkflowRoute(method: .post, path: "/alerts/:id/suspend", surface: .page, access: .staff, summary: "Suspend the permit from an alert",
                          form: FormSchemas.fields(["reason": Schemas.text("Why")], required: ["reason"]),
                          handler: alertAction { call, id, input in
                              _ = try await service.suspendFromAlert(id: id, reason: try ActionInput.reason(input), by: try call.actor)
                          }),
            WorkflowRoute(method: .get, path: "/audit", surface: .page, access: .auditReaders, summary: "Audit log", handler: audit),
            WorkflowRoute(method: .get, path: "/audit/export", surface: .page, access: .auditReaders, summary: "Audit log export", handler: auditExport),
            WorkflowRoute(method: .get, path: "/admin/users", surface: .page, access: .administrator, summary: "Users", handler: users),
            WorkflowRoute(method: .post, path: "/admin/users", surface: .page, access: .administrator, summary: "Add a user",
                          form: FormSchemas.fields(["name": Schemas.text("Sign-in name"), "role": Schemas.enumeration(Role.allCases.map(\.rawValue)),
                                                    "password": Schemas.text("Optional")], required: ["name", "role"]), handler: addUser),
            WorkflowRoute(method: .post, path: "/admin/users/:id", surface: .page, access: .administrator, summary: "Change a user",
                          form: FormSchemas.fields(["role": Schemas.enumeration(Role.allCases.map(\.rawValue)), "disabled": Schemas.enumeration(["true", "false"])]),
                          handler: changeUser),
            WorkflowRoute(method: .get, path: "/account", surface: .page, access: .signedIn, summary: "Your account and API tokens", handler: account),
            WorkflowRoute(method: .post, path: "/account/tokens", surface: .page, access: .signedIn, summary: "Create an API token",
                          form: FormSchemas.fields(["label": Schemas.text("What the token is for")], required: ["label"]), handler: createToken),
        ]
    }

    /// The new-application form's fields (the first item row; the form has more of the same).
    static var applicationForm: JSONDoc {
        var fields: [String: JSONDoc] = [
            "exporter": Schemas.text("ISO 3166 alpha-2"), "destination": Schemas.text("ISO 3166 alpha-2"),
            "consigneeName": Schemas.text("Who receives the goods"), "consigneeCountry": Schemas.text("ISO 3166 alpha-2"),
            "endUserName": Schemas.text("Who will use the goods"), "endUse": Schemas.text("What for"),
            "submitNow": Schemas.text("Present: submit at once"),
        ]
        for regime in Regime.allCases { fields["regime-\(regime.rawValue)"] = Schemas.text("Present: the regime applies") }
        for field in ["controlEntry", "description", "quantity", "value", "currency"] { fields["item1-" + field] = Schemas.text("First item row") }
        return FormSchemas.fields(fields, required: ["exporter", "destination", "consigneeName", "endUserName", "endUse"])
    }

    // MARK: - Rendering

    private func html(_ model: some PageView, status: HTTPResponse.Status = .ok) throws -> Response {
        Self.html(try renderer.render(model), status: status)
    }

    private static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: page)))
        response.headers[.contentLength] = nil
        return response
    }

    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    private func chrome(_ title: String, _ call: WorkflowCall) -> PageChrome {
        PageChrome(title: title, path: call.request.uri.path, session: call.session)
    }

    // MARK: - Sign-in

    struct SignInPage {
        var chrome: PageChrome
        var csrf: String
        var next: String
        var name: String
        var error: String?
        var fieldErrors: [FieldErrorView]
        var nameError: String?
        var passwordError: String?
    }

    @Sendable func signInForm(_ call: WorkflowCall) async throws -> Response {
        let next = WorkflowPaths.safeNext(QueryParameters(call.request).text("next"))
        if call.session != nil { return Self.seeOther(next) }
        return try signInPage(call, next: next, name: "", error: nil, fields: [:], status: .ok)
    }

    private func signInPage(_ call: WorkflowCall, next: String, name: String, error: String?, fields: [String: String],
                            status: HTTPResponse.Status, headers: HTTPFields = [:]) throws -> Response {
        let token = WebSecurity.randomToken()
        let page = SignInPage(chrome: PageChrome(title: "Sign in", path: "/signin", asOf: nil), csrf: token, next: next, name: name,
                              error: error, fieldErrors: FormState(errors: fields).errorList,
                              nameError: fields["name"], passwordError: fields["password"])
        var response = try html(page, status: status)
        for field in headers { response.headers.append(field) }
        response.setCookie(security.cookie(WebSecurity.signInCookie, value: token, maxAge: 3600, request: call.request))
        return response
    }

    @Sendable func signIn(_ call: WorkflowCall) async throws -> Response {
        let input = InputFields(form: call.form)
        let next = WorkflowPaths.safeNext(input.text("next"))
        let name = input.text("name") ?? ""
        let password = call.form?.fields["password"] ?? ""
        var fields: [String: String] = [:]
        if name.isEmpty { fields["name"] = "is required: your sign-in name" }
        if password.isEmpty { fields["password"] = "is required" }
        guard fields.isEmpty else {
            return try signInPage(call, next: next, name: name, error: "Fill in both fields.", fields: fields, status: .unprocessableContent)
        }
        let address = call.context.remoteAddress ?? "unknown"
        if let refusal = try await service.signInAttempt(account: name, address: address, limits: security.rateLimits) {
            let wait = Int(refusal.retryAfter)
            let message = refusal.scope == .account
                ? "Too many sign-in attempts for this account. Try again in \(wait) seconds."
                : "Too many sign-in attempts from your address. Try again in \(wait) seconds."
            return try signInPage(call, next: next, name: name, error: message, fields: [:], status: .tooManyRequests,
                                  headers: [.retryAfter: String(wait)])
        }
        let user: UserAccount
        do {
            user = try await service.authenticate(name: name, password: password)
        } catch let error as WorkflowError where error.code == .unauthenticated {
            return try signInPage(call, next: next, name: name, error: "The name or the password is wrong (or the account is disabled).",
                                  fields: [:], status: .unauthorized)
        }
        try await service.signInSucceeded(account: name)
        if let old = call.sessionToken { try await service.endSession(token: old) }
        let (token, session) = try await service.createSession(for: user)
        var response = Self.seeOther(next == "/signin" ? "/dashboard" : next)
        let maxAge = max(1, Int(session.expiresAt.timeIntervalSince(service.now())))
        response.setCookie(security.cookie(WebSecurity.sessionCookie, value: token, maxAge: maxAge, request: call.request))
        response.setCookie(security.expired(WebSecurity.signInCookie, request: call.request))
        return response
    }

    @Sendable func signOut(_ call: WorkflowCall) async throws -> Response {
        if let token = call.sessionToken { try await service.endSession(token: token) }
        if let session = call.session { dashboards.remove(Self.dashboardKey(session)) }
        var response = Self.seeOther("/signin")
        response.setCookie(security.expired(WebSecurity.sessionCookie, request: call.request))
        return response
    }

    // MARK: - Dashboard and lists

    struct DashboardPage {
        var chrome: PageChrome
        var name: String
        var role: String
        var counts: [CountView]
        var queue: [ApplicationRowView]
        var alerts: [AlertView]
        var decisions: [DecisionView]
        var isApplicant: Bool
        var seesAlerts: Bool
    }

    /// The dashboard is the page every signed-in user lands on and reloads; it is rendered again only when the
    /// workflow's revision has moved since this session's copy was made (the revision is read first; see
    /// `RevisionCache`).
    @Sendable func dashboard(_ call: WorkflowCall) async throws -> Response {
        let user = try call.actor
        guard let session = call.session else { return try html(try await dashboardPage(call, user: user)) }
        let revision = try await service.revision()
        let page = try await dashboards.value(for: Self.dashboardKey(session), revision: revision) {
            try renderer.render(try await dashboardPage(call, user: user))
        }
        return Self.html(page)
    }

    static func dashboardKey(_ session: Session) -> String { session.user.id + "\u{0}" + session.csrfToken }

    private func dashboardPage(_ call: WorkflowCall, user: UserAccount) async throws -> DashboardPage {
        let board = try await service.dashboard(for: user)
        let csrf = call.session?.csrfToken ?? ""
        let canAct = Access.staff.allows(user.role)
        return DashboardPage(
            chrome: chrome("Dashboard", call), name: user.name, role: user.role.label,
            counts: ApplicationState.allCases.compactMap { state in board.counts[state].map { CountView(label: state.label, count: $0) } },
            queue: board.queue.map(ApplicationRowView.init), alerts: board.alerts.map { AlertView($0, canAct: canAct, csrf: csrf) },
            decisions: board.recentDecisions.map(DecisionView.init), isApplicant: user.role == .applicant,
            seesAlerts: Access.staffAndReaders.allows(user.role))
    }

    struct ListPage {
        var chrome: PageChrome
        var rows: [ApplicationRowView]
        var states: [OptionView]
        var verdicts: [OptionView]
        var destination: String
        var applicant: String
        var text: String
        var paging: PagingView
        var isApplicant: Bool
    }

    /// `?state=&destination=&applicant=&verdict=&q=&page=`.
    static func filter(_ request: Request, for user: UserAccount) throws -> ApplicationFilter {
        let query = QueryParameters(request)
        var filter = ApplicationFilter(page: try query.integer("page", in: 1...1_000_000, default: 1),
                                       perPage: try query.integer("perPage", in: 1...200, default: 50))
        if let text = query.text("state") {
            guard let state = ApplicationState(rawValue: text) else {
                throw WebError.badRequest("state=\(text) is not a state; use one of \(ApplicationState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.states = [state]
        }
        if let text = query.text("destination") {
            guard text.count == 2, text.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw WebError.badRequest("destination=\(text) is not an ISO 3166 alpha-2 country code: use two letters, e.g. destination=PE")
            }
            filter.destination = text.uppercased()
        }
        if let text = query.text("verdict") {
            guard let verdict = Verdict(rawValue: text) else {
                throw WebError.badRequest("verdict=\(text) is not a verdict; use one of \(Verdict.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.verdict = verdict
        }
        filter.applicantID = query.text("applicant")
        filter.text = query.text("q")
        if user.role == .applicant { filter.applicantID = user.id }
        return filter
    }

    @Sendable func list(_ call: WorkflowCall) async throws -> Response {
        let user = try call.actor
        let filter = try Self.filter(call.request, for: user)
        let page = try await service.applications(filter, for: user)
        let query = QueryParameters(call.request)
        func href(_ number: Int) -> String {
            var parts: [String] = []
            for name in ["state", "destination", "applicant", "verdict", "q"] {
                if let value = query.text(name) { parts.append("\(name)=\(WorkflowPaths.queryValue(value))") }
            }
            parts.append("page=\(number)")
            return "/applications?" + parts.joined(separator: "&")
        }
        let model = ListPage(
            chrome: chrome("Applications", call), rows: page.items.map(ApplicationRowView.init),
            states: [OptionView(value: "", label: "Any state", selected: filter.states.isEmpty)]
                + ApplicationState.allCases.map { OptionView(value: $0.rawValue, label: $0.label, selected: filter.states == [$0]) },
            verdicts: [OptionView(value: "", label: "Any verdict", selected: filter.verdict == nil)]
                + Verdict.allCases.map { OptionView(value: $0.rawValue, label: $0.rawValue, selected: filter.verdict == $0) },
            destination: filter.destination ?? "", applicant: user.role == .applicant ? "" : (query.text("applicant") ?? ""),
            text: filter.text ?? "",
            paging: PagingView(page: page.page, pageCount: page.pageCount, total: page.total, href: href),
            isApplicant: user.role == .applicant)
        return try html(model)
    }

    // MARK: - New application

    struct ItemRowView {
        var number: Int
        var controlEntry: String
        var description: String
        var quantity: String
        var value: String
        var currency: String
        var entries: [OptionView]
        var controlEntryError: String?
        var descriptionError: String?
        var quantityError: String?
        var valueError: String?
        var currencyError: String?
    }

    struct NewApplicationPage {
        var chrome: PageChrome
        var csrf: String
        var form: [String: String]
        var errors: [FieldErrorView]
        var hasErrors: Bool
        var fieldError: [String: String]
        var countries: [OptionView]
        var exporters: [OptionView]
        var regimes: [OptionView]
        var mitigations: [OptionView]
        var items: [ItemRowView]
    }

    private func newApplicationPage(_ call: WorkflowCall, state: FormState, status: HTTPResponse.Status) throws -> Response {
        let destination = state.value("destination").uppercased()
        let known = ReferenceData.shared.countries.filter { !$0.isUserAssigned }.sorted { $0.name < $1.name }
        let countries = [OptionView(value: "", label: "Choose a country")]
            + known.map { OptionView(value: $0.alpha2, label: "\($0.name) (\($0.alpha2))", selected: $0.alpha2 == destination) }
        let exporter = state.values.isEmpty ? "CA" : state.value("exporter").uppercased()
        let exporters = [OptionView(value: "", label: "Choose a country")]
            + known.map { OptionView(value: $0.alpha2, label: "\($0.name) (\($0.alpha2))", selected: $0.alpha2 == exporter) }
        let chosenRegimes = Regime.allCases.filter { !state.value("regime-\($0.rawValue)").isEmpty }
        let regimes = Regime.allCases.map {
            OptionView(value: $0.rawValue, label: $0.rawValue, selected: state.values.isEmpty ? true : chosenRegimes.contains($0))
        }
        let items = (1...ActionInput.formItemRows).map { row -> ItemRowView in
            let prefix = "item\(row)-"
            let chosen = state.value(prefix + "controlEntry")
            let entries = [OptionView(value: "", label: "Choose a control-list entry")] + ReferenceData.shared.controlEntries.map {
                OptionView(value: $0.ecl, label: "\($0.ecl) (\($0.id)) \($0.title)", selected: $0.ecl == chosen || $0.id == chosen)
            }
            return ItemRowView(number: row, controlEntry: chosen, description: state.value(prefix + "description"),
                               quantity: state.value(prefix + "quantity"), value: state.value(prefix + "value"),
                               currency: state.values.isEmpty ? "CAD" : state.value(prefix + "currency"), entries: entries,
                               controlEntryError: state.error(prefix + "controlEntry"), descriptionError: state.error(prefix + "description"),
                               quantityError: state.error(prefix + "quantity"), valueError: state.error(prefix + "value"),
                               currencyError: state.error(prefix + "currency"))
        }
        let page = NewApplicationPage(chrome: chrome("New application", call), csrf: call.session?.csrfToken ?? "",
                                      form: state.values, errors: state.errorList, hasErrors: state.hasErrors, fieldError: state.errors,
                                      countries: countries, exporters: exporters, regimes: regimes,
                                      mitigations: Methodology.standard.mitigations.map {
                                          OptionView(value: $0.code, label: $0.title, selected: !state.value("mitigation-" + $0.code).isEmpty)
                                      },
                                      items: items)
        return try html(page, status: status)
    }

    @Sendable func newForm(_ call: WorkflowCall) async throws -> Response {
        try newApplicationPage(call, state: FormState(), status: .ok)
    }

    @Sendable func create(_ call: WorkflowCall) async throws -> Response {
        let input = InputFields(form: call.form)
        var values = call.form?.fields ?? [:]
        values[WebSecurity.csrfField] = nil
        values["password"] = nil
        do {
            let application = try ActionInput.application(form: input, today: Day(utc: service.now()))
            let record = try await service.createDraft(application, by: try call.actor)
            if input.text("submitNow") != nil {
                _ = try await service.submit(id: record.id, by: try call.actor)
            }
            return Self.seeOther(WorkflowPaths.application(record.id))
        } catch let error as WorkflowError where error.code == .invalid {
            var state = FormState(values: values, errors: Dictionary(error.fields.map { (formFieldName($0.key), $0.value) }, uniquingKeysWith: { a, _ in a }))
            if state.errors.isEmpty { state.errors["application"] = error.message }
            return try newApplicationPage(call, state: state, status: .unprocessableContent)
        }
    }

    // MARK: - Application page

    @Sendable func show(_ call: WorkflowCall) async throws -> Response {
        let user = try call.actor
        let detail = try await service.application(id: try call.parameter("id"), for: user)
        return try html(ApplicationPage(detail: detail, actions: service.availableActions(detail, for: user), session: call.session,
                                        path: call.request.uri.path))
    }

    @Sendable func assessmentReport(_ call: WorkflowCall) async throws -> Response {
        let user = try call.actor
        let detail = try await service.application(id: try call.parameter("id"), for: user)
        guard let assessment = detail.latestAssessment else {
            throw WebError.notFound("Application \(detail.record.id) has not been assessed yet: it is assessed when it is submitted.")
        }
        var page = AssessmentReportPage(assessment.report, application: detail.record.application)
        page.chrome.user = call.session.map(SignedInView.init)
        return try html(page)
    }

    /// A POST on an application: runs `perform`, then back to the application page (303); a refused action shows
    /// the page again with the problems next to that action's form.
    func act(_ action: ApplicationAction,
             _ perform: @escaping @Sendable (WorkflowCall, String, InputFields) async throws -> Void) -> @Sendable (WorkflowCall) async throws -> Response {
        { call in
            let id = try call.parameter("id")
            do {
                try await perform(call, id, InputFields(form: call.form))
                return Self.seeOther(WorkflowPaths.application(id))
            } catch let error as WorkflowError where error.code != .notFound && error.code != .unauthenticated {
                let user = try call.actor
                let detail = try await service.application(id: id, for: user)
                var page = ApplicationPage(detail: detail, actions: service.availableActions(detail, for: user), session: call.session,
                                           path: WorkflowPaths.application(id))
                page.refused(action: call.request.uri.path.split(separator: "/").last.map(String.init) ?? action.rawValue, error: error,
                             values: call.form?.fields ?? [:])
                return try html(page, status: Failure.status(of: error.code))
            }
        }
    }

    // MARK: - Alerts

    struct AlertsPage {
        var chrome: PageChrome
        var open: [AlertView]
        var acknowledged: [AlertView]
        var error: String?
    }

    @Sendable func alerts(_ call: WorkflowCall) async throws -> Response {
        try await alertsPage(call, error: nil, status: .ok)
    }

    private func alertsPage(_ call: WorkflowCall, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let user = try call.actor
        let all = try await service.alerts(AlertFilter(limit: 200), by: user)
        let canAct = Access.staff.allows(user.role)
        let views = all.map { AlertView($0, canAct: canAct, csrf: call.session?.csrfToken ?? "") }
        return try html(AlertsPage(chrome: chrome("Monitoring alerts", call), open: views.filter { !$0.acknowledged },
                                   acknowledged: views.filter(\.acknowledged), error: error), status: status)
    }

    func alertAction(_ perform: @escaping @Sendable (WorkflowCall, String, InputFields) async throws -> Void) -> @Sendable (WorkflowCall) async throws -> Response {
        { call in
            let id = try call.parameter("id")
            do {
                try await perform(call, id, InputFields(form: call.form))
                return Self.seeOther("/alerts")
            } catch let error as WorkflowError where error.code != .notFound && error.code != .unauthenticated {
                let detail = error.fields.isEmpty ? error.message : error.fields.keys.sorted().map { "\($0) \(error.fields[$0]!)" }.joined(separator: "; ")
                return try await alertsPage(call, error: "Alert \(id): \(detail)", status: Failure.status(of: error.code))
            }
        }
    }

    // MARK: - Audit

    struct AuditPage {
        var chrome: PageChrome
        var rows: [AuditRowView]
        var paging: PagingView
        var intact: Bool
        var verification: String?
    }

    @Sendable func audit(_ call: WorkflowCall) async throws -> Response {
        let user = try call.actor
        let pageNumber = try QueryParameters(call.request).integer("page", in: 1...10_000_000, default: 1)
        let log = try await service.auditLog(page: pageNumber, perPage: 100, by: user)
        // Checking the chain reads every entry, so it runs when asked (`?verify=1`), not on every page view.
        var intact = true
        var text: String?
        if QueryParameters(call.request).text("verify") != nil {
            let verification = try await service.verifyAudit()
            intact = verification.isIntact
            text = verification.firstBreak.map { "The chain is BROKEN at \($0.description)." }
                ?? "The chain of \(verification.entriesChecked) entries is intact (last hash \(verification.lastHash.prefix(16))…)."
        }
        return try html(AuditPage(chrome: chrome("Audit log", call), rows: log.items.map(AuditRowView.init),
                                  paging: PagingView(page: log.page, pageCount: log.pageCount, total: log.total) { "/audit?page=\($0)" },
                                  intact: intact, verification: text))
    }

    @Sendable func auditExport(_ call: WorkflowCall) async throws -> Response {
        try await Self.auditExport(call, service: service)
    }

    static func auditExport(_ call: WorkflowCall, service: WorkflowService) async throws -> Response {
        let name = QueryParameters(call.request).text("format") ?? "jsonl"
        guard let format = AuditExportFormat(rawValue: name) else {
            throw WebError.badRequest("format=\(name) is not an export format; use \(AuditExportFormat.allCases.map(\.rawValue).joined(separator: " or "))")
        }
        // Only auditors and administrators reach this route; the service checks it too via auditLog.
        _ = try await service.auditLog(page: 1, perPage: 1, by: try call.actor)
        var text = ""
        try await service.exportAudit(format: format) { text += $0 }
        let type = format == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8"
        return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"oversight-audit.\(format.rawValue)\""],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: - Users and account

    struct UserRowView {
        var id: String
        var name: String
        var role: String
        var disabled: Bool
        var roles: [OptionView]
        var csrf: String
    }

    struct UsersPage {
        var chrome: PageChrome
        var csrf: String
        var users: [UserRowView]
        var roles: [OptionView]
        var name: String
        var errors: [FieldErrorView]
        var nameError: String?
        var roleError: String?
        var passwordError: String?
        var created: String?
        var generatedPassword: String?
    }

    private func usersPage(_ call: WorkflowCall, state: FormState = FormState(), created: String? = nil, generated: String? = nil,
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try call.actor
        let csrf = call.session?.csrfToken ?? ""
        let all = try await service.users(by: user)
        let chosen = state.value("role")
        let page = UsersPage(
            chrome: chrome("Users", call), csrf: csrf,
            users: all.map { account in
                UserRowView(id: account.id, name: account.name, role: account.role.label, disabled: account.disabled,
                            roles: Role.allCases.map { OptionView(value: $0.rawValue, label: $0.label, selected: $0 == account.role) }, csrf: csrf)
            },
            roles: Role.allCases.map { OptionView(value: $0.rawValue, label: $0.label, selected: $0.rawValue == chosen) },
            name: state.value("name"), errors: state.errorList, nameError: state.error("name"), roleError: state.error("role"),
            passwordError: state.error("password"), created: created, generatedPassword: generated)
        return try html(page, status: status)
    }

    @Sendable func users(_ call: WorkflowCall) async throws -> Response { try await usersPage(call) }

    @Sendable func addUser(_ call: WorkflowCall) async throws -> Response {
        let input = InputFields(form: call.form)
        do {
            let new = try ActionInput.newUser(input)
            let (user, generated) = try await service.createUser(name: new.name, role: new.role, password: new.password, by: try call.actor)
            return try await usersPage(call, created: "Created \(user.name) (\(user.role.label)).", generated: generated, status: .created)
        } catch let error as WorkflowError where [.invalid, .conflict].contains(error.code) {
            var errors = error.fields
            if errors.isEmpty { errors["name"] = error.message }
            return try await usersPage(call, state: FormState(values: ["name": input.text("name") ?? "", "role": input.text("role") ?? ""], errors: errors),
                                       status: Failure.status(of: error.code))
        }
    }

    @Sendable func changeUser(_ call: WorkflowCall) async throws -> Response {
        let change = try ActionInput.userChange(InputFields(form: call.form))
        _ = try await service.updateUser(id: try call.parameter("id"), role: change.role, disabled: change.disabled, by: try call.actor)
        return Self.seeOther("/admin/users")
    }

    struct AccountPage {
        var chrome: PageChrome
        var csrf: String
        var name: String
        var role: String
        var expires: String
        var token: String?
        var labelError: String?
    }

    @Sendable func account(_ call: WorkflowCall) async throws -> Response {
        try accountPage(call, token: nil, labelError: nil, status: .ok)
    }

    private func accountPage(_ call: WorkflowCall, token: String?, labelError: String?, status: HTTPResponse.Status) throws -> Response {
        let user = try call.actor
        return try html(AccountPage(chrome: chrome("Your account", call), csrf: call.session?.csrfToken ?? "", name: user.name,
                                    role: user.role.label, expires: call.session.map { Format.time($0.expiresAt) } ?? "",
                                    token: token, labelError: labelError), status: status)
    }

    @Sendable func createToken(_ call: WorkflowCall) async throws -> Response {
        let user = try call.actor
        guard let label = InputFields(form: call.form).text("label") else {
            return try accountPage(call, token: nil, labelError: "is required: say what the token is for (e.g. 'reporting script')",
                                   status: .unprocessableContent)
        }
        let token = try await service.createAPIToken(for: user, label: label, by: user)
        return try accountPage(call, token: token, labelError: nil, status: .created)
    }
}
