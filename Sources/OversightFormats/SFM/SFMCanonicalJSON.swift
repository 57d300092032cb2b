import OversightCore

/// The canonical JSON of the records an SFM import makes (units, relations, persons, postings), written
/// directly: a large file makes hundreds of thousands of them, and the general encoder is several times
/// slower. The bytes are exactly those of `Record.canonicalJSON()` (keys sorted, absent optionals omitted,
/// the standard encoder's string escaping); the SFM tests hold the two equal.
enum SFMCanonicalJSON {
    static func text(_ record: Record) -> String {
        switch record {
        case .unit(let unit): return text { unitJSON(unit, into: &$0) }
        case .relation(let relation): return text { relationJSON(relation, into: &$0) }
        case .person(let person): return text { personJSON(person, into: &$0) }
        case .posting(let posting): return text { postingJSON(posting, into: &$0) }
        case .claim(let claim): return text { claimJSON(claim, into: &$0) }
        default: return (try? record.canonicalJSON()) ?? ""
        }
    }

    private static func text(_ write: (inout JSONObjectWriter) -> Void) -> String {
        var writer = JSONObjectWriter()
        write(&writer)
        return writer.finish()
    }

    private static func claimJSON(_ c: Claim, into w: inout JSONObjectWriter) {
        w.key("citations")
        w.raw(UInt8(ascii: "["))
        for (i, citation) in c.citations.enumerated() {
            if i > 0 { w.raw(UInt8(ascii: ",")) }
            var inner = JSONObjectWriter()
            inner.string("archiveURL", citation.archiveURL)
            inner.string("excerpt", citation.excerpt)
            inner.string("page", citation.page)
            inner.string("paragraph", citation.paragraph)
            inner.string("source", citation.source)
            inner.string("timestamp", citation.timestamp)
            inner.string("url", citation.url)
            w.object(&inner)
        }
        w.raw(UInt8(ascii: "]"))
        w.string("confidence", c.confidence.rawValue)
        w.string("id", c.id)
        w.string("note", c.note)
        w.string("property", c.property)
        w.string("status", c.status.rawValue)
        w.string("subject", c.subject)
        w.string("type", "claim")
        w.string("value", c.value)
    }

    private static func unitJSON(_ u: OversightCore.Unit, into w: inout JSONObjectWriter) {
        w.strings("aliases", u.aliases)
        w.strings("classification", u.classification)
        w.string("country", u.country)
        w.string("force", u.force)
        w.string("id", u.id)
        w.string("name", u.name)
        w.string("note", u.note)
        w.string("type", "unit")
    }

    private static func relationJSON(_ r: UnitRelation, into w: inout JSONObjectWriter) {
        w.string("id", r.id)
        w.string("kind", r.kind.rawValue)
        w.range("range", r.range)
        w.string("related", r.related)
        w.string("relationClass", r.relationClass)
        w.string("type", "relation")
        w.string("unit", r.unit)
    }

    private static func personJSON(_ p: Person, into w: inout JSONObjectWriter) {
        w.strings("aliases", p.aliases)
        w.string("birthDate", p.birthDate?.description)
        w.string("country", p.country)
        w.string("gender", p.gender)
        w.string("id", p.id)
        w.string("name", p.name)
        w.string("note", p.note)
        w.string("type", "person")
    }

    private static func postingJSON(_ p: Posting, into w: inout JSONObjectWriter) {
        w.string("id", p.id)
        w.string("person", p.person)
        w.range("range", p.range)
        w.string("rank", p.rank)
        w.string("role", p.role.rawValue)
        w.string("title", p.title)
        w.string("type", "posting")
        w.string("unit", p.unit)
    }
}

/// Writes one JSON object; keys must be given in sorted order, nil values are skipped.
private struct JSONObjectWriter {
    private var out: [UInt8] = [UInt8(ascii: "{")]
    private var first = true

    init() { out.reserveCapacity(320) }

    mutating func key(_ name: String) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        append(name)
        out.append(UInt8(ascii: ":"))
    }

    mutating func raw(_ byte: UInt8) { out.append(byte) }

    /// Appends another writer's object, closed.
    mutating func object(_ inner: inout JSONObjectWriter) {
        inner.out.append(UInt8(ascii: "}"))
        out.append(contentsOf: inner.out)
    }

    /// A JSON string with the standard encoder's escaping; text with nothing to escape (nearly all of it)
    /// is copied in one piece.
    private mutating func append(_ value: String) {
        var value = value
        let plain = value.withUTF8 { bytes -> Bool in
            for b in bytes where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return false }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
            return true
        }
        if !plain { JSONBytes.appendString(value, to: &out) }
    }

    mutating func string(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        append(value)
    }

    mutating func strings(_ name: String, _ values: [String]) {
        key(name)
        out.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            append(value)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func bool(_ name: String, _ value: Bool) {
        key(name)
        out.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func range(_ name: String, _ range: DateRange) {
        key(name)
        var inner = JSONObjectWriter()
        inner.string("end", range.end?.description)
        inner.bool("endIsReal", range.endIsReal)
        inner.bool("precise", range.precise)
        inner.string("start", range.start?.description)
        inner.bool("startIsReal", range.startIsReal)
        object(&inner)
    }

    mutating func finish() -> String {
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}
