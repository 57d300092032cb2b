import Foundation
import OversightCore
import OversightFormats
import OversightStore

/// Reading an input file for the importers (the pipeline itself is `EvidenceImports` in App).
public enum BundleImport {
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
