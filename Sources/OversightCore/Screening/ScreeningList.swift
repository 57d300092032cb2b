import Foundation

/// A loaded list: what it is and which version of it.
public struct ScreeningList: Hashable, Sendable, Codable {
    /// `un-sc`, `opensanctions`, `blocklist`… — the `list` of its entries.
    public var id: String
    public var title: String
    /// The format it was read from: `un-sc-xml`, `ftm`, `opensanctions-csv`, `blocklist-csv`.
    public var format: String
    /// The file it was read from, as given.
    public var source: String
    /// The publisher's version or generation date, when the file says (e.g. the UN `dateGenerated`).
    public var version: String?
    public var importedAt: Date
    public var entryCount: Int

    public init(id: String, title: String, format: String, source: String, version: String? = nil, importedAt: Date, entryCount: Int) {
        self.id = id
        self.title = title
        self.format = format
        self.source = source
        self.version = version
        self.importedAt = importedAt
        self.entryCount = entryCount
    }

    /// List ids are short lower-case words: letters, digits, `-`, `_`, `.`.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }
}

/// What replacing a list with a newer version changed, compared entry by entry (id and content digest).
public struct ListChanges: Hashable, Sendable, Codable {
    public var added: [String]
    public var removed: [String]
    public var changed: [String]
    public var unchanged: Int

    public init(added: [String] = [], removed: [String] = [], changed: [String] = [], unchanged: Int = 0) {
        self.added = added
        self.removed = removed
        self.changed = changed
        self.unchanged = unchanged
    }

    /// Compares two versions given as entry id → digest; the id lists come out sorted.
    public static func compare(old: [String: String], new: [String: String]) -> ListChanges {
        var changes = ListChanges()
        for (id, digest) in new {
            if let previous = old[id] {
                if previous == digest { changes.unchanged += 1 } else { changes.changed.append(id) }
            } else {
                changes.added.append(id)
            }
        }
        changes.removed = old.keys.filter { new[$0] == nil }
        changes.added.sort()
        changes.removed.sort()
        changes.changed.sort()
        return changes
    }

    /// "12 added, 3 removed, 5 changed, 1000 unchanged".
    public var summary: String {
        "\(added.count) added, \(removed.count) removed, \(changed.count) changed, \(unchanged) unchanged"
    }
}
