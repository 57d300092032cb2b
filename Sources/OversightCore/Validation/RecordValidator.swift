/// Checks records on their own (`check(_:)`) and against what they refer to (`checkReferences`).
///
/// Rules: every claim cites at least one source; a range never ends before it starts; counts are not
/// negative; violation types and control entries exist in the reference data; references point at records
/// of the right kind.
public struct RecordValidator: Sendable {
    public var isKnownViolation: @Sendable (String) -> Bool
    public var canonicalControlEntry: @Sendable (String) -> String?
    public var isKnownCountry: @Sendable (String) -> Bool

    public init(isKnownViolation: @escaping @Sendable (String) -> Bool,
                canonicalControlEntry: @escaping @Sendable (String) -> String?,
                isKnownCountry: @escaping @Sendable (String) -> Bool) {
        self.isKnownViolation = isKnownViolation
        self.canonicalControlEntry = canonicalControlEntry
        self.isKnownCountry = isKnownCountry
    }

    /// Checks one record by itself.
    public func check(_ record: Record) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let at = "\(record.typeName):\(record.id)"
        func need(_ ok: Bool, _ field: String, _ message: String) {
            if !ok { issues.append(ValidationIssue(path: "\(at).\(field)", message: message)) }
        }
        need(!record.id.isBlank, "id", "is empty; give every record a stable id such as 'unit:pnp'")
        func range(_ r: DateRange, _ field: String) {
            need(!r.isInverted, field, "ends (\(r.end.map(String.init(describing:)) ?? "")) before it starts (\(r.start.map(String.init(describing:)) ?? "")); swap the dates or fix the typo")
        }
        func country(_ code: String?, _ field: String) {
            guard let code else { return }
            need(isKnownCountry(code), field, "'\(code)' is not an ISO 3166 alpha-2 country code (e.g. PE for Peru)")
        }
        func count(_ n: Int?, _ field: String) {
            if let n { need(n >= 0, field, "is \(n); a count cannot be negative") }
        }
        switch record {
        case .source(let s):
            need(!s.title.isBlank, "title", "is empty; name the document")
        case .claim(let c):
            need(!c.subject.isBlank, "subject", "is empty; name the id of the record the claim is about")
            need(!c.citations.isEmpty, "citations",
                 "a claim needs at least one citation: add {\"source\": SOURCE_ID, \"page\": …} naming where it is said")
            for (i, citation) in c.citations.enumerated() {
                need(!citation.source.isBlank, "citations[\(i)].source", "is empty; give a source id")
            }
            need(c.property == nil || c.value != nil, "value", "a claim on property '\(c.property ?? "")' needs a value")
        case .unit(let u):
            need(!u.name.isBlank, "name", "is empty")
            country(u.country, "country")
        case .person(let p):
            need(!p.name.isBlank, "name", "is empty")
        case .location(let l):
            country(l.country, "country")
        case .posting(let p):
            range(p.range, "range")
        case .relation(let r):
            range(r.range, "range")
            need(r.unit != r.related, "related", "a unit cannot be related to itself")
        case .incident(let i):
            range(i.range, "range")
            country(i.country, "country")
            country(i.responsibleState, "responsibleState")
            count(i.killed, "killed")
            count(i.injured, "injured")
            for (n, v) in i.violations.enumerated() {
                need(isKnownViolation(v), "violations[\(n)]", "'\(v)' is not a violation type of the reference taxonomy")
            }
        case .knowledge(let k):
            range(k.range, "range")
        case .accountability(let a):
            range(a.range, "range")
        case .finding(let f):
            range(f.range, "range")
            country(f.country, "country")
            for (n, state) in (f.states ?? []).enumerated() { country(state, "states[\(n)]") }
            count(f.killed, "killed")
            count(f.injured, "injured")
            count(f.incidentCount, "incidentCount")
        case .coalition(let c):
            range(c.range, "range")
            need(!c.name.isBlank, "name", "is empty; name the coalition or operation")
            need(!c.members.isEmpty, "members", "a coalition needs at least one member state: add {\"state\": \"SA\", \"lead\": true}")
            for (n, member) in c.members.enumerated() {
                country(member.state, "members[\(n)].state")
                if let w = member.weight { need(w >= 0 && w <= 1, "members[\(n)].weight", "is \(w); an attribution weight lies between 0 and 1") }
            }
        case .itemUse(let u):
            range(u.range, "range")
            country(u.state, "state")
            country(u.originState, "originState")
            need(!u.title.isBlank, "title", "is empty; say what was used")
            if let entry = u.controlEntry {
                need(canonicalControlEntry(entry) != nil, "controlEntry", "'\(entry)' is not a control-list entry; use 2-1 … 2-22 or ML1 … ML22, or omit it")
            }
            need(u.isFound || u.originState != nil, "originState", "a \"no use found\" statement (found: false) must name whose goods were not found (originState)")
        case .diversion(let d):
            range(d.range, "range")
            country(d.recipient, "recipient")
            country(d.originState, "originState")
            if let entry = d.controlEntry {
                need(canonicalControlEntry(entry) != nil, "controlEntry", "'\(entry)' is not a control-list entry; use 2-1 … 2-22 or ML1 … ML22, or omit it")
            }
        case .assurance(let a):
            range(a.range, "range")
            country(a.recipient, "recipient")
            country(a.exporter, "exporter")
        case .export(let e):
            country(e.exporter, "exporter")
            country(e.destination, "destination")
            need(canonicalControlEntry(e.controlEntry) != nil, "controlEntry",
                 "'\(e.controlEntry)' is not a control-list entry; use 2-1 … 2-22 or ML1 … ML22")
            count(e.permitsUtilised, "permitsUtilised")
        case .permit(let p):
            country(p.exporter, "exporter")
            country(p.destination, "destination")
            for (n, entry) in p.controlEntries.enumerated() {
                need(canonicalControlEntry(entry) != nil, "controlEntries[\(n)]",
                     "'\(entry)' is not a control-list entry; use 2-1 … 2-22 or ML1 … ML22")
            }
        }
        return issues
    }

    /// Checks that an entity's references point at existing records of the right kind.
    /// `kindOf` answers the kind of an existing entity id (nil when it does not exist).
    public func checkReferences(of entity: any EvidenceEntity, kindOf: (String) -> EntityKind?) -> [ValidationIssue] {
        let at = "\(type(of: entity).kind.rawValue):\(entity.id)"
        return entity.references.compactMap { ref in
            guard let kind = kindOf(ref.id) else {
                return ValidationIssue(path: "\(at).\(ref.role)",
                                       message: "refers to '\(ref.id)', which does not exist; add that \(ref.kinds.map(\.rawValue).sorted().joined(separator: " or ")) first or fix the id")
            }
            guard ref.kinds.contains(kind) else {
                return ValidationIssue(path: "\(at).\(ref.role)",
                                       message: "refers to '\(ref.id)', which is a \(kind.rawValue), not a \(ref.kinds.map(\.rawValue).sorted().joined(separator: " or "))")
            }
            return nil
        }
    }
}

extension StringProtocol {
    /// Whether the text is empty or only white space (without allocating).
    var isBlank: Bool { allSatisfy(\.isWhitespace) }

    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
