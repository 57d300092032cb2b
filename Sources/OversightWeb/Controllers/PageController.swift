import Hummingbird
import OversightApp
import OversightCore
import OversightStore

/// The HTML pages: home, the incident list, and a page per incident, unit, person, source and record.
/// Every page takes `?asOf=YYYY-MM-DD` and then shows only evidence public by that day.
struct PageController<S: Store>: Sendable {
    let reader: EvidenceQueries<S>
    let renderer: PageRenderer

    init(reader: EvidenceQueries<S>, renderer: PageRenderer) {
        self.reader = reader
        self.renderer = renderer
    }

    /// The most incidents one list page shows.
    static var listLimit: Int { IncidentFilter.maximumLimit }

    /// The evidence pages, as rows of the route table.
    var routes: [BoundRoute] {
        [
            .page(.home, "Home: the evidence base and where to start", home),
            .page(.incidents, "Incidents, by period and country", incidents),
            .page(.incident, "An incident with its claims, events and chain of command", incident),
            .page(.responsibility, "The printable command-responsibility report", responsibilityReport),
            .page(.unit, "A unit with its chain of command on a date", unit),
            .page(.unitChart, "The unit's command chart (SVG)", chart),
            .page(.person, "A person with their postings over time", person),
            .page(.source, "A source and the claims citing it", source),
            .page(.entity, "Any record by id", entity),
        ]
    }

    private var store: S { reader.store }

    private func page(_ model: some PageView) throws -> HTMLResponse {
        HTMLResponse(html: try renderer.render(model))
    }

    // MARK: - Home and lists

    @Sendable func home(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let asOf = try QueryParameters(request).asOf()
        let stats = try await store.statistics(asOf: asOf)
        let recent = try await store.incidents(country: nil, from: nil, to: nil, asOf: asOf, limit: 10)
        let locations = try await reader.lookup(recent.compactMap(\.location))
        var counts = [CountView(label: "sources", count: stats.sources), CountView(label: "claims", count: stats.claims)]
        counts += EntityKind.allCases.map { CountView(label: $0.plural, count: stats.count($0)) }
        counts += try await CandidateStatistics.rows(of: store).map { CountView(label: $0.label, count: $0.count) }
        return try page(HomePage(
            chrome: PageChrome(title: "Oversight", path: "/", asOf: asOf),
            counts: counts,
            incidents: RowList(recent.map { IncidentRow($0, locations: locations, asOf: asOf) })))
    }

    @Sendable func incidents(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let query = QueryParameters(request)
        let filter = try IncidentFilter(query, defaultLimit: Self.listLimit)
        let found = try await store.incidents(country: filter.country, from: filter.from, to: filter.to,
                                              asOf: filter.asOf, limit: filter.limit)
        let locations = try await reader.lookup(found.compactMap(\.location))
        return try page(IncidentsPage(
            chrome: PageChrome(title: "Incidents", path: "/incidents", asOf: filter.asOf),
            country: filter.country ?? "", from: filter.from?.description ?? "", to: filter.to?.description ?? "",
            asOfValue: filter.asOf?.description ?? "",
            incidents: RowList(found.map { IncidentRow($0, locations: locations, asOf: filter.asOf) }),
            count: found.count, truncated: found.count == filter.limit, limit: filter.limit))
    }

    // MARK: - Records

    @Sendable func incident(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let asOf = try QueryParameters(request).asOf()
        let id = try Paths.id(from: context)
        let evidence = try await reader.entity(id, expected: .incident, asOf: asOf)
        let incident = evidence.entity as! Incident
        let linked = try await reader.lookup(incident.perpetratorUnits + incident.perpetratorPersons
                                              + [incident.location, incident.coalition].compactMap { $0 })
        let events = try await reader.referencing(id, asOf: asOf).map { EventRow($0, asOf: asOf) }
        let view = IncidentView(
            id: incident.id, title: incident.title, country: incident.country, place: incident.place,
            location: incident.location.map { LinkView(id: $0, in: linked, asOf: asOf) },
            dates: DateText.range(incident.range), precision: DateText.precision(incident.range),
            violations: incident.violations,
            killed: incident.killed.map(String.init) ?? "unknown", injured: incident.injured.map(String.init) ?? "unknown",
            victims: incident.victims,
            perpetratorUnits: incident.perpetratorUnits.map { LinkView(id: $0, in: linked, asOf: asOf) },
            perpetratorPersons: incident.perpetratorPersons.map { LinkView(id: $0, in: linked, asOf: asOf) },
            stateForces: incident.stateForces ? "yes" : "no", incidentDescription: incident.description,
            responsibleState: incident.responsibleState.map(CountryText.name),
            coalition: incident.coalition.map { LinkView(id: $0, in: linked, asOf: asOf) },
            forces: incident.forces ?? [])
        let index = try await reader.commandIndex(asOf: asOf)
        let snapshot = index.snapshot
        let responsibility = index.responsibility(incident: id)
            .map { ResponsibilitySection($0, snapshot: snapshot, asOf: asOf) }
        return try page(IncidentPage(
            chrome: PageChrome(title: incident.title, path: request.uri.path, asOf: asOf),
            incident: view, evidence: ClaimsSection(evidence.claims, asOf: asOf), events: RowList(events),
            responsibility: responsibility))
    }

