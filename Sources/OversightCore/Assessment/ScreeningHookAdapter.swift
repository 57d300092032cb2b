/// Plugs the party screener into the assessment engine's screening step (ASSESSMENT.md step 1).
public struct ScreeningHookAdapter: ScreeningHook {
    public let screening: any PartyScreening
    /// Lists whose entries are under a UN arms embargo (the Security Council's Consolidated List).
    public let armsEmbargoLists: Set<String>

    public init(screening: any PartyScreening, armsEmbargoLists: Set<String> = ["un-sc"]) {
        self.screening = screening
        self.armsEmbargoLists = armsEmbargoLists
    }

    public func hits(party: Party, role: String) -> [PartyHit] {
        let query = ScreeningQuery(name: party.name, countries: party.country.map { [$0] } ?? [])
        return screening.screen(query).map { hit in
            PartyHit(party: party.name, role: role, list: hit.entry.list, entryID: hit.entry.id, entryName: hit.entry.primaryName,
                     score: hit.score, underArmsEmbargo: armsEmbargoLists.contains(hit.entry.list))
        }
    }
}
