/// A strict, allocation-light reader for the one record kind that dominates large bundles: claims.
///
/// It reads any JSON object a claim can be (keys in any order, whitespace, every string escape, `null` for
/// absent optionals) and gives up — returning nil — on anything else: another `type`, an unknown key, a
/// duplicate key, a bad value. The caller then uses the general decoder, which reports errors precisely.
/// So the fast path never changes what is accepted or rejected, only how quickly.
import OversightCore

enum ClaimLineParser {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Claim? {
        var scanner = Scanner(bytes: bytes)
        return scanner.claim()
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipSpace() {
            while i < bytes.count {
                let b = bytes[i]
                guard b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { return }
                i += 1
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }

        mutating func null() -> Bool {
            skipSpace()
            guard i + 4 <= bytes.count, bytes[i] == UInt8(ascii: "n"), bytes[i + 1] == UInt8(ascii: "u"),
                  bytes[i + 2] == UInt8(ascii: "l"), bytes[i + 3] == UInt8(ascii: "l") else { return false }
            i += 4
            return true
        }

        /// A JSON string; nil on any malformation (the general decoder then explains it).
        mutating func string() -> String? {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            let start = i
            var plain = true
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    if plain {
                        let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                        i += 1
                        return text
                    }
                    break
                }
                if b < 0x20 { return nil }
                if b == UInt8(ascii: "\\") { plain = false; i += 2; continue }
                i += 1
            }
            guard !plain else { return nil }
            // Slow path with escapes.
            i = start
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    return String(validating: out, as: UTF8.self)
                }
                if b < 0x20 { return nil }
                if b != UInt8(ascii: "\\") { out.append(b); i += 1; continue }
                guard i + 1 < bytes.count else { return nil }
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { return nil }
                        i += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        return nil
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: String(unicode).utf8)
                default: return nil
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                let digit: UInt32
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value << 4 | digit
                i += 1
            }
            return value
        }

        /// An optional string: a string, or null.
        mutating func optionalString() -> String?? {
            if null() { return .some(nil) }
            guard let text = string() else { return nil }
            return .some(text)
        }

        /// Reads `{ "key": value, … }`, calling `field` for each key; nil if `field` refuses one.
        mutating func object(_ field: (inout Scanner, String) -> Bool) -> Bool {
            guard take(UInt8(ascii: "{")) else { return false }
            if take(UInt8(ascii: "}")) { return true }
            repeat {
                guard let key = string(), take(UInt8(ascii: ":")), field(&self, key) else { return false }
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}"))
        }

        static let citationKeys = ["source", "page", "paragraph", "timestamp", "url", "archiveURL", "excerpt"]

        mutating func citation() -> Citation? {
            var values: [String?] = Array(repeating: nil, count: 7)
            var seen: UInt8 = 0
            let ok = object { scanner, key in
                guard let slot = Scanner.citationKeys.firstIndex(of: key), seen & (1 << slot) == 0 else { return false }
                seen |= 1 << slot
                if slot == 0 {
                    guard let s = scanner.string() else { return false }
                    values[0] = s
                } else {
                    guard let v = scanner.optionalString() else { return false }
                    values[slot] = v
                }
                return true
            }
            guard ok, let source = values[0] else { return nil }
            return Citation(source: source, page: values[1], paragraph: values[2], timestamp: values[3],
                            url: values[4], archiveURL: values[5], excerpt: values[6])
        }

        static let claimKeys = ["type", "id", "subject", "status", "confidence", "property", "value", "note", "citations"]

        mutating func claim() -> Claim? {
            var isClaim = false
            var id: String?, subject: String?, property: String?, value: String?, note: String?
            var status: ClaimStatus?, confidence: Confidence?
            var citations: [Citation]?
            var seen: UInt16 = 0
            let ok = object { scanner, key in
                guard let slot = Scanner.claimKeys.firstIndex(of: key), seen & (1 << slot) == 0 else { return false }
                seen |= 1 << slot
                switch key {
                case "type":
                    guard scanner.string() == "claim" else { return false }
                    isClaim = true
                case "id": id = scanner.string(); return id != nil
                case "subject": subject = scanner.string(); return subject != nil
                case "status":
                    status = scanner.string().flatMap(ClaimStatus.init(rawValue:))
                    return status != nil
                case "confidence":
                    confidence = scanner.string().flatMap(Confidence.init(rawValue:))
                    return confidence != nil
                case "property", "value", "note":
                    guard let v = scanner.optionalString() else { return false }
                    if key == "property" { property = v } else if key == "value" { value = v } else { note = v }
                case "citations":
                    guard scanner.take(UInt8(ascii: "[")) else { return false }
                    var list: [Citation] = []
                    if !scanner.take(UInt8(ascii: "]")) {
                        repeat {
                            guard let c = scanner.citation() else { return false }
                            list.append(c)
                        } while scanner.take(UInt8(ascii: ","))
                        guard scanner.take(UInt8(ascii: "]")) else { return false }
                    }
                    citations = list
                default: return false
                }
                return true
            }
            skipSpace()
            guard ok, i == bytes.count, isClaim, let id, let subject, let status, let confidence, let citations else { return nil }
            return Claim(id: id, subject: subject, property: property, value: value, status: status,
                         confidence: confidence, citations: citations, note: note)
        }
    }
}
