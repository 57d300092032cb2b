import Foundation
import Hummingbird
import OversightCore
import OversightStore

/// Party screening: the page `GET/POST /screening` (a form with labelled fields; hits with their per-feature
/// explanations) and `POST /api/v1/screen` (JSON in, JSON out).
///
/// The lists come from the store when it keeps them (`ScreeningStore`); the index is built once and rebuilt
/// when the store's screening revision changes. Decisions are read for each request, so a decision recorded
/// a moment ago already counts.
struct ScreeningController<S: Store>: Sendable {
    let screening: (any ScreeningStore)?
    let renderer: PageRenderer
    let cache = ScreenerCache()

    static var maximumBodyBytes: Int { ScreeningBody.maximumBytes }

    init(store: S, renderer: PageRenderer) {
        self.screening = store as? any ScreeningStore
        self.renderer = renderer
    }

    /// The page; `POST /api/v1/screen` is a row of the `/api/v1/` table (`EvidenceAPIRoutes`).
    var routes: [BoundRoute] {
        [
            .page(.screening, "The screening form, with results for ?name=", page),
            .page(.screening, "Screen the parties sent (no sign-in: nothing is stored)", method: .post, submit),
        ]
    }

    // MARK: - Page

    /// The form, and results when `?name=` is given.
    @Sendable func page(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let query = QueryParameters(request)
        var fields: [String: String] = [:]
        for name in ScreeningInput.formFields { if let value = query.text(name) { fields[name] = value } }
        return try await render(fields, screen: fields["name"] != nil)
    }

    /// The form's submission (application/x-www-form-urlencoded).
    @Sendable func submit(_ request: Request, context: OversightRequestContext) async throws -> HTMLResponse {
        let body = try await request.body.collect(upTo: Self.maximumBodyBytes)
        return try await render(ScreeningInput.formValues(String(buffer: body)), screen: true)
    }

    private func render(_ fields: [String: String], screen: Bool) async throws -> HTMLResponse {
        var page = ScreeningPage(fields: fields)
        let lists = try await screening?.screeningLists() ?? []
        page.lists = lists.map { "\($0.title) (\($0.id), \($0.entryCount) entries\($0.version.map { ", version \($0)" } ?? ""))" }
            .joined(separator: "; ")
        page.hasLists = !lists.isEmpty
        guard screen else { return try html(page) }
        let input = ScreeningInput.fromForm(fields)
        guard input.issues.isEmpty, let query = input.query else {
            page.issues = input.issues
            page.hasIssues = true
            return try html(page, status: .badRequest)
        }
        guard screening != nil, !lists.isEmpty else {
            page.issues = [Self.noLists]
            page.hasIssues = true
            return try html(page, status: .conflict)
        }
        let result = try await evaluate(query)
        page.show(result)
        return try html(page)
    }

    private func html(_ page: ScreeningPage, status: HTTPResponse.Status = .ok) throws -> HTMLResponse {
        HTMLResponse(html: try renderer.render(page), status: status)
    }

    // MARK: - API

    /// `POST /api/v1/screen` with `{"name": …, "dateOfBirth"?, "countries"?, "schema"?, "gender"?,
    /// "identifiers"?, "threshold"?, "limit"?}`: the hits with their explanations, or 400 naming the problem.
    @Sendable func api(_ request: Request, context: OversightRequestContext) async throws -> JSONResponse<ScreeningResponse> {
        let body = try await request.body.collect(upTo: Self.maximumBodyBytes)
        let payload: ScreeningRequest
        do {
            payload = try JSONDecoder().decode(ScreeningRequest.self, from: Data(body.readableBytesView))
        } catch {
            throw WebError.badRequest("The body is not a screening request: send a JSON object such as {\"name\": \"Ri Won Ho\", \"dateOfBirth\": \"1964-07-17\", \"countries\": [\"KP\"]} (\(Self.describe(error))).")
        }
        let input = ScreeningInput.fromRequest(payload)
        guard input.issues.isEmpty, let query = input.query else {
            throw WebError.badRequest(input.issues.joined(separator: "; "))
        }
        guard let screening, try await !screening.screeningLists().isEmpty else {
            throw HTTPError(.conflict, message: Self.noLists)
        }
        let lists = try await screening.screeningLists()
        return JSONResponse(value: ScreeningResponse(try await evaluate(query), lists: lists))
    }

    static var noLists: String { "No screening lists are loaded, so nothing can be screened: import one first, e.g. `oversight import un-sc consolidated.xml`." }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "unexpected value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.keyNotFound(let key, _): return "missing \(key.stringValue)"
        default: return "not valid JSON"
        }
    }

    private func evaluate(_ query: ScreeningQuery) async throws -> ScreeningResult {
        guard let screening else { throw HTTPError(.conflict, message: Self.noLists) }
        let screener = try await cache.screener(from: screening)
        let decisions = try await screening.screeningDecisions(partyKey: query.partyKey)
        return screener.with(decisions: DecisionBook(decisions)).evaluate(query)
    }
}

