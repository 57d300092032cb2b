import Foundation
import OversightCore
import OversightFormats
import OversightStore

/// Imports a bundle's bytes into a store: all or nothing, with progress for big files.
public enum BundleImport {
    public static func run(_ data: Data, into store: any Store,
                           progress: (@Sendable (Int) -> Void)? = nil) async throws -> ImportSummary {
        try await run(data, into: store, progress: progress, claims: nil)
    }

    /// Imports and hands every record to `claims`, which keeps the claim ids for monitoring.
    static func run(_ data: Data, into store: any Store, progress: (@Sendable (Int) -> Void)?,
                    claims: ClaimCollector?) async throws -> ImportSummary {
        try await store.importRecords { sink in
            var n = 0
            try BundleReader().readInParallel(data) { record, json in
                try sink.add(record, canonicalJSON: json)
                claims?.add(record)
                n += 1
                if n % 100_000 == 0 { progress?(n) }
            }
        }
    }

    /// Reads a file, mapped so large bundles are not copied into memory.
    public static func read(path: String) throws -> Data {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CLIError("no such file: \(path)")
        }
        do {
            return try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw CLIError("cannot read \(path): \(error.localizedDescription)")
        }
    }
}

/// A command-line failure, printed as one line on stderr.
public struct CLIError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
