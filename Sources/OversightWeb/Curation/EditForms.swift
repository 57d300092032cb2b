import Foundation
import OversightCore
import OversightStore

/// One input of an editing form. `name` is the record's JSON path (`range.start`); claim inputs start `claim.`.
struct FieldSpec: Sendable {
    enum Kind: Sendable {
        case text, textarea, date, integer, flag
        /// Several values, one per line or separated by `;`.
        case list
        case choice([String])
        /// Several of these values (check boxes named `name[value]`); none chosen: the field is omitted.
        case choices([String])
        /// An optional yes/no: empty omits the field (the record's default applies).
        case yesNo
        /// Coalition members, one per line as `STATE[, weight][, lead][, unit ids…]`.
        case members
    }

    var name: String
    var label: String
    var kind: Kind
    var required = false
    var help: String? = nil
    /// For a list: omit the field when no value is given (an optional field of bundle v2) instead of writing `[]`.
    var omitWhenEmpty = false
}

/// The form of one kind of record: its inputs, and whether it states facts that need a sourced claim.
struct EntityForm: Sendable {
    /// The route segment and the bundle `type`.
    var type: String
    var title: String
    var fields: [FieldSpec]
    var needsClaim: Bool
    /// The field a new record's id is made from.
    var nameField: String

    static let rangeFields: [FieldSpec] = [
        FieldSpec(name: "range.start", label: "First cited date", kind: .date, help: "YYYY, YYYY-MM or YYYY-MM-DD"),
        FieldSpec(name: "range.startIsReal", label: "The first date is the real start", kind: .flag),
        FieldSpec(name: "range.end", label: "Last cited date", kind: .date, help: "YYYY, YYYY-MM or YYYY-MM-DD"),
        FieldSpec(name: "range.endIsReal", label: "The last date is the real end", kind: .flag),
        FieldSpec(name: "range.precise", label: "Precise: true on every day of the range (unticked: on at least one day)", kind: .flag),
    ]

    static let idField = FieldSpec(name: "id", label: "Id", kind: .text, help: "Leave empty to make one from the name, e.g. unit:pnp-region-puno")