    @Sendable func unit(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let query = QueryParameters(request)
        let asOf = try query.asOf()
        let requestedDate = try query.day("date")
        let id = try Paths.id(from: context)
        let evidence = try await reader.entity(id, expected: .unit, asOf: asOf)
        let unit = evidence.entity as! Unit
        let relations = try await reader.referencing(id, kind: .relation, asOf: asOf).compactMap { $0 as? UnitRelation }
        let postings = try await reader.referencing(id, kind: .posting, asOf: asOf).compactMap { $0 as? Posting }
        let incidents = try await reader.referencing(id, kind: .incident, asOf: asOf).compactMap { $0 as? Incident }
        var events: [any EvidenceEntity] = []
        for kind in [EntityKind.knowledge, .accountability, .finding] {
            events += try await reader.referencing(id, kind: kind, asOf: asOf)
        }
        let linked = try await reader.lookup(relations.flatMap { [$0.unit, $0.related] } + postings.map(\.person)
                                              + incidents.compactMap(\.location))
        let contested = try await reader.contested(relations.map(\.id) + postings.map(\.id), asOf: asOf)
        let view = UnitView(id: unit.id, name: unit.name, aliases: unit.aliases, country: unit.country,
                            classification: unit.classification, force: unit.force, unitNote: unit.note)
        let index = try await reader.commandIndex(asOf: asOf)
        let snapshot = index.snapshot
        let date = requestedDate ?? CommandPresenter.defaultDate(unit: id, index: index)
        let chainSection = date.flatMap { index.chain(unit: id, on: $0) }.map {
            CommandPresenter.chainSection($0, snapshot: snapshot, asOf: asOf, dateIsDefault: requestedDate == nil)
        }
        return try page(UnitPage(
            chrome: PageChrome(title: unit.name, path: request.uri.path, asOf: asOf),
            unit: view, evidence: ClaimsSection(evidence.claims, asOf: asOf),
            chainDate: date?.description ?? "", chainSection: chainSection,
            superiors: RowList(relations.filter { $0.unit == id }.map { RelationRow($0, otherID: $0.related, units: linked, contested: contested, asOf: asOf) }),
            subordinates: RowList(relations.filter { $0.related == id }.map { RelationRow($0, otherID: $0.unit, units: linked, contested: contested, asOf: asOf) }),
            postings: RowList(postings.map { PostingRow($0, partyID: $0.person, entities: linked, contested: contested, asOf: asOf) }),
            incidents: RowList(incidents.map { IncidentRow($0, locations: linked, asOf: asOf) }),
            events: RowList(events.map { EventRow($0, asOf: asOf) })))
    }

    @Sendable func person(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let asOf = try QueryParameters(request).asOf()
        let id = try Paths.id(from: context)
        let evidence = try await reader.entity(id, expected: .person, asOf: asOf)
        let person = evidence.entity as! Person
        let postings = try await reader.referencing(id, kind: .posting, asOf: asOf).compactMap { $0 as? Posting }
        let incidents = try await reader.referencing(id, kind: .incident, asOf: asOf).compactMap { $0 as? Incident }
        let knowledge = try await reader.referencing(id, kind: .knowledge, asOf: asOf)
        let accountability = try await reader.referencing(id, kind: .accountability, asOf: asOf)
        let linked = try await reader.lookup(postings.map(\.unit) + incidents.compactMap(\.location))
        let contested = try await reader.contested(postings.map(\.id), asOf: asOf)
        let view = PersonView(id: person.id, name: person.name, aliases: person.aliases, gender: person.gender,
                              country: person.country, birthDate: person.birthDate?.description, personNote: person.note)
        let index = try await reader.commandIndex(asOf: asOf)
        return try page(PersonPage(
            chrome: PageChrome(title: person.name, path: request.uri.path, asOf: asOf),
            person: view, evidence: ClaimsSection(evidence.claims, asOf: asOf),
            timeline: CommandPresenter.timeline(person: id, index: index, asOf: asOf),
            postings: RowList(postings.map { PostingRow($0, partyID: $0.unit, entities: linked, contested: contested, asOf: asOf) }),
            incidents: RowList(incidents.map { IncidentRow($0, locations: linked, asOf: asOf) }),
            knowledge: RowList(knowledge.map { EventRow($0, asOf: asOf) }),
            accountability: RowList(accountability.map { EventRow($0, asOf: asOf) })))
    }

