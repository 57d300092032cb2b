import OversightCore
import Testing

struct ScreeningDebugTests {
    @Test func debug() {
        let entries = [
            ListEntry(list: "t", id: "1", schema: .person, names: [ListName("ABDUL MANAN AGHA")]),
            ListEntry(list: "t", id: "2", schema: .person, names: [ListName("HAJI MUHAMMAD ASHRAF")]),
            ListEntry(list: "t", id: "3", schema: .person, names: [ListName("ABDUR REHMAN")]),
            ListEntry(list: "t", id: "4", schema: .person, names: [ListName("AGHA KHAN")]),
            ListEntry(list: "t", id: "5", schema: .person, names: [ListName("MUHAMMAD KHAN")]),
        ]
        let screener = Screener(entries: entries)
        for q in ["ADBUL MANAN AGHA", "HYJI MUHAMMAD ASHRAF", "REHMAN ABDUR", "ADBUR REHMAN"] {
            print(q, NameNormalizer.normalize(q).tokens)
            for hit in screener.screen(ScreeningQuery(name: q, threshold: 0.3)) { print("  ", hit.score, hit.features.map(\.text)) }
        }
    }
}