/// The screener over the store's lists, rebuilt only when they change.
actor ScreenerCache {
    private var built: (revision: Int, screener: Screener)?

    func screener(from store: any ScreeningStore) async throws -> Screener {
        let revision = try await store.screeningRevision()
        if let built, built.revision == revision { return built.screener }
        let screener = Screener(entries: try await store.listEntries(list: nil))
        built = (revision, screener)
        return screener
    }
}

// MARK: - Input

/// `POST /api/v1/screen`'s body.
struct ScreeningRequest: Decodable, Sendable {
    var name: String?
    var dateOfBirth: String?
    var countries: [String]?
    var country: String?
    var schema: String?
    var gender: String?
    var identifiers: [String]?
    var threshold: Double?
    var limit: Int?
}

/// A query checked field by field, with every problem in words a user can act on.
struct ScreeningInput {
    var query: ScreeningQuery?
    var issues: [String] = []

    static let formFields = ["name", "dob", "country", "schema", "gender", "identifier", "threshold"]

    static func fromForm(_ fields: [String: String]) -> ScreeningInput {
        make(name: fields["name"], dateOfBirth: fields["dob"], countries: fields["country"].map { [$0] } ?? [],
             schema: fields["schema"], gender: fields["gender"], identifiers: fields["identifier"].map { [$0] } ?? [],
             threshold: fields["threshold"], limit: nil)
    }

    static func fromRequest(_ request: ScreeningRequest) -> ScreeningInput {
        make(name: request.name, dateOfBirth: request.dateOfBirth, countries: (request.countries ?? []) + [request.country].compactMap { $0 },
             schema: request.schema, gender: request.gender, identifiers: request.identifiers ?? [],
             threshold: request.threshold.map { String($0) }, limit: request.limit)
    }

    static func make(name: String?, dateOfBirth: String?, countries: [String], schema: String?, gender: String?,
                     identifiers: [String], threshold: String?, limit: Int?) -> ScreeningInput {
        var input = ScreeningInput()
        func blank(_ text: String?) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return text
        }
        guard let name = blank(name) else {
            input.issues.append("name is empty: give the party's name")
            return input
        }
        if name.count > 300 { input.issues.append("name is longer than 300 characters") }
        if NameNormalizer.normalize(name).tokens.isEmpty { input.issues.append("name '\(name)' has no letters or digits to match") }
        var query = ScreeningQuery(name: name)
        if let text = blank(dateOfBirth) {
            if let date = PartialDate(text) { query.birthDate = date } else {
                input.issues.append("date of birth '\(text)' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 1964-07-17")
            }
        }
        for text in countries.compactMap(blank) {
            let reference = ReferenceData.shared
            if let country = reference.country(text) ?? reference.country(named: text) {
                if !query.countries.contains(country.alpha2) { query.countries.append(country.alpha2) }
            } else {
                input.issues.append("country '\(text)' is not a country: use an ISO 3166 alpha-2 code such as KP or IQ")
            }
        }
        if let text = blank(schema) {
            if let value = PartySchema(rawValue: text.lowercased()) { query.schema = value } else {
                input.issues.append("schema '\(text)' is neither person nor organization")
            }
        }
        if let text = blank(gender) {
            if let value = PartyGender(text: text) { query.gender = value } else {
                input.issues.append("gender '\(text)' is neither male nor female")
            }
        }
        query.identifiers = identifiers.compactMap(blank)
        if let text = blank(threshold) {
            if let value = Double(text), (0...1).contains(value) { query.threshold = value } else {
                input.issues.append("threshold '\(text)' is not a score from 0 to 1, e.g. 0.7")
            }
        }
        if let limit {
            if (1...100).contains(limit) { query.limit = limit } else { input.issues.append("limit \(limit) is not from 1 to 100") }
        }
        input.query = query
        return input
    }

    /// The fields of an `application/x-www-form-urlencoded` body.
    static func formValues(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let key = decode(parts[0])
            if fields[key] == nil { fields[key] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }
}

// MARK: - JSON out

/// `POST /api/v1/screen`'s answer.
struct ScreeningResponse: Encodable, Sendable {
    struct ListDocument: Encodable, Sendable {
        var id: String
        var title: String
        var entries: Int
        var version: String?
    }

    struct FeatureDocument: Encodable, Sendable {
        var feature: String
        var value: Double
        var weight: Double
        var contribution: Double
        var text: String
    }

    struct HitDocument: Encodable, Sendable {
        var entryKey: String
        var score: Double
        var match: Bool
        var matchedName: String
        var matchedNameKind: MatchedNameKind
        var explanation: [FeatureDocument]
        var entry: ListEntry
        var supersededDecision: ScreeningDecision?

        init(_ hit: ScreeningHit, threshold: Double) {
            entryKey = hit.entryKey
            score = (hit.score * 1000).rounded() / 1000
            match = hit.score >= threshold
            matchedName = hit.matchedName
            matchedNameKind = hit.matchedNameKind
            explanation = hit.features.map {
                FeatureDocument(feature: $0.feature, value: ($0.value * 1000).rounded() / 1000, weight: $0.weight,
                                contribution: ($0.contribution * 1000).rounded() / 1000, text: $0.text)
            }
            entry = hit.entry
            supersededDecision = hit.supersededDecision
        }
    }

