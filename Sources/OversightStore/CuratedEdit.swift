import Foundation
import OversightCore

/// The checks and the contested rule of a researcher's edit, the same on every backend. An adapter fetches
/// what the edit needs to know from its database (which cited sources exist, the claims already made on the
/// same properties, the kinds of referenced records) and writes what `plan` returns.
public enum CuratedEdit {
    /// Sources the edit cites without including them: the adapter says which of these exist.
    public static func citedSources(_ records: [Record]) -> Set<String> {
        let included = Set(records.compactMap { record -> String? in if case .source(let s) = record { return s.id }; return nil })
        return Set(claims(records).flatMap(\.citations).map(\.source)).subtracting(included)
    }

    /// The subject and property of every property claim of the edit: the adapter fetches the stored claims on them.
    public static func claimedProperties(_ records: [Record]) -> [(subject: String, property: String)] {
        var seen = Set<String>()
        return claims(records).compactMap { claim in
            guard let property = claim.property, seen.insert(claim.subject + "\u{1F}" + property).inserted else { return nil }
            return (claim.subject, property)
        }
    }

    /// Checks the edit (every record valid, every entity the subject of one of its claims, every citation of a
    /// known or included source) and returns the records to write: the edit's, with conflicting claims (its own
    /// and stored ones) marked contested. `existingSources` are the cited sources that exist; `storedClaims` the
    /// stored claims on `claimedProperties`.
    public static func plan(_ records: [Record], actor: String, validator: RecordValidator, existingSources: Set<String>,
                            storedClaims: [Claim]) throws -> [Record] {
        guard !actor.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError(.invalidRecord, "an edit needs the name of who makes it")
        }
        var issues: [ValidationIssue] = []
        for record in records { issues += validator.check(record) }
        let claims = self.claims(records)
        let subjects = Set(claims.map(\.subject))
        for record in records {
            guard let entity = record.entity else { continue }
            if !subjects.contains(entity.id) {
                issues.append(ValidationIssue(path: "\(record.typeName):\(entity.id)",
                                              message: "comes without a claim: every fact needs a claim citing a source (give a citation)"))
            }
        }
        let missing = citedSources(records).subtracting(existingSources)
        for claim in claims {
            for (i, citation) in claim.citations.enumerated() where missing.contains(citation.source) {
                issues.append(ValidationIssue(path: "claim:\(claim.id).citations[\(i)].source",
                                              message: "is '\(citation.source)', which is not a known source; add the source first"))
            }
        }
        if !issues.isEmpty { throw ValidationError(issues) }

        // Conflicting values make both claims contested.
        var toWrite = records
        var written = Set(claims.map(\.id))
        for claim in claims where claim.property != nil {
            let existing = storedClaims.filter { $0.subject == claim.subject && $0.property == claim.property }
            for updated in ContestedMarking.apply(claim, existing: existing) {
                if updated.id == claim.id {
                    if let index = toWrite.firstIndex(where: { $0.id == claim.id && $0.typeName == "claim" }) { toWrite[index] = .claim(updated) }
                } else if !written.contains(updated.id) {
                    toWrite.append(.claim(updated))
                    written.insert(updated.id)
                }
            }
        }
        return toWrite
    }

    /// Ids the written records refer to (entity references and claim subjects): the adapter looks up their kinds.
    public static func referencedIDs(_ records: [Record]) -> Set<String> {
        var ids = Set<String>()
        for record in records {
            if let entity = record.entity {
                ids.formUnion(entity.references.map(\.id))
            } else if case .claim(let claim) = record {
                ids.insert(claim.subject)
            }
        }
        return ids
    }

    /// After writing: the references of the written records, and the subjects of the written claims, exist and
    /// are of the right kind. `kinds` maps `referencedIDs` to the kinds stored (missing when absent).
    public static func checkReferences(_ records: [Record], kinds: [String: EntityKind]) throws {
        let validator = RecordValidator.standard
        var issues: [ValidationIssue] = []
        for record in records {
            if let entity = record.entity {
                issues += validator.checkReferences(of: entity, kindOf: { kinds[$0] })
            } else if case .claim(let claim) = record, kinds[claim.subject] == nil {
                issues.append(ValidationIssue(path: "claim:\(claim.id).subject",
                                              message: "is '\(claim.subject)', which does not exist; create that record first or fix the id"))
            }
        }
        if !issues.isEmpty { throw ValidationError(issues) }
    }

    /// What an edit changed, for monitoring.
    public static func change(_ written: [Record]) -> EvidenceChange {
        let claims = self.claims(written)
        return EvidenceChange(
            claimIDs: claims.map(\.id).sorted(),
            entityIDs: Array(Set(written.compactMap(\.entity).map(\.id) + claims.map(\.subject))).sorted(),
            sourceIDs: written.filter { $0.typeName == "source" }.map(\.id).sorted())
    }

    /// The change of a revert to `record`.
    public static func revertChange(_ record: Record) -> EvidenceChange {
        if case .claim(let claim) = record { return EvidenceChange(claimIDs: [claim.id], entityIDs: [claim.subject]) }
        return EvidenceChange(entityIDs: [record.id])
    }

    static func claims(_ records: [Record]) -> [Claim] {
        records.compactMap { record -> Claim? in if case .claim(let c) = record { return c }; return nil }
    }
}

