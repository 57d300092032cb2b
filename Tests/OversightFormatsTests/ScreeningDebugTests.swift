import OversightCore
import OversightFormats
import Testing

struct ScreeningDebugFormatsTests {
    @Test func debug() {
        let screener = Screener(entries: ScreeningSharedData.unEntries)
        for q in ["ADBUL MANAN AGHA", "ABDUL MANAN AGHA", "HJI MUHAMMAD ASHRAF", "ISLAM ATABIEV"] {
            print(q, NameNormalizer.normalize(q).tokens)
            for hit in screener.screen(ScreeningQuery(name: q, threshold: 0.5)).prefix(3) { print("  ", hit.score, hit.features.map(\.text)) }
        }
    }
}
