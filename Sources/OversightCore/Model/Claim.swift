/// How far a claim is accepted by the people curating the evidence.
public enum ClaimStatus: String, Sendable, Codable, CaseIterable {
    case accepted
    /// Another claim says otherwise; both are kept side by side.
    case contested
    case needsWork = "needs-work"
}

public enum Confidence: String, Sendable, Codable, CaseIterable, Comparable {
    case low, medium, high

    public var weight: Double { self == .high ? 1.0 : (self == .medium ? 0.7 : 0.4) }
    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.weight < rhs.weight }
}

/// One sourced assertion about an entity.
///
/// With no `property` the claim asserts the entity's record as a whole (that this posting, this incident,
/// this relation existed as recorded). With a `property` it asserts one value, e.g. `killed` = `17`;
/// competing values are separate claims, marked contested, never merged.
public struct Claim: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    /// The id of the entity the claim is about.
    public var subject: String
    public var property: String?
    public var value: String?
    public var status: ClaimStatus
    public var confidence: Confidence
    public var citations: [Citation]
    public var note: String?

    public init(id: String, subject: String, property: String? = nil, value: String? = nil,
                status: ClaimStatus = .accepted, confidence: Confidence = .medium,
                citations: [Citation], note: String? = nil) {
        self.id = id
        self.subject = subject
        self.property = property
        self.value = value
        self.status = status
        self.confidence = confidence
        self.citations = citations
        self.note = note
    }

    /// The day the claim became public: the earliest publication among its cited sources
    /// (nil when none of them is known).
    public func publicFrom(sources: [String: Source]) -> Day? {
        citations.compactMap { sources[$0.source]?.publicFrom }.min()
    }
}
