/// The demo case's record counts, as documented in docs/DEMO.md. A change to the demo data changes both.
enum DemoCounts {
    static let expected: [String: Int] = [
        "sources": 40, "claims": 125, "units": 17, "persons": 25, "locations": 10, "postings": 24,
        "relations": 16, "incidents": 10, "knowledgeEvents": 6, "accountabilityEvents": 13,
        "findings": 2, "exports": 2, "permits": 1,
        "coalitions": 0, "itemUses": 0, "diversions": 0, "assurances": 0,
        "candidateIncidents": 0, "candidatesPending": 0, "candidatesConfirmed": 0, "candidatesMerged": 0, "candidatesRejected": 0,
    ]
}
