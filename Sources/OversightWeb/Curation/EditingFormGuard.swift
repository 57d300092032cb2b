import Foundation
import Hummingbird

/// Guards the evidence-editing forms against cross-site submission, before their handlers run (the route table
/// puts it in front of every row whose spec says `csrf`):
///
/// - a form sent from another site (an `Origin` header naming another host) is refused;
/// - when editing is tied to a signed-in session, the form's `_csrf` field must be that session's token.
///
/// The body is collected here (within the editing forms' 1 MiB limit) and handed on, so handlers read it as usual.
struct EditingFormGuard: Sendable {
    let gate: EvidenceEditorGate

    /// The request, its body collected, when the form may be handled; a 403 `WebError` otherwise.
    func check(_ request: Request) async throws -> Request {
        if let origin = request.headers[.origin], origin != "null" {
            let host = request.head.authority ?? ""
            guard let url = URL(string: origin), let originHost = url.host else {
                throw WebError.forbidden("The form came from an unreadable origin (\(origin)); send it from this site's own page.")
            }
            let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
            guard originAuthority == host else {
                throw WebError.forbidden("The form came from another site (\(origin)); editing forms are accepted only from this site's own pages.")
            }
        }
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        let fields = FormBody.parse(body, contentType: request.headers[.contentType])?.fields ?? [:]
        guard try await gate.isValidCSRF(request, fields[WebSecurity.csrfField] ?? "") else {
            throw WebError.forbidden("The form's security token is missing or out of date (CSRF check). Go back, reload the page and send the form again.")
        }
        return request
    }
}
