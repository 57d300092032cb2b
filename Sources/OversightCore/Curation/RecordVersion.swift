/// One version of a claim or an entity: who wrote it, when, and the record as it then was.
public struct RecordVersion: Hashable, Sendable, Codable {
    /// The id of the claim or entity.
    public var recordID: String
    /// 1 for the first version known.
    public var version: Int
    /// Canonical JSON of the record at this version.
    public var body: String
    /// Who wrote it (`import` for a version that came from an import).
    public var actor: String
    /// When (ISO 8601, UTC), nil when unknown (a record imported before history was kept).
    public var at: String?
    /// Why, when the writer said (e.g. "reverted to version 2").
    public var note: String?
    /// What changed from the previous version, field by field ("status: accepted → contested").
    public var changes: [FieldChange]

    public init(recordID: String, version: Int, body: String, actor: String, at: String?, note: String? = nil,
                changes: [FieldChange] = []) {
        self.recordID = recordID
        self.version = version
        self.body = body
        self.actor = actor
        self.at = at
        self.note = note
        self.changes = changes
    }
}

/// A field whose value differs between two versions of a record.
public struct FieldChange: Hashable, Sendable, Codable {
    public var field: String
    public var old: String?
    public var new: String?

    public init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }

    public var description: String { "\(field): \(old ?? "—") → \(new ?? "—")" }
}

/// Works out what changed between versions of a record, from their flattened fields.
public enum VersionDiff {
    /// Fields that differ, by field name. `old` and `new` map a dotted field path to its text.
    public static func changes(old: [String: String], new: [String: String]) -> [FieldChange] {
        Set(old.keys).union(new.keys).sorted().compactMap { key in
            old[key] == new[key] ? nil : FieldChange(field: key, old: old[key], new: new[key])
        }
    }

    /// Fills in `changes` of each version against the one before it (the first against nothing).
    public static func annotate(_ versions: [RecordVersion], flatten: (String) -> [String: String]) -> [RecordVersion] {
        var previous: [String: String] = [:]
        return versions.map { version in
            var v = version
            let fields = flatten(version.body)
            v.changes = changes(old: previous, new: fields)
            previous = fields
            return v
        }
    }
}

/// The contested rule of the evidence base: two claims on the same property of the same record that give
/// different values are both contested, and both kept.
public enum ContestedMarking {
    /// The claims to rewrite when `claim` is added next to `existing` (claims about the same subject):
    /// `claim` itself (contested when it conflicts) and each conflicting claim not yet contested.
    public static func apply(_ claim: Claim, existing: [Claim]) -> [Claim] {
        guard let property = claim.property else { return [claim] }
        let conflicting = existing.filter {
            $0.id != claim.id && $0.subject == claim.subject && $0.property == property && $0.value != claim.value
        }
        guard !conflicting.isEmpty else { return [claim] }
        var updated = claim
        updated.status = .contested
        return [updated] + conflicting.filter { $0.status != .contested }.map { var c = $0; c.status = .contested; return c }
    }
}

/// Which claims and entities an evidence write changed, so that monitoring can re-assess what depends on them.
public struct EvidenceChange: Hashable, Sendable, Codable {
    public var claimIDs: [String]
    public var entityIDs: [String]
    public var sourceIDs: [String]

    public init(claimIDs: [String] = [], entityIDs: [String] = [], sourceIDs: [String] = []) {
        self.claimIDs = claimIDs
        self.entityIDs = entityIDs
        self.sourceIDs = sourceIDs
    }

    public var isEmpty: Bool { claimIDs.isEmpty && entityIDs.isEmpty && sourceIDs.isEmpty }
}
