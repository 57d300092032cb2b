import Foundation

extension Record {
    /// The bundle's header line.
    /// The header `oversight export bundle` writes: version 2 (coalitions, item use, diversion records,
    /// assurances and the v2 fields of incidents, findings and accountability events).
    public static let bundleHeader = #"{"format":"oversight-bundle","type":"bundle","version":2}"#
    /// The bundle versions this Oversight reads. A version 1 bundle is a version 2 bundle without the v2
    /// records and fields, so it imports unchanged.
    public static let bundleVersions: ClosedRange<Int> = 1...2

    /// The one canonical JSON text of the record: keys sorted, no insignificant whitespace, slashes
    /// unescaped. Equal records always give equal bytes, which makes bundle round trips byte-identical.
    public func canonicalJSON() throws -> String {
        if case .claim(let claim) = self { return String(decoding: claim.canonicalJSONBytes(), as: UTF8.self) }
        let data = try Record.makeEncoder().encode(self)
        return String(decoding: data, as: UTF8.self)
    }

    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Decodes one bundle line.
    public static func decode(json: some DataProtocol) throws -> Record {
        try JSONDecoder().decode(Record.self, from: Data(json))
    }
}