    static let all: [EntityForm] = [
        EntityForm(type: "source", title: "Source", fields: [
            idField,
            FieldSpec(name: "title", label: "Title", kind: .text, required: true),
            FieldSpec(name: "publisher", label: "Publisher", kind: .text, required: true),
            FieldSpec(name: "published", label: "Published", kind: .date, required: true, help: "YYYY, YYYY-MM or YYYY-MM-DD: claims citing it count as public from then"),
            FieldSpec(name: "url", label: "Web address", kind: .text),
            FieldSpec(name: "archiveURL", label: "Archived copy", kind: .text),
            FieldSpec(name: "kind", label: "Kind", kind: .choice(["", "report", "news", "court", "official", "dataset", "testimony", "other"])),
            FieldSpec(name: "language", label: "Language", kind: .text),
            FieldSpec(name: "author", label: "Author", kind: .text),
            FieldSpec(name: "note", label: "Note", kind: .textarea),
        ], needsClaim: false, nameField: "title"),
        EntityForm(type: "unit", title: "Unit", fields: [
            idField,
            FieldSpec(name: "name", label: "Name", kind: .text, required: true),
            FieldSpec(name: "aliases", label: "Other names", kind: .list, help: "One per line, or separated by ;"),
            FieldSpec(name: "country", label: "Country", kind: .text, help: "ISO 3166 alpha-2, e.g. PE"),
            FieldSpec(name: "classification", label: "Classification", kind: .list, help: "e.g. police; region"),
            FieldSpec(name: "force", label: "Force", kind: .choice(["", "police", "army", "navy", "air-force", "joint", "government"])),
            FieldSpec(name: "note", label: "Note", kind: .textarea),
        ], needsClaim: true, nameField: "name"),
        EntityForm(type: "person", title: "Person", fields: [
            idField,
            FieldSpec(name: "name", label: "Name", kind: .text, required: true),
            FieldSpec(name: "aliases", label: "Other names", kind: .list),
            FieldSpec(name: "gender", label: "Gender", kind: .text),
            FieldSpec(name: "country", label: "Country", kind: .text, help: "ISO 3166 alpha-2"),
            FieldSpec(name: "birthDate", label: "Date of birth", kind: .date),
            FieldSpec(name: "note", label: "Note", kind: .textarea),
        ], needsClaim: true, nameField: "name"),
        EntityForm(type: "posting", title: "Posting", fields: [
            idField,
            FieldSpec(name: "person", label: "Person id", kind: .text, required: true, help: "e.g. person:victor-rojas-herrera; find it with the search above"),
            FieldSpec(name: "unit", label: "Unit id", kind: .text, required: true),
            FieldSpec(name: "role", label: "Role", kind: .choice(PostRole.allCases.map(\.rawValue)), required: true),
            FieldSpec(name: "title", label: "Title as the source gives it", kind: .text),
            FieldSpec(name: "rank", label: "Rank", kind: .text),
        ] + rangeFields, needsClaim: true, nameField: "person"),
        EntityForm(type: "relation", title: "Unit relation", fields: [
            idField,
            FieldSpec(name: "unit", label: "Subordinate unit id", kind: .text, required: true),
            FieldSpec(name: "related", label: "Superior unit id", kind: .text, required: true),
            FieldSpec(name: "kind", label: "Relation", kind: .choice(RelationKind.allCases.map(\.rawValue)), required: true),
            FieldSpec(name: "relationClass", label: "Class", kind: .choice(["", "command", "informal", "administrative"])),
        ] + rangeFields, needsClaim: true, nameField: "unit"),
        EntityForm(type: "incident", title: "Incident", fields: [
            idField,
            FieldSpec(name: "title", label: "Title", kind: .text, required: true),
            FieldSpec(name: "country", label: "Country", kind: .text, required: true, help: "ISO 3166 alpha-2"),
            FieldSpec(name: "location", label: "Location id", kind: .text),
            FieldSpec(name: "place", label: "Place as the sources name it", kind: .text),
        ] + rangeFields + [
            FieldSpec(name: "violations", label: "Violation types", kind: .list, required: true,
                      help: ReferenceData.shared.violationTypes.map(\.code).joined(separator: "; ")),
            FieldSpec(name: "killed", label: "Killed", kind: .integer),
            FieldSpec(name: "injured", label: "Injured", kind: .integer),
            FieldSpec(name: "victims", label: "Victims", kind: .list),
            FieldSpec(name: "perpetratorUnits", label: "Perpetrator unit ids", kind: .list),
            FieldSpec(name: "perpetratorPersons", label: "Perpetrator person ids", kind: .list),
            FieldSpec(name: "stateForces", label: "Committed by state forces", kind: .flag),
            FieldSpec(name: "responsibleState", label: "Responsible state", kind: .text,
                      help: "ISO 3166 alpha-2 of the state whose forces did it, wherever it happened (e.g. SA for an air strike in Yemen); empty: the country when state forces did it"),
            FieldSpec(name: "coalition", label: "Coalition id", kind: .text, help: "The coalition or operation it is attributed to, e.g. coalition:saudi-led-yemen"),
            FieldSpec(name: "forces", label: "Forces (when no unit is known)", kind: .choices(forceChoices)),
            FieldSpec(name: "description", label: "Description", kind: .textarea),
        ], needsClaim: true, nameField: "title"),
        EntityForm(type: "knowledge", title: "Knowledge event", fields: [
            idField,
            FieldSpec(name: "eventType", label: "Type", kind: .choice(["meeting", "briefing", "report-received", "public-statement", "testimony"]), required: true),
            FieldSpec(name: "title", label: "Title", kind: .text, required: true),
        ] + rangeFields + [
            FieldSpec(name: "persons", label: "Person ids", kind: .list),
            FieldSpec(name: "units", label: "Unit ids", kind: .list),
            FieldSpec(name: "incidents", label: "Incident ids", kind: .list),
            FieldSpec(name: "description", label: "Description", kind: .textarea),
        ], needsClaim: true, nameField: "title"),
        EntityForm(type: "accountability", title: "Accountability event", fields: [
            idField,
            FieldSpec(name: "eventType", label: "Type", kind: .choice(AccountabilityType.allCases.map(\.rawValue)), required: true),
            FieldSpec(name: "title", label: "Title", kind: .text, required: true),
        ] + rangeFields + [
            FieldSpec(name: "authority", label: "Authority", kind: .text),
            FieldSpec(name: "persons", label: "Person ids", kind: .list),
            FieldSpec(name: "units", label: "Unit ids", kind: .list),
            FieldSpec(name: "incidents", label: "Incident ids", kind: .list),
            FieldSpec(name: "credible", label: "Credible (independent and effective)", kind: .yesNo,
                      help: "No: a competent body found it not credible, so it raises impunity; empty: credible"),
            FieldSpec(name: "state", label: "State", kind: .text,
                      help: "ISO 3166 alpha-2 of the state whose conduct as a whole it concerns (e.g. a government refusing to investigate)"),
            FieldSpec(name: "description", label: "Description", kind: .textarea),
        ], needsClaim: true, nameField: "title"),
        EntityForm(type: "finding", title: "Finding", fields: [
            idField,
            FieldSpec(name: "body", label: "Body", kind: .text, required: true, help: "The court, commission or body, e.g. IACHR"),
            FieldSpec(name: "title", label: "Title", kind: .text, required: true),
            FieldSpec(name: "country", label: "Country", kind: .text, required: true),
        ] + rangeFields + [
            FieldSpec(name: "categories", label: "Categories", kind: .list, required: true, help: "e.g. massacre; extrajudicial-executions"),
            FieldSpec(name: "determination", label: "A formal determination (not only \"could constitute\")", kind: .flag),
            FieldSpec(name: "bodyKind", label: "Kind of body", kind: .choice([""] + FindingBodyKind.allCases.map(\.rawValue)),
                      help: "Empty: credible-ngo"),
            FieldSpec(name: "strength", label: "Strength", kind: .choice([""] + FindingStrength.allCases.map(\.rawValue)),
                      help: "allegations, a pattern found, violations established, or a formal determination; empty: determination when ticked above, else allegations"),
            FieldSpec(name: "incidents", label: "Incident ids", kind: .list),
            FieldSpec(name: "units", label: "Unit ids", kind: .list),
            FieldSpec(name: "states", label: "States concerned", kind: .list, help: "ISO 3166 alpha-2, one per line or separated by ;. Empty: the country",
                      omitWhenEmpty: true),
            FieldSpec(name: "coalition", label: "Coalition id", kind: .text, help: "The coalition or operation whose conduct it concerns"),
            FieldSpec(name: "killed", label: "Killed (the finding's own count)", kind: .integer),
            FieldSpec(name: "injured", label: "Injured (the finding's own count)", kind: .integer),
            FieldSpec(name: "incidentCount", label: "Number of incidents it counts", kind: .integer),
            FieldSpec(name: "forces", label: "Forces concerned (when no unit is named)", kind: .choices(forceChoices)),
            FieldSpec(name: "description", label: "Description", kind: .textarea),
        ], needsClaim: true, nameField: "title"),
        EntityForm(type: "coalition", title: "Coalition", fields: [
            idField,
            FieldSpec(name: "name", label: "Name", kind: .text, required: true, help: "The coalition or multinational operation"),
            FieldSpec(name: "members", label: "Members", kind: .members, required: true,
                      help: "One member per line: STATE[, weight][, lead], e.g. SA, lead or AE, 0.5; unit ids of the member's forces may follow (SA, lead, unit:rsaf). Weight: how far the coalition's conduct is attributed to the member, 0 to 1 (empty: 1 for the lead, the method's member weight otherwise)"),
        ] + rangeFields + [
            FieldSpec(name: "description", label: "Description", kind: .textarea),
        ], needsClaim: true, nameField: "name"),
        EntityForm(type: "item-use", title: "Item use", fields: [
            idField,
            FieldSpec(name: "title", label: "Title", kind: .text, required: true, help: "What was used, e.g. Canadian LAV-6 seen in Najran"),
            FieldSpec(name: "state", label: "State whose forces used the goods", kind: .text, required: true, help: "ISO 3166 alpha-2"),
        ] + rangeFields + [
            FieldSpec(name: "incident", label: "Incident id", kind: .text),
            FieldSpec(name: "finding", label: "Finding id", kind: .text),
            FieldSpec(name: "controlEntry", label: "Control entry", kind: .text, help: "2-1 … 2-22 or ML1 … ML22; empty when not known"),
            FieldSpec(name: "goods", label: "Goods", kind: .text),
            FieldSpec(name: "originState", label: "State the goods came from", kind: .text, help: "ISO 3166 alpha-2"),
            FieldSpec(name: "maker", label: "Maker", kind: .text),
            FieldSpec(name: "found", label: "Use found", kind: .yesNo,
                      help: "No: a sourced statement that no use of the origin state's goods was found (then name the origin state); empty: found"),
            FieldSpec(name: "verified", label: "Use verified", kind: .yesNo, help: "No: reported but could not be verified; empty: verified"),
            FieldSpec(name: "description", label: "Description", kind: .textarea),
        ], needsClaim: true, nameField: "title"),
        EntityForm(type: "diversion", title: "Diversion record", fields: [
            idField,
            FieldSpec(name: "title", label: "Title", kind: .text, required: true),
            FieldSpec(name: "recipient", label: "Recipient state whose controls failed", kind: .text, required: true, help: "ISO 3166 alpha-2"),
            FieldSpec(name: "kind", label: "Kind", kind: .choice(DiversionKind.allCases.map(\.rawValue)), required: true),
        ] + rangeFields + [
            FieldSpec(name: "goods", label: "Goods", kind: .text),
            FieldSpec(name: "controlEntry", label: "Control entry", kind: .text, help: "2-1 … 2-22 or ML1 … ML22"),
            FieldSpec(name: "originState", label: "State the goods came from", kind: .text, help: "ISO 3166 alpha-2"),
            FieldSpec(name: "foundWith", label: "Found with", kind: .text, help: "Who ended up with the goods"),
            FieldSpec(name: "foundIn", label: "Found in", kind: .text, help: "Where"),
            FieldSpec(name: "description", label: "Description", kind: .textarea),
        ], needsClaim: true, nameField: "title"),
        EntityForm(type: "assurance", title: "Assurance", fields: [
            idField,
            FieldSpec(name: "title", label: "Title", kind: .text, required: true),
            FieldSpec(name: "recipient", label: "Recipient state giving it", kind: .text, required: true, help: "ISO 3166 alpha-2"),
            FieldSpec(name: "exporter", label: "Exporting state it was given to", kind: .text, help: "ISO 3166 alpha-2; empty: any exporter"),
            FieldSpec(name: "kind", label: "Kind", kind: .choice(AssuranceKind.allCases.map(\.rawValue)), required: true),
        ] + rangeFields + [
            FieldSpec(name: "breached", label: "Breached", kind: .yesNo, help: "Yes: the recipient was found to have broken it; empty: not known to be broken"),
            FieldSpec(name: "description", label: "Description", kind: .textarea),
        ], needsClaim: true, nameField: "title"),
    ]

