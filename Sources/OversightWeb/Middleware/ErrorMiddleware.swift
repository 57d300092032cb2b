import Hummingbird
import Logging
import OversightApp
import OversightCore
import OversightStore

/// Turns every error into the response its audience can read: `{"error":{"message":…}}` under `/api/`,
/// an error page elsewhere. Refusals (`WebError`, Hummingbird's `HTTPError`) keep their status and
/// message; anything else is logged in full and answered with a generic 500, so no stack trace, SQL or
/// file path reaches the client.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let failure = Failure(error, path: request.uri.path)
            if failure.status.code >= 500 {
                context.logger.error("request failed", metadata: [
                    "hb.request.path": .string(request.uri.path),
                    "error": .string(String(reflecting: error)),
                ])
            } else {
                context.logger.debug("request refused", metadata: [
                    "hb.request.path": .string(request.uri.path),
                    "status": .stringConvertible(failure.status.code),
                    "error": .string(failure.message),
                ])
            }
            if Self.isAPI(request.uri.path) {
                var response = try JSONResponse(value: APIErrorBody(failure), status: failure.status)
                    .response(from: request, context: context)
                if failure.status == .unauthorized {
                    response.headers[.wwwAuthenticate] = "Bearer realm=\"oversight\""
                }
                return response
            }
            return errorPage(failure, request: request, context: context)
        }
    }

    static func isAPI(_ path: String) -> Bool { path == "/api" || path.hasPrefix("/api/") }

    private func errorPage(_ failure: Failure, request: Request, context: Context) -> Response {
        let page = ErrorPage(
            chrome: PageChrome(title: failure.status.reasonPhrase, path: request.uri.path, asOf: nil),
            statusCode: failure.status.code, reason: failure.status.reasonPhrase, message: failure.message)
        guard let html = try? renderer.render(page) else {
            // The error page itself failed: fall back to plain text rather than lose the status.
            var response = failure.message.response(from: request, context: context)
            response.status = failure.status
            return response
        }
        return HTMLResponse(html: html, status: failure.status).response(from: request, context: context)
    }
}

/// What the client is told about an error.
struct Failure {
    var status: HTTPResponse.Status
    var message: String
    /// A workflow error's code (`invalid`, `fourEyes`…), for API clients.
    var code: String?
    /// Field name → what is wrong with it.
    var fields: [String: String] = [:]

    static let genericMessage = "Something went wrong on the server. The error has been logged; please try again later."

    init(_ error: any Error, path: String) {
        switch error {
        case let error as WebError:
            status = error.status
            message = error.message
        case let error as EvidenceNotFound:
            status = .notFound
            message = error.webMessage
        case let error as WorkflowError:
            status = Failure.status(of: error.code)
            message = error.message
            code = error.code.rawValue
            fields = error.fields
        case let error as StoreError where error.code == .notFound:
            status = .notFound
            message = error.message
        case let error as HTTPError where error.status.code < 500:
            status = error.status
            message = error.body ?? Failure.defaultMessage(for: error.status, path: path)
        case let error as any HTTPResponseError where error.status.code < 500:
            status = error.status
            message = Failure.defaultMessage(for: error.status, path: path)
        default:
            status = .internalServerError
            message = Failure.genericMessage
        }
    }

    static func status(of code: WorkflowError.Code) -> HTTPResponse.Status {
        switch code {
        case .invalid, .limitExceeded: return .unprocessableContent
        case .notFound: return .notFound
        case .unauthenticated: return .unauthorized
        case .forbidden, .fourEyes: return .forbidden
        case .invalidTransition, .conflict: return .conflict
        }
    }

    static func defaultMessage(for status: HTTPResponse.Status, path: String) -> String {
        switch status {
        case .notFound:
            return ErrorMiddleware<OversightRequestContext>.isAPI(path)
                ? "There is no API endpoint at \(path). Endpoints: /api/v1/stats, /api/v1/incidents, /api/v1/incidents/{id}, /api/v1/incidents/{id}/responsibility, /api/v1/units/{id}, /api/v1/units/{id}/chain?date=YYYY-MM-DD, /api/v1/persons/{id}, /api/v1/sources/{id}, /api/v1/entities/{id}."
                : "There is no page at \(path). Start from the home page (/) or the incident list (/incidents)."
        case .methodNotAllowed:
            return "\(path) does not accept this method; use GET."
        default:
            return "The request cannot be served (\(status.code) \(status.reasonPhrase))."
        }
    }
}

/// `{"error":{"message":…}}`, with `code` and `fields` (field → problem) for workflow errors.
struct APIErrorBody: Encodable {
    struct Detail: Encodable {
        var message: String
        var code: String?
        var fields: [String: String]?
    }
    var error: Detail

    init(message: String) { self.error = Detail(message: message) }

    init(_ failure: Failure) {
        self.error = Detail(message: failure.message, code: failure.code, fields: failure.fields.isEmpty ? nil : failure.fields)
    }
}

extension EvidenceNotFound {
    /// The 404's message on the web: what is wrong, and the page or `asOf` that helps.
    var webMessage: String {
        switch reason {
        case .noRecord:
            return "No record has the id '\(id)'. Check the id, or find the record from the incident list at /incidents."
        case .wrongKind(let actual, _):
            return description.dropLast() + "; open it at \(Paths.page(kind: actual, id: id, asOf: nil))."
        case .notKnown, .sourceNotYetPublished:
            return description + " Remove asOf or choose a later date."
        case .noSource:
            return description + " Sources are listed with each claim's citations on the record pages."
        }
    }
}
