/// The canonical JSON of a claim, written directly.
///
/// Claims are most of any large bundle, and writing them by hand is several times faster than the
/// general encoder. The bytes are exactly those `Record.canonicalJSON()` gives (keys sorted, slashes not
/// escaped, control characters escaped as the standard encoder escapes them); a test holds the two equal.
extension Claim {
    public func canonicalJSONBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + citations.count * 48)
        out.append(contentsOf: #"{"citations":["#.utf8)
        for (index, citation) in citations.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            var first = true
            out.append(UInt8(ascii: "{"))
            func field(_ name: String, _ value: String?) {
                guard let value else { return }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONBytes.appendString(name, to: &out)
                out.append(UInt8(ascii: ":"))
                JSONBytes.appendString(value, to: &out)
            }
            field("archiveURL", citation.archiveURL)
            field("excerpt", citation.excerpt)
            field("page", citation.page)
            field("paragraph", citation.paragraph)
            field("source", citation.source)
            field("timestamp", citation.timestamp)
            field("url", citation.url)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: #"],"confidence":"#.utf8)
        JSONBytes.appendString(confidence.rawValue, to: &out)
        out.append(contentsOf: #","id":"#.utf8)
        JSONBytes.appendString(id, to: &out)
        if let note {
            out.append(contentsOf: #","note":"#.utf8)
            JSONBytes.appendString(note, to: &out)
        }
        if let property {
            out.append(contentsOf: #","property":"#.utf8)
            JSONBytes.appendString(property, to: &out)
        }
        out.append(contentsOf: #","status":"#.utf8)
        JSONBytes.appendString(status.rawValue, to: &out)
        out.append(contentsOf: #","subject":"#.utf8)
        JSONBytes.appendString(subject, to: &out)
        out.append(contentsOf: #","type":"claim""#.utf8)
        if let value {
            out.append(contentsOf: #","value":"#.utf8)
            JSONBytes.appendString(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// JSON string writing with the standard encoder's escaping.
public enum JSONBytes {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    public static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied at once.
            var start = 0
            for i in bytes.indices {
                let byte = bytes[i]
                if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") { continue }
                if i > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
                escape(byte, to: &out)
                start = i + 1
            }
            if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func escape(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
        case 0x08: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "b"))
        case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
        case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
        case 0x0C: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "f"))
        case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
        default:
            out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                    hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
}