    struct DismissedDocument: Encodable, Sendable {
        var hit: HitDocument
        var decision: ScreeningDecision
    }

    var query: ScreeningQuery
    var threshold: Double
    var lists: [ListDocument]
    var hits: [HitDocument]
    var dismissed: [DismissedDocument]

    init(_ result: ScreeningResult, lists: [ScreeningList]) {
        query = result.query
        threshold = result.threshold
        self.lists = lists.map { ListDocument(id: $0.id, title: $0.title, entries: $0.entryCount, version: $0.version) }
        hits = result.hits.map { HitDocument($0, threshold: result.threshold) }
        dismissed = result.dismissed.map { DismissedDocument(hit: HitDocument($0.hit, threshold: result.threshold), decision: $0.decision) }
    }
}

// MARK: - HTML view

/// The screening page's view model.
struct ScreeningPage: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct FeatureView: Sendable {
        var feature: String
        var contribution: String
        var text: String
        var against: Bool
    }

    struct HitView: Sendable {
        var score: String
        var isMatch: Bool
        var entryKey: String
        var name: String
        var matchedName: String
        var matchedKind: String
        var facts: String
        var features: [FeatureView]
        var superseded: String?
    }

    struct DismissedView: Sendable {
        var entryKey: String
        var name: String
        var score: String
        var decision: String
    }

    var chrome = PageChrome(title: "Party screening", path: SitePath.screening.href(), asOf: nil)
    var name: String
    var dob: String
    var country: String
    var identifier: String
    var threshold: String
    var schemaOptions: [Option]
    var genderOptions: [Option]
    var lists = ""
    var hasLists = false
    var issues: [String] = []
    var hasIssues = false
    var screened = false
    var summary = ""
    var hits: [HitView] = []
    var hasHits = false
    var dismissed: [DismissedView] = []
    var hasDismissed = false

    init(fields: [String: String]) {
        name = fields["name"] ?? ""
        dob = fields["dob"] ?? ""
        country = fields["country"] ?? ""
        identifier = fields["identifier"] ?? ""
        threshold = fields["threshold"] ?? ""
        let schema = fields["schema"] ?? "", gender = fields["gender"] ?? ""
        schemaOptions = [("", "Person or organisation"), ("person", "Person"), ("organization", "Organisation")]
            .map { Option(value: $0.0, label: $0.1, selected: $0.0 == schema) }
        genderOptions = [("", "Unknown"), ("male", "Male"), ("female", "Female")]
            .map { Option(value: $0.0, label: $0.1, selected: $0.0 == gender) }
    }

    mutating func show(_ result: ScreeningResult) {
        screened = true
        let threshold = String(format: "%.2f", result.threshold)
        summary = "\(result.hits.count) hit(s) at or above the threshold \(threshold) for “\(result.query.name)”"
            + (result.dismissed.isEmpty ? "." : "; \(result.dismissed.count) more dismissed by earlier decisions.")
        hits = result.hits.map { hit in
            let entry = hit.entry
            var facts = [entry.schema == .person ? "person" : "organisation"]
            if let program = entry.program { facts.append("programme \(program)") }
            if let reference = entry.reference { facts.append("reference \(reference)") }
            if let listed = entry.listedOn { facts.append("listed \(listed)") }
            if !entry.birthDates.isEmpty { facts.append("born " + entry.birthDates.map(\.description).joined(separator: " / ")) }
            if !entry.countries.isEmpty { facts.append("countries " + entry.countries.joined(separator: ", ")) }
            let kind: String
            switch hit.matchedNameKind {
            case .name: kind = "name"
            case .weakAlias: kind = "weak alias"
            case .originalScript: kind = "original-script name"
            }
            return HitView(
                score: String(format: "%.2f", hit.score), isMatch: hit.score >= result.threshold, entryKey: hit.entryKey,
                name: entry.primaryName, matchedName: hit.matchedName, matchedKind: kind, facts: facts.joined(separator: "; "),
                features: hit.features.map {
                    FeatureView(feature: $0.feature, contribution: ($0.contribution < 0 ? "−" : "+") + String(format: "%.2f", abs($0.contribution)),
                                text: $0.text, against: $0.contribution < 0)
                },
                superseded: hit.supersededDecision.map {
                    "Raised again: \($0.decidedBy) decided “not a match” on \(ScreeningDecision.timestamp($0.decidedAt)) (\($0.reason)), but the list has changed the entry since."
                })
        }
        hasHits = !hits.isEmpty
        dismissed = result.dismissed.map {
            DismissedView(entryKey: $0.hit.entryKey, name: $0.hit.entry.primaryName, score: String(format: "%.2f", $0.hit.score),
                          decision: "\($0.decision.decidedBy) decided not a match on \(ScreeningDecision.timestamp($0.decision.decidedAt)): \($0.decision.reason)")
        }
        hasDismissed = !dismissed.isEmpty
    }
}

/// The largest screening request body (one party or a batch), for the route table and the handlers alike.
enum ScreeningBody {
    static let maximumBytes = 64 * 1024
}
