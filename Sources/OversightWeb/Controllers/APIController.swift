import Hummingbird
import OversightApp
import OversightCore
import OversightStore

/// The evidence records of the JSON API under `/api/v1` (the rows of `EvidenceAPIRoutes` call these handlers).
/// Every endpoint takes `?asOf=YYYY-MM-DD`.
struct APIController<S: Store>: Sendable {
    let reader: EvidenceQueries<S>

    init(reader: EvidenceQueries<S>) { self.reader = reader }

    private var store: S { reader.store }

    @Sendable func stats(_ request: Request, context: OversightRequestContext) async throws -> JSONResponse<[String: Int]> {
        let asOf = try QueryParameters(request).asOf()
        var document = StatisticsDocument.make(try await store.statistics(asOf: asOf))
        for row in try await CandidateStatistics.rows(of: store) { document[row.key] = row.count }
        return JSONResponse(value: document)
    }

    @Sendable func incidents(_ request: Request, context: OversightRequestContext) async throws -> JSONResponse<IncidentListDocument> {
        let filter = try IncidentFilter(QueryParameters(request))
        let found = try await store.incidents(country: filter.country, from: filter.from, to: filter.to,
                                              asOf: filter.asOf, limit: filter.limit)
        return JSONResponse(value: IncidentListDocument(
            filters: .init(country: filter.country, from: filter.from?.description, to: filter.to?.description,
                           asOf: filter.asOf?.description, limit: filter.limit),
            count: found.count, incidents: found.map(Record.incident)))
    }

    func entity(_ request: Request, _ context: OversightRequestContext, kind: EntityKind?) async throws -> JSONResponse<EntityDocument> {
        let asOf = try QueryParameters(request).asOf()
        let id = try Paths.id(from: context)
        if kind == nil, try await store.entity(id: id) == nil, try await store.source(id: id) != nil {
            return try await sourceDocument(id: id, asOf: asOf)
        }
        let evidence = try await reader.entity(id, expected: kind, asOf: asOf)
        let related = try await reader.related(to: evidence.entity, asOf: asOf)
        return JSONResponse(value: EntityDocument(
            kind: evidence.kind.rawValue, entity: Record(entity: evidence.entity),
            claims: evidence.claims.map(ClaimDocument.init), related: related.map(RelatedDocument.init),
            asOf: asOf?.description))
    }

    /// `GET /api/v1/units/{id}/chain?date=YYYY-MM-DD&asOf=…`: the `CommandChain` on that date.
    @Sendable func chain(_ request: Request, context: OversightRequestContext) async throws -> JSONResponse<CommandChain> {
        let query = QueryParameters(request)
        let asOf = try query.asOf()
        let id = try Paths.id(from: context)
        guard let date = try query.day("date") else {
            throw WebError.badRequest("date is required: the chain of command is asked for on one day, e.g. date=2023-01-09")
        }
        _ = try await reader.entity(id, expected: .unit, asOf: asOf)
        guard let chain = try await reader.commandIndex(asOf: asOf).chain(unit: id, on: date) else {
            throw WebError.notFound("No unit has the id '\(id)'.")
        }
        return JSONResponse(value: chain)
    }

    /// `GET /api/v1/incidents/{id}/responsibility?asOf=…`: the `ResponsibilityReport` of the incident.
    @Sendable func responsibility(_ request: Request, context: OversightRequestContext) async throws -> JSONResponse<ResponsibilityReport> {
        let asOf = try QueryParameters(request).asOf()
        let id = try Paths.id(from: context)
        _ = try await reader.entity(id, expected: .incident, asOf: asOf)
        guard let report = try await reader.commandIndex(asOf: asOf).responsibility(incident: id) else {
            throw WebError.notFound("The incident '\(id)' has no date, so no chain of command can be computed for it.")
        }
        return JSONResponse(value: report)
    }

    @Sendable func source(_ request: Request, context: OversightRequestContext) async throws -> JSONResponse<EntityDocument> {
        try await sourceDocument(id: Paths.id(from: context), asOf: QueryParameters(request).asOf())
    }

    private func sourceDocument(id: String, asOf: Day?) async throws -> JSONResponse<EntityDocument> {
        let source = try await reader.source(id, asOf: asOf)
        let claims = try await reader.claims(citing: id, asOf: asOf)
        let subjects = try await reader.lookup(claims.map(\.claim.subject))
        return JSONResponse(value: EntityDocument(
            kind: "source", entity: .source(source), claims: claims.map(ClaimDocument.init),
            related: subjects.keys.sorted().map { RelatedDocument(claimSubject: subjects[$0]!) },
            asOf: asOf?.description))
    }
}
