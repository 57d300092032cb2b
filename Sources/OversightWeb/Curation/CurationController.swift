import Foundation
import Hummingbird
import OversightCore
import OversightStore

/// Search, candidate incidents, editing forms and history.
///
/// Reading (search, candidates, history) is open; every write goes through the editor gate, names its actor,
/// and reports what it changed to `onChange`. Forms post `application/x-www-form-urlencoded` and redirect
/// (303) to the record's page; a form with problems comes back (400) with the problems listed and the inputs
/// kept, and nothing is saved.
struct CurationController<S: Store>: Sendable {
    let store: S
    let services: CurationServices
    let renderer: PageRenderer

    var curation: CurationServices.CurationStore { services.store }

    /// The pages and forms; `GET /api/v1/search` is a row of the `/api/v1/` table (`EvidenceAPIRoutes`).
    /// The curation pages, then the editing forms (`formRoutes`), as rows of the route table.
    var routes: [BoundRoute] {
        [
            .page(.search, "Full-text search across the evidence", searchPage),
            .page(.candidates, "Candidate incidents to review", candidates),
            .page(.candidate, "One candidate incident", candidate),
            .page(.newRecord, "The form for a new record", newForm),
            .page(.editRecord, "The form to edit a record", editForm),
            .page(.newClaim, "The form for a new claim", newClaimForm),
            .page(.history, "A record's versions", history),
        ] + formRoutes
    }

    /// The editing forms, as rows of the route table: registered from these rows, and described by the forms
    /// document (`GET /api/v1/openapi.json?surface=forms`).
    var formRoutes: [BoundRoute] {
        let text = Schemas.text
        var recordFields: [String: JSONDoc] = ["original": text("The id of the record being edited (empty: a new one)"), "note": text("Why, for the history")]
        for field in EntityForm.all.flatMap(\.fields) + EntityForm.claimFields { recordFields[field.name] = text(field.label) }
        var claimFields: [String: JSONDoc] = ["subject": text("The record the claim is about"), "note": text("Why, for the history")]
        for field in EntityForm.claimFields { claimFields[field.name] = text(field.label) }
        return [
            form(.confirmCandidate, "Confirm a candidate incident", "confirmCandidate",
                 ["violations": text("Violation type codes, one a line")], handler: confirm),
            form(.mergeCandidate, "Merge a candidate into an incident", "mergeCandidate",
                 ["incident": text("The incident's id")], required: ["incident"], handler: merge),
            form(.rejectCandidate, "Reject a candidate incident", "rejectCandidate", ["reason": text("Why")], handler: reject),
            form(.saveRecord, "Save a record (new or edited), with its claim", "saveRecord", recordFields,
                 pathSchemas: ["type": Schemas.enumeration(EntityForm.all.map(\.type))], handler: saveRecord),
            form(.saveClaim, "Add a claim about a record", "saveClaim", claimFields, required: ["subject"], handler: saveClaim),
            form(.revert, "Revert a record to an earlier version", "revertRecord",
                 ["version": text("The history entry to go back to"), "note": text("Why")], handler: revert),
        ]
    }

    private func form(_ path: SitePath, _ summary: String, _ operationID: String, _ fields: [String: JSONDoc], required: [String] = [],
                      pathSchemas: [String: JSONDoc] = [:],
                      handler: @escaping @Sendable (Request, OversightRequestContext) async throws -> Response) -> BoundRoute {
        let html = ["text/html"]
        let answers: [Int: RouteSpec.Answer] = [
            200: .init(description: "The form again (e.g. a record page)", contentTypes: html),
            303: .init(description: "Saved: go to the record's page"),
            400: .init(description: "The form's problems, listed on the form (nothing saved)", contentTypes: html),
            403: .init(description: "Not a signed-in researcher, or the CSRF token is missing or out of date", contentTypes: html),
            404: .init(description: "No such record or candidate", contentTypes: html),
            409: .init(description: "The record changed meanwhile", contentTypes: html),
            413: .init(description: "The form is larger than 1 MiB", contentTypes: html),
        ]
        return BoundRoute(spec: RouteSpec(method: .post, path: path.pattern, summary: summary, operationID: operationID, tag: "forms",
                                          access: .roles([.researcher]), authentication: .session, csrf: true, pathSchemas: pathSchemas,
                                          body: .init(kind: .form, schema: FormSchemas.withCSRF(FormSchemas.fields(fields, required: required)), limit: 1 << 20),
                                          answers: answers),
                          handler: handler)
    }

    // MARK: - Search

