/// A list entry that resembles the screened party, with its score and why.
public struct ScreeningHit: Hashable, Sendable, Codable {
    public var entry: ListEntry
    /// 0…1: the sum of the features' contributions, clamped.
    public var score: Double
    /// The entry's name that matched best, as the list writes it.
    public var matchedName: String
    public var matchedNameKind: MatchedNameKind
    /// Every feature that counted, name first. `score` = clamp(Σ value × weight).
    public var features: [ScreeningFeature]
    /// An earlier "not a match" decision for this party and entry that no longer applies because the list
    /// changed the entry since; the reviewer sees it and decides again.
    public var supersededDecision: ScreeningDecision?

    public init(entry: ListEntry, score: Double, matchedName: String, matchedNameKind: MatchedNameKind,
                features: [ScreeningFeature], supersededDecision: ScreeningDecision? = nil) {
        self.entry = entry
        self.score = score
        self.matchedName = matchedName
        self.matchedNameKind = matchedNameKind
        self.features = features
        self.supersededDecision = supersededDecision
    }

    /// `list:id` of the entry.
    public var entryKey: String { entry.key }

    /// Whether the score reaches a threshold.
    public func isMatch(threshold: Double) -> Bool { score >= threshold }
}

/// Which of an entry's names matched.
public enum MatchedNameKind: String, Hashable, Sendable, Codable {
    /// A name or strong alias.
    case name
    /// A weak ("low quality") alias.
    case weakAlias
    /// A name in its original script, transliterated.
    case originalScript
}

/// One line of a hit's explanation: a feature, how strongly it speaks for (+) or against (−) the match,
/// its weight, and a sentence a reviewer can check.
public struct ScreeningFeature: Hashable, Sendable, Codable {
    /// `name`, `weak-alias`, `date-of-birth`, `country`, `gender`, `identifier`.
    public var feature: String
    /// −1…1 (name: 0…1).
    public var value: Double
    public var weight: Double
    public var text: String

    public init(feature: String, value: Double, weight: Double, text: String) {
        self.feature = feature
        self.value = value
        self.weight = weight
        self.text = text
    }

    /// What the feature adds to the score.
    public var contribution: Double { value * weight }
}

/// The answer to one query: the hits to review, and those a reviewer already dismissed for this party.
public struct ScreeningResult: Hashable, Sendable, Codable {
    public var query: ScreeningQuery
    public var threshold: Double
    public var hits: [ScreeningHit]
    /// Hits that a "not a match" decision for this party covers (the entry has not changed since).
    public var dismissed: [DismissedHit]

    public init(query: ScreeningQuery, threshold: Double, hits: [ScreeningHit], dismissed: [DismissedHit]) {
        self.query = query
        self.threshold = threshold
        self.hits = hits
        self.dismissed = dismissed
    }
}

public struct DismissedHit: Hashable, Sendable, Codable {
    public var hit: ScreeningHit
    public var decision: ScreeningDecision

    public init(hit: ScreeningHit, decision: ScreeningDecision) {
        self.hit = hit
        self.decision = decision
    }
}
