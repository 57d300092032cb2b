import Foundation
import HummingbirdTesting
import Logging
import OversightCore
import OversightStore
import OversightWeb
import Testing

@Suite struct ErrorTests {
    @Test(arguments: [
        "/incidents/incident:no-such-incident",
        "/units/unit:no-such-unit",
        "/persons/person:nobody",
        "/sources/src:no-such-source",
        "/entities/anything:unknown",
        "/no/such/page",
    ])
    func unknownPageIsAnHTMLNotFound(path: String) async throws {
        try await DemoApp.test { client in
            let response = try await client.get(path)
            #expect(response.status == .notFound)
            #expect(response.contentType.hasPrefix("text/html"))
            #expect(response.text.contains("<h1>404 Not Found</h1>"))
            #expect(response.text.contains("<main"), "rendered from the layout")
        }
    }

    @Test(arguments: [
        "/api/v1/incidents/incident:no-such-incident",
        "/api/v1/units/unit:no-such-unit",
        "/api/v1/persons/person:nobody",
        "/api/v1/sources/src:no-such-source",
        "/api/v1/entities/anything:unknown",
        "/api/v1/no-such-endpoint",
    ])
    func unknownAPIRecordIsAJSONNotFound(path: String) async throws {
        try await DemoApp.test { client in
            let response = try await client.get(path)
            #expect(response.status == .notFound)
            #expect(response.contentType.hasPrefix("application/json"))
            let message = try response.decode(ErrorBody.self).error.message
            #expect(!message.isEmpty)
        }
    }

    @Test func notFoundMessageNamesTheId() async throws {
        try await DemoApp.test { client in
            let html = try await client.get("/incidents/incident:no-such-incident").text
            #expect(html.contains("No record has the id &#39;incident:no-such-incident&#39;"))
            let json = try await client.get("/api/v1/units/unit:no-such-unit").decode(ErrorBody.self)
            #expect(json.error.message.contains("'unit:no-such-unit'"))
        }
    }

    /// Each bad value, and what the message must say about it.
    @Test(arguments: [
        ("/?asOf=2023-13-40", "asOf=2023-13-40 is not a date: use YYYY-MM-DD"),
        ("/incidents?asOf=2023-02-30", "asOf=2023-02-30 is not a date"),
        ("/incidents?country=PERU", "country=PERU is not an ISO 3166 alpha-2 country code: use two letters"),
        ("/incidents?from=9-1-2023", "from=9-1-2023 is not a date"),
        ("/incidents?from=2023-02-01&to=2023-01-01", "swap the two dates"),
        ("/incidents/\(Demo.juliaca)?asOf=yesterday", "asOf=yesterday is not a date"),
        ("/units/\(Demo.juliacaStation)?asOf=2023-1-9", "asOf=2023-1-9 is not a date"),
        ("/sources/\(Demo.afp)?asOf=2023", "asOf=2023 is not a date"),
    ])
    func badQueryValueIsAnHTMLBadRequest(path: String, message: String) async throws {
        try await DemoApp.test { client in
            let response = try await client.get(path)
            #expect(response.status == .badRequest)
            #expect(response.contentType.hasPrefix("text/html"))
            #expect(response.text.contains("<h1>400 Bad Request</h1>"))
            #expect(response.text.contains(message))
        }
    }

    @Test(arguments: [
        ("/api/v1/stats?asOf=2023-13-40", "asOf=2023-13-40 is not a date: use YYYY-MM-DD, e.g. asOf=2023-02-06"),
        ("/api/v1/incidents?country=PERU", "country=PERU is not an ISO 3166 alpha-2 country code"),
        ("/api/v1/incidents?limit=0", "limit=0 is not allowed: use a whole number from 1 to 500"),
        ("/api/v1/incidents?limit=ten", "limit=ten is not allowed"),
        ("/api/v1/incidents/\(Demo.juliaca)?asOf=2023-13-40", "asOf=2023-13-40 is not a date"),
    ])
    func badQueryValueIsAJSONBadRequest(path: String, message: String) async throws {
        try await DemoApp.test { client in
            let response = try await client.get(path)
            #expect(response.status == .badRequest)
            #expect(response.contentType.hasPrefix("application/json"))
            #expect(try response.decode(ErrorBody.self).error.message.contains(message))
        }
    }

