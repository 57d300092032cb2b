import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import OversightCore
import OversightDemo
import OversightStore
import OversightStoreSQLite
import OversightStorePostgres
@testable import OversightWeb
import Testing

/// The database a web test runs on: a real SQLite file always; a fresh schema on the PostgreSQL test server when
/// `OVERSIGHT_TEST_DATABASE_URL` names one (the store tests report the PostgreSQL variant as skipped otherwise).
enum WebBackend: String, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let url = ProcessInfo.processInfo.environment["OVERSIGHT_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static var all: [WebBackend] { url == nil ? [.sqlite] : [.sqlite, .postgres] }

    func open(in folder: URL) throws -> any DatabaseStore {
        switch self {
        case .sqlite:
            return try SQLiteStore(path: folder.appendingPathComponent("demo.sqlite").path)
        case .postgres:
            var settings = try PostgresSettings(url: WebBackend.url ?? "")
            settings.maximumConnections = 2
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            return PostgresStore(settings: settings.with(schema: schema))
        }
    }
}

/// Editing forms, history, search and candidate review over HTTP, on the Peru demo, on every backend.
struct CurationWebTests {
    /// What `onChange` was told.
    actor ChangeLog {
        var changes: [EvidenceChange] = []
        func add(_ change: EvidenceChange) { changes.append(change) }
    }

