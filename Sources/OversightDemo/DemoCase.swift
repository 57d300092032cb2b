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
