/// Plugs the party screener into the assessment engine's screening step (ASSESSMENT.md step 1).
public struct ScreeningHookAdapter: ScreeningHook {
    public let screening: any PartyScreening
    /// Lists whose entries are under a UN arms embargo (the Security Council's Consolidated List).
    public let armsEmbargoLists: Set<String>

    /// UN sanctions programmes whose listed parties are not under an arms embargo (asset freeze and travel ban only);
    /// a state-wide embargo, where there is one, comes from the embargo table instead.
    public let programmesWithoutArmsEmbargo: Set<String>

    public init(screening: any PartyScreening, armsEmbargoLists: Set<String> = ["un-sc"],
                programmesWithoutArmsEmbargo: Set<String> = ["GB", "Iran", "Iraq", "Mali"]) {
        self.screening = screening
        self.armsEmbargoLists = armsEmbargoLists
        self.programmesWithoutArmsEmbargo = programmesWithoutArmsEmbargo
    }

    public func hits(party: Party, role: String) -> [PartyHit] {
        let query = ScreeningQuery(name: party.name, countries: party.country.map { [$0] } ?? [])
        return screening.screen(query).map { hit in
            PartyHit(party: party.name, role: role, list: hit.entry.list, entryID: hit.entry.id, entryName: hit.entry.primaryName,
                     score: hit.score,
                     underArmsEmbargo: armsEmbargoLists.contains(hit.entry.list)
                        && !programmesWithoutArmsEmbargo.contains(hit.entry.program ?? ""))
        }
    }
}
