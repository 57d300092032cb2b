import Crypto
import Foundation

/// SHA-256 of bytes, as lower-case hex: a digest stable across runs, platforms and versions, to tell whether a
/// list entry changed.
enum ContentDigest {
    static func sha256Hex(_ bytes: some Collection<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

extension ListEntry {
    /// The entry's canonical JSON: sorted keys, no insignificant whitespace, unescaped slashes.
    public func canonicalJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// SHA-256 of the canonical JSON, hex. Two versions of an entry have the same digest exactly when the list
    /// gives the same content, so a "not a match" decision stays valid until the entry changes.
    public var digest: String {
        // Encoding a value of this type cannot fail (no floats, no custom throwing encoders).
        ContentDigest.sha256Hex(Array(((try? canonicalJSON()) ?? "").utf8))
    }
}

extension ListEntry {
    /// The canonical JSON and its digest, encoded once (what a store keeps).
    public func canonicalJSONAndDigest() throws -> (json: String, digest: String) {
        let json = try canonicalJSON()
        return (json, ContentDigest.sha256Hex(Array(json.utf8)))
    }
}
