import Foundation

/// The bundled Peru 2022–2023 demo case (see docs/DEMO.md): an Oversight bundle of sourced claims.
public enum DemoCase {
    /// The bundle resource's location.
    public static var bundleURL: URL {
        guard let url = Bundle.module.url(forResource: "peru-2022-2023", withExtension: "jsonl", subdirectory: "Data") else {
            fatalError("the demo bundle Data/peru-2022-2023.jsonl is missing from the OversightDemo resources")
        }
        return url
    }

    /// The bundle's bytes.
    public static func bundleData() throws -> Data { try Data(contentsOf: bundleURL) }
}

import OversightCore
import OversightFormats
import OversightStore

extension DemoCase {
    /// Loads the demo case into a store. Idempotent: records replace themselves, so loading twice changes nothing.
    @discardableResult
    public static func load(into store: any Store) async throws -> ImportSummary {
        let data = try bundleData()
        return try await store.importRecords { sink in
            try BundleReader().read(data) { record, json in try sink.add(record, canonicalJSON: json) }
        }
    }
}

extension DemoCase {
    /// The demo applications (Data/applications/*.json), by file name without extension.
    public static func applicationURLs() -> [String: URL] {
        guard let folder = Bundle.module.url(forResource: "applications", withExtension: nil, subdirectory: "Data"),
              let files = try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) else { return [:] }
        var result: [String: URL] = [:]
        for file in files where file.pathExtension == "json" { result[file.deletingPathExtension().lastPathComponent] = file }
        return result
    }
}