extension CuratedEdit {
    /// The records that confirm a candidate as an incident of its own: its source, location, incident and the
    /// claims citing the event. Throws when no violation type is given or proposed.
    public static func confirmation(of candidate: CandidateIncident, violations: [String]?, by actor: String) throws -> [Record] {
        let chosen = violations ?? candidate.violations
        guard !chosen.isEmpty else {
            throw StoreError(.invalidRecord, "ACLED event \(candidate.eventID) suggests no violation type; choose at least one (e.g. excessive-force) to confirm it")
        }
        let eventID = candidate.eventID
        let location = candidate.proposedLocation()
        let incident = candidate.proposedIncident(location: location.id, violations: chosen)
        let source = candidate.proposedSource()
        let claim = Claim(id: "claim:acled-\(eventID.lowercased())", subject: incident.id, status: .accepted, confidence: .medium,
                          citations: [Citation(source: source.id, paragraph: nil, excerpt: excerpt(candidate))],
                          note: "Confirmed from ACLED event \(eventID) by \(actor)")
        let locationClaim = Claim(id: "claim:acled-\(eventID.lowercased())-location", subject: location.id,
                                  citations: [Citation(source: source.id)])
        return [.source(source), .location(location), .incident(incident), .claim(claim), .claim(locationClaim)]
    }

    /// The records that merge a candidate into an existing incident: the event's source and a claim citing it.
    public static func merger(of candidate: CandidateIncident, into incidentID: String, by actor: String) -> [Record] {
        let source = candidate.proposedSource()
        let claim = Claim(id: "claim:acled-\(candidate.eventID.lowercased())", subject: incidentID, status: .accepted, confidence: .medium,
                          citations: [Citation(source: source.id, excerpt: excerpt(candidate))],
                          note: "ACLED event \(candidate.eventID) (\(candidate.title), \(candidate.eventDate)) merged into this incident by \(actor)")
        return [.source(source), .claim(claim)]
    }

    /// A candidate that can still be reviewed, or the error that says why not.
    public static func reviewable(_ candidate: CandidateIncident?, eventID: String) throws -> CandidateIncident {
        guard let candidate else {
            throw StoreError(.notFound, "no candidate has the ACLED event id '\(eventID)'; import the export first (oversight import acled FILE)")
        }
        guard candidate.status == .candidate else {
            throw StoreError(.invalidRecord, "ACLED event \(eventID) was already \(candidate.status.rawValue)\(candidate.incidentID.map { " (\($0))" } ?? "")")
        }
        return candidate
    }

    /// The reason a rejection needs.
    public static func checkRejection(reason: String) throws {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError(.invalidRecord, "say why the event is rejected (not a violation, a duplicate, out of scope…)")
        }
    }

    private static func excerpt(_ candidate: CandidateIncident) -> String? {
        let text = String(candidate.notes.prefix(500))
        return text.isEmpty ? nil : text
    }
}

extension CuratedEdit {
    /// A record's JSON as dotted paths → text, for comparing versions.
    public static func fields(_ body: String) -> [String: String] {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) else { return [:] }
        var fields: [String: String] = [:]
        func walk(_ value: JSONValue, _ path: String) {
            switch value {
            case .object(let dictionary):
                for (key, inner) in dictionary { walk(inner, path.isEmpty ? key : "\(path).\(key)") }
            case .array(let array):
                if array.allSatisfy(\.isScalar) {
                    fields[path] = array.map(\.text).joined(separator: "; ")
                } else {
                    for (i, inner) in array.enumerated() { walk(inner, "\(path)[\(i)]") }
                }
            default:
                fields[path] = value.text
            }
        }
        walk(value, "")
        fields.removeValue(forKey: "type")
        return fields
    }
}

/// Any JSON value, for flattening records into fields (history diffs, form inputs).
public enum JSONValue: Decodable, Sendable {
    case string(String), number(Double), bool(Bool), null
    case array([JSONValue]), object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let b = try? container.decode(Bool.self) { self = .bool(b) }
        else if let n = try? container.decode(Double.self) { self = .number(n) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else if let a = try? container.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    /// The value as text: numbers without a needless decimal part, lists joined with `; `.
    public var text: String {
        switch self {
        case .string(let s): return s
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let a): return a.map(\.text).joined(separator: "; ")
        case .object: return "{…}"
        }
    }
}