    // MARK: - Chain of command

    /// The printable command-responsibility report of an incident (what the CLI's `--format html` prints).
    @Sendable func responsibilityReport(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let asOf = try QueryParameters(request).asOf()
        let id = try Paths.id(from: context)
        _ = try await reader.entity(id, expected: .incident, asOf: asOf)
        let index = try await reader.commandIndex(asOf: asOf)
        let snapshot = index.snapshot
        guard let report = index.responsibility(incident: id) else {
            throw WebError.notFound("The incident '\(id)' has no date, so no chain of command can be computed for it.")
        }
        return HTMLResponse(html: try ReportHTML.responsibility(report, snapshot: snapshot, renderer: renderer))
    }

    /// The command chart of a unit on `?date=` as an SVG document.
    @Sendable func chart(_ request: Request, context: OversightRequestContext) async throws -> SVGResponse {
        let query = QueryParameters(request)
        let asOf = try query.asOf()
        let requestedDate = try query.day("date")
        let id = try Paths.id(from: context)
        _ = try await reader.entity(id, expected: .unit, asOf: asOf)
        let index = try await reader.commandIndex(asOf: asOf)
        guard let date = requestedDate ?? CommandPresenter.defaultDate(unit: id, index: index),
              let chain = index.chain(unit: id, on: date) else {
            throw WebError.badRequest("date is missing and no relation or posting of '\(id)' cites one: add date=YYYY-MM-DD, e.g. date=2023-01-09")
        }
        return SVGResponse(svg: CommandChartSVG.render(chain))
    }

    @Sendable func source(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let asOf = try QueryParameters(request).asOf()
        let id = try Paths.id(from: context)
        let source = try await reader.source(id, asOf: asOf)
        let claims = try await reader.claims(citing: id, asOf: asOf)
        let subjects = try await reader.lookup(claims.map(\.claim.subject))
        let view = SourceView(id: source.id, title: source.title, publisher: source.publisher,
                              published: source.published.description, url: WebURL.linkable(source.url),
                              archiveURL: WebURL.linkable(source.archiveURL), sourceKind: source.kind,
                              language: source.language, author: source.author, sourceNote: source.note)
        return try page(SourcePage(
            chrome: PageChrome(title: source.title, path: request.uri.path, asOf: asOf),
            source: view, evidence: ClaimsSection(claims, asOf: asOf, subjects: subjects)))
    }

    /// Any record; units, persons, incidents and sources are sent to their own pages.
    @Sendable func entity(_ request: Request, context: OversightRequestContext) async throws -> Response {
        let asOf = try QueryParameters(request).asOf()
        let id = try Paths.id(from: context)
        guard let found = try await store.entity(id: id) else {
            if try await store.source(id: id) != nil {
                return Self.redirect(to: Paths.source(id: id, asOf: asOf))
            }
            throw WebError.notFound("No record has the id '\(id)'. Check the id, or find the record from the incident list at /incidents.")
        }
        let kind = type(of: found).kind
        if [.unit, .person, .incident].contains(kind) {
            return Self.redirect(to: Paths.page(kind: kind, id: id, asOf: asOf))
        }
        let evidence = try await reader.entity(id, expected: nil, asOf: asOf)
        let related = try await reader.related(to: evidence.entity, asOf: asOf)
        var name = evidence.entity.displayName
        if let relation = evidence.entity as? UnitRelation {
            // A relation's own name is made of ids; people read unit names.
            let units = try await reader.lookup([relation.unit, relation.related])
            name = "\(units[relation.unit]?.displayName ?? relation.unit) \(relation.kind.rawValue) \(units[relation.related]?.displayName ?? relation.related)"
        }
        let model = EntityPage(
            chrome: PageChrome(title: name, path: request.uri.path, asOf: asOf),
            kindLabel: kind.rawValue, id: id, name: name,
            dates: evidence.entity.dates.map(DateText.range),
            fields: try RecordFields.rows(Record(entity: evidence.entity)),
            references: related.filter { $0.direction == .references }
                .map { ReferenceRow(role: $0.role, link: LinkView(entity: $0.entity, asOf: asOf)) },
            referencedBy: related.filter { $0.direction == .referencedBy }
                .map { ReferenceRow(role: "\($0.kind.rawValue) (as \($0.role))", link: LinkView(entity: $0.entity, asOf: asOf)) },
            evidence: ClaimsSection(evidence.claims, asOf: asOf))
        return try page(model).response(from: request, context: context)
    }

    static func redirect(to location: String) -> Response {
        Response(status: .found, headers: [.location: location])
    }
}
