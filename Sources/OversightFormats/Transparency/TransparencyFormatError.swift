import Foundation
import OversightCore

/// A transparency file (exports table, SIPRI register) that cannot be read: every problem found, each with its
/// row and what to do, so one run shows them all.
public struct TransparencyFormatError: Error, Sendable, CustomStringConvertible, Equatable {
    /// `ca-exports` or `sipri`.
    public var format: String
    public var problems: [String]

    public init(format: String, _ problems: [String]) {
        self.format = format
        self.problems = problems
    }

    public init(format: String, _ problem: String) { self.init(format: format, [problem]) }

    public var description: String {
        let shown = problems.prefix(20)
        var text = "\(format): " + (problems.count == 1 ? shown[0] : "\(problems.count) problems:\n  " + shown.joined(separator: "\n  "))
        if problems.count > shown.count { text += "\n  … and \(problems.count - shown.count) more" }
        return text
    }
}

/// Text of a file in UTF-8, or in Windows-1252/Latin-1 when it is not valid UTF-8 (SIPRI's CSV downloads are
/// Latin-1), without a byte-order mark.
enum TextDecoding {
    static func text(_ data: Data) -> String {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        return String(data: bytes, encoding: .windowsCP1252) ?? String(data: bytes, encoding: .isoLatin1) ?? String(decoding: bytes, as: UTF8.self)
    }
}
