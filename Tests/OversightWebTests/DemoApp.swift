import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import OversightCore
import OversightDemo
import OversightStore
import OversightStoreSQLite
import OversightWeb
import Testing

/// The web application over a real SQLite file in a temporary folder, loaded with the Peru demo case.
enum DemoApp {
    /// Runs `test` against a fresh app; the folder is removed afterwards.
    static func test<Value>(logger: Logger = quietLogger(), _ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-web-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("demo.sqlite").path)
        try await DemoCase.load(into: store)
        let app = try buildApplication(store: store, configuration: .init(port: 0), logger: logger)
        return try await app.test(.router, test)
    }

    static func quietLogger() -> Logger {
        var logger = Logger(label: "oversight-web-tests")
        logger.logLevel = .critical
        return logger
    }

    /// The demo bundle's records, read directly (not through the web), to compute what pages must show.
    static func records() throws -> [Record] {
        let text = String(decoding: try DemoCase.bundleData(), as: UTF8.self)
        return try text.split(separator: "\n").dropFirst().map { try Record.decode(json: Data($0.utf8)) }
    }

    /// Counts per `stats` key, from the bundle.
    static func expectedCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for record in try records() {
            let key: String
            switch record {
            case .source: key = "sources"
            case .claim: key = "claims"
            case .unit: key = "units"
            case .person: key = "persons"
            case .location: key = "locations"
            case .posting: key = "postings"
            case .relation: key = "relations"
            case .incident: key = "incidents"
            case .knowledge: key = "knowledgeEvents"
            case .accountability: key = "accountabilityEvents"
            case .finding: key = "findings"
            case .export: key = "exports"
            case .permit: key = "permits"
            case .coalition: key = "coalitions"
            case .itemUse: key = "itemUses"
            case .diversion: key = "diversions"
            case .assurance: key = "assurances"
            }
            counts[key, default: 0] += 1
        }
        return counts
    }
}

/// Ids and texts of the demo case the tests rely on (all from Sources/OversightDemo/Data/peru-2022-2023.jsonl).
enum Demo {
    static let juliaca = "incident:juliaca-2023-01-09"
    static let ayacucho = "incident:ayacucho-2022-12-15"
    static let juliacaStation = "unit:pnp-comisaria-juliaca"
    static let punoRegion = "unit:pnp-region-puno"
    static let rojas = "person:victor-rojas-herrera"
    static let rojasPosting = "posting:rojas-mininter"
    static let interiorMinistry = "unit:mininter"
    static let afp = "src:afp-2023-01-09"
    static let afpTitle = "[Deaths near Juliaca airport, citing the Ombudsman]"
    static let hrw = "src:hrw-2023-04-26"
    static let hrwTitle = "Deadly Decline: Security Force Abuses and Democratic Crisis in Peru"
    static let killedAFP = "claim:juliaca-killed-afp"
    static let killedHRW = "claim:juliaca-killed-hrw"
    /// The day Canada's 2023 permit was issued: the AFP report is public, the HRW report is not yet.
    static let permitDay = "2023-02-06"
}

extension TestClientProtocol {
    func get(_ uri: String) async throws -> TestResponse {
        try await executeRequest(uri: uri, method: .get, headers: [:], body: nil)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var contentType: String { headers[.contentType] ?? "" }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

extension String {
    /// The part of a page between two markers, to check that something appears in the right section.
    func section(from start: String, to end: String) -> Substring {
        guard let lower = range(of: start)?.upperBound else { return "" }
        let rest = self[lower...]
        guard let upper = rest.range(of: end)?.lowerBound else { return rest }
        return rest[..<upper]
    }

}

extension StringProtocol {
    func occurrences(of needle: String) -> Int { components(separatedBy: needle).count - 1 }
}
