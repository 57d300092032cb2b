/// What the assessment engine screens parties with: any matcher that gives scored, explained hits.
public protocol PartyScreening: Sendable {
    /// The hits at or above the threshold that no standing decision dismissed, best first.
    func screen(_ query: ScreeningQuery) -> [ScreeningHit]
}
