import Foundation
import OversightCore
import OversightStore

enum Summary {
    /// "3 sources, 12 claims, …" in bundle order.
    static func describe(_ summary: ImportSummary) -> String {
        Record.typeNames.compactMap { name in summary.written[name].map { "\(name): \($0)" } }.joined(separator: ", ")
    }

    /// The key a kind has in `stats --format json`.
    static func jsonKey(_ kind: EntityKind) -> String { kind.statsKey }
}

/// Small JSON output helpers with sorted keys, so output is stable.
public enum JSONText {
    public enum Value: Encodable {
        case int(Int)
        case string(String)
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .int(let v): try c.encode(v)
            case .string(let v): try c.encode(v)
            }
        }
    }

    public static func object(_ pairs: [(String, Value)]) throws -> String {
        try encode(Dictionary(pairs, uniquingKeysWith: { a, _ in a }))
    }

    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

enum BundleExport {
    /// Writes the bundle to a file (atomically: a temporary file renamed into place) or to standard output.
    static func run(store: any Store, to path: String?) async throws {
        if let path {
            let url = URL(fileURLWithPath: path)
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
                  let handle = FileHandle(forWritingAtPath: temporary.path) else {
                throw CLIError("cannot write \(path): check that its folder exists and is writable")
            }
            let output = BufferedOutput(handle: handle)
            do {
                output.write(Record.bundleHeader)
                try await store.exportRecords { output.write($0) }
                output.flush()
                try handle.close()
                _ = try? FileManager.default.removeItem(at: url)
                try FileManager.default.moveItem(at: temporary, to: url)
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw error
            }
        } else {
            let output = BufferedOutput(handle: FileHandle.standardOutput)
            output.write(Record.bundleHeader)
            try await store.exportRecords { output.write($0) }
            output.flush()
        }
    }
}

/// Line output buffered in large writes.
final class BufferedOutput: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()
    private let lock = NSLock()

    init(handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 20 {
            handle.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    func flush() {
        lock.lock()
        defer { lock.unlock() }
        handle.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

enum EntityLookup {
    /// By id first, then by name; several entities of one name is an error that lists their ids.
    static func find(_ idOrName: String, in store: any Store) async throws -> any EvidenceEntity {
        if let entity = try await store.entity(id: idOrName) { return entity }
        let matches = try await store.entities(named: idOrName, kind: nil)
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty {
            throw CLIError("nothing has the id or name '\(idOrName)'; try `oversight stats`, or an id such as unit:pnp")
        }
        throw CLIError("'\(idOrName)' names \(matches.count) records (\(matches.map(\.id).joined(separator: ", "))); give an id")
    }
}

enum EntityPrinter {
    struct ClaimView: Encodable {
        var claim: Claim
        var publicFrom: String?
        var sources: [String: Source]
    }

    struct EntityView: Encodable {
        var kind: String
        var entity: Record
        var claims: [ClaimView]
    }

    static func render(_ entity: any EvidenceEntity, claims: [SourcedClaim], format: OutputFormat) throws -> String {
        let kind = type(of: entity).kind
        switch format {
        case .json:
            return try JSONText.encode(EntityView(
                kind: kind.rawValue, entity: Record(entity: entity),
                claims: claims.map { ClaimView(claim: $0.claim, publicFrom: $0.publicFrom?.description, sources: $0.sources) }))
        case .table:
            var lines = ["\(entity.displayName)  [\(kind.rawValue) \(entity.id)]"]
            let fields = try Record(entity: entity).canonicalJSON()
            lines.append("  record: \(fields)")
            lines.append(claims.isEmpty ? "  no claims" : "  claims (\(claims.count)):")
            for item in claims {
                let c = item.claim
                let what = c.property.map { "\($0) = \(c.value ?? "")" } ?? "the record"
                lines.append("  - \(c.id): \(what) — \(c.status.rawValue), \(c.confidence.rawValue) confidence, public from \(item.publicFrom?.description ?? "unknown")")
                for citation in c.citations {
                    let source = item.sources[citation.source]
                    var text = "      cites \(source.map { "\($0.title) (\($0.publisher), \($0.published))" } ?? citation.source)"
                    if !citation.accessPoint.isEmpty { text += ", \(citation.accessPoint)" }
                    if let url = citation.url ?? source?.url { text += " <\(url)>" }
                    lines.append(text)
                    if let excerpt = citation.excerpt { lines.append("        “\(excerpt)”") }
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}