    @Test func unexpectedErrorIsAGeneric500ThatIsLogged() async throws {
        let log = LogRecorder()
        let app = try buildApplication(store: FailingStore(), configuration: .init(port: 0), logger: log.logger)
        try await app.test(.router) { client in
            let page = try await client.get("/")
            #expect(page.status == .internalServerError)
            #expect(page.contentType.hasPrefix("text/html"))
            #expect(page.text.contains("Something went wrong on the server"))
            #expect(!page.text.contains("SELECT"))
            #expect(!page.text.contains("secret.sqlite"))

            let api = try await client.get("/api/v1/incidents/\(Demo.juliaca)")
            #expect(api.status == .internalServerError)
            let message = try api.decode(ErrorBody.self).error.message
            #expect(message.contains("Something went wrong on the server"))
            #expect(!message.contains("SELECT"))
        }
        let errors = log.entries.filter { $0.level == .error }
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.text.contains("SELECT body FROM secret") }, "the cause is logged for the operator")
    }
}

/// A store whose every read fails the way a broken database would.
struct FailingStore: Store {
    struct Broken: Error, CustomStringConvertible {
        var description: String { "SQLite error 11: database disk image is malformed, in SELECT body FROM secret (secret.sqlite)" }
    }

    func importRecords(_ produce: @escaping @Sendable (RecordSink) throws -> Void) async throws -> ImportSummary { throw Broken() }
    func exportRecords(_ consume: @escaping @Sendable (String) throws -> Void) async throws { throw Broken() }
    func statistics(asOf: Day?) async throws -> StoreStatistics { throw Broken() }
    func entity(id: String) async throws -> (any EvidenceEntity)? { throw Broken() }
    func entities(named name: String, kind: EntityKind?) async throws -> [any EvidenceEntity] { throw Broken() }
    func entities(kind: EntityKind, limit: Int, offset: Int) async throws -> [any EvidenceEntity] { throw Broken() }
    func claims(about id: String, asOf: Day?) async throws -> [SourcedClaim] { throw Broken() }
    func claims(citing sourceID: String) async throws -> [SourcedClaim] { throw Broken() }
    func incidents(country: String?, from: Day?, to: Day?, asOf: Day?, limit: Int) async throws -> [Incident] { throw Broken() }
    func source(id: String) async throws -> Source? { throw Broken() }
    func entities(referencing id: String, kind: EntityKind?) async throws -> [any EvidenceEntity] { throw Broken() }
    func snapshot(asOf: Day?) async throws -> EvidenceSnapshot { throw Broken() }
    func evidenceRevision() async throws -> Int { throw Broken() }
}

/// Keeps what the application logs, to check that failures reach the operator.
final class LogRecorder: @unchecked Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var text: String
    }

    private let lock = NSLock()
    private var stored: [Entry] = []

    var entries: [Entry] { lock.withLock { stored } }

    var logger: Logger {
        var logger = Logger(label: "oversight-web-tests") { _ in Handler(recorder: self) }
        logger.logLevel = .info
        return logger
    }

    fileprivate func append(_ entry: Entry) { lock.withLock { stored.append(entry) } }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        var metadataProvider: Logger.MetadataProvider?

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let fields = (event.metadata ?? [:]).merging(metadata) { event, _ in event }
            let text = "\(event.message) " + fields.keys.sorted().map { "\($0)=\(fields[$0]!)" }.joined(separator: " ")
            recorder.append(Entry(level: event.level, text: text))
        }
    }
}