    func searchRequest(_ query: QueryParameters, limitDefault: Int) throws -> SearchRequest? {
        guard let q = query.text("q") else { return nil }
        let parsed: SearchQuery
        do { parsed = try SearchQuery(q) } catch let error as SearchQueryError { throw WebError.badRequest(error.description) }
        var kinds: Set<SearchRequest.Kind>?
        if let kind = query.text("kind") {
            guard let k = SearchRequest.Kind(rawValue: kind) else {
                throw WebError.badRequest("kind=\(kind) is not a kind: use incident, unit, person or source")
            }
            kinds = [k]
        }
        let violation = query.text("violation")
        if let violation, ReferenceData.shared.violationType(violation) == nil {
            throw WebError.badRequest("violation=\(violation) is not a violation type: use one of \(ReferenceData.shared.violationTypes.map(\.code).joined(separator: ", "))")
        }
        let from = try query.day("from"), to = try query.day("to")
        if let from, let to, from > to {
            throw WebError.badRequest("from=\(from) is after to=\(to): the period must start before it ends")
        }
        return SearchRequest(query: parsed, kinds: kinds, country: try query.country(), from: from, to: to, violation: violation,
                             limit: try query.integer("limit", in: 1...500, default: limitDefault))
    }

    @Sendable func searchPage(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let query = QueryParameters(request)
        let search = try searchRequest(query, limitDefault: 50)
        let hits = search == nil ? [] : try await curation.search(search!)
        let kind = query.text("kind")
        return HTMLResponse(html: try renderer.render(SearchPage(
            chrome: PageChrome(title: "Search", path: SitePath.search.href(), asOf: nil),
            q: query.text("q") ?? "",
            kinds: FieldView.options([("", "all")] + SearchRequest.Kind.allCases.map { ($0.rawValue, $0.rawValue) }, selected: kind),
            country: query.text("country") ?? "", from: query.text("from") ?? "", to: query.text("to") ?? "",
            violations: FieldView.options([("", "any")] + ReferenceData.shared.violationTypes.map { ($0.code, $0.name) },
                                          selected: query.text("violation")),
            hasQuery: search != nil, hits: hits.map(SearchHitView.init), count: hits.count,
            truncated: search.map { hits.count == $0.limit } ?? false, limit: search?.limit ?? 50)))
    }

    struct SearchDocument: Encodable {
        var query: String
        var ftsQuery: String
        var count: Int
        var results: [SearchHit]
    }

    /// `GET /api/v1/search?q=…&kind=&country=&from=&to=&violation=&limit=`.
    @Sendable func searchAPI(_ request: Request, context: OversightRequestContext) async throws -> JSONResponse<SearchDocument> {
        let query = QueryParameters(request)
        guard let search = try searchRequest(query, limitDefault: 50) else {
            throw WebError.badRequest("q is required: give the words to look for, e.g. q=Juliaca")
        }
        let hits = try await curation.search(search)
        return JSONResponse(value: SearchDocument(query: query.text("q") ?? "", ftsQuery: search.query.ftsExpression,
                                                  count: hits.count, results: hits))
    }

    // MARK: - Candidates

    @Sendable func candidates(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let query = QueryParameters(request)
        let statusText = query.text("status") ?? CandidateStatus.candidate.rawValue
        let status: CandidateStatus?
        if statusText == "all" {
            status = nil
        } else {
            guard let s = CandidateStatus(rawValue: statusText) else {
                throw WebError.badRequest("status=\(statusText) is not a status: use candidate, confirmed, merged, rejected or all")
            }
            status = s
        }
        let country = try query.country()
        let offset = try query.integer("offset", in: 0...Int.max - 1, default: 0)
        let pageSize = 100
        let rows = try await curation.candidates(status: status, country: country, limit: pageSize, offset: offset)
        var next: String?
        if rows.count == pageSize {
            next = SitePath.candidates.href() + "?status=\(statusText)\(country.map { "&country=\($0)" } ?? "")&offset=\(offset + pageSize)"
        }
        return HTMLResponse(html: try renderer.render(CandidatesPage(
            chrome: PageChrome(title: "Candidate incidents", path: SitePath.candidates.href(), asOf: nil),
            statuses: FieldView.options([("all", "all")] + CandidateStatus.allCases.map { ($0.rawValue, $0.rawValue) }, selected: statusText),
            country: country ?? "", rows: rows.map(CandidateRow.init), count: rows.count, next: next)))
    }