    /// The branches of a state's forces an incident or finding may name (`EndUser.forces`).
    static let forceChoices = EndUser.forces

    static func named(_ type: String) -> EntityForm? { all.first { $0.type == type } }

    /// The citation and assessment every claim needs.
    static let claimFields: [FieldSpec] = [
        FieldSpec(name: "claim.source", label: "Cited source id", kind: .text, required: true, help: "Every claim cites a source, e.g. src:hrw-2023-04-26; add a new source first if needed"),
        FieldSpec(name: "claim.page", label: "Page", kind: .text),
        FieldSpec(name: "claim.paragraph", label: "Paragraph", kind: .text),
        FieldSpec(name: "claim.timestamp", label: "Time in a recording", kind: .text),
        FieldSpec(name: "claim.url", label: "Web address of the passage", kind: .text),
        FieldSpec(name: "claim.archiveURL", label: "Archived copy", kind: .text),
        FieldSpec(name: "claim.excerpt", label: "What the source says", kind: .textarea),
        FieldSpec(name: "claim.status", label: "Status", kind: .choice(ClaimStatus.allCases.map(\.rawValue)), required: true),
        FieldSpec(name: "claim.confidence", label: "Confidence", kind: .choice(Confidence.allCases.map(\.rawValue)), required: true),
        FieldSpec(name: "claim.note", label: "Note on the claim", kind: .textarea),
    ]

