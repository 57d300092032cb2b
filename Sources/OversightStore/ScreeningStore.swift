import Foundation
import OversightCore

/// Where the screening lists and the reviewers' decisions live. Every adapter promises the same behaviour.
///
/// Replacing a list is all-or-nothing: readers see the old version or the new one, never a mix.
public protocol ScreeningStore: Sendable {
    /// Replaces every entry of `list.id` with `entries` in one transaction and reports what changed, entry by
    /// entry (compared by id and content digest). Entry ids must be unique within the list and every entry's
    /// `list` must be `list.id`; otherwise nothing changes and a `StoreError` says why.
    func replaceList(_ list: ScreeningList, entries: [ListEntry]) async throws -> ListChanges

    /// The loaded lists, by id.
    func screeningLists() async throws -> [ScreeningList]

    /// Every entry of one list, or of all lists when nil; by list then id.
    func listEntries(list: String?) async throws -> [ListEntry]

    func listEntry(list: String, id: String) async throws -> ListEntry?

    /// Removes a list and its entries (decisions stay, for the record). False when there was no such list.
    func removeList(_ id: String) async throws -> Bool

    /// Records a decision; a later decision on the same party and entry supersedes it.
    func recordDecision(_ decision: ScreeningDecision) async throws

    /// Decisions in the order they were taken, for one party (by `partyKey`) or all.
    func screeningDecisions(partyKey: String?) async throws -> [ScreeningDecision]

    /// A number that changes whenever a list is replaced or removed, so that a built index can tell it is stale.
    func screeningRevision() async throws -> Int
}

extension ScreeningStore {
    /// A screener over every loaded list with every standing decision.
    public func loadScreener(configuration: ScreeningConfiguration = .init()) async throws -> Screener {
        let entries = try await listEntries(list: nil)
        let decisions = try await screeningDecisions(partyKey: nil)
        return Screener(entries: entries, configuration: configuration, decisions: DecisionBook(decisions))
    }
}

/// A list entry ready to store: its canonical JSON and the digest replacements compare.
public struct PreparedListEntry: Sendable {
    public var entry: ListEntry
    public var json: String
    public var digest: String
}

extension ScreeningList {
    /// Checks a replacement's entries (a valid list id, every entry of this list, ids unique) and encodes each
    /// one canonically, the same way for every adapter. Throws `StoreError.invalidRecord` naming the problem.
    public func prepareReplacement(_ entries: [ListEntry]) throws -> [PreparedListEntry] {
        guard ScreeningList.isValidID(id) else {
            throw StoreError(.invalidRecord, "list id '\(id)' is not allowed: use lower-case letters, digits, '-', '_' or '.', e.g. un-sc")
        }
        var prepared: [PreparedListEntry] = []
        prepared.reserveCapacity(entries.count)
        var seen = Set<String>()
        for entry in entries {
            guard entry.list == id else {
                throw StoreError(.invalidRecord, "entry \(entry.key) does not belong to list \(id)")
            }
            guard seen.insert(entry.id).inserted else {
                throw StoreError(.invalidRecord, "entry id \(entry.id) appears twice in list \(id); ids must be unique within a list")
            }
            let (json, digest) = try entry.canonicalJSONAndDigest()
            prepared.append(PreparedListEntry(entry: entry, json: json, digest: digest))
        }
        return prepared
    }
}