    @Sendable func candidate(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let id = try Paths.id(from: context)
        guard let candidate = try await curation.candidate(eventID: id) else {
            throw WebError.notFound("No candidate incident has the ACLED event id '\(id)'. See /candidates.")
        }
        let csrf = try await services.editor.csrfToken(request)
        return HTMLResponse(html: try renderer.render(CandidatePage(
            chrome: PageChrome(title: candidate.title, path: request.uri.path, asOf: nil).withCSRF(csrf), candidate: CandidateView(candidate))))
    }

    @Sendable func confirm(_ request: Request, context: OversightRequestContext) async throws -> Response {
        let actor = try await services.requireEditor(request)
        let id = try Paths.id(from: context)
        let form = try await formBody(request)
        let violations = FormRecord.list(form["violations"])
        let change = try await storeCall { try await curation.confirmCandidate(id, violations: violations.isEmpty ? nil : violations, by: actor, at: services.now()) }
        await services.onChange(change)
        let incident = try await curation.candidate(eventID: id)?.incidentID ?? ""
        return Self.seeOther(Paths.page(kind: .incident, id: incident, asOf: nil))
    }

    @Sendable func merge(_ request: Request, context: OversightRequestContext) async throws -> Response {
        let actor = try await services.requireEditor(request)
        let id = try Paths.id(from: context)
        let form = try await formBody(request)
        guard let incident = form["incident"]?.trimmingCharacters(in: .whitespaces), !incident.isEmpty else {
            throw WebError.badRequest("give the id of the incident to merge the event into (find it with /search)")
        }
        let change = try await storeCall { try await curation.mergeCandidate(id, into: incident, by: actor, at: services.now()) }
        await services.onChange(change)
        return Self.seeOther(Paths.page(kind: .incident, id: incident, asOf: nil))
    }

    @Sendable func reject(_ request: Request, context: OversightRequestContext) async throws -> Response {
        let actor = try await services.requireEditor(request)
        let id = try Paths.id(from: context)
        let form = try await formBody(request)
        try await storeCall { try await curation.rejectCandidate(id, reason: form["reason"] ?? "", by: actor, at: services.now()) }
        return Self.seeOther(SitePath.candidate.href(id))
    }

    // MARK: - Editing forms

    private func entityForm(_ context: OversightRequestContext) throws -> EntityForm {
        let type = try context.parameters.require("type")
        guard let form = EntityForm.named(type) else {
            throw WebError.notFound("There is no form for '\(type)'. Forms: \(EntityForm.all.map(\.type).joined(separator: ", ")).")
        }
        return form
    }

    private func editPage(_ form: EntityForm, values: [String: String], original: String?, errors: [String],
                          request: Request) async throws -> HTMLResponse {
        let find = QueryParameters(request).text("find") ?? ""
        let results = try await findResults(find)
        let heading = (original == nil ? "New " : "Edit ") + form.title.lowercased() + (original.map { " \($0)" } ?? "")
        let csrf = try await services.editor.csrfToken(request)
        let page = EditPage(
            chrome: PageChrome(title: heading, path: request.uri.path, asOf: nil).withCSRF(csrf), heading: heading, recordLegend: form.title,
            action: SitePath.saveRecord.href(form.type), errors: errors, hasErrors: !errors.isEmpty, original: original, subject: nil,
            subjectQuery: nil,
            fields: form.fields.map { FieldView($0, value: FormRecord.inputValue($0, in: values) ?? defaultValue($0, creating: original == nil)) },
            hasClaim: form.needsClaim,
            claimFields: EntityForm.claimFields.map { FieldView($0, value: values[$0.name]) },
            note: values["note"] ?? "", find: find, findResults: results, hasFindResults: !results.isEmpty)
        return HTMLResponse(html: try renderer.render(page), status: errors.isEmpty ? .ok : .badRequest)
    }

    private func defaultValue(_ spec: FieldSpec, creating: Bool) -> String? {
        guard creating else { return nil }
        switch spec.name {
        case "range.precise", "stateForces": return "on"
        default: return nil
        }
    }

    private func findResults(_ text: String) async throws -> [SearchHit] {
        guard !text.isEmpty, let query = try? SearchQuery(text) else { return [] }
        return try await curation.search(SearchRequest(query: query, limit: 20))
    }

    @Sendable func newForm(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        _ = try await services.requireEditor(request)
        return try await editPage(try entityForm(context), values: [:], original: nil, errors: [], request: request)
    }

