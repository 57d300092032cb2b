import Foundation
import Hummingbird
import OversightApp
import OversightCore
import OversightStore

/// Export risk assessment: the form, the report page, the demo applications and `POST /api/v1/assessments`.
/// The evidence is the whole store (`snapshot(asOf: nil)`, from the queries' cache); the engine itself keeps to
/// what was public by the knowledge date (`?asOf=`, else the application's decision date).
struct AssessmentController<S: Store>: Sendable {
    let reader: EvidenceQueries<S>
    var store: S { reader.store }
    let renderer: PageRenderer
    let services: AssessmentServices

    /// A form may carry the application URL-encoded (three bytes per character at worst) plus its other fields.
    static var maximumFormBytes: Int { 3 * AssessmentServices.maximumApplicationBytes + 64 * 1024 }

    /// The pages, as rows of the route table; `POST /api/v1/assessments` is a row of the `/api/v1/` table (`EvidenceAPIRoutes`).
    var routes: [BoundRoute] {
        [
            .page(.assessments, "To the assessment form") { _, _ in PageController<S>.redirect(to: SitePath.assessmentForm.href()) },
            .page(.assessmentForm, "The assessment form", form),
            .page(.assessments, "Assess the application sent (no sign-in: nothing is stored)", method: .post, submit),
            .page(.assessmentDemo, "A demo application's assessment", demo),
        ]
    }

    func assess(_ application: ExportApplication, asOf: Day?) async throws -> Assessment {
        let snapshot = try await reader.snapshot(asOf: nil)
        return AssessmentEngine().assess(application, snapshot: snapshot, asOf: asOf)
    }

    private func report(_ assessment: Assessment, application: ExportApplication) throws -> HTMLResponse {
        HTMLResponse(html: try ReportHTML.assessment(assessment, application: application, renderer: renderer))
    }

    private func formPage(_ page: AssessmentFormPage, status: HTTPResponse.Status = .ok) throws -> HTMLResponse {
        HTMLResponse(html: try renderer.render(page), status: status)
    }

    // MARK: - Pages

    @Sendable func form(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let asOf = QueryParameters(request).text("asOf") ?? ""
        return try formPage(AssessmentFormPage(asOfValue: asOf, demos: services.demoApplications))
    }

    /// The form's submission: the report, or the form again with every problem listed (400).
    @Sendable func submit(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let body = try await Self.collect(request, limit: Self.maximumFormBytes, what: "The form")
        guard let fields = FormBody.parse(body, contentType: request.headers[.contentType]) else {
            throw WebError.badRequest("Send the form as application/x-www-form-urlencoded or multipart/form-data with the field 'application' (the application JSON), as the form at /assessments/new does.")
        }
        let text = fields.text("applicationFile") ?? fields.text("application") ?? ""
        let asOfText = fields.text("asOf")?.trimmingCharacters(in: .whitespaces) ?? ""
        var issues: [ValidationIssue] = []
        var asOf: Day?
        if !asOfText.isEmpty {
            asOf = Day(asOfText)
            if asOf == nil { issues.append(ValidationIssue(path: "asOf", message: "'\(asOfText)' is not a date: use YYYY-MM-DD, e.g. 2023-02-06, or leave it empty for the decision date")) }
        }
        var application: ExportApplication?
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            issues.append(ValidationIssue(path: "application", message: "is empty: paste the application JSON or choose a file"))
        } else if text.utf8.count > AssessmentServices.maximumApplicationBytes {
            issues.append(ValidationIssue(path: "application", message: "is larger than \(AssessmentServices.maximumApplicationBytes / 1024) KiB"))
        } else {
            do {
                application = try services.readApplication(Data(text.utf8))
            } catch let error as ValidationError {
                issues += error.issues
            }
        }
        guard issues.isEmpty, let application else {
            return try formPage(AssessmentFormPage(applicationText: text, asOfValue: asOfText, issues: issues, demos: services.demoApplications),
                                status: .badRequest)
        }
        return try report(try await assess(application, asOf: asOf), application: application)
    }

    /// `GET /assessments/demo/{name}?asOf=`: a demo application's report.
    @Sendable func demo(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let asOf = try QueryParameters(request).asOf()
        let raw = try context.parameters.require("name")
        let name = raw.removingPercentEncoding ?? raw
        let found: (data: Data, application: ExportApplication)?
        do {
            found = try services.demo(name)
        } catch let error as ValidationError {
            throw WebError.badRequest("The demo application '\(name)' is not valid — \(error.description)")
        }
        guard let application = found?.application else {
            let names = services.demoApplications.keys.sorted()
            throw WebError.notFound("There is no demo application named '\(name)'. "
                + (names.isEmpty ? "This server has none." : "Demo applications: \(names.joined(separator: ", ")); see /assessments/new."))
        }
        return try report(try await assess(application, asOf: asOf), application: application)
    }

    // MARK: - API

    /// `POST /api/v1/assessments?asOf=YYYY-MM-DD` with the application JSON as the body:
    /// `{"application": …, "assessment": …}`, or 400 with every problem, or 413 for a body over 1 MiB.
    @Sendable func apiAssess(_ request: Request, context: OversightRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let asOf: Day?
        do {
            asOf = try query.asOf()
        } catch let error as WebError {
            return try JSONResponse(value: AssessmentErrorBody([ValidationIssue(path: "?asOf", message: error.message)], message: error.message),
                                    status: .badRequest).response(from: request, context: context)
        }
        let body = try await Self.collect(request, limit: AssessmentServices.maximumApplicationBytes, what: "The application")
        let application: ExportApplication
        do {
            application = try services.readApplication(Data(body.readableBytesView))
        } catch let error as ValidationError {
            return try JSONResponse(value: AssessmentErrorBody(error.issues), status: .badRequest).response(from: request, context: context)
        }
        let assessment = try await assess(application, asOf: asOf)
        return try JSONResponse(value: AssessmentDocument(application: application, assessment: assessment))
            .response(from: request, context: context)
    }

    /// The body, or 413 naming the limit.
    static func collect(_ request: Request, limit: Int, what: String) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            // NIO's too-many-bytes error, which Hummingbird answers with a bare 413.
            throw HTTPError(.contentTooLarge, message: "\(what) is larger than \(limit / 1024) KiB, the most this server accepts. Send a smaller one.")
        }
    }
}
