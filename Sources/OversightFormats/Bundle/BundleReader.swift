import Foundation
import OversightCore

/// Reads an Oversight bundle (JSON lines) one line at a time, so a bundle of any size streams through
/// in constant memory beyond the file mapping.
public struct BundleReader: Sendable {
    public init() {}

    /// A line that could not be read, with its number (1-based) and what is wrong.
    public struct LineError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Calls `body` with each record of `data` and the canonical JSON text it should be stored as.
    /// Throws `LineError` at the first malformed line; the caller's transaction makes that all-or-nothing.
    public func read(_ data: Data, _ body: (Record, String) throws -> Void) throws {
        try read(data, lineNumbers: false) { record, json, _ in try body(record, json) }
    }

    /// Reads every record, handing each with its canonical JSON and its line number.
    func read(_ data: Data, lineNumbers: Bool, _ body: (Record, String, Int) throws -> Void) throws {
        let decoder = JSONDecoder()
        let encoder = Record.makeEncoder()
        var lineNumber = 0
        var sawHeader = false
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            let count = bytes.count
            while start < count {
                var end = start
                while end < count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                lineNumber += 1
                var lineEnd = end
                if lineEnd > start && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                guard lineEnd - start <= ReaderLimits.maxLineBytes else {
                    throw LineError(line: lineNumber, message: "the line is \(lineEnd - start) bytes long; a bundle line holds at most \(ReaderLimits.maxLineText)")
                }
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
                start = end + 1
                if slice.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
                if !sawHeader {
                    sawHeader = true
                    try checkHeader(Data(slice), line: lineNumber)
                    continue
                }
                let record: Record
                let canonical: String
                if let claim = ClaimLineParser.parse(slice) {
                    record = .claim(claim)
                    canonical = String(decoding: claim.canonicalJSONBytes(), as: UTF8.self)
                } else {
                    do {
                        record = try decoder.decode(Record.self, from: Data(slice))
                    } catch let error as DecodingError {
                        throw LineError(line: lineNumber, message: BundleReader.explain(error))
                    } catch {
                        throw LineError(line: lineNumber, message: "not valid JSON (\(error))")
                    }
                    canonical = String(decoding: try encoder.encode(record), as: UTF8.self)
                }
                do {
                    try body(record, canonical, lineNumber)
                } catch let error as ValidationError {
                    throw LineError(line: lineNumber, message: error.description)
                }
            }
        }
        if !sawHeader { throw LineError(line: 1, message: "the file is empty; a bundle starts with the line \(Record.bundleHeader)") }
    }

    private func checkHeader(_ line: Data, line number: Int) throws {
        struct Header: Decodable { var format: String?; var version: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: line), header.format == "oversight-bundle" else {
            throw LineError(line: number, message: "not an Oversight bundle: the first line must be \(Record.bundleHeader)")
        }
        guard let version = header.version, Record.bundleVersions.contains(version) else {
            throw LineError(line: number, message: "bundle version \(header.version.map(String.init) ?? "missing") is not supported; this Oversight reads versions \(Record.bundleVersions.lowerBound) to \(Record.bundleVersions.upperBound)")
        }
    }

    /// Turns a decoding error into a sentence naming the field.
    static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing required field '\(path(context, key))'"
        case .typeMismatch(let type, let context):
            return "field '\(path(context))' has the wrong type; expected \(type)"
        case .valueNotFound(let type, let context):
            return "field '\(path(context))' is null; expected \(type)"
        case .dataCorrupted(let context):
            let where_ = path(context)
            let detail = context.debugDescription
            if where_.isEmpty { return "not valid JSON (\(context.underlyingError.map { "\($0)" } ?? detail))" }
            return "field '\(where_)': \(detail)"
        @unknown default:
            return "\(error)"
        }
    }
}