    @Sendable func editForm(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        _ = try await services.requireEditor(request)
        let form = try entityForm(context)
        let id = try Paths.id(from: context)
        let record: Record
        if form.type == "source" {
            guard let source = try await store.source(id: id) else { throw WebError.notFound("No source has the id '\(id)'.") }
            record = .source(source)
        } else {
            guard let entity = try await store.entity(id: id) else { throw WebError.notFound("No record has the id '\(id)'.") }
            record = Record(entity: entity)
            guard record.typeName == form.type else {
                throw WebError.badRequest("'\(id)' is a \(record.typeName), not a \(form.type): edit it at /edit/\(record.typeName)/\(id)")
            }
        }
        return try await editPage(form, values: FormRecord.values(of: record), original: id, errors: [], request: request)
    }

    @Sendable func saveRecord(_ request: Request, context: OversightRequestContext) async throws -> Response {
        let actor = try await services.requireEditor(request)
        let form = try entityForm(context)
        let fields = try await formBody(request)
        let original = fields["original"].flatMap { $0.isEmpty ? nil : $0 }
        var id = original ?? fields["id"]?.trimmingCharacters(in: .whitespaces) ?? ""
        if id.isEmpty {
            let slug = FormRecord.slug(fields[form.nameField] ?? "")
            id = slug.isEmpty ? "" : "\(form.type == "source" ? "src" : form.type):\(slug)"
        }
        var errors: [String] = []
        if id.isEmpty { errors.append("Id is required (or give a name to make one from)") }
        if original == nil, !id.isEmpty, try await exists(id) {
            errors.append("A record with the id '\(id)' exists already: choose another id, or edit it at /edit/\(form.type)/\(id)")
        }
        var records: [Record] = []
        switch FormRecord.record(form, fields: fields, id: id) {
        case .success(let record): records.append(record)
        case .failure(let problems): errors += problems.messages
        }
        if form.needsClaim {
            switch FormRecord.claim(fields, id: try await newClaimID(about: id), subject: id, property: false) {
            case .success(let claim): records.append(.claim(claim))
            case .failure(let problems): errors += problems.messages
            }
        }
        if !errors.isEmpty {
            return try await editPage(form, values: fields, original: original, errors: errors, request: request)
                .response(from: request, context: context)
        }
        do {
            let change = try await curation.applyEdit(records, by: actor, at: services.now(), note: fields["note"].flatMap { $0.isEmpty ? nil : $0 })
            await services.onChange(change)
        } catch let error as ValidationError {
            return try await editPage(form, values: fields, original: original, errors: error.issues.map(\.description), request: request)
                .response(from: request, context: context)
        } catch let error as StoreError {
            return try await editPage(form, values: fields, original: original, errors: [error.message], request: request)
                .response(from: request, context: context)
        }
        let location = form.type == "source" ? Paths.source(id: id, asOf: nil)
            : Paths.page(kind: EntityKind(rawValue: form.type) ?? .incident, id: id, asOf: nil)
        return Self.seeOther(location)
    }

    // MARK: - Claims

    private func claimPage(subject: String, values: [String: String], errors: [String], request: Request) async throws -> HTMLResponse {
        let find = QueryParameters(request).text("find") ?? ""
        let results = try await findResults(find)
        let csrf = try await services.editor.csrfToken(request)
        let page = EditPage(
            chrome: PageChrome(title: "Add a claim", path: request.uri.path, asOf: nil).withCSRF(csrf), heading: "Add a claim about \(subject)",
            recordLegend: "The value claimed", action: SitePath.saveClaim.href(), errors: errors, hasErrors: !errors.isEmpty, original: nil,
            subject: subject, subjectQuery: subject,
            fields: EntityForm.propertyClaimFields.prefix(2).map { FieldView($0, value: values[$0.name]) }, hasClaim: true,
            claimFields: EntityForm.claimFields.map { FieldView($0, value: values[$0.name]) },
            note: values["note"] ?? "", find: find, findResults: results, hasFindResults: !results.isEmpty)
        return HTMLResponse(html: try renderer.render(page), status: errors.isEmpty ? .ok : .badRequest)
    }

    @Sendable func newClaimForm(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        _ = try await services.requireEditor(request)
        guard let subject = QueryParameters(request).text("subject") else {
            throw WebError.badRequest("subject is required: the id of the record the claim is about, e.g. /claims/new?subject=incident:juliaca-2023-01-09")
        }
        guard try await store.entity(id: subject) != nil else { throw WebError.notFound("No record has the id '\(subject)'.") }
        return try await claimPage(subject: subject, values: [:], errors: [], request: request)
    }