    /// The inputs of the "add a claim" form: a value of one property, with its citation.
    static let propertyClaimFields: [FieldSpec] = [
        FieldSpec(name: "claim.property", label: "Property", kind: .text, required: true, help: "e.g. killed, injured, commander"),
        FieldSpec(name: "claim.value", label: "Value", kind: .text, required: true),
    ] + claimFields
}

/// A JSON value built from form inputs, decoded into a record by the record's own decoder.
enum FormJSON: Encodable {
    case string(String), int(Int), double(Double), bool(Bool), array([FormJSON]), object([String: FormJSON])

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let s): try container.encode(s)
        case .int(let i): try container.encode(i)
        case .double(let d): try container.encode(d)
        case .bool(let b): try container.encode(b)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }

    /// Sets `value` at a dotted path, creating objects on the way.
    mutating func set(_ path: ArraySlice<Substring>, _ value: FormJSON) {
        guard case .object(var object) = self, let head = path.first else { return }
        if path.count == 1 {
            object[String(head)] = value
        } else {
            var inner = object[String(head)] ?? .object([:])
            inner.set(path.dropFirst(), value)
            object[String(head)] = inner
        }
        self = .object(object)
    }
}

/// Reads form inputs into a record and back.
enum FormRecord {
    /// Splits a list input on line breaks and `;`.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == ";" || $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The record the inputs describe, or the problems found, each naming the input.
    static func record(_ form: EntityForm, fields: [String: String], id: String) -> Result<Record, FormErrors> {
        var json = FormJSON.object(["type": .string(form.type), "id": .string(id)])
        var errors: [String] = []
        for spec in form.fields where spec.name != "id" {
            let raw = fields[spec.name]?.trimmingCharacters(in: .whitespacesAndNewlines)
            let text = raw?.isEmpty == false ? raw : nil
            let path = spec.name.split(separator: ".")[...]
            switch spec.kind {
            case .flag:
                json.set(path, .bool(text != nil && text != "off" && text != "false"))
            case .list:
                let values = list(text)
                if spec.required && values.isEmpty { errors.append("\(spec.label) is required") }
                if values.isEmpty && spec.omitWhenEmpty { continue }
                json.set(path, .array(values.map(FormJSON.string)))
            case .choices(let options):
                let values = chosen(spec, options: options, in: fields)
                if spec.required && values.isEmpty { errors.append("\(spec.label) is required") }
                if values.isEmpty { continue }
                json.set(path, .array(values.map(FormJSON.string)))
            case .yesNo:
                guard let text else { continue }
                guard let value = yesNo(text) else { errors.append("\(spec.label): '\(text)' is neither yes nor no"); continue }
                json.set(path, .bool(value))
            case .members:
                switch members(text, label: spec.label) {
                case .success(let members):
                    if spec.required && members.isEmpty { errors.append("\(spec.label) is required: one member per line as STATE[, weight][, lead], e.g. SA, lead") }
                    json.set(path, .array(members))
                case .failure(let problems):
                    errors += problems.messages
                }
            case .integer:
                guard let text else {
                    if spec.required { errors.append("\(spec.label) is required") }
                    continue
                }
                guard let n = Int(text) else { errors.append("\(spec.label): '\(text)' is not a whole number"); continue }
                json.set(path, .int(n))
            case .date:
                guard let text else {
                    if spec.required { errors.append("\(spec.label) is required") }
                    continue
                }
                guard PartialDate(text) != nil else { errors.append("\(spec.label): '\(text)' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"); continue }
                json.set(path, .string(text))
            case .text, .textarea, .choice:
                guard let text else {
                    if spec.required { errors.append("\(spec.label) is required") }
                    continue
                }
                json.set(path, .string(text))
            }
        }
        guard errors.isEmpty else { return .failure(FormErrors(errors)) }
        do {
            let data = try JSONEncoder().encode(json)
            return .success(try Record.decode(json: data))
        } catch {
            return .failure(FormErrors(["the form does not make a valid \(form.title.lowercased()): \(FormRecord.explain(error))"]))
        }
    }