    static func test(_ backend: WebBackend = .sqlite, editor: EvidenceEditorGate = .everyone(as: "Ana Researcher"),
                     log: ChangeLog = ChangeLog(),
                     _ body: @Sendable (any TestClientProtocol, any DatabaseStore) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-curation-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try backend.open(in: folder)
        try await DemoCase.load(into: store)
        let services = CurationServices(store: store, editor: editor, onChange: { await log.add($0) },
                                        now: { "2026-11-29T08:00:00Z" })
        let app = try buildApplication(store: store, configuration: .init(port: 0), logger: DemoApp.quietLogger(), curation: services)
        do {
            try await app.test(.router) { client in try await body(client, store) }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    static func form(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }

    static let citation: [(String, String)] = [("claim.source", Demo.hrw), ("claim.page", "12"), ("claim.status", "accepted"),
                                               ("claim.confidence", "high")]

    @Test(arguments: WebBackend.all)
    func editingIsRefusedUnlessTheGateAllowsIt(backend: WebBackend) async throws {
        try await Self.test(backend, editor: .disabled) { client, store in
            let post = try await client.submit("/edit/unit", Self.form([("name", "Unidad nueva"), ("country", "PE")] + Self.citation))
            #expect(post.status == .forbidden)
            #expect(post.text.contains("researcher"))
            #expect(try await client.get("/edit/unit/new").status == .forbidden)
            #expect(try await client.submit("/claims", Self.form([("subject", Demo.juliaca)])).status == .forbidden)
            #expect(try await store.entity(id: "unit:unidad-nueva") == nil)
            #expect(try await client.get("/search?q=juliaca").status == .ok, "reading stays open")
        }
    }

    @Test(arguments: WebBackend.all)
    func formsRejectAClaimWithoutACitationAndSaveWithOne(backend: WebBackend) async throws {
        let log = ChangeLog()
        try await Self.test(backend, log: log) { client, store in
            let fields: [(String, String)] = [("title", "Desaguadero, 2023-02"), ("country", "PE"), ("place", "Desaguadero"),
                                              ("range.start", "2023-02"), ("range.end", "2023-02"), ("violations", "excessive-force"),
                                              ("perpetratorUnits", Demo.punoRegion), ("stateForces", "on"), ("killed", "0")]
            let rejected = try await client.submit("/edit/incident", Self.form(fields + [("claim.status", "accepted")]))
            #expect(rejected.status == .badRequest)
            #expect(rejected.text.contains("Cited source id is required"))
            #expect(rejected.text.contains("value=\"Desaguadero\""), "the inputs are kept")
            #expect(try await store.entity(id: "incident:desaguadero-2023-02") == nil, "nothing saved")

            let unknownSource = try await client.submit("/edit/incident", Self.form(fields + [("claim.source", "src:nowhere")]))
            #expect(unknownSource.status == .badRequest)
            #expect(unknownSource.text.contains("not a known source"))

            let saved = try await client.submit("/edit/incident", Self.form(fields + Self.citation))
            #expect(saved.status == .seeOther, "\(saved.text)")
            #expect(saved.headers[.location] == "/incidents/incident:desaguadero-2023-02")
            let incident = try #require(try await store.entity(id: "incident:desaguadero-2023-02") as? Incident)
            #expect(incident.range.precise == false && incident.perpetratorUnits == [Demo.punoRegion])
            let claims = try await store.claims(about: incident.id, asOf: nil)
            #expect(claims.map(\.claim.citations.first?.page) == ["12"])
            #expect(try await store.history(of: incident.id).first?.actor == "Ana Researcher")
            let changes = await log.changes
            #expect(changes.last?.entityIDs == [incident.id])
            #expect(changes.last?.claimIDs == claims.map(\.claim.id))
            #expect(try await client.get("/incidents/incident:desaguadero-2023-02").text.contains("Desaguadero, 2023-02"))

            // Editing an existing unit needs a citation too, and keeps the previous version.
            let edit = try await client.get("/edit/unit/\(Demo.punoRegion)")
            #expect(edit.status == .ok && edit.text.contains("Región Policial Puno"))
            let noCitation = try await client.submit("/edit/unit", Self.form([("original", Demo.punoRegion), ("name", "Región Policial Puno (renamed)"), ("country", "PE")]))
            #expect(noCitation.status == .badRequest)
            let renamed = try await client.submit("/edit/unit", Self.form([("original", Demo.punoRegion), ("name", "Región Policial Puno (renamed)"),
                                                                         ("country", "PE")] + Self.citation))
            #expect(renamed.status == .seeOther)
            #expect(try await store.entity(id: Demo.punoRegion)?.displayName == "Región Policial Puno (renamed)")
        }
    }

    @Test(arguments: WebBackend.all)
    func aSecondConflictingClaimMarksBothContestedSideBySide(backend: WebBackend) async throws {
        try await Self.test(backend) { client, store in
            let first = try await client.submit("/claims", Self.form([("subject", Demo.ayacucho), ("claim.property", "detained"),
                                                                    ("claim.value", "20")] + Self.citation))
            #expect(first.status == .seeOther)
            let second = try await client.submit("/claims", Self.form([("subject", Demo.ayacucho), ("claim.property", "detained"),
                                                                     ("claim.value", "35"), ("claim.source", Demo.afp),
                                                                     ("claim.status", "accepted"), ("claim.confidence", "medium")]))
            #expect(second.status == .seeOther)
            let detained = try await store.claims(about: Demo.ayacucho, asOf: nil).map(\.claim).filter { $0.property == "detained" }
            #expect(detained.compactMap(\.value).sorted() == ["20", "35"])
            #expect(detained.allSatisfy { $0.status == .contested })
            let page = try await client.get("/incidents/\(Demo.ayacucho)").text
            let competing = page.section(from: "Competing values", to: "</table>")
            #expect(competing.contains("detained"))
            #expect(competing.contains(">20<") && competing.contains(">35<"))
            #expect(competing.contains(Demo.hrwTitle) && competing.contains(Demo.afpTitle))
            #expect(competing.occurrences(of: "Contested") >= 2)

            let missing = try await client.submit("/claims", Self.form([("subject", Demo.ayacucho), ("claim.property", "detained"),
                                                                      ("claim.value", "40"), ("claim.status", "accepted")]))
            #expect(missing.status == .badRequest)
            #expect(missing.text.contains("every claim needs a citation"))
        }
    }

    @Test(arguments: WebBackend.all)
    func historyShowsVersionsAndRevertsAClaim(backend: WebBackend) async throws {
        try await Self.test(backend) { client, store in
            let claimID = Demo.killedAFP
            var claim = try #require(try await store.claims(about: Demo.juliaca, asOf: nil).first { $0.claim.id == claimID }?.claim)
            let originalConfidence = claim.confidence
            claim.confidence = originalConfidence == .low ? .high : .low
            _ = try await store.applyEdit([.claim(claim)], by: "Ben Editor", at: "2026-11-29T07:00:00Z", note: "lower confidence")
            let history = try await client.get("/history/\(Demo.juliaca)")
            #expect(history.status == .ok)
            let section = history.text.section(from: "Claim \(claimID)", to: "</section>")
            #expect(section.contains("Version 2") && section.contains("Ben Editor") && section.contains("lower confidence"))
            #expect(section.contains("confidence: \(originalConfidence.rawValue) → \(claim.confidence.rawValue)"))
            let revert = try await client.submit("/history/\(claimID)/revert", Self.form([("version", "1")]))
            #expect(revert.status == .seeOther)
            #expect(try await store.claims(about: Demo.juliaca, asOf: nil).first { $0.claim.id == claimID }?.claim.confidence == originalConfidence)
            let after = try await client.get("/history/\(claimID)").text
            #expect(after.contains("Version 3") && after.contains("Ana Researcher") && after.contains("reverted to version 1"))
            #expect(try await client.get("/incidents/\(Demo.juliaca)").text.contains("/history/\(Demo.juliaca)"), "the record page links its history")
        }
    }

    @Test(arguments: WebBackend.all)
    func searchPageAndAPIFindNamesWithAndWithoutAccents(backend: WebBackend) async throws {
        try await Self.test(backend) { client, _ in
            for q in ["V%C3%ADctor+Rojas", "victor+rojas", "VICTOR"] {
                let page = try await client.get("/search?q=\(q)")
                #expect(page.status == .ok)
                #expect(page.text.contains("/persons/\(Demo.rojas)"), "\(q)")
            }
            struct Document: Decodable {
                struct Hit: Decodable { var id: String; var kind: String }
                var count: Int
                var results: [Hit]
            }
            let api = try await client.get("/api/v1/search?q=juliaca&kind=incident&country=PE&violation=unlawful-killing&from=2023-01-01&to=2023-01-31")
            #expect(api.status == .ok)
            let document = try api.decode(Document.self)
            #expect(document.results.contains { $0.id == Demo.juliaca })
            #expect(document.results.allSatisfy { $0.kind == "incident" })
            let bad = try await client.get("/api/v1/search?q=juliaca&violation=rudeness")
            #expect(bad.status == .badRequest && bad.text.contains("violation type"))
            #expect(try await client.get("/api/v1/search").status == .badRequest)
        }
    }

    @Test(arguments: WebBackend.all)
    func candidateIncidentsAreConfirmedMergedOrRejected(backend: WebBackend) async throws {
        try await Self.test(backend) { client, store in
            @Sendable func candidate(_ id: String, violations: [String]) -> CandidateIncident {
                let day = Day("2023-01-09")!
                return CandidateIncident(eventID: id, timestamp: 1_700_000_000, country: "PE", eventDate: day, timePrecision: 2,
                                         range: DateRange(start: PartialDate(day.adding(days: -3)), startIsReal: true,
                                                          end: PartialDate(day.adding(days: 3)), endIsReal: true, precise: false),
                                         place: "Juliaca", geoPrecision: 2, uncertaintyMetres: 25_000, eventType: "Protests",
                                         subEventType: "Excessive force against protesters", violations: violations, fatalities: 2,
                                         stateForces: true, stateActors: [CandidateActor(name: "Police Forces of Peru (2022-)")],
                                         actors: ["Police Forces of Peru (2022-)"], notes: "Synthetic event.", sources: "Synthetic",
                                         layout: "acled-2023")
            }
            _ = try await store.syncCandidates(period: nil) { sink in
                for (id, v) in [("PER901", ["excessive-force"]), ("PER902", []), ("PER903", ["excessive-force"])] { try sink.add(candidate(id, violations: v)) }
            }
            let list = try await client.get("/candidates")
            #expect(list.text.contains("PER901") && list.text.contains("PER902"))
            let detail = try await client.get("/candidates/PER901")
            #expect(detail.text.contains("not linked to a unit") && detail.text.contains("within about 25 km"))

            let confirm = try await client.submit("/candidates/PER901/confirm", Self.form([("violations", "")]))
            #expect(confirm.status == .seeOther)
            #expect(confirm.headers[.location] == "/incidents/incident:acled-per901")
            #expect(try await client.get("/incidents/incident:acled-per901").status == .ok)
            let noViolation = try await client.submit("/candidates/PER902/confirm", Self.form([("violations", "")]))
            #expect(noViolation.status == .badRequest && noViolation.text.contains("choose at least one"))
            #expect(try await client.submit("/candidates/PER902/confirm", Self.form([("violations", "arbitrary-detention")])).status == .seeOther)
            let merge = try await client.submit("/candidates/PER903/merge", Self.form([("incident", Demo.juliaca)]))
            #expect(merge.status == .seeOther)
            #expect(try await store.claims(about: Demo.juliaca, asOf: nil).contains { $0.claim.id == "claim:acled-per903" })
            #expect(try await client.submit("/candidates/PER903/reject", Self.form([("reason", "dup")])).status == .badRequest, "already merged")
            #expect(try await store.candidateCounts() == [.confirmed: 2, .merged: 1])
        }
    }
}

extension TestClientProtocol {
    func submit(_ uri: String, _ form: String) async throws -> TestResponse {
        try await executeRequest(uri: uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                 body: ByteBuffer(string: form))
    }
}