    @Sendable func saveClaim(_ request: Request, context: OversightRequestContext) async throws -> Response {
        let actor = try await services.requireEditor(request)
        let fields = try await formBody(request)
        guard let subject = fields["subject"], let entity = try await store.entity(id: subject) else {
            throw WebError.badRequest("the claim's subject is missing or unknown; open the form from the record's page")
        }
        let claim: Claim
        switch FormRecord.claim(fields, id: try await newClaimID(about: subject), subject: subject, property: true) {
        case .success(let c): claim = c
        case .failure(let problems):
            return try await claimPage(subject: subject, values: fields, errors: problems.messages, request: request)
                .response(from: request, context: context)
        }
        do {
            let change = try await curation.applyEdit([.claim(claim)], by: actor, at: services.now(),
                                                      note: fields["note"].flatMap { $0.isEmpty ? nil : $0 })
            await services.onChange(change)
        } catch let error as ValidationError {
            return try await claimPage(subject: subject, values: fields, errors: error.issues.map(\.description), request: request)
                .response(from: request, context: context)
        } catch let error as StoreError {
            return try await claimPage(subject: subject, values: fields, errors: [error.message], request: request)
                .response(from: request, context: context)
        }
        return Self.seeOther(Paths.page(kind: type(of: entity).kind, id: subject, asOf: nil) + "#" + claim.id)
    }

    /// `claim:<subject>/<n>`, the first n not taken.
    private func newClaimID(about subject: String) async throws -> String {
        let taken = Set(try await store.claims(about: subject, asOf: nil).map(\.claim.id))
        var n = taken.count + 1
        while taken.contains("claim:\(subject)/\(n)") { n += 1 }
        return "claim:\(subject)/\(n)"
    }

    private func exists(_ id: String) async throws -> Bool {
        if try await store.entity(id: id) != nil { return true }
        return try await store.source(id: id) != nil
    }

    // MARK: - History

    @Sendable func history(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let id = try Paths.id(from: context)
        var sections: [HistorySection] = []
        var name = id
        var pageHref = SitePath.entity.href(id)
        if let entity = try await store.entity(id: id) {
            name = entity.displayName
            pageHref = Paths.page(kind: type(of: entity).kind, id: id, asOf: nil)
            sections.append(HistorySection(heading: "The record", versions: try await curation.history(of: id)))
            for sourced in try await store.claims(about: id, asOf: nil) {
                let claim = sourced.claim
                let what = claim.property.map { "\($0) = \(claim.value ?? "")" } ?? "the record as a whole"
                sections.append(HistorySection(heading: "Claim \(claim.id): \(what)", versions: try await curation.history(of: claim.id)))
            }
        } else {
            let versions = try await curation.history(of: id)
            guard !versions.isEmpty else { throw WebError.notFound("No claim or record has the id '\(id)'.") }
            sections.append(HistorySection(heading: "Claim \(id)", versions: versions))
        }
        let csrf = try await services.editor.csrfToken(request)
        return HTMLResponse(html: try renderer.render(HistoryPage(
            chrome: PageChrome(title: "History of \(name)", path: request.uri.path, asOf: nil).withCSRF(csrf), id: id, name: name,
            pageHref: pageHref, sections: sections)))
    }

    @Sendable func revert(_ request: Request, context: OversightRequestContext) async throws -> Response {
        let actor = try await services.requireEditor(request)
        let id = try Paths.id(from: context)
        let form = try await formBody(request)
        guard let text = form["version"], let version = Int(text), version >= 1 else {
            throw WebError.badRequest("version is required: the number of the version to go back to")
        }
        let change = try await storeCall { try await curation.revert(id, toVersion: version, by: actor, at: services.now()) }
        await services.onChange(change)
        let subject = change.entityIDs.first ?? id
        return Self.seeOther(SitePath.history.href(subject))
    }

    // MARK: - Helpers

    private func formBody(_ request: Request) async throws -> [String: String] {
        let body = try await request.body.collect(upTo: 1 << 20)
        guard let form = FormBody.parse(body, contentType: request.headers[.contentType]) else {
            throw WebError.badRequest("send the form as application/x-www-form-urlencoded or multipart/form-data")
        }
        return form.fields
    }

    /// Store refusals become 400/404 answers with the store's message.
    private func storeCall<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw WebError(error.code == .notFound ? .notFound : .badRequest, error.message)
        } catch let error as ValidationError {
            throw WebError.badRequest(error.issues.map(\.description).joined(separator: "; "))
        }
    }

    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