    /// The values chosen for a `.choices` input: the check boxes `name[value]` ticked, then any values given as a
    /// list in `name` itself (a form posted by a script, or a value outside the choices kept on edit), in order.
    static func chosen(_ spec: FieldSpec, options: [String], in fields: [String: String]) -> [String] {
        var values: [String] = []
        func ticked(_ text: String?) -> Bool {
            guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return false }
            return yesNo(text) ?? true
        }
        for option in options where ticked(fields["\(spec.name)[\(option)]"]) { values.append(option) }
        for value in list(fields[spec.name]) where !values.contains(value) { values.append(value) }
        let extra = fields.keys.filter { $0.hasPrefix("\(spec.name)[") && $0.hasSuffix("]") }.sorted()
        for key in extra where ticked(fields[key]) {
            let value = String(key.dropFirst(spec.name.count + 1).dropLast())
            if !value.isEmpty, !values.contains(value) { values.append(value) }
        }
        return values
    }

    /// The text an input shows for `values` (a record's values, or the inputs posted): for check boxes, the
    /// values ticked joined with `; `.
    static func inputValue(_ spec: FieldSpec, in values: [String: String]) -> String? {
        if case .choices(let options) = spec.kind {
            let chosen = chosen(spec, options: options, in: values)
            return chosen.isEmpty ? nil : chosen.joined(separator: "; ")
        }
        return values[spec.name]
    }

    /// `yes`/`true`/`on` → true, `no`/`false`/`off` → false, else nil.
    static func yesNo(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "true", "on", "1": return true
        case "no", "false", "off", "0": return false
        default: return nil
        }
    }

    /// Coalition members from one line each: `STATE[, weight][, lead][, unit ids…]`.
    static func members(_ text: String?, label: String) -> Result<[FormJSON], FormErrors> {
        let lines = (text ?? "").split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == ";" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let syntax = "write one member per line as STATE[, weight][, lead], e.g. SA, lead or AE, 0.5"
        var members: [FormJSON] = []
        var errors: [String] = []
        var states: Set<String> = []
        for (n, line) in lines.enumerated() {
            let at = "\(label), line \(n + 1) ('\(line)')"
            let tokens = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let state = tokens[0].uppercased()
            guard state.count == 2, state.allSatisfy({ $0.isASCII && $0.isLetter }), ReferenceData.shared.country(state) != nil else {
                errors.append("\(at): '\(tokens[0])' is not an ISO 3166 alpha-2 country code; \(syntax)")
                continue
            }
            if !states.insert(state).inserted { errors.append("\(at): \(state) is listed twice; give each member state once") }
            var member: [String: FormJSON] = ["state": .string(state)]
            var forces: [FormJSON] = []
            var ok = true
            for token in tokens.dropFirst() {
                if token.lowercased() == "lead" {
                    member["lead"] = .bool(true)
                } else if let weight = Double(token) {
                    guard member["weight"] == nil else { errors.append("\(at): gives two weights; \(syntax)"); ok = false; break }
                    guard weight >= 0 && weight <= 1 else {
                        errors.append("\(at): the weight \(token) is not between 0 and 1 (how far the coalition's conduct is attributed to \(state))")
                        ok = false
                        break
                    }
                    member["weight"] = .double(weight)
                } else if token.contains(":"), !token.contains(" ") {
                    forces.append(.string(token))
                } else {
                    errors.append("\(at): '\(token)' is neither a weight between 0 and 1, 'lead' nor a unit id; \(syntax)")
                    ok = false
                    break
                }
            }
            guard ok else { continue }
            if !forces.isEmpty { member["forces"] = .array(forces) }
            members.append(.object(member))
        }
        return errors.isEmpty ? .success(members) : .failure(FormErrors(errors))
    }

    /// Coalition members as the form's lines.
    static func memberLines(_ members: [Coalition.Member]) -> String {
        members.map { member in
            var parts = [member.state]
            if let weight = member.weight { parts.append(weight == weight.rounded() ? String(Int(weight)) : String(weight)) }
            if member.lead == true { parts.append("lead") }
            parts += member.forces ?? []
            return parts.joined(separator: ", ")
        }.joined(separator: "\n")
    }

    /// The claim the citation inputs describe, about `subject`.
    static func claim(_ fields: [String: String], id: String, subject: String, property: Bool) -> Result<Claim, FormErrors> {
        func text(_ name: String) -> String? {
            guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        var errors: [String] = []
        let source = text("claim.source")
        if source == nil {
            errors.append("Cited source id is required: every claim needs a citation of a source (add the source first if it is new)")
        }
        let status = ClaimStatus(rawValue: text("claim.status") ?? "accepted")
        if status == nil { errors.append("Status must be accepted, contested or needs-work") }
        let confidence = Confidence(rawValue: text("claim.confidence") ?? "medium")
        if confidence == nil { errors.append("Confidence must be low, medium or high") }
        if property {
            if text("claim.property") == nil { errors.append("Property is required") }
            if text("claim.value") == nil { errors.append("Value is required") }
        }
        guard errors.isEmpty, let source, let status, let confidence else { return .failure(FormErrors(errors)) }
        let citation = Citation(source: source, page: text("claim.page"), paragraph: text("claim.paragraph"),
                                timestamp: text("claim.timestamp"), url: text("claim.url"),
                                archiveURL: text("claim.archiveURL"), excerpt: text("claim.excerpt"))
        return .success(Claim(id: id, subject: subject, property: property ? text("claim.property") : nil,
                              value: property ? text("claim.value") : nil, status: status, confidence: confidence,
                              citations: [citation], note: text("claim.note")))
    }

    /// A record's values as form inputs (lists joined with `; `).
    static func values(of record: Record) -> [String: String] {
        guard let json = try? record.canonicalJSON(),
              let value = try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) else { return [:] }
        var out: [String: String] = [:]
        func input(_ value: JSONValue) -> String {
            switch value {
            case .null, .object: return ""
            case .array(let a): return a.map(input).joined(separator: "; ")
            default: return value.text
            }
        }
        func walk(_ value: JSONValue, _ path: String) {
            switch value {
            case .object(let o): for (k, v) in o { walk(v, path.isEmpty ? k : "\(path).\(k)") }
            case .bool(let b): out[path] = b ? "on" : "false"
            default: out[path] = input(value)
            }
        }
        walk(value, "")
        if case .coalition(let coalition) = record { out["members"] = memberLines(coalition.members) }
        return out
    }

    /// A lower-case id part made of letters, digits and hyphens.
    static func slug(_ text: String) -> String {
        let folded = NameKey.fold(text)
        let slug = folded.split(separator: " ").joined(separator: "-")
        return String(slug.prefix(60))
    }

    static func explain(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "\(key.stringValue) is required"
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong form"
        default: return "\(error)"
        }
    }
}

/// Problems with a submitted form, each a sentence naming the input.
struct FormErrors: Error, Sendable {
    var messages: [String]
    init(_ messages: [String]) { self.messages = messages }
}

