import Foundation

/// A reviewer's decision on a hit: this party is not (or is) the listed entry.
///
/// It records the entry's content digest at the time: while the entry stays the same, the hit is not raised
/// again for this party; once the list changes the entry (new alias, new date of birth…), it is.
public struct ScreeningDecision: Hashable, Sendable, Codable {
    public enum Verdict: String, Hashable, Sendable, Codable, CaseIterable {
        /// The party is not the listed entry: do not raise this hit again while the entry is unchanged.
        case notAMatch = "not-a-match"
        /// The party is the listed entry (kept for the record; the hit is still raised).
        case match
    }

    /// The party's name as the reviewer entered it.
    public var party: String
    /// `partyKey(for: party)`.
    public var partyKey: String
    public var list: String
    public var entryID: String
    /// The entry's `digest` when the decision was taken.
    public var entryDigest: String
    public var verdict: Verdict
    public var reason: String
    /// Who decided.
    public var decidedBy: String
    public var decidedAt: Date

    public init(party: String, list: String, entryID: String, entryDigest: String, verdict: Verdict = .notAMatch,
                reason: String, decidedBy: String, decidedAt: Date) {
        self.party = party
        self.partyKey = ScreeningDecision.partyKey(for: party)
        self.list = list
        self.entryID = entryID
        self.entryDigest = entryDigest
        self.verdict = verdict
        self.reason = reason
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }

    /// `list:id` of the entry.
    public var entryKey: String { list + ":" + entryID }

    /// The name folded (case, accents, punctuation, spacing).
    public static func partyKey(for name: String) -> String { NameKey.fold(name) }

    private enum CodingKeys: String, CodingKey {
        case party, partyKey, list, entryID, entryDigest, verdict, reason, decidedBy, decidedAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        party = try container.decode(String.self, forKey: .party)
        partyKey = try container.decodeIfPresent(String.self, forKey: .partyKey) ?? ScreeningDecision.partyKey(for: party)
        list = try container.decode(String.self, forKey: .list)
        entryID = try container.decode(String.self, forKey: .entryID)
        entryDigest = try container.decode(String.self, forKey: .entryDigest)
        verdict = try container.decode(Verdict.self, forKey: .verdict)
        reason = try container.decode(String.self, forKey: .reason)
        decidedBy = try container.decode(String.self, forKey: .decidedBy)
        let text = try container.decode(String.self, forKey: .decidedAt)
        guard let date = ScreeningDecision.parseTimestamp(text) else {
            throw DecodingError.dataCorruptedError(forKey: .decidedAt, in: container,
                                                   debugDescription: "decidedAt '\(text)' is not an ISO 8601 timestamp such as 2025-01-31T12:00:00Z")
        }
        decidedAt = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(party, forKey: .party)
        try container.encode(partyKey, forKey: .partyKey)
        try container.encode(list, forKey: .list)
        try container.encode(entryID, forKey: .entryID)
        try container.encode(entryDigest, forKey: .entryDigest)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(reason, forKey: .reason)
        try container.encode(decidedBy, forKey: .decidedBy)
        try container.encode(ScreeningDecision.timestamp(decidedAt), forKey: .decidedAt)
    }

    /// `2025-01-31T12:00:00Z`.
    public static func timestamp(_ date: Date) -> String { date.ISO8601Format() }

    public static func parseTimestamp(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) }
}

/// The standing decisions, looked up by party and entry; a later decision on the same pair replaces an
/// earlier one.
public struct DecisionBook: Hashable, Sendable {
    private var byPair: [String: ScreeningDecision]

    /// `decisions` in the order they were taken.
    public init(_ decisions: [ScreeningDecision] = []) {
        var pairs: [String: ScreeningDecision] = [:]
        for decision in decisions { pairs[DecisionBook.key(decision.partyKey, decision.entryKey)] = decision }
        byPair = pairs
    }

    public var isEmpty: Bool { byPair.isEmpty }
    public var all: [ScreeningDecision] { byPair.values.sorted { ($0.partyKey, $0.entryKey) < ($1.partyKey, $1.entryKey) } }

    public func decision(partyKey: String, entryKey: String) -> ScreeningDecision? {
        byPair[DecisionBook.key(partyKey, entryKey)]
    }

    private static func key(_ party: String, _ entry: String) -> String { party + "\u{1F}" + entry }
}
